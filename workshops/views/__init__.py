"""Pages of the agenda and its workshops: the week's agenda with its filters,
a workshop with its sessions and buttons, "my registrations", the organisers'
pages (create, edit, sessions, attendance), the places, and the calendar
files. Each view validates a form and calls one service or selector; a
refusal (NotAllowed) becomes the 403 page with its reason."""

from .agenda import agenda, my_registrations, place_list
from .calendar import (
    calendar_reset,
    member_calendar,
    neighbourhood_calendar,
    session_calendar,
)
from .organise import (
    attendance,
    manage_workshops,
    session_cancel,
    session_move,
    sessions_add,
    workshop_create,
    workshop_decide,
    workshop_edit,
)
from .places import event_create, place_edit
from .registration import (
    registration_cancel,
    registration_confirm,
    registration_create,
    registration_for,
    satisfaction,
    workshop_detail,
)

__all__ = [
    "agenda",
    "attendance",
    "calendar_reset",
    "event_create",
    "manage_workshops",
    "member_calendar",
    "my_registrations",
    "neighbourhood_calendar",
    "place_edit",
    "place_list",
    "registration_cancel",
    "registration_confirm",
    "registration_create",
    "registration_for",
    "satisfaction",
    "session_calendar",
    "session_cancel",
    "session_move",
    "sessions_add",
    "workshop_create",
    "workshop_decide",
    "workshop_detail",
    "workshop_edit",
]
