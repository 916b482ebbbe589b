"""The daily and weekly summaries: each member who chose a summary for some
kinds of news gets one e-mail gathering all of it, never one per event. Sent
by the task queue (`notifications.tasks`) or `manage.py send_notification_summaries`."""

from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from . import links, selectors
from .models import Frequency, Notification

SUMMARY_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


@transaction.atomic
def send_summaries(*, frequency: str) -> int:
    """E-mail each member one summary of the news waiting for this summary
    (daily or weekly), then clear the wait, in one transaction with the
    outbox: the e-mails are queued if and only if the news is marked told, so
    nobody is told twice. Returns how many e-mails were queued.

    A fixed number of queries, plus one e-mail per member."""
    if frequency not in SUMMARY_FREQUENCIES:
        raise ValueError(f"no summary {frequency!r}")
    waiting = list(
        selectors.summary_of(frequency=frequency).select_for_update(of=("self",))
    )
    if not waiting:
        return 0
    batch = [
        _summary(user=user, notifications=list(news), frequency=frequency)
        for user, news in groupby(waiting, key=lambda n: n.user)
        if user.email
    ]
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(summary="")
    get_connection().send_messages(batch)
    return len(batch)


def _summary(*, user, notifications: list, frequency: str) -> EmailMessage:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        count = len(notifications)
        if frequency == Frequency.DAILY:
            subject = ngettext(
                "Your news of the day: %(count)d item",
                "Your news of the day: %(count)d items",
                count,
            )
        else:
            subject = ngettext(
                "Your news of the week: %(count)d item",
                "Your news of the week: %(count)d items",
                count,
            )
        body = render_to_string(
            "notifications/email_summary.txt",
            {
                "user": user,
                "items": [
                    {"text": n.words(), "url": links.absolute(n.url) if n.url else ""}
                    for n in notifications
                ],
                "frequency": frequency,
                "site_name": settings.SITE_NAME,
                "site_url": settings.SITE_URL,
                "settings_url": links.settings_url(),
                "unsubscribe_url": links.unsubscribe_url(
                    user_id=user.pk, kind=frequency
                ),
            },
        )
    return EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject % {"count": count},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers=links.list_headers(user_id=user.pk, kind=frequency),
    )
