"""Writes for conversations and messages, one module per subdomain. Real-time
news goes out through the one door, `realtime.events`, after the database has
kept what it announces. Callers write `from messaging import services` and
`services.send_message(...)`."""

from .conversations import (
    check_may_write,
    follow_refusal,
    staff_room,
    start_conversation,
    start_with_message,
)
from .desk import mark_read_for, send_message_for
from .erasure import erase_messages_of
from .news import announce_unread, message_payload, tell_the_others, unread_payload
from .reading import mark_read
from .sending import send_message
from .summaries import send_unread_summaries
from .visibility import set_message_visibility

__all__ = [
    "erase_messages_of",
    "announce_unread",
    "check_may_write",
    "follow_refusal",
    "mark_read",
    "mark_read_for",
    "message_payload",
    "send_message",
    "send_message_for",
    "send_unread_summaries",
    "set_message_visibility",
    "staff_room",
    "start_conversation",
    "start_with_message",
    "tell_the_others",
    "unread_payload",
]
