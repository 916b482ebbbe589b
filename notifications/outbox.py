"""Writes of the outbox: every e-mail of the site is stored first, in the
transaction that caused it, then sent by the task queue (`notifications.tasks`),
never inside a request. A failed send is tried again later, each time waiting
twice as long; after `EMAIL_MAX_ATTEMPTS` the address is marked as failing.

The site's EMAIL_BACKEND (`notifications.mail.QueuedEmailBackend`) calls
`queue_emails`; the real way out (SMTP, the console) is EMAIL_DELIVERY_BACKEND."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import (
    EMAIL_CLAIM_TIMEOUT_SECONDS,
    EMAIL_FIRST_RETRY_SECONDS,
    EMAIL_KEEP_SENT_DAYS,
    EMAIL_MAX_ATTEMPTS,
    FailingAddress,
    OutgoingEmail,
)

logger = logging.getLogger(__name__)


def queue_emails(*, messages: list[EmailMessage]) -> list[OutgoingEmail]:
    """Store the messages and have the queue send each one once the current
    transaction commits (at once outside a transaction). Nothing is sent for
    a transaction that rolls back."""
    now = timezone.now()
    queued = [
        OutgoingEmail.objects.create(
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            to=list(message.to),
            reply_to=list(message.reply_to),
            subject=str(message.subject),
            body=str(message.body),
            alternatives=[
                [str(content), mimetype]
                for content, mimetype in getattr(message, "alternatives", [])
            ],
            headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
            next_attempt_at=now,
        )
        for message in messages
    ]
    if queued:
        # Imported here: the tasks call this module.
        from . import tasks

        pks = [email.pk for email in queued]
        # Robust: should the queue be out of reach, the request still answers
        # and the minute's sweep (`deliver_due`) sends the e-mails.
        transaction.on_commit(
            lambda: [tasks.deliver_email(pk) for pk in pks], robust=True
        )
    return queued


def _message(email: OutgoingEmail) -> EmailMessage:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        reply_to=email.reply_to,
        headers=email.headers,
    )
    for content, mimetype in email.alternatives:
        message.attach_alternative(content, mimetype)
    return message


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4, 8… minutes."""
    return datetime.timedelta(seconds=EMAIL_FIRST_RETRY_SECONDS * 2 ** (attempts - 1))


def deliver_email(*, pk: int, now: datetime.datetime | None = None) -> bool:
    """Send one queued e-mail if it is due and nobody else is sending it.

    The claim is one UPDATE from pending to sending: of several consumers given
    the same e-mail, one changes the row and sends, the others change nothing
    and stop. On failure the e-mail waits for its next attempt (1, 2, 4…
    minutes); after EMAIL_MAX_ATTEMPTS it is given up and its addresses are
    marked as failing. On success, its addresses are failing no more.
    Returns whether the e-mail went out."""
    now = now or timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=pk, status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now
    ).update(status=OutgoingEmail.Status.SENDING, claimed_at=now)
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=pk)
    email.attempts += 1
    try:
        connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
        connection.send_messages([_message(email)])
    except Exception as error:  # noqa: BLE001 - any failure is retried
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= EMAIL_MAX_ATTEMPTS:
            email.status = OutgoingEmail.Status.FAILED
            _mark_failing(addresses=email.to, error=email.last_error)
        else:
            email.status = OutgoingEmail.Status.PENDING
            email.next_attempt_at = now + retry_delay(email.attempts)
        logger.warning(
            "E-mail %s not sent (attempt %s): %s", pk, email.attempts, email.last_error
        )
        email.save(
            update_fields=["attempts", "status", "next_attempt_at", "last_error"]
        )
        return False
    email.status = OutgoingEmail.Status.SENT
    email.sent_at = timezone.now()
    email.save(update_fields=["attempts", "status", "sent_at"])
    FailingAddress.objects.filter(email__in=[a.lower() for a in email.to]).delete()
    return True


def _mark_failing(*, addresses: list[str], error: str) -> None:
    for address in addresses:
        FailingAddress.objects.update_or_create(
            email=address.lower(), defaults={"last_error": error}
        )


def deliver_due(*, now: datetime.datetime | None = None) -> int:
    """Send every e-mail whose time has come: those waiting for a retry, those
    whose task was lost, and those a vanished consumer had claimed. Run every
    minute by the task queue. Returns how many went out."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=EMAIL_CLAIM_TIMEOUT_SECONDS)
    OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENDING, claimed_at__lt=stale
    ).update(status=OutgoingEmail.Status.PENDING)
    due = OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.PENDING) & Q(next_attempt_at__lte=now)
    ).order_by("next_attempt_at", "pk")
    return sum(
        deliver_email(pk=pk, now=now) for pk in due.values_list("pk", flat=True)[:500]
    )


def purge_sent(*, now: datetime.datetime | None = None) -> int:
    """Delete the e-mails sent more than EMAIL_KEEP_SENT_DAYS ago, and those
    given up as long ago: their text is personal data, kept only while it
    helps to see what went out. Returns how many were deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=EMAIL_KEEP_SENT_DAYS)
    deleted, _kinds = OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff)
        | Q(status=OutgoingEmail.Status.FAILED, next_attempt_at__lt=cutoff)
    ).delete()
    return deleted
