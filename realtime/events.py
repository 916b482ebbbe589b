"""The one door for real-time events: group names, the shape of every frame a
page can receive (one TypedDict each, named by its `type`) and the one
constructor that builds it, and `broadcast_on_commit`. Services send through
it, so that nothing is announced that the database did not keep; the consumer
builds its own frames (acknowledgements, errors, typing) here too.

The page (`static/js/live.js`) reads these names: change none of them without
changing it. tests/frames.py checks every frame the test suite sends against
these shapes."""

import asyncio
import hashlib
import logging
import threading
import time
from typing import Literal, NotRequired, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a channel layer out of reach raises (a bug still raises).
LAYER_ERRORS = (OSError, TimeoutError, RedisError)


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def session_group(session_key: str) -> str:
    """Every socket opened under one login session. Named by a digest: a
    session key is a secret, and group names show in the channel layer."""
    digest = hashlib.sha256(session_key.encode()).hexdigest()[:40]
    return f"session.{digest}"


# News of a conversation, to every page open on it


class MessagePayload(TypedDict):
    type: Literal["message.new"]
    conversation: int
    id: int
    seq: int  # its number in the conversation, in commit order
    client_id: str
    author: int
    author_name: str
    author_staff: bool  # a moderator or coordinator: "Staff" by their name
    helped_by_name: str  # empty unless sent at the desk for the author
    text: str
    created_at: str  # ISO 8601


def message_new(
    *,
    conversation_id: int,
    message_id: int,
    seq: int,
    client_id: str,
    author_id: int,
    author_name: str,
    helped_by_name: str,
    text: str,
    created_at: str,
    author_staff: bool = False,
) -> MessagePayload:
    """A message the others may now read: just sent, missed while the page was
    away, or let through by a moderator."""
    return MessagePayload(
        type="message.new",
        conversation=conversation_id,
        id=message_id,
        seq=seq,
        client_id=client_id,
        author=author_id,
        author_name=author_name,
        author_staff=author_staff,
        helped_by_name=helped_by_name,
        text=text,
        created_at=created_at,
    )


class ReadPayload(TypedDict):
    type: Literal["read.position"]
    conversation: int
    user: int
    up_to: int


def read_position(*, conversation_id: int, user_id: int, up_to: int) -> ReadPayload:
    """How far a member has read: sent when they read, and again to a page
    that joins (so that "read" shows after a reconnect)."""
    return ReadPayload(
        type="read.position", conversation=conversation_id, user=user_id, up_to=up_to
    )


class HiddenPayload(TypedDict):
    type: Literal["message.hidden"]
    conversation: int
    id: int


def message_hidden(*, conversation_id: int, message_id: int) -> HiddenPayload:
    """A message a moderator hid: the pages open on its conversation remove it."""
    return HiddenPayload(
        type="message.hidden", conversation=conversation_id, id=message_id
    )


class TypingPayload(TypedDict):
    type: Literal["typing"]
    conversation: int
    user: int
    name: str


def typing(*, conversation_id: int, user_id: int, name: str) -> TypingPayload:
    """Someone is writing: never stored, sent at once (`broadcast_now`)."""
    return TypingPayload(
        type="typing", conversation=conversation_id, user=user_id, name=name
    )


# A member's own news, to every page they have open


class NotificationPayload(TypedDict):
    type: Literal["notification"]
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
    type: Literal["unread"]
    notifications: int
    messages: NotRequired[int]  # left out when only the notifications changed
    at: float  # when the counts were read (a page keeps the latest)


def unread(
    *, notifications: int, at: float, messages: int | None = None
) -> UnreadPayload:
    """A member's unread counts: a page shows the ones the frame carries."""
    payload = UnreadPayload(type="unread", notifications=notifications, at=at)
    if messages is not None:
        payload["messages"] = messages
    return payload


# A member's standing changed: to every socket they have open


class StandingPayload(TypedDict):
    type: Literal["standing.changed"]


def standing_changed() -> StandingPayload:
    """The member left a neighbourhood, was sanctioned, demoted, blocked or
    blocked someone: each socket checks again every conversation it follows
    and leaves the ones the member may no longer follow (`access_lost`). Never
    forwarded to the page as it is."""
    return StandingPayload(type="standing.changed")


class SessionEndedPayload(TypedDict):
    type: Literal["session.ended"]


def session_ended() -> SessionEndedPayload:
    """A login session ended (logging out) or every session of a member did
    (a new password): their sockets close, and a page that reconnects must
    log in again. Never forwarded to the page as it is."""
    return SessionEndedPayload(type="session.ended")


class AccessLostPayload(TypedDict):
    type: Literal["access.lost"]
    conversation: int
    detail: str  # why, in the member's words, shown on the page


def access_lost(*, conversation_id: int, detail: str) -> AccessLostPayload:
    """The page no longer follows this conversation live, and why: it stops
    sending to it and says so."""
    return AccessLostPayload(
        type="access.lost", conversation=conversation_id, detail=str(detail)
    )


def tell_standing_changed(*user_ids: int) -> None:
    """After the transaction commits, tell every open socket of these members
    to check what they follow again."""
    for user_id in user_ids:
        broadcast_on_commit(user_group(user_id), standing_changed())


def end_sessions(*, session_key: str | None = None, user_id: int | None = None):
    """Close the sockets of one login session, or of every session of a member,
    once the transaction commits."""
    if session_key:
        broadcast_on_commit(session_group(session_key), session_ended())
    if user_id is not None:
        broadcast_on_commit(user_group(user_id), session_ended())


class UnreadMorePayload(TypedDict):
    type: Literal["unread.more"]
    messages: int  # how many more unread messages


def unread_more(*, messages: int) -> UnreadMorePayload:
    """More unread messages for the member: their pages add them to the badge
    (cheaper than counting again for every message; a page loaded, or a
    conversation read, sends the real count)."""
    return UnreadMorePayload(type="unread.more", messages=messages)


# Answers of the consumer to its own page only


class PongPayload(TypedDict):
    type: Literal["pong"]


def pong() -> PongPayload:
    """The answer to a page's "ping" (every few minutes): the socket is in its
    groups again for another group expiry."""
    return PongPayload(type="pong")


class JoinedPayload(TypedDict):
    type: Literal["joined"]
    conversation: int
    up_to: int  # every message numbered up to this one was sent (if shown)


def joined(*, conversation_id: int, up_to: int) -> JoinedPayload:
    """The page is in the conversation's group; what it missed came before,
    every message up to number `up_to` (the others' held or hidden ones are
    not shown: their numbers stay empty)."""
    return JoinedPayload(type="joined", conversation=conversation_id, up_to=up_to)


class AckPayload(TypedDict):
    type: Literal["ack"]
    conversation: int
    client_id: str
    id: int
    seq: int
    held: bool  # kept, but shown to the others only once a moderator looked


def ack(
    *, conversation_id: int, client_id: str, message_id: int, seq: int, held: bool
) -> AckPayload:
    """The message sent from this page is kept (or was already: a retry), with
    its number: a page that has not received the numbers before it asks."""
    return AckPayload(
        type="ack",
        conversation=conversation_id,
        client_id=client_id,
        id=message_id,
        seq=seq,
        held=held,
    )


class ErrorPayload(TypedDict):
    type: Literal["error"]
    code: str
    detail: str  # in the member's words, shown on the page
    client_id: NotRequired[str]  # the refused message's, to give its text back


def error(*, code: str, detail: str, client_id=None) -> ErrorPayload:
    """A frame refused: nothing was kept, the socket stays open."""
    payload = ErrorPayload(type="error", code=code, detail=str(detail))
    if client_id:
        payload["client_id"] = str(client_id)
    return payload


# Sending


def broadcast_on_commit(group: str, payload: dict) -> None:
    """Send `payload` to every socket in `group` once the transaction commits."""

    transaction.on_commit(lambda: send_now(group, payload))


def send_now(group: str, payload: dict) -> None:
    """Send at once, from synchronous code that runs after a commit. With the
    channel layer out of reach nothing is sent and nothing fails: what was
    announced is kept, and open pages ask for it when they reconnect."""
    layer = get_channel_layer()
    if layer is None:
        return
    send = _quiet(async_to_sync(layer.group_send))
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
    """For news the database does not keep (someone is typing): sent at once,
    or not at all while the channel layer is out of reach."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        await layer.group_send(group, payload)
    except LAYER_ERRORS as error:
        layer_failed(error)


_logged_at = 0.0
LOG_EVERY = 60  # seconds


def layer_failed(error: Exception) -> None:
    """The channel layer is out of reach: said in the log once a minute, not
    once per event."""
    global _logged_at
    now = time.monotonic()
    if now - _logged_at >= LOG_EVERY:
        _logged_at = now
        logger.warning(
            "The channel layer is out of reach (%s: %s): live news waits "
            "until it is back; pages catch up when they reconnect.",
            type(error).__name__,
            error,
        )


def _quiet(send):
    def quiet(group, payload):
        try:
            send(group, payload)
        except LAYER_ERRORS as error:
            layer_failed(error)

    return quiet
