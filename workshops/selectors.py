"""Reads for the agenda, workshops, places and registrations, each with the
permission filter inside the query (workshops.permissions) and a fixed number
of queries whatever the length of the page."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from community.models import User
from neighbourhoods import permissions as neighbourhood_permissions
from neighbourhoods.models import AssistanceConsent, Neighbourhood
from neighbourhoods.permissions import Capability

from . import permissions
from .models import (
    NO_SHOW_ALERT,
    CalendarFeed,
    Event,
    Place,
    Registration,
    Satisfaction,
    Session,
    Workshop,
)

State = Registration.State
LIVE = (State.REGISTERED, State.WAITING, State.OFFERED)


def _with_seats(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        taken=Count(
            "registrations",
            filter=Q(registrations__state__in=Registration.SEATED),
        ),
        waiting=Count("registrations", filter=Q(registrations__state=State.WAITING)),
    )


@dataclass
class Agenda:
    neighbourhood: Neighbourhood
    start: datetime.date
    end: datetime.date
    sessions: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def days(self):
        """(day, its sessions and events by time) for each day of the week
        that has something on it."""
        by_day = {}
        for item in [*self.sessions, *self.events]:
            by_day.setdefault(timezone.localdate(item.starts_at), []).append(item)
        return [
            (day, sorted(items, key=lambda item: item.starts_at))
            for day, items in sorted(by_day.items())
        ]


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _bounds(start: datetime.date, days: int):
    zone = timezone.get_current_timezone()
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time()), zone)
    end = timezone.make_aware(
        datetime.datetime.combine(
            start + datetime.timedelta(days=days), datetime.time()
        ),
        zone,
    )
    return begin, end


def agenda(
    *,
    user: User,
    neighbourhood: Neighbourhood,
    start: datetime.date,
    days: int = 7,
    category: int | None = None,
    level: str = "",
    audience: str = "",
) -> Agenda:
    """The neighbourhood's approved workshops' sessions and its events from
    `start` for `days` days, filtered; who may see the neighbourhood only.
    Events have no category, level or audience: a filter leaves them out."""
    permissions.check_see(user, neighbourhood)
    begin, end = _bounds(start, days)
    sessions = _with_seats(
        Session.objects.filter(
            workshop__neighbourhood=neighbourhood,
            workshop__status=Workshop.Status.APPROVED,
            starts_at__gte=begin,
            starts_at__lt=end,
        )
    ).select_related("workshop__category", "workshop__place", "workshop__neighbourhood")
    if category:
        sessions = sessions.filter(workshop__category_id=category)
    if level:
        sessions = sessions.filter(workshop__level=level)
    if audience:
        sessions = sessions.filter(workshop__audience=audience)
    events = []
    if not (category or level or audience):
        events = list(
            Event.objects.filter(
                neighbourhood=neighbourhood, starts_at__gte=begin, starts_at__lt=end
            ).select_related("place")
        )
    return Agenda(
        neighbourhood=neighbourhood,
        start=start,
        end=start + datetime.timedelta(days=days - 1),
        sessions=list(sessions.order_by("starts_at", "pk")),
        events=events,
    )


def workshop_for(*, user: User, neighbourhood: Neighbourhood, pk: int) -> Workshop:
    """The workshop if `user` may see it; Http404 when it is not of this
    neighbourhood, NotAllowed (saying why) when they may not see it."""
    workshop = (
        Workshop.objects.filter(neighbourhood=neighbourhood, pk=pk)
        .select_related("neighbourhood", "category", "place", "proposed_by")
        .prefetch_related("organisers")
        .first()
    )
    if workshop is None:
        raise Http404
    permissions.check_see_workshop(user, workshop)
    return workshop


def session_for(*, user: User, pk: int) -> Session:
    session = (
        Session.objects.filter(pk=pk)
        .select_related("workshop__neighbourhood", "workshop__place")
        .prefetch_related("workshop__organisers")
        .first()
    )
    if session is None:
        raise Http404
    permissions.check_see_workshop(user, session.workshop)
    return session


def sessions_of(*, workshop: Workshop, user: User) -> list[Session]:
    """The workshop's sessions in order, with their seats taken, the length of
    their waiting list and `mine`: the member's registration, if any."""
    sessions = list(_with_seats(workshop.sessions.all()).order_by("starts_at", "pk"))
    mine = {}
    if user.is_authenticated:
        mine = {
            r.session_id: r
            for r in Registration.objects.filter(session__in=sessions, user=user)
        }
    for session in sessions:
        session.mine = mine.get(session.pk)
    return sessions


def waiting_position(registration: Registration) -> int:
    """Where the member stands in the waiting list (1: next)."""
    return (
        Registration.objects.filter(
            session_id=registration.session_id, state=State.WAITING
        )
        .filter(
            Q(waiting_since__lt=registration.waiting_since)
            | Q(waiting_since=registration.waiting_since, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def my_registrations(*, user: User, now=None) -> QuerySet[Registration]:
    """The member's registrations, offered seats and waiting places for
    sessions to come, soonest first."""
    now = now or timezone.now()
    return (
        Registration.objects.filter(
            user=user,
            state__in=LIVE,
            session__starts_at__gt=now,
            session__cancelled_at__isnull=True,
        )
        .select_related("session__workshop__neighbourhood", "session__workshop__place")
        .order_by("session__starts_at", "pk")
    )


def attendance_sheet(*, user: User, session: Session) -> list[Registration]:
    """Who held a seat, and the walk-ins: for the organisers and moderators."""
    permissions.check_run(user, session.workshop)
    return list(
        session.registrations.filter(
            state__in=(State.REGISTERED, State.OFFERED, State.ATTENDED, State.NO_SHOW)
        )
        .select_related("user__profile")
        .order_by("walk_in", "user__profile__pseudonym", "pk")
    )


def walk_in_candidates(*, user: User, session: Session) -> QuerySet[User]:
    """Members of the neighbourhood not on the sheet, who may be added as
    walk-ins."""
    permissions.check_run(user, session.workshop)
    neighbourhood = session.workshop.neighbourhood
    members = neighbourhood.memberships.filter(
        neighbourhood_permissions.membership_filter(Capability.SEE)
    ).values("user_id")
    on_sheet = session.registrations.filter(
        state__in=(State.REGISTERED, State.OFFERED, State.ATTENDED, State.NO_SHOW)
    ).values("user_id")
    return (
        User.objects.filter(pk__in=members)
        .exclude(pk__in=on_sheet)
        .select_related("profile")
        .order_by("profile__pseudonym")
    )


def satisfaction_summary(*, user: User, workshop: Workshop) -> dict:
    """The answers in aggregate (count by face) and the sentences, without
    names: for those who run the workshop."""
    permissions.check_run(user, workshop)
    answers = Satisfaction.objects.filter(session__workshop=workshop)
    counts = dict(
        answers.values("face").annotate(n=Count("pk")).values_list("face", "n")
    )
    return {
        "faces": [
            (face, label, counts.get(face, 0))
            for face, label in Satisfaction.Face.choices
        ],
        "total": sum(counts.values()),
        "comments": list(
            answers.exclude(comment="")
            .order_by("-created_at")
            .values_list("comment", flat=True)[:50]
        ),
    }


def places_of(*, user: User, neighbourhood: Neighbourhood) -> QuerySet[Place]:
    permissions.check_see(user, neighbourhood)
    return neighbourhood.places.order_by("name")


def possible_organisers(*, neighbourhood: Neighbourhood) -> QuerySet[User]:
    """The members who may be chosen as organisers of a workshop here."""
    return (
        User.objects.filter(permissions.organisers_filter(neighbourhood))
        .select_related("profile")
        .order_by("profile__pseudonym", "pk")
    )


def proposals(*, user: User, neighbourhood: Neighbourhood) -> QuerySet[Workshop]:
    """Members' proposals waiting for a moderator."""
    permissions.check_manage(user, neighbourhood)
    return (
        neighbourhood.workshops.filter(status=Workshop.Status.PROPOSED)
        .select_related("proposed_by__profile", "category")
        .order_by("created_at")
    )


def workshops_run_by(*, user: User, neighbourhood: Neighbourhood):
    """The workshops of the neighbourhood that `user` runs (all of them, for
    its moderators)."""
    workshops = neighbourhood.workshops.select_related("category").order_by("title")
    if permissions.may_manage(user, neighbourhood):
        return workshops
    permissions.check_propose(user, neighbourhood)
    return workshops.filter(organisers=user)


def frequent_no_shows(*, user: User, neighbourhood: Neighbourhood):
    """Members who often did not come without cancelling: for the staff only,
    never shown publicly. (user, count) with at least NO_SHOW_ALERT."""
    permissions.check_manage(user, neighbourhood)
    return (
        User.objects.filter(
            workshop_registrations__state=State.NO_SHOW,
            workshop_registrations__session__workshop__neighbourhood=neighbourhood,
        )
        .annotate(no_shows=Count("workshop_registrations"))
        .filter(no_shows__gte=NO_SHOW_ALERT)
        .select_related("profile")
        .order_by("-no_shows", "profile__pseudonym")
    )


def calendar_registrations(*, token: str) -> tuple[User, list[Registration]]:
    """For a member's secret calendar address: its member and their seats and
    offered seats (waiting places are not in a calendar). Http404 for an
    unknown or reset address."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not token:
        raise Http404
    registrations = (
        Registration.objects.filter(
            user=feed.user,
            state__in=(State.REGISTERED, State.OFFERED, State.ATTENDED),
            session__workshop__neighbourhood__in=neighbourhood_permissions.neighbourhoods_allowing(
                feed.user, Capability.SEE
            ),
        )
        .select_related("session__workshop__place", "session__workshop__neighbourhood")
        .order_by("session__starts_at")
    )
    return feed.user, list(registrations)


def feed_of(*, user: User, neighbourhood: Neighbourhood, now=None):
    """The neighbourhood's sessions and events of the last month and to come,
    for its calendar feed."""
    permissions.check_see(user, neighbourhood)
    since = (now or timezone.now()) - datetime.timedelta(days=31)
    sessions = Session.objects.filter(
        workshop__neighbourhood=neighbourhood,
        workshop__status=Workshop.Status.APPROVED,
        starts_at__gte=since,
    ).select_related("workshop__place", "workshop__neighbourhood")
    events = Event.objects.filter(
        neighbourhood=neighbourhood, starts_at__gte=since
    ).select_related("place", "neighbourhood")
    return list(sessions), list(events)


def desk_residents(*, user: User, neighbourhood: Neighbourhood) -> list[User]:
    """The residents a moderator may register at the desk: members in good
    standing who gave their consent to be helped and have not withdrawn it."""
    if not permissions.may_manage(user, neighbourhood):
        return []
    consenting = AssistanceConsent.objects.filter(
        neighbourhood=neighbourhood, withdrawn_at__isnull=True
    ).values("resident_id")
    members = neighbourhood.memberships.filter(
        neighbourhood_permissions.membership_filter(Capability.RESPOND),
        user_id__in=consenting,
    ).values("user_id")
    return list(
        User.objects.filter(pk__in=members)
        .exclude(pk=user.pk)
        .select_related("profile")
        .order_by("profile__pseudonym")
    )
