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


def _event(
    *, uid: str, title: str, dated, place, description: str, url: str = ""
) -> CalendarEvent:
    """One entry of a calendar; `dated` (a session, an event) gives its times,
    when it last changed and whether it is cancelled."""
    event = CalendarEvent()
    event.add("uid", uid)
    event.add("summary", title)
    event.add("dtstart", dated.starts_at)
    event.add("dtend", dated.ends_at)
    event.add("dtstamp", dated.updated_at)
    if place is not None:
        event.add("location", f"{place.name}, {place.address}")
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    if dated.cancelled_at is not None:
        event.add("status", "CANCELLED")
    return event


def _session_event(session) -> CalendarEvent:
    workshop = session.workshop
    return _event(
        uid=f"session-{session.pk}@coupdemain",
        title=workshop.title,
        dated=session,
        place=workshop.place,
        description=workshop.description,
        url=_site() + session.get_absolute_url(),
    )


def _agenda_event(item) -> CalendarEvent:
    return _event(
        uid=f"event-{item.pk}@coupdemain",
        title=item.title,
        dated=item,
        place=item.place,
        description=item.description,
    )


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
