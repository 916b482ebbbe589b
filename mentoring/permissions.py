"""Who may do what in mentoring, decided here and nowhere else; services
check these before they write and selectors filter with them before they read.

Every rule starts from the person's membership of the pair's neighbourhood
(neighbourhoods.permissions):

- take part in a pair (propose, accept, plan a meeting, write a log): members
  in good standing who may answer listings (active, charter accepted);
- propose a pair between two other members: the neighbourhood's moderators
  (its animateurs);
- approve a pair, record a guardian's consent, mark a member as needing care,
  follow the pairs, read the safety reports: the neighbourhood's moderators,
  never on a pair they are a side of;
- say "I am uncomfortable": each side of the pair, always, a suspended member
  too;
- see a pair: its two sides while they may see the neighbourhood, and its
  moderators.

The safeguards: a member under 18 takes part only once a guardian's consent
is recorded; a pair with a minor, or with a member the staff marked as needing
care, is always approved by a moderator; where the neighbourhood asks for the
first meeting at the centre, neither side sees the other's contact details
until that meeting is marked held.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from community.models import Profile
from neighbourhoods import permissions
from neighbourhoods.permissions import Capability, NotAllowed

from .models import CareMark, GuardianConsent, MentoringSettings, Pair


def settings_of(neighbourhood) -> MentoringSettings:
    """The neighbourhood's mentoring settings; the defaults when never set."""
    found = MentoringSettings.objects.filter(neighbourhood=neighbourhood).first()
    return found or MentoringSettings(neighbourhood=neighbourhood)


def is_minor(user) -> bool:
    profile = getattr(user, "profile", None)
    return profile is not None and profile.age_group == Profile.AgeGroup.UNDER_18


def has_guardian_consent(user, neighbourhood) -> bool:
    return GuardianConsent.objects.filter(
        member=user, neighbourhood=neighbourhood, withdrawn_at__isnull=True
    ).exists()


def needs_care(user, neighbourhood) -> bool:
    return CareMark.objects.filter(
        member=user, neighbourhood=neighbourhood, lifted_at__isnull=True
    ).exists()


def is_side(user, pair: Pair) -> bool:
    return user.is_authenticated and user.pk in pair.sides()


def may_staff(user, neighbourhood) -> bool:
    return permissions.can(user, Capability.MODERATE, neighbourhood)


def check_staff(user, neighbourhood) -> None:
    permissions.check(user, Capability.MODERATE, neighbourhood)


def may_take_part(user, neighbourhood) -> bool:
    return permissions.can(user, Capability.RESPOND, neighbourhood)


def check_take_part(user, neighbourhood) -> None:
    permissions.check(user, Capability.RESPOND, neighbourhood)


def check_propose(by, *, mentor, mentee, neighbourhood) -> None:
    """Either side proposes, or an animateur between two members; both sides
    may take part in the neighbourhood and are two people."""
    if by.pk not in (mentor.pk, mentee.pk):
        check_staff(by, neighbourhood)
    else:
        check_take_part(by, neighbourhood)
    if mentor.pk == mentee.pk:
        raise NotAllowed(_("A pair is made of two different people."))
    for side in (mentor, mentee):
        if not may_take_part(side, neighbourhood):
            raise NotAllowed(
                _("%(name)s cannot take part in a pair in this neighbourhood now.")
                % {"name": side.display_name}
            )


def check_accept(user, pair: Pair) -> None:
    """The side who has not accepted yet, while the pair is proposed."""
    check_take_part(user, pair.neighbourhood)
    waiting = []
    if pair.mentor_accepted_at is None:
        waiting.append(pair.mentor_id)
    if pair.mentee_accepted_at is None:
        waiting.append(pair.mentee_id)
    if pair.state != Pair.State.PROPOSED or user.pk not in waiting:
        raise NotAllowed(_("This pair is not waiting for your answer."))


def needs_approval(pair: Pair) -> bool:
    """A moderator approves the pair first: when the neighbourhood asks, and
    always for a minor or a member marked as needing care."""
    if settings_of(pair.neighbourhood).approval_required:
        return True
    return any(
        is_minor(side) or needs_care(side, pair.neighbourhood)
        for side in (pair.mentor, pair.mentee)
    )


def missing_consents(pair: Pair) -> list:
    """The sides under 18 whose guardian's consent is not recorded."""
    return [
        side
        for side in (pair.mentor, pair.mentee)
        if is_minor(side) and not has_guardian_consent(side, pair.neighbourhood)
    ]


def check_decide(user, pair: Pair) -> None:
    """A moderator of the neighbourhood who is not a side of the pair."""
    check_staff(user, pair.neighbourhood)
    if is_side(user, pair):
        raise NotAllowed(_("Another moderator approves a pair you are part of."))
    if pair.state != Pair.State.AWAITING_APPROVAL:
        raise NotAllowed(_("This pair is not waiting for an approval."))


def may_see_pair(user, pair: Pair) -> bool:
    if is_side(user, pair):
        return permissions.can(user, Capability.SEE, pair.neighbourhood)
    return may_staff(user, pair.neighbourhood)


def check_see_pair(user, pair: Pair) -> None:
    if not may_see_pair(user, pair):
        raise NotAllowed(_("You cannot see this pair."))


def check_act_in_pair(user, pair: Pair) -> None:
    """Plan a meeting, write a log, pause, end: a side in good standing (or a
    moderator for the meetings), while the pair lives."""
    if not is_side(user, pair):
        raise NotAllowed(_("Only the two members of the pair can do this."))
    check_take_part(user, pair.neighbourhood)


def check_live(pair: Pair, *states) -> None:
    if pair.state not in (states or Pair.LIVE):
        raise NotAllowed(
            _("This pair is %(state)s: this cannot be done now.")
            % {"state": pair.get_state_display().lower()}
        )


def check_resume(user, pair: Pair) -> None:
    """A side resumes a paused pair, unless a safety report on it is still
    open: then only a moderator, once it is handled."""
    check_live(pair, Pair.State.PAUSED)
    if pair.safety_reports.filter(handled_at__isnull=True).exists():
        raise NotAllowed(
            _(
                "The moderators are looking at what was said: they will resume the "
                "pair if it is right."
            )
        )
    if may_staff(user, pair.neighbourhood) and not is_side(user, pair):
        return
    check_act_in_pair(user, pair)


def check_follow(user, neighbourhood) -> None:
    """The animateur's follow-up page, notes, consents, safety reports."""
    check_staff(user, neighbourhood)


def check_mark_held(user, pair: Pair) -> None:
    """A side, or a moderator of the neighbourhood (the animateur who saw the
    meeting at the centre)."""
    if not may_staff(user, pair.neighbourhood):
        check_act_in_pair(user, pair)


def check_say_uncomfortable(user, pair: Pair) -> None:
    """Each side, always, whatever its standing in the neighbourhood."""
    if not is_side(user, pair):
        raise NotAllowed(_("Only the two members of the pair can do this."))


def check_hand_over(user, pair: Pair, *, new_mentor) -> None:
    """The mentor or a moderator hands the mentee over to another mentor who
    may take part."""
    if user.pk != pair.mentor_id:
        check_staff(user, pair.neighbourhood)
    else:
        check_take_part(user, pair.neighbourhood)
    check_live(pair)
    if new_mentor.pk in pair.sides():
        raise NotAllowed(_("Choose another mentor."))
    if not may_take_part(new_mentor, pair.neighbourhood):
        raise NotAllowed(
            _("%(name)s cannot take part in a pair in this neighbourhood now.")
            % {"name": new_mentor.display_name}
        )


def first_meeting_held(pair: Pair) -> bool:
    return pair.meetings.filter(
        held_at__isnull=False,
        place__neighbourhood=pair.neighbourhood,
        animateur_present__isnull=False,
    ).exists()


def may_see_contacts(user, pair: Pair) -> bool:
    """The contact details beyond the chat: the sides, once the first meeting
    was held at the centre where the neighbourhood asks for it."""
    if not may_see_pair(user, pair):
        return False
    if not settings_of(pair.neighbourhood).first_meeting_at_centre:
        return True
    return first_meeting_held(pair)


def pairs_filter(user) -> Q:
    """The pairs `user` may see, as a filter on Pair: the rule of
    may_see_pair, in the database."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    seen = permissions.neighbourhoods_allowing(user, Capability.SEE)
    managed = permissions.neighbourhoods_allowing(user, Capability.MODERATE)
    return Q(neighbourhood__in=managed) | (
        Q(neighbourhood__in=seen) & (Q(mentor=user) | Q(mentee=user))
    )


def check_issue_attestation(user, *, member, neighbourhood) -> None:
    """A member asks for their own attestation of a neighbourhood they belong
    to (a suspended member too: it attests the past); the neighbourhood's
    moderators issue one for a member at the desk."""
    if user.is_authenticated and user.pk == member.pk:
        permissions.check(user, Capability.SEE, neighbourhood)
        return
    check_staff(user, neighbourhood)
    if not permissions.can(member, Capability.SEE, neighbourhood):
        raise NotAllowed(_("This person is not a member of the neighbourhood."))


def may_see_attestation(user, attestation) -> bool:
    """Its holder, and the moderators of its neighbourhood (anyone may check
    its code on the verification page)."""
    if user.is_authenticated and user.pk == attestation.member_id:
        return True
    return may_staff(user, attestation.neighbourhood)
