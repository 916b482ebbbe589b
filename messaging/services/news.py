"""News of a conversation for the people in it: the frame of a message, the
notification of the others (one per conversation while it waits) and the
unread counts on every page they have open. Sent through the one door,
`realtime.events`."""

import time

from django.db import transaction

from community.models import User
from neighbourhoods import selectors as neighbourhood_selectors
from notifications import selectors as notification_selectors
from notifications import services as notification_services
from notifications.models import Notification
from realtime import events

from .. import selectors
from ..models import Conversation, Message


def message_payload(
    message: Message, *, staff: frozenset[int] | None = None
) -> events.MessagePayload:
    """The frame of a message as the pages open on its conversation show it.
    `staff`: the neighbourhood's moderators and coordinators, when the caller
    makes several frames (read once)."""
    if staff is None:
        staff = neighbourhood_selectors.staff_ids(
            neighbourhood_id=message.conversation.neighbourhood_id
        )
    return events.message_new(
        conversation_id=message.conversation_id,
        message_id=message.pk,
        seq=message.seq or 0,
        client_id=str(message.client_id),
        author_id=message.author_id,
        author_name=str(message.author.display_name),
        author_staff=message.author_id in staff,
        helped_by_name=str(message.helped_by.display_name) if message.helped_by else "",
        text=message.text,
        created_at=message.created_at.isoformat(),
    )


def unread_payload(*, user: User) -> events.UnreadPayload:
    """The member's counts, stamped with the time they were read: several
    server threads may send counts, and a page keeps the latest reading."""
    return events.unread(
        notifications=notification_selectors.unread_count(user=user),
        messages=selectors.unread_messages_count(user=user),
        at=time.time(),
    )


def announce_unread(*, user: User) -> None:
    """After commit, tell the member's open pages their unread counts (another
    tab read a conversation, or the notifications)."""

    transaction.on_commit(
        lambda: events.send_now(events.user_group(user.pk), unread_payload(user=user))
    )


def tell_the_others(message: Message, conversation: Conversation) -> None:
    """One notification per conversation while it has unread messages (not one
    per message), counting them ("Lucas wrote to you (3)"), and fresh unread
    counts on the others' open pages."""
    # Only those who may still follow it: a member who left, was sanctioned or
    # blocked hears nothing more of the conversation.
    others = list(
        selectors.followers(conversation=conversation).exclude(pk=message.author_id)
    )
    url = conversation.get_absolute_url()
    said = (
        "message.staff"
        if conversation.kind == Conversation.Kind.STAFF
        else ("message.new")
    )
    name = str(message.author.display_name)
    # Who has a notification of this conversation waiting: it counts one more;
    # the others get one.
    renewed = notification_services.count_again(
        users=others,
        kind=Notification.Kind.MESSAGE,
        url=url,
        message=said,
        params={"name": name},
    )
    waiting = {notification.user_id for notification in renewed}
    notification_services.notify_many(
        users=[other for other in others if other.pk not in waiting],
        kind=Notification.Kind.MESSAGE,
        message=said,
        params={"name": name, "count": 1},
        url=url,
        key=f"message:{message.pk}",
    )
    # One more unread message on their open pages' badges: an increment, not a
    # count read again for every message (a page loaded shows the real count).
    for other in others:
        events.broadcast_on_commit(
            events.user_group(other.pk), events.unread_more(messages=1)
        )
