"""Writes for workshops, their sessions and registrations, events and places.
Each service checks its permission with workshops.permissions before it
writes; moderators' acts and what is done for a resident at the desk go to
the journal; members are told through notifications.services.

One module per subdomain; callers write `services.register(...)`.

Run as periodic tasks: `expire_offers` (every few minutes) and
`send_reminders` (once or more a day); `manage.py workshop_tasks` runs both."""

from .attendance import answer_satisfaction, take_attendance
from .calendar import calendar_feed_of, reset_calendar_token
from .places import cancel_event, save_event, save_place
from .registrations import (
    cancel_registration,
    confirm_offer,
    expire_offers,
    promote,
    register,
    registrations_open,
    seats_taken,
    send_reminders,
    unit_of,
)
from .workshops import (
    add_sessions,
    cancel_session,
    create_workshop,
    decide_workshop,
    move_session,
    update_workshop,
    weekly,
)

__all__ = [
    "add_sessions",
    "answer_satisfaction",
    "calendar_feed_of",
    "cancel_event",
    "cancel_registration",
    "cancel_session",
    "confirm_offer",
    "create_workshop",
    "decide_workshop",
    "expire_offers",
    "move_session",
    "promote",
    "register",
    "registrations_open",
    "reset_calendar_token",
    "save_event",
    "save_place",
    "seats_taken",
    "send_reminders",
    "take_attendance",
    "unit_of",
    "update_workshop",
    "weekly",
]
