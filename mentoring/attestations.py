"""What an attestation says, read from the records of one neighbourhood over
a period: hours given in exchanges (by category), in workshops organised and
in mentoring; or the skills worked on in pairs and workshops attended. Plain
data (JSON), in the words of the member's language, kept with the
attestation so its code always shows what was issued."""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from community.models import User
from exchanges.models import Listing, Response
from neighbourhoods.models import Membership, Neighbourhood
from workshops.models import Registration, Session

from .models import Log, Meeting


def _bounds(start: datetime.date, end: datetime.date):
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end, datetime.time.max, tzinfo=zone),
    )


def _hours(delta) -> float:
    return round(delta.total_seconds() / 3600, 1)


def organisation_of(neighbourhood: Neighbourhood) -> dict:
    organisation = neighbourhood.organisation
    coordinators = (
        User.objects.filter(
            memberships__neighbourhood=neighbourhood,
            memberships__role=Membership.Role.COORDINATOR,
            memberships__status=Membership.Status.ACTIVE,
        )
        .select_related("profile")
        .order_by("pk")
    )
    return {
        "organisation": organisation.name,
        "address": organisation.address,
        "phone": organisation.phone,
        "email": organisation.email,
        "neighbourhood": neighbourhood.name,
        "coordinators": [str(user.display_name) for user in coordinators],
    }


def volunteering(
    *, member: User, neighbourhood: Neighbourhood, start, end, now=None
) -> dict:
    """Hours given: in exchanges both sides confirmed (by category), in
    workshop sessions the member organised that took place, and as a mentor
    in meetings held."""
    now = now or timezone.now()
    since, until = _bounds(start, end)
    given = Response.objects.filter(
        Q(listing__kind=Listing.Kind.OFFER, listing__author=member)
        | Q(listing__kind=Listing.Kind.REQUEST, responder=member),
        listing__neighbourhood=neighbourhood,
        status=Response.Status.ACCEPTED,
        author_confirmed_at__isnull=False,
        responder_confirmed_at__range=(since, until),
    ).select_related("listing__category")
    by_category = defaultdict(int)
    for response in given:
        by_category[str(response.listing.category.label)] += response.minutes_spent or 0
    exchanges = [
        {"label": label, "hours": round(minutes / 60, 1)}
        for label, minutes in sorted(by_category.items())
    ]
    sessions = Session.objects.filter(
        workshop__neighbourhood=neighbourhood,
        workshop__organisers=member,
        cancelled_at__isnull=True,
        starts_at__range=(since, until),
        ends_at__lte=now,
    ).select_related("workshop")
    by_workshop = defaultdict(lambda: [0, datetime.timedelta(0)])
    for session in sessions:
        entry = by_workshop[session.workshop.title]
        entry[0] += 1
        entry[1] += session.ends_at - session.starts_at
    workshops = [
        {"label": title, "sessions": count, "hours": _hours(length)}
        for title, (count, length) in sorted(by_workshop.items())
    ]
    meetings = Meeting.objects.filter(
        pair__neighbourhood=neighbourhood,
        pair__mentor=member,
        held_at__isnull=False,
        starts_at__range=(since, until),
    ).select_related("pair")
    by_pair = defaultdict(lambda: [0, datetime.timedelta(0)])
    for meeting in meetings:
        entry = by_pair[meeting.pair.purpose]
        entry[0] += 1
        entry[1] += meeting.duration
    mentoring = [
        {"label": purpose, "sessions": count, "hours": _hours(length)}
        for purpose, (count, length) in sorted(by_pair.items())
    ]
    total = sum(row["hours"] for row in exchanges + workshops + mentoring)
    return {
        **organisation_of(neighbourhood),
        "exchanges": exchanges,
        "workshops": workshops,
        "mentoring": mentoring,
        "total_hours": round(total, 1),
    }


def skills(*, member: User, neighbourhood: Neighbourhood, start, end) -> dict:
    """Skills worked on: the pairs where the member learnt (their purpose,
    the meetings held and what the logs say was done and learnt), and the
    workshops they came to."""
    since, until = _bounds(start, end)
    logs = (
        Log.objects.filter(
            meeting__pair__neighbourhood=neighbourhood,
            meeting__pair__mentee=member,
            meeting__held_at__isnull=False,
            meeting__starts_at__range=(since, until),
        )
        .select_related("meeting__pair")
        .order_by("meeting__starts_at", "pk")
    )
    pairs: dict[str, dict] = {}
    for log in logs:
        entry = pairs.setdefault(
            log.meeting.pair.purpose, {"label": log.meeting.pair.purpose, "items": []}
        )
        for text in (log.learnt if log.author_id == member.pk else "", log.done):
            if text and text not in entry["items"]:
                entry["items"].append(text)
    meetings = Meeting.objects.filter(
        pair__neighbourhood=neighbourhood,
        pair__mentee=member,
        held_at__isnull=False,
        starts_at__range=(since, until),
    ).select_related("pair")
    for meeting in meetings:
        entry = pairs.setdefault(
            meeting.pair.purpose, {"label": meeting.pair.purpose, "items": []}
        )
        entry["sessions"] = entry.get("sessions", 0) + 1
        entry["hours"] = round(entry.get("hours", 0) + _hours(meeting.duration), 1)
    attended = (
        Registration.objects.filter(
            user=member,
            state=Registration.State.ATTENDED,
            session__workshop__neighbourhood=neighbourhood,
            session__starts_at__range=(since, until),
        )
        .select_related("session__workshop__category")
        .order_by("session__starts_at")
    )
    workshops: dict[str, dict] = {}
    for registration in attended:
        workshop = registration.session.workshop
        entry = workshops.setdefault(
            workshop.title,
            {
                "label": workshop.title,
                "category": str(workshop.category.label),
                "level": str(workshop.get_level_display()),
                "sessions": 0,
            },
        )
        entry["sessions"] += 1
    return {
        **organisation_of(neighbourhood),
        "pairs": list(pairs.values()),
        "workshops": list(workshops.values()),
    }
