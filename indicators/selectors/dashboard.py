"""The figures of a dashboard: what happened in some neighbourhoods over a
period, gathered from the figures of each subject.

Every figure is one aggregate query over the neighbourhoods concerned, so that
a dashboard costs the same number of queries for ten members or ten thousand
(tests/indicators/test_selectors.py). Who may read them is decided by
scope.py, with neighbourhoods.permissions.
"""

import datetime
from dataclasses import dataclass, field

from exchanges.models import Listing
from neighbourhoods.models import Neighbourhood

from .cases import case_counts
from .exchanges import (
    CategoryRow,
    exchanges_done,
    first_responses,
    listings_by_category,
)
from .members import Row, active_members, members_by_role_and_age, new_members
from .mentoring import MentoringFigures, mentoring_figures
from .messages import message_counts
from .period import Period
from .workshops import WorkshopFigures, workshop_figures


@dataclass
class Figures:
    """What happened in some neighbourhoods over a period. Listings count
    those posted in the period (not hidden), with how far they went to this
    day; exchanges count those both sides confirmed done in the period."""

    period: Period
    members: int
    active_members: int
    new_members: list[tuple[datetime.date, int]]
    members_by_role: list[Row]
    members_by_age: list[Row]
    age_not_shared: int
    categories: list[CategoryRow]
    listings_answered: int
    first_response_median: datetime.timedelta | None
    messages: int
    conversations: int
    exchanges_done: int
    minutes_given: int
    young_gave: int
    senior_gave: int
    cases_opened: int
    cases_closed: int
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)
    workshops: WorkshopFigures = field(default_factory=WorkshopFigures)
    mentoring: MentoringFigures = field(default_factory=MentoringFigures)

    @property
    def new_members_total(self) -> int:
        return sum(count for _week, count in self.new_members)

    @property
    def listings_posted(self) -> int:
        return sum(row.posted for row in self.categories)

    @property
    def listings_agreed(self) -> int:
        return sum(row.agreed for row in self.categories)

    @property
    def listings_done(self) -> int:
        return sum(row.done for row in self.categories)

    @property
    def hours_given(self) -> float:
        return round(self.minutes_given / 60, 1)

    @property
    def volunteer_hours(self) -> float:
        """Hours given in exchanges, by residents and volunteers running
        workshops, and by mentors in the meetings held."""
        return round(
            self.minutes_given / 60
            + self.workshops.organiser_hours
            + self.mentoring.hours,
            1,
        )

    @property
    def intergenerational(self) -> int:
        return self.young_gave + self.senior_gave

    @property
    def first_response_hours(self) -> float | None:
        if self.first_response_median is None:
            return None
        return round(self.first_response_median.total_seconds() / 3600, 1)


def figures(*, neighbourhoods: list[Neighbourhood], period: Period) -> Figures:
    """Every figure of these neighbourhoods over the period, one aggregate
    query each. Callers get the neighbourhoods from neighbourhood_scope or
    organisation_scope, which check who is asking."""
    ids = [place.pk for place in neighbourhoods]
    by_role, by_age, age_not_shared = members_by_role_and_age(ids, period)
    listings = Listing.objects.filter(
        period.contains("created_at"), neighbourhood_id__in=ids, hidden=False
    )
    answered, median = first_responses(listings)
    messages = message_counts(ids, period)
    exchanges = exchanges_done(ids, period)
    cases = case_counts(ids, period)
    return Figures(
        period=period,
        members=sum(row.value for row in by_age) + age_not_shared,
        active_members=active_members(ids, period),
        new_members=new_members(ids, period),
        members_by_role=by_role,
        members_by_age=by_age,
        age_not_shared=age_not_shared,
        categories=listings_by_category(listings),
        listings_answered=answered,
        first_response_median=median,
        messages=messages["messages"],
        conversations=messages["conversations"],
        exchanges_done=exchanges["done"],
        minutes_given=exchanges["minutes"] or 0,
        young_gave=exchanges["young_gave"],
        senior_gave=exchanges["senior_gave"],
        cases_opened=cases["opened"],
        cases_closed=cases["closed"],
        neighbourhoods=list(neighbourhoods),
        workshops=workshop_figures(ids, period),
        mentoring=mentoring_figures(ids, period),
    )
