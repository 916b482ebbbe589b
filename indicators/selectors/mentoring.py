"""The figures of mentoring: pairs started, under way and ended; meetings
held and their hours by the direction between generations (young to senior,
senior to young, other); the time from a pair's proposal to its first
meeting; the safety reports; the attestations issued.

An age group counts in a direction only when its owner shared it (shown on
the profile, or for suggestions). A fixed number of queries whatever the
number of pairs."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, Min, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from community.models import Profile
from mentoring.models import Attestation, Meeting, Pair, SafetyReport

from .period import Period

YOUNG = (Profile.AgeGroup.UNDER_18, Profile.AgeGroup.FROM_18_TO_25)
SENIOR = (Profile.AgeGroup.FROM_60,)
ENDED = (Pair.State.ENDED, Pair.State.HANDED_OVER)


@dataclass
class Direction:
    key: str
    label: str
    meetings: int = 0
    hours: float = 0.0


@dataclass
class MentoringFigures:
    pairs_started: int = 0
    pairs_active: int = 0
    pairs_ended: int = 0
    meetings_held: int = 0
    hours: float = 0.0
    directions: list[Direction] = field(default_factory=list)
    first_meeting_median: datetime.timedelta | None = None
    safety_reports: int = 0
    safety_reports_handled: int = 0
    attestations: int = 0
    attestations_by_kind: list[tuple[str, int]] = field(default_factory=list)

    @property
    def first_meeting_days(self) -> float | None:
        if self.first_meeting_median is None:
            return None
        return round(self.first_meeting_median.total_seconds() / 86400, 1)


def _shared(side: str, groups) -> Q:
    return Q(**{f"pair__{side}__profile__age_group__in": groups}) & (
        Q(**{f"pair__{side}__profile__show_age_group": True})
        | Q(**{f"pair__{side}__profile__age_group_for_matching": True})
    )


def _hours(delta) -> float:
    return round((delta or datetime.timedelta(0)).total_seconds() / 3600, 1)


def mentoring_figures(ids, period: Period) -> MentoringFigures:
    pairs = Pair.objects.filter(neighbourhood_id__in=ids).order_by()
    counts = pairs.aggregate(
        started=Count("pk", filter=period.contains("started_at")),
        active=Count(
            "pk",
            filter=Q(started_at__lt=period.ends_at)
            & (Q(ended_at__isnull=True) | Q(ended_at__gte=period.starts_at)),
        ),
        ended=Count("pk", filter=period.contains("ended_at") & Q(state__in=ENDED)),
    )
    held = Meeting.objects.filter(
        period.contains("starts_at"),
        pair__neighbourhood_id__in=ids,
        held_at__isnull=False,
    ).order_by()
    zero = Value(datetime.timedelta(0), output_field=DurationField())
    young_senior = _shared("mentor", YOUNG) & _shared("mentee", SENIOR)
    senior_young = _shared("mentor", SENIOR) & _shared("mentee", YOUNG)
    other = ~(young_senior | senior_young)
    by = held.aggregate(
        **{
            f"{key}_{what}": aggregate
            for key, q in (
                ("young", young_senior),
                ("senior", senior_young),
                ("other", other),
            )
            for what, aggregate in (
                ("n", Count("pk", filter=q)),
                ("d", Coalesce(Sum("duration", filter=q), zero)),
            )
        }
    )
    directions = [
        Direction(
            key=key,
            label=label,
            meetings=by[f"{key}_n"],
            hours=_hours(by[f"{key}_d"]),
        )
        for key, label in (
            ("young", _("Young (under 26) to senior (60+)")),
            ("senior", _("Senior (60+) to young (under 26)")),
            ("other", _("Other, or age not shared")),
        )
    ]
    firsts = (
        pairs.annotate(
            first=Min("meetings__starts_at", filter=Q(meetings__held_at__isnull=False))
        )
        .filter(first__gte=period.starts_at, first__lt=period.ends_at)
        .values_list("created_at", "first")
    )
    waits = [max(first - created, datetime.timedelta(0)) for created, first in firsts]
    reports = SafetyReport.objects.filter(
        period.contains("created_at"), neighbourhood_id__in=ids
    ).aggregate(
        total=Count("pk"), handled=Count("pk", filter=Q(handled_at__isnull=False))
    )
    issued = dict(
        Attestation.objects.filter(
            period.contains("issued_at"), neighbourhood_id__in=ids
        )
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return MentoringFigures(
        pairs_started=counts["started"],
        pairs_active=counts["active"],
        pairs_ended=counts["ended"],
        meetings_held=sum(d.meetings for d in directions),
        hours=round(sum(d.hours for d in directions), 1),
        directions=directions,
        first_meeting_median=statistics.median(waits) if waits else None,
        safety_reports=reports["total"],
        safety_reports_handled=reports["handled"],
        attestations=sum(issued.values()),
        attestations_by_kind=[
            (str(label), issued.get(kind, 0))
            for kind, label in Attestation.Kind.choices
        ],
    )
