"""Writes for notifications. (Conversations and real-time events arrive with the
messaging issue; they will broadcast through messaging/events.py.)"""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community.models import User
from neighbourhoods import permissions
from neighbourhoods.permissions import Capability, NotAllowed

from . import events
from .models import (
    Conversation,
    Message,
    Notification,
    NotificationPreference,
    Participant,
)


def wants(*, user: User, kind: str) -> bool:
    """Whether the member wants to hear of this kind of news on the site."""
    channel = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return channel in (
        None,
        NotificationPreference.Channel.SITE,
        NotificationPreference.Channel.BOTH,
    )


def notify(
    *, user: User, kind: str, text: str, url: str = "", key: str = ""
) -> Notification | None:
    """Store a notification for `user` unless they turned this kind off, or were
    already told about the same `key`. Returns it, or None."""
    if not wants(user=user, kind=kind):
        return None
    if key and Notification.objects.filter(user=user, kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user, kind=kind, text=str(text)[:300], url=url, key=key
            )
    except IntegrityError:
        # Told about it by a concurrent request: once is enough.
        return None


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


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
    message = Message.objects.create(
        conversation=conversation,
        author=user,
        client_id=client_id,
        text=text,
        helped_by=helped_by,
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
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk), message_payload(message)
    )
    return message


def message_payload(message) -> dict:

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
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        {
            "type": "read.position",
            "conversation": conversation.pk,
            "user": user.pk,
            "up_to": last.pk,
        },
    )
    return participant
