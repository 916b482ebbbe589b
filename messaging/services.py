"""Writes for notifications and conversations. Real-time news goes out through
messaging/events.py, after the database has kept what it announces."""

import datetime
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import selectors as community_selectors
from community.models import User
from moderation import watchlist
from neighbourhoods import permissions
from neighbourhoods.permissions import Capability, NotAllowed

from . import events, selectors
from .models import (
    Conversation,
    Message,
    Notification,
    NotificationPreference,
    Participant,
)

# Unless the member chose otherwise: messages come by e-mail too, since a
# message nobody reads is what makes people give up; the rest on the site.
DEFAULT_CHANNELS = {Notification.Kind.MESSAGE: NotificationPreference.Channel.BOTH}


def channel_for(*, user: User, kind: str) -> str:
    channel = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return channel or DEFAULT_CHANNELS.get(kind, NotificationPreference.Channel.SITE)


def _on_site(channel: str) -> bool:
    return channel in (
        NotificationPreference.Channel.SITE,
        NotificationPreference.Channel.BOTH,
    )


def _by_email(channel: str) -> bool:
    return channel in (
        NotificationPreference.Channel.EMAIL,
        NotificationPreference.Channel.BOTH,
    )


Text = str | Callable[[], str]


def notify(
    *, user: User, kind: str, text: Text, url: str = "", key: str = ""
) -> Notification | None:
    """Tell `user` something, as their settings for this kind allow, unless they
    were already told about the same `key`. Returns the notification, or None."""
    told = notify_many(users=[user], kind=kind, text=text, url=url, key=key)
    return told[0] if told else None


def notify_many(
    *, users, kind: str, text: Text, url: str = "", key: str = ""
) -> list[Notification]:
    """Tell several members the same news, each in their own language (`text`
    may be a function called under each member's language) and as each one
    chose: on the site (stored, and live on their open pages), by e-mail, both,
    or not at all. News by e-mail only is stored as already read, so that it is
    in the member's history but not in the header's count. Messages are never
    e-mailed one by one: `send_unread_summaries` gathers them.

    A fixed number of queries for any number of members, plus one e-mail each
    for those who want e-mail."""

    users = [user for user in users if user is not None]
    if not users:
        return []
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "channel"
        )
    )
    default = DEFAULT_CHANNELS.get(kind, NotificationPreference.Channel.SITE)
    already = set()
    if key:
        already = set(
            Notification.objects.filter(user__in=users, kind=kind, key=key).values_list(
                "user_id", flat=True
            )
        )
    now = timezone.now()
    made, emails = [], []
    for user in users:
        channel = chosen.get(user.pk, default)
        if channel == NotificationPreference.Channel.NONE or user.pk in already:
            continue
        already.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            words = str(text() if callable(text) else text)[:300]
        made.append(
            Notification(
                user=user,
                kind=kind,
                text=words,
                url=url,
                key=key,
                read_at=None if _on_site(channel) else now,
            )
        )
        if _by_email(channel) and kind != Notification.Kind.MESSAGE and user.email:
            emails.append((user, words, url))
    if not made:
        return []
    if len(made) == 1:
        try:
            with transaction.atomic():
                made[0].save()
        except IntegrityError:
            # Told about it by a concurrent request: once is enough.
            return []
    else:
        Notification.objects.bulk_create(made, ignore_conflicts=True)
    live = [n for n in made if n.read_at is None]
    if live:
        transaction.on_commit(lambda: _announce(live))
    if emails:
        transaction.on_commit(lambda: _email_notifications(emails))
    return made


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
        events.send_now(
            events.user_group(notification.user_id),
            events.NotificationPayload(
                type="notification",
                kind=notification.kind,
                text=notification.text,
                url=notification.url,
                unread=counts.get(notification.user_id, 0),
                at=at,
            ),
        )


def _email_notifications(emails: list[tuple[User, str, str]]) -> None:
    site = settings.SITE_URL.rstrip("/")
    batch = []
    for user, words, url in emails:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            body = render_to_string(
                "messaging/email_notification.txt",
                {
                    "user": user,
                    "text": words,
                    "url": site + url if url.startswith("/") else url,
                    "settings_url": site + reverse("notification_settings"),
                },
            )
            subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + words[:120]
        batch.append(
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        )
    get_connection().send_messages(batch)


def announce_unread(*, user: User) -> None:
    """After commit, tell the member's open pages their unread counts (another
    tab read a conversation, or the notifications)."""

    transaction.on_commit(
        lambda: events.send_now(events.user_group(user.pk), unread_payload(user=user))
    )


def unread_payload(*, user: User) -> events.UnreadPayload:
    """The member's counts, stamped with the time they were read: several
    server threads may send counts, and a page keeps the latest reading."""
    return events.UnreadPayload(
        type="unread",
        notifications=selectors.unread_count(user=user),
        messages=selectors.unread_messages_count(user=user),
        at=time.time(),
    )


def mark_all_read(*, user: User) -> int:
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    announce_unread(user=user)
    return count


@transaction.atomic
def set_preferences(*, user: User, channels: dict[str, str]) -> None:
    """Save how the member wants to hear of each kind of news."""
    kinds = set(Notification.Kind.values)
    allowed = set(NotificationPreference.Channel.values)
    if not set(channels) <= kinds or not set(channels.values()) <= allowed:
        raise ValidationError("unknown kind or channel", code="invalid")
    for kind, channel in channels.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channel": channel}
        )


# Conversations


MESSAGE_MAX_LENGTH = 2000


def _may_write(user: User, conversation) -> None:
    """Checked on every message, not once: a member suspended or gone since the
    page opened can no longer write."""

    if conversation.kind == Conversation.Kind.STAFF:
        permissions.check(user, Capability.MODERATE, conversation.neighbourhood)
        return
    permissions.check(user, Capability.MESSAGE, conversation.neighbourhood)
    if not conversation.participants.filter(user=user).exists():
        raise NotAllowed(_not_in_conversation())

    others = conversation.participants.exclude(user=user).select_related("user")
    for other in others:
        if community_selectors.is_blocked_between(one=user, other=other.user):
            raise NotAllowed(_not_in_conversation())


def _not_in_conversation() -> str:
    return _("You cannot write in this conversation.")


@transaction.atomic
def start_conversation(*, user: User, other: User, neighbourhood, listing=None):
    """The conversation between two members of a neighbourhood (about a listing,
    or not), made the first time. Both must be members; blocked people never
    talk."""

    permissions.check(user, Capability.MESSAGE, neighbourhood)
    if other.pk == user.pk:
        raise ValidationError(_("You cannot write to yourself."), code="self")
    if not permissions.can(other, Capability.SEE, neighbourhood):
        raise NotAllowed(_("This person is not a member of this neighbourhood."))
    if community_selectors.is_blocked_between(one=user, other=other):
        raise NotAllowed(_not_in_conversation())
    existing = (
        Conversation.objects.filter(
            neighbourhood=neighbourhood,
            kind=Conversation.Kind.DIRECT,
            listing=listing,
            participants__user=user,
        )
        .filter(participants__user=other)
        .first()
    )
    if existing:
        return existing
    conversation = Conversation.objects.create(
        neighbourhood=neighbourhood, kind=Conversation.Kind.DIRECT, listing=listing
    )
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=user),
            Participant(conversation=conversation, user=other),
        ]
    )
    return conversation


@transaction.atomic
def staff_room(*, moderator: User, neighbourhood):
    """The neighbourhood's room for its moderators and coordinators."""

    permissions.check(moderator, Capability.MODERATE, neighbourhood)
    room, _created = Conversation.objects.get_or_create(
        neighbourhood=neighbourhood, kind=Conversation.Kind.STAFF
    )
    Participant.objects.get_or_create(conversation=room, user=moderator)
    return room


@transaction.atomic
def send_message(
    *, user: User, conversation, text: str, client_id, helped_by: User | None = None
):
    """Save a message, then (after commit) tell every open page of the
    conversation. Sending again with the same client id returns the message
    already saved: a retry after a lost connection never makes a duplicate."""

    conversation = Conversation.objects.select_related("neighbourhood").get(
        pk=conversation.pk
    )
    _may_write(user, conversation)
    if helped_by is not None:
        permissions.check_act_for(helped_by, user, conversation.neighbourhood)
    try:
        client_id = uuid.UUID(str(client_id))
    except ValueError as error:
        raise ValidationError(_("This message has no valid id."), code="id") from error
    already = Message.objects.filter(author=user, client_id=client_id).first()
    if already is not None:
        return already
    text = text.strip()
    if not text:
        raise ValidationError(_("Write something first."), code="empty")
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("A message can have at most %(max)d characters (this one has %(n)d).")
            % {"max": MESSAGE_MAX_LENGTH, "n": len(text)},
            code="too_long",
        )
    _check_flood(user, conversation.neighbourhood)
    held = bool(watchlist.matches(neighbourhood=conversation.neighbourhood, text=text))
    message = Message.objects.create(
        conversation=conversation,
        author=user,
        client_id=client_id,
        text=text,
        helped_by=helped_by,
        held=held,
        hidden=held,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=timezone.now()
    )
    participant, _created = Participant.objects.get_or_create(
        conversation=conversation, user=user
    )
    if participant.last_read_id < message.pk:
        participant.last_read_id = message.pk
        participant.save(update_fields=["last_read_id"])
    if held:
        # A watched word: the others see it once a moderator lets it through.
        watchlist.hold(
            neighbourhood=conversation.neighbourhood, person=user, message=message
        )
        return message
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk), message_payload(message)
    )
    tell_the_others(message, conversation)
    return message


def _check_flood(user: User, neighbourhood) -> None:
    """At most `message_limit` messages in `message_window_seconds` per person
    in a neighbourhood (its own settings). Counted in the database, so that
    every server process agrees."""
    since = timezone.now() - datetime.timedelta(
        seconds=neighbourhood.message_window_seconds
    )
    recent = Message.objects.filter(
        author=user, conversation__neighbourhood=neighbourhood, created_at__gte=since
    ).count()
    if recent >= neighbourhood.message_limit:
        raise ValidationError(
            _(
                "You have sent many messages in a short time. Wait a moment, then "
                "send again: your text is kept."
            ),
            code="flood",
        )


def tell_the_others(message, conversation) -> None:
    """One notification per conversation while it has unread messages (not one
    per message), and fresh unread counts on the others' open pages."""
    others = list(
        User.objects.filter(participations__conversation=conversation).exclude(
            pk=message.author_id
        )
    )
    url = conversation.get_absolute_url()
    waiting = set(
        Notification.objects.filter(
            user__in=others,
            kind=Notification.Kind.MESSAGE,
            url=url,
            read_at__isnull=True,
        ).values_list("user_id", flat=True)
    )
    name = message.author.display_name
    if conversation.kind == Conversation.Kind.STAFF:

        def text():
            return _("%(name)s wrote in the moderators' room") % {"name": name}

    else:

        def text():
            return _("%(name)s wrote to you") % {"name": name}

    notify_many(
        users=[other for other in others if other.pk not in waiting],
        kind=Notification.Kind.MESSAGE,
        text=text,
        url=url,
        key=f"message:{message.pk}",
    )
    for other in others:
        announce_unread(user=other)


def message_payload(message) -> events.MessagePayload:

    return {
        "type": "message.new",
        "conversation": message.conversation_id,
        "id": message.pk,
        "client_id": str(message.client_id),
        "author": message.author_id,
        "author_name": str(message.author.display_name),
        "helped_by_name": str(message.helped_by.display_name)
        if message.helped_by
        else "",
        "text": message.text,
        "created_at": message.created_at.isoformat(),
    }


@transaction.atomic
def mark_read(*, user: User, conversation, up_to: int):
    """Remember how far the member has read; the other side sees "read"."""

    participant = Participant.objects.filter(
        conversation=conversation, user=user
    ).first()
    if participant is None or up_to <= participant.last_read_id:
        return participant
    last = conversation.messages.filter(pk__lte=up_to).order_by("-pk").first()
    if last is None:
        return participant
    participant.last_read_id = last.pk
    participant.save(update_fields=["last_read_id"])
    if not conversation.messages.filter(pk__gt=last.pk).exclude(author=user).exists():
        # Everything read: the notification of this conversation is done with.
        Notification.objects.filter(
            user=user,
            kind=Notification.Kind.MESSAGE,
            url=conversation.get_absolute_url(),
            read_at__isnull=True,
        ).update(read_at=timezone.now())
    announce_unread(user=user)
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        events.read_position(
            conversation_id=conversation.pk, user_id=user.pk, up_to=last.pk
        ),
    )
    return participant


def send_unread_summaries(*, now=None, delay_minutes: int | None = None) -> int:
    """E-mail each member who has messages unread for longer than the delay, and
    allows e-mail for messages, ONE summary of all of them (never one e-mail per
    message, never about what they read or were already told). Returns how many
    e-mails were sent. Run every few minutes by `manage.py send_message_emails`."""
    now = now or timezone.now()
    if delay_minutes is None:
        delay_minutes = settings.MESSAGE_EMAIL_DELAY_MINUTES
    cutoff = now - datetime.timedelta(minutes=delay_minutes)
    waiting = (
        Message.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            hidden=False,
            created_at__lte=cutoff,
            pk__gt=Greatest(OuterRef("last_read_id"), OuterRef("emailed_up_to")),
        )
        .exclude(author_id=OuterRef("user_id"))
        .values("pk")
    )
    participants = (
        Participant.objects.filter(Exists(waiting), user__email__isnull=False)
        .exclude(user__email="")
        .select_related("user", "conversation")
    )
    by_user: dict[int, list] = {}
    for participant in participants:
        by_user.setdefault(participant.user_id, []).append(participant)
    sent = 0
    for group in by_user.values():
        user = group[0].user
        if not _by_email(channel_for(user=user, kind=Notification.Kind.MESSAGE)):
            continue
        unread = []
        for participant in group:
            since = max(participant.last_read_id, participant.emailed_up_to)
            unread.extend(
                participant.conversation.messages.filter(
                    hidden=False, created_at__lte=cutoff, pk__gt=since
                )
                .exclude(author=user)
                .select_related("author__profile")
                .order_by("pk")
            )
        if not unread:
            continue
        _email_summary(user=user, messages=unread)
        with transaction.atomic():
            for participant in group:
                newest = max(
                    (
                        m.pk
                        for m in unread
                        if m.conversation_id == participant.conversation_id
                    ),
                    default=participant.emailed_up_to,
                )
                Participant.objects.filter(pk=participant.pk).update(
                    emailed_up_to=newest
                )
        sent += 1
    return sent


def _email_summary(*, user: User, messages: list) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "messages": messages,
            "url": settings.SITE_URL.rstrip("/") + reverse("conversation_list"),
        }
        subject = ngettext(
            "%(count)d unread message on Coup de main",
            "%(count)d unread messages on Coup de main",
            len(messages),
        ) % {"count": len(messages)}
        body = render_to_string("messaging/email_unread.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
