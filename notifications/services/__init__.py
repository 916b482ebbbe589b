"""Writes for the news told to members: stored first, then live on their open
pages (through the one door, `realtime.events`) and by e-mail, as each chose.
Every app's services call `notify` / `notify_many`.

One module per subdomain; callers keep writing `services.notify(...)`."""

from .delivery import email_context, reader_language
from .devices import PUSH_DEVICES_MAX, turn_push_off, turn_push_on
from .news import Text, count_again, notify, notify_many, notify_many_on_commit
from .preferences import set_preferences, unsubscribe
from .reading import mark_all_read, mark_read_about

__all__ = [
    "PUSH_DEVICES_MAX",
    "Text",
    "count_again",
    "email_context",
    "mark_all_read",
    "mark_read_about",
    "notify",
    "notify_many",
    "notify_many_on_commit",
    "reader_language",
    "set_preferences",
    "turn_push_off",
    "turn_push_on",
    "unsubscribe",
]
