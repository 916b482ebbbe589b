"""A pair's life: proposed, accepted by the other side, waiting for a
guardian's consent or a moderator's approval, active, paused, ended or handed
over to another mentor."""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community.models import User
from neighbourhoods.models import JournalEntry, Neighbourhood
from neighbourhoods.services import write_journal

from .. import permissions
from ..models import CONTACT_MAX_LENGTH, PURPOSE_MAX_LENGTH, TEXT_MAX_LENGTH, Pair
from ._common import pair_url, staff_of, tell_on_commit

State = Pair.State


def _check_length(field: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("At most %(max)d characters, please (this has %(n)d).")
                % {"max": limit, "n": len(text)}
            },
            code="too_long",
        )


@transaction.atomic
def propose_pair(
    *,
    by: User,
    mentor: User,
    mentee: User,
    neighbourhood: Neighbourhood,
    purpose: str,
    why: Sequence = (),
) -> Pair:
    """`by` (a side, or an animateur between two members) proposes a pair;
    the proposer's side has accepted, the other side is asked, told `why`
    when the proposal comes from a suggestion (reasons that speak to them,
    translated in their language when they are lazy)."""
    permissions.check_propose(
        by, mentor=mentor, mentee=mentee, neighbourhood=neighbourhood
    )
    purpose = purpose.strip()
    if not purpose:
        raise ValidationError(
            {"purpose": _("Say what the pair is for.")}, code="required"
        )
    _check_length("purpose", purpose, PURPOSE_MAX_LENGTH)
    if community_selectors.is_blocked_between(one=mentor, other=mentee):
        raise ValidationError(
            _("These two members cannot be put in a pair."), code="blocked"
        )
    if Pair.objects.filter(
        mentor=mentor, mentee=mentee, neighbourhood=neighbourhood, state__in=Pair.OPEN
    ).exists():
        raise ValidationError(
            _("These two members already have a pair under way."), code="duplicate"
        )
    now = timezone.now()
    pair = Pair.objects.create(
        neighbourhood=neighbourhood,
        mentor=mentor,
        mentee=mentee,
        purpose=purpose,
        proposed_by=by,
        mentor_accepted_at=now if by.pk == mentor.pk else None,
        mentee_accepted_at=now if by.pk == mentee.pk else None,
    )
    if by.pk not in pair.sides():
        write_journal(
            neighbourhood=neighbourhood,
            actor=by,
            subject=mentee,
            action=JournalEntry.Action.PAIR_PROPOSED,
            details=purpose,
        )
    asked = [side for side in (mentor, mentee) if side.pk != by.pk]
    tell_on_commit(
        users=asked,
        **_proposal(by, purpose, why),
        url=pair_url(pair),
        key=f"pair:{pair.pk}:proposed",
    )
    return pair


def _proposal(by: User, purpose: str, why: Sequence) -> dict:
    """The proposal's message: why the two fit is said in the site's language
    (the words of the matching); the rest in each reader's."""
    params = {"name": str(by.display_name), "purpose": purpose}
    if not why:
        return {"message": "mentoring.proposed", "params": params}
    with translation.override(settings.LANGUAGE_CODE):
        reasons = " · ".join(str(reason) for reason in why)
    return {
        "message": "mentoring.proposed_because",
        "params": {**params, "why": reasons},
    }


def _advance(pair: Pair) -> Pair:
    """Once both sides accepted: wait for a guardian's consent, then for a
    moderator's approval when needed, then start."""
    if permissions.missing_consents(pair):
        pair.state = State.ACCEPTED
    elif permissions.needs_approval(pair) and pair.approved_at is None:
        pair.state = State.AWAITING_APPROVAL
        tell_on_commit(
            users=staff_of(pair.neighbourhood, besides=pair.sides()),
            message="mentoring.to_approve",
            params={"purpose": pair.purpose},
            url=pair_url(pair),
            key=f"pair:{pair.pk}:to_approve",
        )
    else:
        _start(pair)
        return pair
    pair.save(update_fields=["state", "updated_at"])
    return pair


def _start(pair: Pair) -> None:
    pair.state = State.ACTIVE
    pair.started_at = timezone.now()
    pair.save(update_fields=["state", "started_at", "updated_at"])
    tell_on_commit(
        users=[pair.mentor, pair.mentee],
        message="mentoring.started",
        params={"purpose": pair.purpose},
        url=pair_url(pair),
        key=f"pair:{pair.pk}:started",
    )


@transaction.atomic
def accept_pair(*, by: User, pair: Pair) -> Pair:
    """The side asked accepts; when both have, the pair moves on."""
    permissions.check_accept(by, pair)
    now = timezone.now()
    if by.pk == pair.mentor_id:
        pair.mentor_accepted_at = now
    else:
        pair.mentee_accepted_at = now
    pair.save(update_fields=["mentor_accepted_at", "mentee_accepted_at", "updated_at"])
    if pair.mentor_accepted_at and pair.mentee_accepted_at:
        _advance(pair)
    return pair


def advance_waiting_pairs(*, member: User, neighbourhood: Neighbourhood) -> None:
    """The pairs of `member` that waited for their guardian's consent move on
    (called once it is recorded, in the same transaction)."""
    waiting = Pair.objects.filter(
        neighbourhood=neighbourhood, state=State.ACCEPTED
    ).select_related("mentor__profile", "mentee__profile", "neighbourhood")
    for pair in waiting:
        if member.pk in pair.sides():
            _advance(pair)


@transaction.atomic
def decline_pair(*, by: User, pair: Pair) -> Pair:
    """Either side says no while the pair has not started."""
    if not permissions.is_side(by, pair):
        permissions.check_decide(by, pair)
    permissions.check_live(
        pair, State.PROPOSED, State.ACCEPTED, State.AWAITING_APPROVAL
    )
    pair.state = State.DECLINED
    pair.ended_at = timezone.now()
    pair.save(update_fields=["state", "ended_at", "updated_at"])
    tell_on_commit(
        users=[side for side in (pair.mentor, pair.mentee) if side.pk != by.pk],
        message="mentoring.declined",
        params={"purpose": pair.purpose},
        url=pair_url(pair),
        key=f"pair:{pair.pk}:declined",
    )
    return pair


@transaction.atomic
def decide_pair(*, by: User, pair: Pair, approve: bool) -> Pair:
    """A moderator (not a side) approves the pair, which starts, or declines
    it; written in the journal."""
    permissions.check_decide(by, pair)
    if approve:
        pair.approved_by = by
        pair.approved_at = timezone.now()
        pair.save(update_fields=["approved_by", "approved_at", "updated_at"])
        _start(pair)
    else:
        pair.state = State.DECLINED
        pair.ended_at = timezone.now()
        pair.save(update_fields=["state", "ended_at", "updated_at"])
        tell_on_commit(
            users=[pair.mentor, pair.mentee],
            message="mentoring.not_approved",
            params={"purpose": pair.purpose},
            url=pair_url(pair),
            key=f"pair:{pair.pk}:declined",
        )
    write_journal(
        neighbourhood=pair.neighbourhood,
        actor=by,
        subject=pair.mentee,
        action=JournalEntry.Action.PAIR_APPROVED
        if approve
        else JournalEntry.Action.PAIR_DECLINED,
        details=pair.purpose,
    )
    return pair


@transaction.atomic
def pause_pair(*, by: User, pair: Pair) -> Pair:
    permissions.check_act_in_pair(by, pair)
    permissions.check_live(pair, State.ACTIVE)
    pair.state = State.PAUSED
    pair.save(update_fields=["state", "updated_at"])
    return pair


@transaction.atomic
def resume_pair(*, by: User, pair: Pair) -> Pair:
    """A side resumes a paused pair; after a safety report, only a moderator,
    once it is handled."""
    permissions.check_resume(by, pair)
    pair.state = State.ACTIVE
    pair.save(update_fields=["state", "updated_at"])
    return pair


@transaction.atomic
def end_pair(*, by: User, pair: Pair, closing_word: str = "", thanks: bool) -> Pair:
    """A side ends the pair, with a closing word and a thank-you if they
    like; the other side is told."""
    permissions.check_act_in_pair(by, pair)
    permissions.check_live(pair)
    closing_word = closing_word.strip()
    _check_length("closing_word", closing_word, TEXT_MAX_LENGTH)
    pair.state = State.ENDED
    pair.ended_at = timezone.now()
    pair.closing_word = closing_word
    pair.thanked = thanks
    pair.save(
        update_fields=["state", "ended_at", "closing_word", "thanked", "updated_at"]
    )
    other = pair.other_side(by)
    names = {"name": str(by.display_name)}
    tell_on_commit(
        users=[other],
        message="mentoring.ended_thanks" if thanks else "mentoring.ended",
        params=names,
        url=pair_url(pair),
        key=f"pair:{pair.pk}:ended",
    )
    return pair


@transaction.atomic
def hand_over(*, by: User, pair: Pair, new_mentor: User) -> Pair:
    """The mentor (or a moderator) hands the mentee over to another mentor:
    this pair ends as handed over, and a new one, the mentee having already
    accepted, asks the new mentor."""
    permissions.check_hand_over(by, pair, new_mentor=new_mentor)
    now = timezone.now()
    following = Pair.objects.create(
        neighbourhood=pair.neighbourhood,
        mentor=new_mentor,
        mentee=pair.mentee,
        purpose=pair.purpose,
        proposed_by=by,
        mentee_accepted_at=now,
    )
    pair.state = State.HANDED_OVER
    pair.ended_at = now
    pair.continued_by = following
    pair.save(update_fields=["state", "ended_at", "continued_by", "updated_at"])
    tell_on_commit(
        users=[new_mentor],
        message="mentoring.hand_over",
        params={"purpose": pair.purpose},
        url=pair_url(following),
        key=f"pair:{following.pk}:proposed",
    )
    return following


@transaction.atomic
def save_contact(*, by: User, pair: Pair, contact: str) -> Pair:
    """What a side shares beyond the chat (shown to the other only when the
    safeguards allow)."""
    permissions.check_act_in_pair(by, pair)
    contact = contact.strip()
    _check_length("contact", contact, CONTACT_MAX_LENGTH)
    field = "mentor_contact" if by.pk == pair.mentor_id else "mentee_contact"
    setattr(pair, field, contact)
    pair.save(update_fields=[field, "updated_at"])
    return pair


@transaction.atomic
def save_staff_note(*, by: User, pair: Pair, note: str, checked_in: bool) -> Pair:
    """The staff's private note on a pair, and a check-in done."""
    permissions.check_follow(by, pair.neighbourhood)
    pair.staff_note = note.strip()
    fields = ["staff_note", "updated_at"]
    if checked_in:
        pair.last_check_in_at = timezone.now()
        fields.append("last_check_in_at")
    pair.save(update_fields=fields)
    return pair
