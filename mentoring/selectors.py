"""Reads for mentoring, filtered by mentoring.permissions in the query."""

import datetime

from django.db.models import F, Max, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from community.models import User
from neighbourhoods import permissions as neighbourhood_permissions
from neighbourhoods.models import Membership, Neighbourhood
from neighbourhoods.permissions import Capability
from workshops.models import Place

from . import permissions
from .models import (
    CHECK_IN_EVERY,
    Attestation,
    CareMark,
    GuardianConsent,
    Log,
    Meeting,
    Pair,
    SafetyReport,
)

_PEOPLE = ("mentor__profile", "mentee__profile", "neighbourhood")


def pairs_visible_to(*, user: User) -> QuerySet[Pair]:
    return Pair.objects.filter(permissions.pairs_filter(user)).select_related(*_PEOPLE)


def my_pairs(*, user: User) -> QuerySet[Pair]:
    """The pairs `user` is a side of, in neighbourhoods they may still see."""
    if not user.is_authenticated:
        return Pair.objects.none()
    seen = neighbourhood_permissions.neighbourhoods_allowing(user, Capability.SEE)
    return (
        Pair.objects.filter(Q(mentor=user) | Q(mentee=user), neighbourhood__in=seen)
        .select_related(*_PEOPLE)
        .order_by("-updated_at")
    )


def pair_for(*, user: User, pk: int) -> Pair:
    """The pair, or Pair.DoesNotExist when `user` may not see it."""
    return pairs_visible_to(user=user).get(pk=pk)


def meetings_of(*, pair: Pair) -> QuerySet[Meeting]:
    return (
        pair.meetings.select_related("place", "animateur_present__profile")
        .prefetch_related(
            Prefetch("logs", queryset=Log.objects.select_related("author__profile"))
        )
        .order_by("starts_at")
    )


def minutes_by_side(*, user: User) -> dict[str, float]:
    """Hours of held meetings: given as a mentor, received as a mentee."""
    held = Meeting.objects.filter(held_at__isnull=False)
    given = held.filter(pair__mentor=user).aggregate(total=Sum("duration"))["total"]
    received = held.filter(pair__mentee=user).aggregate(total=Sum("duration"))["total"]

    def hours(total):
        return (total or datetime.timedelta(0)).total_seconds() / 3600

    return {"given": hours(given), "received": hours(received)}


def places_for(*, pair: Pair):
    return Place.objects.filter(neighbourhood=pair.neighbourhood).order_by("name")


def follow_up(*, user: User, neighbourhood: Neighbourhood, now=None) -> dict:
    """The animateur's page: pairs to approve, pairs with no meeting held
    for a while, check-ins due (after the first meeting, then monthly), and
    the open safety reports, first. Raises NotAllowed for others."""
    permissions.check_follow(user, neighbourhood)
    return {
        "safety": safety_reports(user=user, neighbourhood=neighbourhood),
        **pairs_to_follow(neighbourhood=neighbourhood, now=now),
    }


def pairs_to_follow(*, neighbourhood: Neighbourhood, now=None) -> dict:
    """The pairs of the neighbourhood the staff should look at, by reason:
    for the follow-up page (which checks who asks) and the staff's weekly
    reminder."""
    now = now or timezone.now()
    quiet_after = datetime.timedelta(
        days=permissions.settings_of(neighbourhood).quiet_after_days
    )
    pairs = (
        Pair.objects.filter(neighbourhood=neighbourhood)
        .select_related(*_PEOPLE)
        .annotate(
            last_held=Max("meetings__held_at"),
            first_held=Min("meetings__held_at"),
        )
    )
    live = [pair for pair in pairs if pair.state in Pair.LIVE]
    quiet = [
        pair
        for pair in live
        if (pair.last_held or pair.started_at or pair.created_at) < now - quiet_after
    ]
    check_ins = [
        pair
        for pair in live
        if pair.first_held is not None
        and (
            pair.last_check_in_at is None
            or pair.last_check_in_at < pair.first_held
            or pair.last_check_in_at < now - CHECK_IN_EVERY
        )
    ]
    return {
        "to_approve": [
            pair for pair in pairs if pair.state == Pair.State.AWAITING_APPROVAL
        ],
        "waiting_consent": [
            pair for pair in pairs if pair.state == Pair.State.ACCEPTED
        ],
        "quiet": quiet,
        "check_ins": check_ins,
        "live": live,
    }


def safety_reports(*, user: User, neighbourhood: Neighbourhood):
    """Open reports first, the newest first; none for a non-moderator."""
    if not permissions.may_staff(user, neighbourhood):
        return SafetyReport.objects.none()
    return (
        SafetyReport.objects.filter(neighbourhood=neighbourhood)
        .exclude(pair__mentor=user)
        .exclude(pair__mentee=user)
        .select_related("reporter__profile", "pair__mentor__profile")
        .select_related("pair__mentee__profile", "handled_by__profile")
        .order_by(F("handled_at").asc(nulls_first=True), "-created_at")
    )


def staffed_neighbourhoods(*, user: User) -> QuerySet[Neighbourhood]:
    return neighbourhood_permissions.neighbourhoods_allowing(
        user, Capability.MODERATE
    ).order_by("name")


def members_for_pairs(*, neighbourhood: Neighbourhood) -> QuerySet[User]:
    """The members who may take part in a pair there, by pseudonym."""
    taking_part = Membership.objects.filter(
        neighbourhood_permissions.membership_filter(Capability.RESPOND),
        neighbourhood=neighbourhood,
    ).values("user_id")
    return (
        User.objects.filter(pk__in=taking_part)
        .select_related("profile")
        .order_by("profile__pseudonym")
    )


def minors_of(*, neighbourhood: Neighbourhood) -> QuerySet[User]:
    """The members under 18 of the neighbourhood (for the staff's desk)."""
    members = Membership.objects.filter(
        neighbourhood_permissions.membership_filter(Capability.SEE),
        neighbourhood=neighbourhood,
    ).values("user_id")
    return (
        User.objects.filter(pk__in=members, profile__age_group="under_18")
        .select_related("profile")
        .order_by("profile__pseudonym")
    )


def consents_and_marks(*, neighbourhood: Neighbourhood) -> dict:
    return {
        "consents": GuardianConsent.objects.filter(
            neighbourhood=neighbourhood, withdrawn_at__isnull=True
        )
        .select_related("member__profile", "recorded_by__profile")
        .order_by("-created_at"),
        "marks": CareMark.objects.filter(
            neighbourhood=neighbourhood, lifted_at__isnull=True
        )
        .select_related("member__profile", "marked_by__profile")
        .order_by("-created_at"),
    }


def neighbourhoods_to_pair_with(*, user: User, other: User) -> QuerySet[Neighbourhood]:
    """Where `user` may propose a pair with `other`: both may take part."""
    if not user.is_authenticated:
        return Neighbourhood.objects.none()
    theirs = neighbourhood_permissions.memberships_allowing(
        other, Capability.RESPOND
    ).values("neighbourhood_id")
    return (
        neighbourhood_permissions.neighbourhoods_allowing(user, Capability.RESPOND)
        .filter(pk__in=theirs)
        .order_by("name")
    )


def attestations_of(*, user: User) -> QuerySet:
    return Attestation.objects.filter(member=user).select_related("neighbourhood")


def attestation_by_code(*, code: str):
    """The attestation with this code (as typed: spaces and case forgiven),
    or None."""
    code = "".join(code.split()).upper()[:16]
    if not code:
        return None
    return (
        Attestation.objects.filter(code=code)
        .select_related("neighbourhood__organisation")
        .first()
    )


def neighbourhoods_of(*, user: User) -> QuerySet[Neighbourhood]:
    return neighbourhood_permissions.neighbourhoods_allowing(
        user, Capability.SEE
    ).order_by("name")


def pairs_with(*, user: User, others) -> list[Pair]:
    """The pairs under way or being set up between `user` and these people:
    a conversation between them offers "I am uncomfortable" for each."""
    ids = [other.pk for other in others]
    if not ids:
        return []
    return list(
        my_pairs(user=user).filter(
            Q(mentor_id__in=ids) | Q(mentee_id__in=ids), state__in=Pair.OPEN
        )
    )


def members_of_neighbourhood(*, neighbourhood: Neighbourhood) -> QuerySet[User]:
    """Everyone who is a member there (suspended members too)."""
    members = Membership.objects.filter(
        neighbourhood_permissions.membership_filter(Capability.SEE),
        neighbourhood=neighbourhood,
    ).values("user_id")
    return User.objects.filter(pk__in=members)
