"""Registering for a workshop: a seat when there is one, the waiting list
when it is full, the first waiting person offered a freed seat with a deadline
to confirm it or give it on, cancelling until a set time before the start,
and a reminder the day before.

A series registered as a whole is one unit: a member holds a seat (or waits)
in every session of it still to come, and seats are counted in each. A drop-in
slot or a single date is a unit of one session.

Seats never exceed capacity: the sessions of a unit are locked while seats
are counted and given (select_for_update; SQLite writes one at a time)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from neighbourhoods import permissions as neighbourhood_permissions
from neighbourhoods import services as neighbourhood_services
from notifications import texts

from .. import permissions
from ..models import (
    CANCELLATION_CLOSES,
    OFFER_TIME,
    Registration,
    Session,
    Workshop,
)
from ._common import notify_on_commit

State = Registration.State
# A member's place in a unit that is still alive.
LIVE = (State.REGISTERED, State.WAITING, State.OFFERED)


def unit_of(session: Session, *, now: datetime.datetime, lock: bool = False):
    """The sessions one registers for together with `session`, still to come,
    in order (locked for the transaction when `lock`)."""
    sessions = Session.objects.filter(cancelled_at__isnull=True, starts_at__gt=now)
    if session.workshop.is_series:
        sessions = sessions.filter(workshop_id=session.workshop_id)
    else:
        sessions = sessions.filter(pk=session.pk)
    if lock:
        sessions = sessions.select_for_update()
    return list(sessions.order_by("starts_at", "pk"))


def seats_taken(sessions) -> dict[int, int]:
    counts = dict(
        Registration.objects.filter(session__in=sessions, state__in=Registration.SEATED)
        .values("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )
    return {session.pk: counts.get(session.pk, 0) for session in sessions}


def _has_room(unit) -> bool:
    taken = seats_taken(unit)
    return all(taken[session.pk] < session.capacity for session in unit)


def _check_helper(*, user: User, workshop: Workshop, helped_by: User | None) -> None:
    if helped_by is not None:
        neighbourhood_permissions.check_act_for(helped_by, user, workshop.neighbourhood)


@transaction.atomic
def register(
    *,
    user: User,
    session: Session,
    helped_by: User | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register `user` for the session (or the whole series it belongs to): a
    seat if every session of it has one and nobody waits, else a place at the
    end of the waiting list. At the desk, `helped_by` is the moderator acting
    for them with their consent (kept in the journal and their history).

    Raises NotAllowed for who may not register, ValidationError when the
    session is cancelled, started, or the member is already on it."""
    now = now or timezone.now()
    workshop = session.workshop
    permissions.check_register(user, workshop.neighbourhood)
    _check_helper(user=user, workshop=workshop, helped_by=helped_by)
    if workshop.status != Workshop.Status.APPROVED:
        raise ValidationError(_("This workshop is not open yet."), code="not_open")
    unit = unit_of(session, now=now, lock=True)
    if session.cancelled_at is not None or not unit:
        raise ValidationError(
            _("Registration for this session is closed."), code="closed"
        )
    mine = Registration.objects.filter(session__in=unit, user=user)
    if mine.filter(state__in=LIVE).exists():
        raise ValidationError(
            _("You are already registered or on the waiting list."), code="already"
        )
    waiting = Registration.objects.filter(session=unit[0], state=State.WAITING).exists()
    seated = not waiting and _has_room(unit)
    values = {
        "state": State.REGISTERED if seated else State.WAITING,
        "seated_at": now if seated else None,
        "waiting_since": None if seated else now,
        "offered_until": None,
        "walk_in": False,
        "helped_by": helped_by,
    }
    made = [
        Registration.objects.update_or_create(session=each, user=user, defaults=values)[
            0
        ]
        for each in unit
    ]
    if helped_by is not None:
        neighbourhood_services.record_assisted_action(
            helper=helped_by,
            resident=user,
            neighbourhood=workshop.neighbourhood,
            what="journal.workshop_registered",
            params={
                "title": workshop.title,
                "state": str(made[0].get_state_display()),
            },
        )
    return next((r for r in made if r.session_id == session.pk), made[0])


@transaction.atomic
def cancel_registration(
    *,
    user: User,
    session: Session,
    helped_by: User | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """The member leaves the session (or what is still to come of the series):
    their seat, their offered seat, or their place in the waiting list. A seat
    can be given back until CANCELLATION_CLOSES before the start; the freed
    seat goes to the first person waiting. Returns how many sessions it left."""
    now = now or timezone.now()
    workshop = session.workshop
    _check_helper(user=user, workshop=workshop, helped_by=helped_by)
    unit = unit_of(session, now=now, lock=True)
    mine = Registration.objects.filter(session__in=unit, user=user, state__in=LIVE)
    states = set(mine.values_list("state", flat=True))
    if not states:
        raise ValidationError(_("You are not registered for this."), code="none")
    if State.REGISTERED in states and unit[0].starts_at - now < CANCELLATION_CLOSES:
        raise ValidationError(
            _("It is too late to cancel online: tell the organisers."),
            code="too_late",
        )
    left = mine.update(state=State.CANCELLED, offered_until=None, updated_at=now)
    if helped_by is not None:
        neighbourhood_services.record_assisted_action(
            helper=helped_by,
            resident=user,
            neighbourhood=workshop.neighbourhood,
            what="journal.workshop_cancelled",
            params={"title": workshop.title},
        )
    if states & {State.REGISTERED, State.OFFERED}:
        promote(unit=unit, now=now)
    return left


def promote(*, unit: list[Session], now: datetime.datetime) -> list[User]:
    """While every session of the unit has a free seat, offer it to the first
    person waiting, who is told at once and has until a deadline (OFFER_TIME,
    never beyond the start) to confirm. The caller holds the unit's lock."""
    promoted = []
    if not unit:
        return promoted
    first = unit[0]
    deadline = min(now + OFFER_TIME, first.starts_at)
    while _has_room(unit):
        waiting = (
            Registration.objects.filter(session=first, state=State.WAITING)
            .select_related("user", "session__workshop__neighbourhood")
            .order_by("waiting_since", "pk")
            .first()
        )
        if waiting is None:
            break
        Registration.objects.filter(
            session__in=unit, user=waiting.user_id, state=State.WAITING
        ).update(state=State.OFFERED, offered_until=deadline, updated_at=now)
        promoted.append(waiting.user)
        title = first.workshop.title
        notify_on_commit(
            users=[waiting.user],
            message="workshop.seat_offered",
            params={
                "title": title,
                "when": texts.date(first.starts_at),
                "deadline": texts.date(deadline),
            },
            url=first.get_absolute_url(),
            key=f"workshop-offer:{first.pk}:{int(now.timestamp())}",
        )
    return promoted


@transaction.atomic
def confirm_offer(
    *,
    user: User,
    session: Session,
    helped_by: User | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """The member takes the seat offered to them, before its deadline. To give
    it on instead, they cancel (cancel_registration)."""
    now = now or timezone.now()
    _check_helper(user=user, workshop=session.workshop, helped_by=helped_by)
    unit = unit_of(session, now=now, lock=True)
    offered = Registration.objects.filter(
        session__in=unit, user=user, state=State.OFFERED, offered_until__gt=now
    )
    taken = offered.update(
        state=State.REGISTERED, offered_until=None, seated_at=now, updated_at=now
    )
    if not taken:
        raise ValidationError(
            _("There is no seat waiting for your answer."), code="no_offer"
        )
    return taken


@transaction.atomic
def expire_offers(*, now: datetime.datetime | None = None) -> int:
    """Offers not confirmed by their deadline lapse: the member is told and
    the seat goes to the next person waiting. Run every few minutes. Returns
    how many members' offers lapsed."""
    now = now or timezone.now()
    lapsed = list(
        Registration.objects.filter(state=State.OFFERED, offered_until__lte=now)
        .select_related("user", "session__workshop__neighbourhood")
        .order_by("session__starts_at", "pk")
    )
    done, sessions = set(), {}
    for registration in lapsed:
        workshop = registration.session.workshop
        Registration.objects.filter(pk=registration.pk, state=State.OFFERED).update(
            state=State.CANCELLED, offered_until=None, updated_at=now
        )
        sessions[registration.session_id] = registration.session
        if (registration.user_id, workshop.pk) in done:
            continue
        done.add((registration.user_id, workshop.pk))
        title = workshop.title
        notify_on_commit(
            users=[registration.user],
            message="workshop.offer_lapsed",
            params={"title": title},
            url=workshop.get_absolute_url(),
            key=f"workshop-lapsed:{registration.pk}:{int(now.timestamp())}",
        )
    units = {}
    for session in sessions.values():
        unit = unit_of(session, now=now, lock=True)
        if unit:
            units[tuple(s.pk for s in unit)] = unit
    for unit in units.values():
        promote(unit=unit, now=now)
    return len(done)


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone holding a seat of their sessions of tomorrow (local
    date). Safe to run several times a day: each member is reminded once per
    session. Returns how many sessions were reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    sessions = (
        Session.objects.filter(
            cancelled_at__isnull=True,
            starts_at__date=tomorrow,
            workshop__status=Workshop.Status.APPROVED,
        )
        .select_related("workshop__neighbourhood", "workshop__place")
        .prefetch_related("registrations__user")
    )
    count = 0
    with transaction.atomic():
        for session in sessions:
            users = [
                r.user
                for r in session.registrations.all()
                if r.state in (State.REGISTERED, State.OFFERED)
            ]
            if not users:
                continue
            count += 1
            title = session.workshop.title
            place = session.workshop.place.name if session.workshop.place else ""
            start = session.starts_at

            said = {"title": title, "when": texts.date(start)}

            notify_on_commit(
                users=users,
                message="workshop.reminder_at" if place else "workshop.reminder",
                params={**said, "place": place} if place else said,
                url=session.get_absolute_url(),
                key=f"workshop-reminder:{session.pk}",
            )
    return count


def registrations_open(session: Session, *, now=None) -> bool:
    now = now or timezone.now()
    return session.cancelled_at is None and bool(unit_of(session, now=now))
