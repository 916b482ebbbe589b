"""The agenda as iCalendar (RFC 5545): one session, a member's feed of their
registrations, a neighbourhood's feed. Built from what the selectors read."""

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

PRODID = "-//Coup de main//Agenda//FR"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _session_event(session) -> CalendarEvent:
    workshop = session.workshop
    event = CalendarEvent()
    event.add("uid", f"session-{session.pk}@coupdemain")
    event.add("summary", workshop.title)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("dtstamp", session.updated_at)
    if workshop.place is not None:
        event.add("location", f"{workshop.place.name}, {workshop.place.address}")
    if workshop.description:
        event.add("description", workshop.description)
    event.add("url", _site() + session.get_absolute_url())
    if session.cancelled_at is not None:
        event.add("status", "CANCELLED")
    return event


def _agenda_event(item) -> CalendarEvent:
    event = CalendarEvent()
    event.add("uid", f"event-{item.pk}@coupdemain")
    event.add("summary", item.title)
    event.add("dtstart", item.starts_at)
    event.add("dtend", item.ends_at)
    event.add("dtstamp", item.updated_at)
    if item.place is not None:
        event.add("location", f"{item.place.name}, {item.place.address}")
    if item.description:
        event.add("description", item.description)
    if item.cancelled_at is not None:
        event.add("status", "CANCELLED")
    return event


def session_ics(session) -> bytes:
    calendar = _calendar(session.workshop.title)
    calendar.add_component(_session_event(session))
    return calendar.to_ical()


def member_ics(name: str, registrations) -> bytes:
    calendar = _calendar(name)
    for registration in registrations:
        calendar.add_component(_session_event(registration.session))
    return calendar.to_ical()


def neighbourhood_ics(neighbourhood, sessions, events) -> bytes:
    calendar = _calendar(neighbourhood.name)
    for session in sessions:
        calendar.add_component(_session_event(session))
    for event in events:
        calendar.add_component(_agenda_event(event))
    return calendar.to_ical()
