"""After the start: the organiser ticks who came (adding walk-ins), and those
who came say how it was."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from neighbourhoods import permissions as neighbourhood_permissions
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry
from neighbourhoods.permissions import Capability

from .. import permissions
from ..models import (
    COMMENT_MAX_LENGTH,
    MAX_CAPACITY,
    Registration,
    Satisfaction,
    Session,
)
from ._common import notify_on_commit

State = Registration.State
# Attendance may be taken from this long before the start (people arrive).
ATTENDANCE_OPENS = datetime.timedelta(hours=1)
# Who is on the attendance sheet: those who held a seat.
ON_THE_SHEET = (State.REGISTERED, State.OFFERED, State.ATTENDED, State.NO_SHOW)


@transaction.atomic
def take_attendance(
    *,
    by: User,
    session: Session,
    present: set[int],
    walk_in_members=(),
    walk_ins: int = 0,
    now: datetime.datetime | None = None,
) -> Session:
    """Record who came: each member on the sheet is marked came (their id in
    `present`) or did not come; members who came without registering are added
    as walk-ins, and `walk_ins` counts people without an account. May be taken
    again to correct it. Organisers and moderators; the journal keeps it."""
    now = now or timezone.now()
    workshop = session.workshop
    permissions.check_run(by, workshop)
    if session.cancelled_at is not None:
        raise ValidationError(_("This session was cancelled."), code="cancelled")
    if session.starts_at - now > ATTENDANCE_OPENS:
        raise ValidationError(
            _("Attendance is taken when the session begins."), code="early"
        )
    if not 0 <= walk_ins <= MAX_CAPACITY:
        raise ValidationError({"walk_ins": _("Give a number of people.")})
    for member in walk_in_members:
        membership = neighbourhood_permissions.membership_of(
            member, workshop.neighbourhood
        )
        if not neighbourhood_permissions.allows(membership, Capability.SEE):
            raise ValidationError(
                {
                    "walk_in_members": _(
                        "A walk-in must be a member of the neighbourhood."
                    )
                }
            )
    sheet = session.registrations.filter(state__in=ON_THE_SHEET)
    sheet.filter(user__in=present).update(state=State.ATTENDED, updated_at=now)
    sheet.exclude(user__in=present).update(state=State.NO_SHOW, updated_at=now)
    for member in walk_in_members:
        Registration.objects.update_or_create(
            session=session,
            user=member,
            defaults={"state": State.ATTENDED, "walk_in": True, "seated_at": now},
        )
    first_time = session.attendance_taken_at is None
    session.walk_ins = walk_ins
    session.attendance_taken_at = now
    session.save(update_fields=["walk_ins", "attendance_taken_at", "updated_at"])
    came = session.registrations.filter(state=State.ATTENDED).count() + walk_ins
    neighbourhood_services.write_journal(
        neighbourhood=workshop.neighbourhood,
        actor=by,
        action=JournalEntry.Action.ATTENDANCE_TAKEN,
        details=_("%(title)s, %(date)s: %(count)s present")
        % {
            "title": workshop.title,
            "date": timezone.localdate(session.starts_at).isoformat(),
            "count": came,
        },
    )
    if first_time:
        _ask_how_it_was(session)
    return session


def _ask_how_it_was(session: Session) -> None:
    """The members who came are asked, once, how the session was."""
    title = session.workshop.title
    notify_on_commit(
        users=[
            r.user
            for r in session.registrations.filter(state=State.ATTENDED).select_related(
                "user"
            )
        ],
        message="workshop.satisfaction",
        params={"title": title},
        url=session.get_absolute_url(),
        key=f"workshop-satisfaction:{session.pk}",
    )


@transaction.atomic
def answer_satisfaction(
    *, user: User, session: Session, face: int, comment: str = ""
) -> Satisfaction:
    """A member who came says how the session was: one of three faces and, if
    they like, a sentence. They may change their answer."""
    came = session.registrations.filter(user=user, state=State.ATTENDED).exists()
    if not came:
        raise ValidationError(
            _("Only the people who came can answer."), code="not_attended"
        )
    if face not in Satisfaction.Face.values:
        raise ValidationError({"face": _("Choose a face.")})
    answer, _created = Satisfaction.objects.update_or_create(
        session=session,
        user=user,
        defaults={"face": face, "comment": comment.strip()[:COMMENT_MAX_LENGTH]},
    )
    return answer
