"""How stored news reaches the member: live on their open pages, by e-mail,
pushed to their devices."""

import time

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation

from community.models import User
from realtime import events

from .. import links, push, selectors, texts
from ..models import Notification


def _push(notifications: list[Notification], choices) -> None:
    """Have the queue push the news to the devices of those who want this kind
    pushed and turned push on somewhere (one query, none when nobody wants
    it)."""
    wanted = [n for n in notifications if choices[n.user_id].push]
    if not wanted or not push.enabled():
        return
    devices = selectors.pushed_to(users=[n.user_id for n in wanted])
    wanted = [n for n in wanted if n.user_id in devices]
    if wanted:
        # Robust: should the queue be out of reach, the news is still on the
        # site and the request still answers.
        transaction.on_commit(lambda: push.queue(wanted), robust=True)


def _announce(notifications: list[Notification]) -> None:
    """Put the news on the member's open pages, with their new unread count."""
    at = time.time()
    counts = dict(
        Notification.objects.filter(
            user__in=[n.user_id for n in notifications], read_at__isnull=True
        )
        .values("user")
        .annotate(n=Count("pk"))
        .values_list("user", "n")
    )
    for notification in notifications:
        with translation.override(reader_language(notification.user)):
            words = notification.words()
        events.send_now(
            events.user_group(notification.user_id),
            events.notification(
                kind=notification.kind,
                text=words,
                url=notification.url,
                unread=counts.get(notification.user_id, 0),
                at=at,
            ),
        )


reader_language = texts.reader_language


def _email_notifications(notifications: list[Notification]) -> None:
    batch = []
    for notification in notifications:
        user, kind = notification.user, notification.kind
        with translation.override(reader_language(user)):
            words = notification.words()
            body = render_to_string(
                "notifications/email_notification.txt",
                {
                    "user": user,
                    "text": words,
                    "url": links.absolute(notification.url),
                    **email_context(user=user, kind=kind),
                },
            )
            subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + words[:120]
        batch.append(
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                headers=links.list_headers(user_id=user.pk, kind=kind),
            )
        )
    get_connection().send_messages(batch)


def email_context(*, user: User, kind: str) -> dict[str, str]:
    """What the foot of every e-mail of this kind names: the site, its address,
    the notification settings, and the link that stops this kind."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "settings_url": links.settings_url(),
        "unsubscribe_url": links.unsubscribe_url(user_id=user.pk, kind=kind),
    }
