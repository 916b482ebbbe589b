"""The figures of workshops: workshops and sessions held, registrations,
who came and who did not, the waiting lists and how long people waited,
workshop hours × participants, by category, level, audience and age group;
and the organisers' hours, which count with the hours given in exchanges.

A session is held when it was not cancelled and ended within the period (and
before now). A fixed number of queries whatever the number of sessions."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from community.models import Profile
from exchanges.models import Category
from neighbourhoods.models import Membership
from workshops.models import Registration, Session, Workshop

from .members import Row
from .period import Period

State = Registration.State
VOLUNTEERING = (Membership.Role.RESIDENT, Membership.Role.VOLUNTEER)


@dataclass
class Breakdown:
    """The figures of the sessions of one category, level or audience."""

    key: str
    label: str
    sessions: int = 0
    registrations: int = 0
    attended: int = 0  # everyone who came, walk-ins included
    no_shows: int = 0
    participant_hours: float = 0.0


@dataclass
class WorkshopFigures:
    workshops_held: int = 0
    sessions_held: int = 0
    registrations: int = 0
    attended: int = 0  # members who came, registered or not
    walk_ins: int = 0  # people without an account
    no_shows: int = 0
    participant_hours: float = 0.0
    organiser_hours: float = 0.0  # residents' and volunteers' hours organising
    waiting_now: int = 0
    waiting_median: datetime.timedelta | None = None
    promoted: int = 0
    by_category: list[Breakdown] = field(default_factory=list)
    by_level: list[Breakdown] = field(default_factory=list)
    by_audience: list[Breakdown] = field(default_factory=list)
    by_age: list[Row] = field(default_factory=list)
    age_not_shared: int = 0
    walk_in_members: int = 0  # of `attended`, those who had not registered

    @property
    def participants(self) -> int:
        return self.attended + self.walk_ins

    @property
    def attendance_rate(self) -> int | None:
        """Of the registered members expected (came or did not come), the
        share who came, in percent."""
        expected = (self.attended - self.walk_in_members) + self.no_shows
        came = self.attended - self.walk_in_members
        return round(100 * came / expected) if expected else None

    @property
    def waiting_days(self) -> float | None:
        if self.waiting_median is None:
            return None
        return round(self.waiting_median.total_seconds() / 86400, 1)


def _held(ids, period: Period):
    now = timezone.now()
    return Session.objects.filter(
        workshop__neighbourhood_id__in=ids,
        cancelled_at__isnull=True,
        ends_at__gte=period.starts_at,
        ends_at__lt=min(period.ends_at, now),
    )


def workshop_figures(ids, period: Period) -> WorkshopFigures:
    """Every figure of the workshops of these neighbourhoods over the period."""
    held = _held(ids, period)
    rows = list(
        held.order_by()
        .values(
            "pk",
            "workshop_id",
            "workshop__category_id",
            "workshop__category__key",
            "workshop__category__name",
            "workshop__category__neighbourhood_id",
            "workshop__level",
            "workshop__audience",
            "starts_at",
            "ends_at",
            "walk_ins",
        )
        .annotate(
            registered=Count(
                "registrations",
                filter=Q(
                    registrations__walk_in=False,
                    registrations__state__in=(
                        State.REGISTERED,
                        State.ATTENDED,
                        State.NO_SHOW,
                    ),
                ),
                distinct=True,
            ),
            came=Count(
                "registrations",
                filter=Q(registrations__state=State.ATTENDED),
                distinct=True,
            ),
            came_walking_in=Count(
                "registrations",
                filter=Q(
                    registrations__state=State.ATTENDED, registrations__walk_in=True
                ),
                distinct=True,
            ),
            missed=Count(
                "registrations",
                filter=Q(registrations__state=State.NO_SHOW),
                distinct=True,
            ),
            # Organisers who give their time (residents and volunteers), not
            # the staff who run workshops as their job.
            organisers=Count(
                "workshop__organisers",
                filter=Q(
                    workshop__organisers__memberships__neighbourhood=F(
                        "workshop__neighbourhood"
                    ),
                    workshop__organisers__memberships__role__in=VOLUNTEERING,
                ),
                distinct=True,
            ),
        )
    )
    figures = WorkshopFigures()
    by = {
        "category": {},
        "level": {
            key: Breakdown(key=key, label=str(label))
            for key, label in Workshop.Level.choices
        },
        "audience": {
            key: Breakdown(key=key, label=str(label))
            for key, label in Workshop.Audience.choices
        },
    }
    workshops = set()
    for row in rows:
        hours = (row["ends_at"] - row["starts_at"]).total_seconds() / 3600
        people = row["came"] + row["walk_ins"]
        workshops.add(row["workshop_id"])
        figures.sessions_held += 1
        figures.registrations += row["registered"]
        figures.attended += row["came"]
        figures.walk_in_members += row["came_walking_in"]
        figures.walk_ins += row["walk_ins"]
        figures.no_shows += row["missed"]
        figures.participant_hours += hours * people
        figures.organiser_hours += hours * row["organisers"]
        category = row["workshop__category_id"]
        if category not in by["category"]:
            label = Category(
                pk=category,
                key=row["workshop__category__key"],
                name=row["workshop__category__name"],
                neighbourhood_id=row["workshop__category__neighbourhood_id"],
            ).label
            by["category"][category] = Breakdown(key=str(category), label=str(label))
        for breakdown in (
            by["category"][category],
            by["level"][row["workshop__level"]],
            by["audience"][row["workshop__audience"]],
        ):
            breakdown.sessions += 1
            breakdown.registrations += row["registered"]
            breakdown.attended += people
            breakdown.no_shows += row["missed"]
            breakdown.participant_hours += hours * people
    figures.workshops_held = len(workshops)
    figures.participant_hours = round(figures.participant_hours, 1)
    figures.organiser_hours = round(figures.organiser_hours, 1)
    for breakdown in [b for group in by.values() for b in group.values()]:
        breakdown.participant_hours = round(breakdown.participant_hours, 1)
    figures.by_category = sorted(by["category"].values(), key=lambda b: b.label)
    figures.by_level = list(by["level"].values())
    figures.by_audience = list(by["audience"].values())
    _people(figures, ids, period, held=held, held_ids={row["pk"] for row in rows})
    return figures


def _people(figures: WorkshopFigures, ids, period: Period, *, held, held_ids) -> None:
    """In one query: the members who came by the age group they chose to
    show (each counted once), the people waiting today for a session to come
    (once per workshop), and how long those who got a seat from a waiting
    list in the period had waited."""
    now = timezone.now()
    came = Q(session__in=held.values("pk"), state=State.ATTENDED)
    waiting = Q(
        state=State.WAITING,
        session__cancelled_at__isnull=True,
        session__starts_at__gt=now,
    )
    promoted = period.contains("seated_at") & Q(waiting_since__isnull=False)
    ages, not_shared, came_seen, waiting_seen, waits = {}, set(), set(), set(), []
    for row in (
        Registration.objects.filter(session__workshop__neighbourhood_id__in=ids)
        .filter(came | waiting | promoted)
        .order_by()
        .values_list(
            "state",
            "session_id",
            "session__workshop_id",
            "session__starts_at",
            "session__cancelled_at",
            "user_id",
            "user__profile__show_age_group",
            "user__profile__age_group",
            "waiting_since",
            "seated_at",
        )
    ):
        state, session, workshop, starts, cancelled, user, shown, group = row[:8]
        since, seated = row[8:]
        if state == State.ATTENDED and session in held_ids and user not in came_seen:
            came_seen.add(user)
            if shown and group:
                ages[group] = ages.get(group, 0) + 1
            else:
                not_shared.add(user)
        if state == State.WAITING and cancelled is None and starts > now:
            waiting_seen.add((user, workshop))
        if (
            since is not None
            and seated is not None
            and period.starts_at <= seated < period.ends_at
        ):
            waits.append(seated - since)
    figures.by_age = [
        Row(key=group, label=str(label), value=ages.get(group, 0))
        for group, label in Profile.AgeGroup.choices
    ]
    figures.age_not_shared = len(not_shared)
    figures.waiting_now = len(waiting_seen)
    figures.promoted = len(waits)
    figures.waiting_median = statistics.median(waits) if waits else None
