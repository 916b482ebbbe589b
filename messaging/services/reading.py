"""Read positions: how far each member has read a conversation, which the
other side sees as "read" and which brings the unread counts down."""

from django.db import transaction

from community.models import User
from notifications import services as notification_services
from notifications.models import Notification
from realtime import events

from ..models import Participant
from .news import announce_unread


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
        notification_services.mark_read_about(
            user=user,
            kind=Notification.Kind.MESSAGE,
            url=conversation.get_absolute_url(),
        )
    announce_unread(user=user)
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        events.read_position(
            conversation_id=conversation.pk, user_id=user.pk, up_to=last.pk
        ),
    )
    return participant
