"""Sending a message: the checks (who may write, a valid id, the length), the
flood limit, the watch list that holds a message for review, and the news to
the others once it is kept."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from neighbourhoods import permissions, review
from realtime import events

from ..models import MESSAGE_MAX_LENGTH, Conversation, Message, Participant
from .conversations import check_may_write
from .news import message_payload, tell_the_others


@transaction.atomic
def send_message(
    *, user: User, conversation, text: str, client_id, helped_by: User | None = None
):
    """Save a message, then (after commit) tell every open page of the
    conversation. Sending again with the same client id returns the message
    already saved: a retry after a lost connection never makes a duplicate."""

    # The row locked until the commit: the message's number is the next one,
    # and numbers follow the order of the commits.
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("neighbourhood")
        .get(pk=conversation.pk)
    )
    membership = check_may_write(user, conversation)
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
    held = bool(
        review.watched_words(neighbourhood=conversation.neighbourhood, text=text)
    )
    seq = conversation.last_seq + 1
    message = Message.objects.create(
        conversation=conversation,
        author=user,
        client_id=client_id,
        seq=seq,
        text=text,
        helped_by=helped_by,
        held=held,
        hidden=held,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_seq=seq, last_message_at=timezone.now()
    )
    # The sender has read up to their own message: one UPDATE (a moderator's
    # first message in the moderators' room makes their row).
    moved = Participant.objects.filter(conversation=conversation, user=user).update(
        last_read_id=Greatest("last_read_id", message.pk)
    )
    if not moved:
        Participant.objects.create(
            conversation=conversation, user=user, last_read_id=message.pk
        )
    if held:
        # A watched word: the others see it once a moderator lets it through.
        review.hold(
            neighbourhood=conversation.neighbourhood, person=user, message=message
        )
        return message
    # Whether the sender is of the centre's team, known from their membership.
    staff = frozenset({user.pk} if membership.role in permissions.STAFF_ROLES else ())
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        message_payload(message, staff=staff),
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
