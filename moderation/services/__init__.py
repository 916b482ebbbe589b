"""Writes of moderation: reports, decisions on cases, the watch list. Callers
write `from moderation import services` and `services.decide(...)`."""

from .decisions import Action, actions_possible, decide, hide_listing
from .erasure import erase_reports_of
from .reports import report
from .watchlist import MAX_WATCHED_WORDS, hold, set_watch_list

__all__ = [
    "erase_reports_of",
    "MAX_WATCHED_WORDS",
    "Action",
    "actions_possible",
    "decide",
    "hide_listing",
    "hold",
    "report",
    "set_watch_list",
]
