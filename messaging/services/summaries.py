"""The e-mail summaries of unread messages: one e-mail per member gathering
every message that waited too long, never one e-mail per message."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from community.models import User
from notifications import links
from notifications import selectors as notification_selectors
from notifications import services as notification_services
from notifications.models import Notification

from ..models import Message, Participant


def send_unread_summaries(*, now=None, delay_minutes: int | None = None) -> int:
    """E-mail each member who has messages unread for longer than the delay, and
    allows e-mail for messages, ONE summary of all of them (never one e-mail per
    message, never about what they read or were already told). Returns how many
    e-mails were sent. Run every few minutes by `manage.py send_message_emails`.

    A fixed number of queries whatever the number of members: the waiting
    messages of every member in one, their choices in one, and what was told
    saved in one; then one e-mail per member."""
    now = now or timezone.now()
    if delay_minutes is None:
        delay_minutes = settings.MESSAGE_EMAIL_DELAY_MINUTES
    cutoff = now - datetime.timedelta(minutes=delay_minutes)
    # One row per (message, member to tell): the join through the
    # conversation's participants is the same join in every condition.
    rows = (
        Message.objects.filter(
            hidden=False,
            created_at__lte=cutoff,
            pk__gt=Greatest(
                F("conversation__participants__last_read_id"),
                F("conversation__participants__emailed_up_to"),
            ),
            conversation__participants__user__email__gt="",
        )
        .exclude(author_id=F("conversation__participants__user_id"))
        .annotate(
            participant_id=F("conversation__participants__pk"),
            recipient_id=F("conversation__participants__user_id"),
        )
        .select_related("author__profile")
        .order_by("pk")
    )
    by_user: dict[int, list] = {}
    for message in rows:
        by_user.setdefault(message.recipient_id, []).append(message)
    if not by_user:
        return 0
    users = list(User.objects.filter(pk__in=by_user).select_related("profile"))
    channels = notification_selectors.channels_of(
        users=users, kind=Notification.Kind.MESSAGE
    )
    told: dict[int, int] = {}  # participant -> newest message e-mailed
    sent = 0
    try:
        for user in users:
            if not notification_selectors.by_email(channels[user.pk]):
                continue
            unread = by_user[user.pk]
            _email_summary(user=user, messages=unread)
            for message in unread:
                told[message.participant_id] = max(
                    told.get(message.participant_id, 0), message.pk
                )
            sent += 1
    finally:
        # Saved even when a later e-mail fails: nobody is told twice.
        Participant.objects.bulk_update(
            [Participant(pk=pk, emailed_up_to=newest) for pk, newest in told.items()],
            ["emailed_up_to"],
        )
    return sent


def _email_summary(*, user: User, messages: list) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "messages": messages,
            "url": settings.SITE_URL.rstrip("/") + reverse("conversation_list"),
            **notification_services.email_context(
                user=user, kind=Notification.Kind.MESSAGE
            ),
        }
        subject = ngettext(
            "%(count)d unread message on %(site)s",
            "%(count)d unread messages on %(site)s",
            len(messages),
        ) % {"count": len(messages), "site": settings.SITE_NAME}
        body = render_to_string("messaging/email_unread.txt", context)
    EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers=links.list_headers(user_id=user.pk, kind=Notification.Kind.MESSAGE),
    ).send()
