"""Every e-mail goes through the outbox and the task queue: never sent inside a
request, tried again with growing waits when the server is down, sent once
whatever the number of consumers, and a failing address is shown."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications import outbox, tasks
from notifications.models import EMAIL_MAX_ATTEMPTS, FailingAddress, OutgoingEmail

pytestmark = pytest.mark.django_db

QUEUED = "notifications.mail.QueuedEmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
DOWN = "tests.notifications.test_outbox.DownBackend"


class DownBackend(BaseEmailBackend):
    """An e-mail server that does not answer."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the e-mail server is down")


@pytest.fixture
def queued(settings):
    settings.EMAIL_BACKEND = QUEUED
    settings.EMAIL_DELIVERY_BACKEND = LOCMEM
    return settings


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes, seconds=1)


def test_an_email_waits_for_the_commit_then_goes_out_once(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Bonjour", "Texte", None, ["a@example.org"])
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Bonjour"]
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    # Another consumer given the same e-mail sends nothing.
    assert outbox.deliver_email(pk=email.pk) is False
    assert outbox.deliver_due(now=later(60)) == 0
    assert len(mail.outbox) == 1


def test_headers_and_alternatives_survive_the_queue(
    queued, django_capture_on_commit_callbacks
):
    message = EmailMessage(
        "Sujet",
        "Corps",
        "site@example.org",
        ["a@example.org"],
        headers={"List-Unsubscribe": "<https://example.org/u/x/>"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        message.send()
    sent = mail.outbox[0]
    assert sent.extra_headers["List-Unsubscribe"] == "<https://example.org/u/x/>"
    assert sent.from_email == "site@example.org"


def test_an_email_of_a_rolled_back_transaction_never_leaves(
    queued, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail("Bonjour", "Texte", None, ["a@example.org"])
        raise RuntimeError
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_a_claim_taken_by_another_consumer_is_left_alone(queued):
    (email,) = outbox.queue_emails(
        messages=[EmailMessage("Un", "Deux", None, ["a@example.org"])]
    )
    # Another consumer's claim: the same UPDATE finds nothing left to claim.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now()
    )
    assert outbox.deliver_email(pk=email.pk) is False
    assert outbox.deliver_due() == 0
    assert mail.outbox == []
    # A consumer that vanished mid-send: its claim lapses and the e-mail goes.
    assert outbox.deliver_due(now=later(11)) == 1
    assert len(mail.outbox) == 1


def test_the_request_answers_while_the_server_is_down_and_the_email_follows(
    client, member, queued, django_capture_on_commit_callbacks
):
    queued.EMAIL_DELIVERY_BACKEND = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": member.email}
        )
    assert response.status_code == 302
    email = OutgoingEmail.objects.get()
    assert email.to == [member.email]
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    assert mail.outbox == []
    # Not again before the first wait (one minute) is over.
    assert outbox.deliver_due(now=timezone.now()) == 0
    # The server is back: the e-mail goes out on the next retry.
    queued.EMAIL_DELIVERY_BACKEND = LOCMEM
    assert tasks.deliver_due_emails.call_local() == 0  # not due yet
    assert outbox.deliver_due(now=later(1)) == 1
    assert mail.outbox[0].to == [member.email]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_waits_double_between_attempts():
    assert [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [
        60,
        120,
        240,
        480,
    ]


def fail_until_given_up(email):
    now = timezone.now()
    for attempt in range(1, EMAIL_MAX_ATTEMPTS + 1):
        assert outbox.deliver_email(pk=email.pk, now=now) is False
        email.refresh_from_db()
        assert email.attempts == attempt
        if attempt < EMAIL_MAX_ATTEMPTS:
            assert email.next_attempt_at == now + outbox.retry_delay(attempt)
            now = email.next_attempt_at


def test_an_address_that_keeps_failing_is_marked_and_shown(
    member, queued, client, make_person
):
    queued.EMAIL_DELIVERY_BACKEND = DOWN
    (email,) = outbox.queue_emails(
        messages=[EmailMessage("Un", "Deux", None, [member.email.upper()])]
    )
    fail_until_given_up(email)
    assert email.status == OutgoingEmail.Status.FAILED
    assert FailingAddress.objects.filter(email=member.email.lower()).exists()
    # Given up: no more attempts.
    assert outbox.deliver_due(now=later(60 * 24)) == 0

    client.force_login(member)
    page = client.get(reverse("notification_settings")).content.decode()
    assert "email-failing" in page

    # The next e-mail that goes through clears the mark.
    queued.EMAIL_DELIVERY_BACKEND = LOCMEM
    (again,) = outbox.queue_emails(
        messages=[EmailMessage("Un", "Deux", None, [member.email])]
    )
    assert outbox.deliver_email(pk=again.pk) is True
    assert not FailingAddress.objects.exists()
    page = client.get(reverse("notification_settings")).content.decode()
    assert "email-failing" not in page


def test_the_desk_sees_a_residents_failing_address(client, make_person, neighbourhood):
    resident = make_person("resident")
    moderator = make_person("moderator")
    url = reverse("manage_resident", args=[neighbourhood.slug, resident.pk])
    client.force_login(moderator)
    assert "email-failing" not in client.get(url).content.decode()
    FailingAddress.objects.create(email=resident.email.lower(), last_error="550")
    assert "email-failing" in client.get(url).content.decode()


def test_the_sites_settings_send_every_email_through_the_outbox():
    """The tests swap the backend for Django's in-memory one; the site's own
    settings put every e-mail in the outbox, and EMAIL_URL is the way out."""
    import config.settings as site_settings

    assert site_settings.EMAIL_BACKEND == QUEUED
    assert site_settings.EMAIL_DELIVERY_BACKEND != QUEUED


def test_a_queue_out_of_reach_leaves_the_email_to_the_sweep(
    queued, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(pk):
        raise ConnectionError("the queue is out of reach")

    monkeypatch.setattr(tasks, "deliver_email", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Bonjour", "Texte", None, ["a@example.org"])
    assert mail.outbox == []
    assert outbox.deliver_due() == 1
    assert len(mail.outbox) == 1


def test_sent_emails_are_forgotten_after_a_week(queued):
    sent, given_up, waiting = outbox.queue_emails(
        messages=[
            EmailMessage(subject, "Texte", None, ["a@example.org"])
            for subject in ("sent", "given up", "waiting")
        ]
    )
    assert outbox.deliver_email(pk=sent.pk) is True
    OutgoingEmail.objects.filter(pk=given_up.pk).update(
        status=OutgoingEmail.Status.FAILED
    )
    assert outbox.purge_sent(now=later(60 * 24 * 7 - 2)) == 0
    assert outbox.purge_sent(now=later(60 * 24 * 7)) == 2
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["waiting"]
