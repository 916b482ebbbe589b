"""Workshops and events of a neighbourhood's agenda, the places where they
happen, their sessions, the members registered (or waiting) for them, who came,
and what they thought of it: one module per subdomain. Callers keep writing
`from workshops.models import Session`; the migrations are unchanged."""

from ._common import DESCRIPTION_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from .attendance import COMMENT_MAX_LENGTH, NO_SHOW_ALERT, Satisfaction
from .calendar import CalendarFeed, new_calendar_token
from .events import Event
from .places import Place
from .registrations import CANCELLATION_CLOSES, OFFER_TIME, Registration
from .workshops import MAX_CAPACITY, MAX_SESSIONS, Session, Workshop

__all__ = [
    "CANCELLATION_CLOSES",
    "COMMENT_MAX_LENGTH",
    "DESCRIPTION_MAX_LENGTH",
    "MAX_CAPACITY",
    "MAX_SESSIONS",
    "NO_SHOW_ALERT",
    "OFFER_TIME",
    "TEXT_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "CalendarFeed",
    "Event",
    "Place",
    "Registration",
    "Satisfaction",
    "Session",
    "Workshop",
    "new_calendar_token",
]
