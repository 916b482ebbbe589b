"""Workshops and their sessions: proposed by a member or created by a
moderator, approved, given sessions (one date, a weekly series, drop-in slots),
and a session cancelled or moved with everyone registered told."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from exchanges.models import Category
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry, Neighbourhood
from notifications import texts

from .. import permissions
from ..models import (
    MAX_CAPACITY,
    MAX_SESSIONS,
    TITLE_MAX_LENGTH,
    Place,
    Registration,
    Session,
    Workshop,
)
from ._common import notify_on_commit

WORKSHOP_FIELDS = (
    "title",
    "description",
    "category",
    "level",
    "place",
    "audience",
    "accessibility_notes",
    "price",
    "registration",
    "organisers",
)
# Who is told when a session is cancelled or moved.
CONCERNED = (
    Registration.State.REGISTERED,
    Registration.State.OFFERED,
    Registration.State.WAITING,
)


def _validate(workshop: Workshop) -> None:
    errors = {}
    workshop.title = workshop.title.strip()
    if not workshop.title or len(workshop.title) > TITLE_MAX_LENGTH:
        errors["title"] = _("Give the workshop a title.")
    category = workshop.category
    if category.neighbourhood_id not in (None, workshop.neighbourhood_id):
        errors["category"] = _("Choose a category of this neighbourhood.")
    place = workshop.place
    if place is not None and place.neighbourhood_id != workshop.neighbourhood_id:
        errors["place"] = _("Choose a place of this neighbourhood.")
    if workshop.price is not None and Decimal(workshop.price) < 0:
        errors["price"] = _("A price cannot be negative.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_workshop(
    *,
    by: User,
    neighbourhood: Neighbourhood,
    title: str,
    category: Category,
    description: str = "",
    level: str = Workshop.Level.DISCOVERY,
    place: Place | None = None,
    audience: str = Workshop.Audience.EVERYONE,
    accessibility_notes: str = "",
    price: Decimal | None = None,
    registration: str = Workshop.Registration.SESSION,
    organisers=(),
) -> Workshop:
    """A workshop run by `by` (and the other `organisers`, members of the
    neighbourhood). A moderator's workshop is approved at once; a member's is a
    proposal that a moderator approves before anyone else sees it."""
    manager = permissions.may_manage(by, neighbourhood)
    if not manager:
        permissions.check_propose(by, neighbourhood)
    workshop = Workshop(
        neighbourhood=neighbourhood,
        title=title,
        category=category,
        description=description.strip(),
        level=level,
        place=place,
        audience=audience,
        accessibility_notes=accessibility_notes.strip(),
        price=price,
        registration=registration,
        proposed_by=by,
        status=Workshop.Status.APPROVED if manager else Workshop.Status.PROPOSED,
        decided_by=by if manager else None,
        decided_at=timezone.now() if manager else None,
    )
    _validate(workshop)
    others = _check_organisers(organisers, neighbourhood, but=by)
    workshop.save()
    workshop.organisers.add(by, *others)
    return workshop


def _check_organisers(organisers, neighbourhood: Neighbourhood, *, but: User | None):
    """The chosen organisers other than `but`, each a member who may organise
    in the neighbourhood (ValidationError otherwise)."""
    others = [person for person in organisers if but is None or person.pk != but.pk]
    for person in others:
        if not permissions.may_organise(person, neighbourhood):
            raise ValidationError(
                {
                    "organisers": _(
                        "Every organiser must be an active member of the neighbourhood."
                    )
                }
            )
    return others


@transaction.atomic
def update_workshop(*, by: User, workshop: Workshop, **values) -> Workshop:
    """Change what a workshop says about itself, and who runs it with its
    proposer (`organisers`). Its organisers and the moderators; a series
    keeps its way of registering once anyone registered."""
    permissions.check_run(by, workshop)
    unknown = set(values) - set(WORKSHOP_FIELDS)
    assert not unknown, unknown
    if (
        "registration" in values
        and values["registration"] != workshop.registration
        and Registration.objects.filter(session__workshop=workshop).exists()
    ):
        raise ValidationError(
            {"registration": _("Members have registered: this cannot change now.")}
        )
    organisers = values.pop("organisers", None)
    for field, value in values.items():
        setattr(workshop, field, value.strip() if isinstance(value, str) else value)
    _validate(workshop)
    workshop.save()
    if organisers is not None:
        # Who proposed the workshop stays one of its organisers (unless their
        # account is gone).
        proposer = workshop.proposed_by
        others = _check_organisers(organisers, workshop.neighbourhood, but=proposer)
        workshop.organisers.set([proposer, *others] if proposer else others)
    return workshop


@transaction.atomic
def decide_workshop(*, moderator: User, workshop: Workshop, approve: bool) -> Workshop:
    """A moderator approves a member's proposal (it appears on the agenda) or
    declines it; the proposer is told, the journal keeps it."""
    permissions.check_manage(moderator, workshop.neighbourhood)
    if workshop.status != Workshop.Status.PROPOSED:
        raise ValidationError(
            _("This workshop has already been decided."), code="decided"
        )
    workshop.status = Workshop.Status.APPROVED if approve else Workshop.Status.DECLINED
    workshop.decided_by = moderator
    workshop.decided_at = timezone.now()
    workshop.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    neighbourhood_services.write_journal(
        neighbourhood=workshop.neighbourhood,
        actor=moderator,
        subject=workshop.proposed_by,
        action=(
            JournalEntry.Action.WORKSHOP_APPROVED
            if approve
            else JournalEntry.Action.WORKSHOP_DECLINED
        ),
        details=workshop.title,
    )
    title = workshop.title
    notify_on_commit(
        users=[workshop.proposed_by],
        message="workshop.approved" if approve else "workshop.declined",
        params={"title": title},
        url=workshop.get_absolute_url(),
        key=f"workshop-decided:{workshop.pk}",
    )
    return workshop


def weekly(first: datetime.datetime, count: int) -> list[datetime.datetime]:
    """`count` starts a week apart at the same local time (across a change of
    summer time)."""
    local = timezone.localtime(first)
    naive = local.replace(tzinfo=None)
    zone = timezone.get_current_timezone()
    return [
        timezone.make_aware(naive + datetime.timedelta(weeks=week), zone)
        for week in range(count)
    ]


@transaction.atomic
def add_sessions(
    *,
    by: User,
    workshop: Workshop,
    starts: list[datetime.datetime],
    duration: datetime.timedelta,
    capacity: int,
) -> list[Session]:
    """Sessions of the workshop at these starts, each of `duration` with
    `capacity` seats: one date, a series (see `weekly`), or drop-in slots. A
    series registered as a whole gains no session once members registered."""
    permissions.check_run(by, workshop)
    now = timezone.now()
    errors = {}
    if not starts or len(starts) > MAX_SESSIONS:
        errors["starts"] = _("Give between 1 and %(max)s sessions.") % {
            "max": MAX_SESSIONS
        }
    elif min(starts) <= now:
        errors["starts"] = _("A session must start in the future.")
    if not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = _("Give between 1 and %(max)s seats.") % {
            "max": MAX_CAPACITY
        }
    if duration <= datetime.timedelta(0) or duration > datetime.timedelta(hours=12):
        errors["duration"] = _("A session lasts between a few minutes and 12 hours.")
    if (
        workshop.is_series
        and Registration.objects.filter(session__workshop=workshop).exists()
    ):
        errors["starts"] = _(
            "Members have registered for the whole series: it cannot gain sessions."
        )
    if errors:
        raise ValidationError(errors)
    return Session.objects.bulk_create(
        Session(
            workshop=workshop,
            starts_at=start,
            ends_at=start + duration,
            capacity=capacity,
        )
        for start in sorted(starts)
    )


def _concerned(session: Session) -> list[User]:
    return [
        registration.user
        for registration in session.registrations.filter(
            state__in=CONCERNED
        ).select_related("user")
    ]


@transaction.atomic
def cancel_session(*, by: User, session: Session, reason: str = "") -> Session:
    """Cancel a session that has not happened: everyone registered, offered a
    seat or waiting is told at once; the journal keeps it."""
    workshop = session.workshop
    permissions.check_run(by, workshop)
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is already cancelled."), code="done")
    if session.starts_at <= timezone.now():
        raise ValidationError(_("This session has already started."), code="past")
    session.cancelled_at = timezone.now()
    session.save(update_fields=["cancelled_at", "updated_at"])
    title, start, reason = workshop.title, session.starts_at, reason.strip()
    neighbourhood_services.write_journal(
        neighbourhood=workshop.neighbourhood,
        actor=by,
        action=JournalEntry.Action.SESSION_CANCELLED,
        details=f"{title} · {start.isoformat()} · {reason}",
    )

    notify_on_commit(
        users=_concerned(session),
        message="workshop.cancelled_because" if reason else "workshop.cancelled",
        params={"title": title, "when": texts.date(start), "reason": reason},
        url=session.get_absolute_url(),
        key=f"session-cancelled:{session.pk}",
    )
    return session


@transaction.atomic
def move_session(
    *,
    by: User,
    session: Session,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
) -> Session:
    """Move a session that has not happened to another time: everyone
    registered, offered a seat or waiting is told; the journal keeps it."""
    workshop = session.workshop
    permissions.check_run(by, workshop)
    now = timezone.now()
    if session.cancelled_at is not None or session.starts_at <= now:
        raise ValidationError(_("This session can no longer be moved."), code="past")
    if starts_at <= now:
        raise ValidationError({"starts_at": _("A session must start in the future.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    before = session.starts_at
    session.starts_at, session.ends_at = starts_at, ends_at
    session.save(update_fields=["starts_at", "ends_at", "updated_at"])
    neighbourhood_services.write_journal(
        neighbourhood=workshop.neighbourhood,
        actor=by,
        action=JournalEntry.Action.SESSION_MOVED,
        details=f"{workshop.title} · {before.isoformat()} → {starts_at.isoformat()}",
    )
    title = workshop.title
    notify_on_commit(
        users=_concerned(session),
        message="workshop.moved",
        params={
            "title": title,
            "before": texts.date(before),
            "when": texts.date(starts_at),
        },
        url=session.get_absolute_url(),
        key=f"session-moved:{session.pk}:{int(starts_at.timestamp())}",
    )
    return session
