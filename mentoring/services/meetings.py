"""A pair's meetings: planned, marked as held (at the centre with an
animateur, for the first one where the neighbourhood asks), and what each
side wrote after."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from workshops.models import Place

from .. import permissions
from ..models import MAX_DURATION, TEXT_MAX_LENGTH, Log, Meeting, Pair
from ._common import pair_url, tell_on_commit
from .pairs import _check_length


@transaction.atomic
def plan_meeting(
    *,
    by: User,
    pair: Pair,
    starts_at: datetime.datetime,
    duration: datetime.timedelta,
    place: Place | None = None,
) -> Meeting:
    """A side plans a meeting of an active pair (or writes down one already
    held: the date may be past); the other side is told."""
    permissions.check_act_in_pair(by, pair)
    permissions.check_live(pair, Pair.State.ACTIVE)
    if not datetime.timedelta(0) < duration <= MAX_DURATION:
        raise ValidationError(
            {"duration": _("A meeting lasts between a few minutes and 8 hours.")},
            code="duration",
        )
    if place is not None and place.neighbourhood_id != pair.neighbourhood_id:
        raise ValidationError(
            {"place": _("Choose a place of the neighbourhood.")}, code="place"
        )
    meeting = Meeting.objects.create(
        pair=pair, starts_at=starts_at, duration=duration, place=place, planned_by=by
    )
    tell_on_commit(
        users=[pair.other_side(by)],
        message="mentoring.meeting_planned",
        params={"name": str(by.display_name)},
        url=pair_url(pair),
        key=f"meeting:{meeting.pk}:planned",
    )
    return meeting


@transaction.atomic
def mark_held(
    *, by: User, meeting: Meeting, during_opening_hours: bool = False
) -> Meeting:
    """A side, or a moderator of the neighbourhood, marks a meeting that has
    begun as held; a moderator marking a meeting at one of the
    neighbourhood's places, and saying it was during the place's opening
    hours, is noted as the animateur present (what "first meeting at the
    centre" asks)."""
    pair = meeting.pair
    permissions.check_mark_held(by, pair)
    permissions.check_live(pair)
    if meeting.held_at is not None:
        raise ValidationError(_("This meeting is already marked as held."))
    now = timezone.now()
    if meeting.starts_at > now:
        raise ValidationError(
            _("A meeting is marked as held once it has begun."), code="future"
        )
    meeting.held_at = now
    fields = ["held_at"]
    at_a_place = (
        meeting.place is not None
        and meeting.place.neighbourhood_id == pair.neighbourhood_id
    )
    if (
        at_a_place
        and during_opening_hours
        and permissions.may_staff(by, pair.neighbourhood)
    ):
        meeting.animateur_present = by
        fields.append("animateur_present")
    meeting.save(update_fields=fields)
    return meeting


@transaction.atomic
def write_log(*, by: User, meeting: Meeting, done: str, learnt: str = "") -> Log:
    """A side writes, once per meeting held, what was done and what they
    learnt."""
    pair = meeting.pair
    permissions.check_act_in_pair(by, pair)
    if meeting.held_at is None:
        raise ValidationError(
            _("Mark the meeting as held before you write about it."), code="not_held"
        )
    done, learnt = done.strip(), learnt.strip()
    if not done:
        raise ValidationError({"done": _("Say what you did.")}, code="required")
    _check_length("done", done, TEXT_MAX_LENGTH)
    _check_length("learnt", learnt, TEXT_MAX_LENGTH)
    if Log.objects.filter(meeting=meeting, author=by).exists():
        raise ValidationError(
            _("You have already written about this meeting."), code="duplicate"
        )
    return Log.objects.create(meeting=meeting, author=by, done=done, learnt=learnt)
