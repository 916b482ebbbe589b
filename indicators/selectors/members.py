"""The figures of members: how many belong, by role and age group, who
was active, who joined week by week."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from community.models import Profile
from exchanges.models import Listing, Response
from messaging.models import Conversation, Message
from neighbourhoods import permissions
from neighbourhoods.models import Membership
from neighbourhoods.permissions import Capability

from .period import Period


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int


def _joined_at():
    """When a person became a member: the approval, or the joining itself."""
    return Coalesce("decided_at", "created_at")


def members_by_role_and_age(ids, period: Period) -> tuple[list[Row], list[Row], int]:
    """Members by role and by age group, counted once each: everyone who
    belongs today (suspended included) and had joined by the end of the
    period. Age groups only for those who chose to show theirs."""
    members = (
        Membership.objects.filter(
            permissions.membership_filter(Capability.SEE),
            neighbourhood_id__in=ids,
        )
        .alias(joined_at=_joined_at())
        .filter(joined_at__lt=period.ends_at)
        .order_by()
    )
    roles = dict(
        members.values_list("role").annotate(people=Count("user_id", distinct=True))
    )
    by_role = [
        Row(key=role, label=str(label), value=roles.get(role, 0))
        for role, label in Membership.Role.choices
    ]
    ages: dict[str, int] = {}
    not_shared = 0
    for shown, group, people in members.values_list(
        "user__profile__show_age_group", "user__profile__age_group"
    ).annotate(people=Count("user_id", distinct=True)):
        if shown and group:
            ages[group] = ages.get(group, 0) + people
        else:
            not_shared += people
    by_age = [
        Row(key=group, label=str(label), value=ages.get(group, 0))
        for group, label in Profile.AgeGroup.choices
    ]
    return by_role, by_age, not_shared


def active_members(ids, period: Period) -> int:
    """Members who posted, answered or wrote to another member in these
    neighbourhoods during the period, each counted once. Each of the three
    lists of people is read from these neighbourhoods only (a small set the
    database hashes), never from the whole site."""
    posted = Listing.objects.filter(
        period.contains("created_at"), neighbourhood_id__in=ids
    ).values("author_id")
    answered = Response.objects.filter(
        period.contains("created_at"), listing__neighbourhood_id__in=ids
    ).values("responder_id")
    wrote = Message.objects.filter(
        period.contains("created_at"),
        conversation__neighbourhood_id__in=ids,
        conversation__kind=Conversation.Kind.DIRECT,
    ).values("author_id")
    return (
        Membership.objects.filter(neighbourhood_id__in=ids)
        .filter(Q(user_id__in=posted) | Q(user_id__in=answered) | Q(user_id__in=wrote))
        .aggregate(people=Count("user_id", distinct=True))["people"]
    )


def new_members(ids, period: Period) -> list[tuple[datetime.date, int]]:
    """People who became members, week by week (Monday to Sunday). The first
    and the last week may lie partly outside the period."""
    weeks = dict.fromkeys(period.weeks(), 0)
    joined = (
        Membership.objects.filter(neighbourhood_id__in=ids)
        .exclude(status__in=(Membership.Status.PENDING, Membership.Status.DECLINED))
        .alias(joined_at=_joined_at())
        .filter(period.contains("joined_at"))
        .annotate(week=TruncWeek("joined_at"))
        .order_by()
        .values_list("week")
        .annotate(count=Count("pk"))
    )
    for week, count in joined:
        if isinstance(week, datetime.datetime):
            week = timezone.localtime(week).date()
        weeks[week] = weeks.get(week, 0) + count
    return sorted(weeks.items())
