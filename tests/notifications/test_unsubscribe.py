"""Every e-mail but the account ones carries List-Unsubscribe (one click, RFC
8058) and a link to the notification settings; the link works without logging
in and stops that kind of e-mail only."""

import re
import uuid
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from messaging import services as messaging_services
from messaging.models import Message
from notifications import links, selectors, services
from notifications.models import Notification, NotificationPreference
from tests.factories import MembershipFactory, NeighbourhoodFactory

pytestmark = pytest.mark.django_db

Kind, Channel = Notification.Kind, NotificationPreference.Channel


def channel(user, kind):
    return selectors.channels_of(users=[user], kind=kind)[user.pk]


@pytest.fixture
def wants_email(settings, member):
    settings.SITE_URL = "https://voisins.example"
    services.set_preferences(
        user=member,
        channels={Kind.RESPONSE: Channel.BOTH, Kind.MATCH: Channel.EMAIL},
    )
    return member


def told(member, kind, capture):
    with capture(execute=True):
        services.notify(user=member, kind=kind, text="Une réponse", url="/x/")
    return mail.outbox[-1]


def test_a_notification_email_carries_the_one_click_headers_and_links(
    wants_email, django_capture_on_commit_callbacks
):
    email = told(wants_email, Kind.RESPONSE, django_capture_on_commit_callbacks)
    header = email.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(
        r"<https://voisins\.example/notifications/unsubscribe/\S+/>", header
    )
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in email.body
    assert "https://voisins.example/notifications/settings/" in email.body


def test_one_click_stops_that_kind_only_without_logging_in(
    wants_email, django_capture_on_commit_callbacks
):
    email = told(wants_email, Kind.RESPONSE, django_capture_on_commit_callbacks)
    path = urlsplit(email.extra_headers["List-Unsubscribe"].strip("<>")).path
    # What a mail program sends: no cookie, no CSRF token.
    robot = Client(enforce_csrf_checks=True)
    response = robot.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert channel(wants_email, Kind.RESPONSE) == Channel.SITE
    assert channel(wants_email, Kind.MATCH) == Channel.EMAIL
    # No more e-mail of that kind; the other kind still comes.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=wants_email, kind=Kind.RESPONSE, text="Encore", url="/y/")
    assert mail.outbox == []
    told(wants_email, Kind.MATCH, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_the_link_asks_first_then_the_form_stops_the_emails(
    wants_email, django_capture_on_commit_callbacks, client
):
    email = told(wants_email, Kind.MATCH, django_capture_on_commit_callbacks)
    url = re.search(
        r"https://voisins\.example(/notifications/unsubscribe/\S+/)", email.body
    )
    page = client.get(url[1])
    assert page.status_code == 200
    assert channel(wants_email, Kind.MATCH) == Channel.EMAIL
    assert b'<form method="post">' in page.content
    client.post(url[1])
    # E-mail only, stopped: nothing at all for that kind.
    assert channel(wants_email, Kind.MATCH) == Channel.NONE
    assert channel(wants_email, Kind.RESPONSE) == Channel.BOTH


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        links.unsubscribe_token(user_id=1, kind="response") + "x",
        links.unsubscribe_token(user_id=1, kind="nonsense"),
        links.unsubscribe_token(user_id=10**9, kind="response"),
    ],
)
def test_a_forged_or_odd_token_changes_nothing(client, member, token, snapshot):
    before = snapshot()
    url = reverse("notification_unsubscribe", args=[token])
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 404
    assert snapshot() == before


def test_the_message_summary_carries_the_headers_too(settings):
    settings.SITE_URL = "https://voisins.example"
    neighbourhood = NeighbourhoodFactory()
    writer = MembershipFactory(neighbourhood=neighbourhood).user
    reader = MembershipFactory(neighbourhood=neighbourhood).user
    conversation = messaging_services.start_conversation(
        user=writer, other=reader, neighbourhood=neighbourhood
    )
    messaging_services.send_message(
        user=writer, conversation=conversation, text="Bonjour", client_id=uuid.uuid4()
    )
    assert messaging_services.send_unread_summaries(delay_minutes=-1) == 1
    (email,) = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = urlsplit(email.extra_headers["List-Unsubscribe"].strip("<>")).path
    assert "https://voisins.example/notifications/settings/" in email.body
    Client(enforce_csrf_checks=True).post(path)
    assert channel(reader, Kind.MESSAGE) == Channel.SITE
    assert Message.objects.count() == 1


def test_account_emails_carry_no_unsubscribe_header(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email})
    (email,) = mail.outbox
    assert "List-Unsubscribe" not in email.extra_headers
