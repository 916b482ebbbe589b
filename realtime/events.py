"""The one door for real-time events: group names, payloads, and
`broadcast_on_commit`. Only services call it, so nothing is announced that the
database did not keep."""

import asyncio
import threading
from typing import NotRequired, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


class MessagePayload(TypedDict):
    type: str  # "message.new"
    conversation: int
    id: int
    client_id: str
    author: int
    author_name: str
    helped_by_name: str
    text: str
    created_at: str


class ReadPayload(TypedDict):
    type: str  # "read.position"
    conversation: int
    user: int
    up_to: int


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def read_position(*, conversation_id: int, user_id: int, up_to: int) -> ReadPayload:
    """How far a member has read: sent when they read, and again to a page
    that joins (so that "read" shows after a reconnect)."""
    return ReadPayload(
        type="read.position", conversation=conversation_id, user=user_id, up_to=up_to
    )


class HiddenPayload(TypedDict):
    type: str  # "message.hidden"
    conversation: int
    id: int


def message_hidden(*, conversation_id: int, message_id: int) -> HiddenPayload:
    """A message a moderator hid: the pages open on its conversation remove it."""
    return HiddenPayload(
        type="message.hidden", conversation=conversation_id, id=message_id
    )


class TypingPayload(TypedDict):
    type: str  # "typing"
    conversation: int
    user: int
    name: str


class NotificationPayload(TypedDict):
    type: str  # "notification"
    kind: str
    text: str
    url: str
    unread: int  # the member's unread notifications, this one included
    at: float  # when the count was read (a page keeps the latest)


def notification(
    *, kind: str, text: str, url: str, unread: int, at: float
) -> NotificationPayload:
    """News for a member, with their count of unread notifications."""
    return NotificationPayload(
        type="notification", kind=kind, text=text, url=url, unread=unread, at=at
    )


class UnreadPayload(TypedDict):
    type: str  # "unread"
    notifications: int
    messages: NotRequired[int]  # left out when only the notifications changed
    at: float  # when the counts were read (a page keeps the latest)


def unread(*, notifications: int, at: float, messages: int | None = None):
    """A member's unread counts: a page shows the ones the frame carries."""
    payload = UnreadPayload(type="unread", notifications=notifications, at=at)
    if messages is not None:
        payload["messages"] = messages
    return payload


def broadcast_on_commit(group: str, payload: dict) -> None:
    """Send `payload` to every socket in `group` once the transaction commits."""

    transaction.on_commit(lambda: send_now(group, payload))


def send_now(group: str, payload: dict) -> None:
    """Send at once, from synchronous code that runs after a commit."""
    layer = get_channel_layer()
    if layer is None:
        return
    send = async_to_sync(layer.group_send)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        send(group, payload)  # the usual case: a request's or a worker's thread
        return
    # Synchronous code called straight from a thread that runs an event loop
    # (a script or a test driving a browser): the send goes from a thread of
    # its own, since this one cannot wait on its own loop.
    thread = threading.Thread(target=send, args=(group, payload))
    thread.start()
    thread.join()


async def broadcast_now(group: str, payload: dict) -> None:
    """For news the database does not keep (someone is typing): sent at once."""
    layer = get_channel_layer()
    if layer is not None:
        await layer.group_send(group, payload)
