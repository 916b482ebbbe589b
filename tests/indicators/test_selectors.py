"""Each figure of the dashboard on handmade data, the bounds of the period,
who may read them, and the fixed number of queries whatever the size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchanges.models import Listing
from indicators import selectors
from indicators.selectors import Period
from messaging.models import Conversation
from moderation.models import Case
from neighbourhoods.permissions import NotAllowed
from tests.indicators.conftest import (
    AFTER,
    BEFORE,
    PERIOD,
    answer,
    conversation,
    in_period,
    join,
    listing,
    message,
    moment,
    person,
)

pytestmark = pytest.mark.django_db


def figures_of(*places, period=PERIOD):
    return selectors.figures(neighbourhoods=list(places), period=period)


# Members


def test_members_count_those_who_belong_today_and_had_joined_by_the_end(place):
    person(place)
    person(place, role="volunteer", joined=moment("2025-03-31", 23))
    person(place, status="suspended", suspended_until=AFTER + datetime.timedelta(999))
    person(place, joined=AFTER)  # joined after the period
    person(place, status="pending")
    person(place, status="left")
    person(place, status="banned")
    person(place, status="declined")

    assert figures_of(place).members == 3


def test_members_by_role_and_by_age_group_only_when_shown(place):
    person(place, age="18_25")
    person(place, age="18_25", role="volunteer")
    person(place, age="60_plus", role="moderator")
    person(place, age="60_plus", show_age=False)
    person(place, age="", role="coordinator")

    result = figures_of(place)

    assert {row.key: row.value for row in result.members_by_role} == {
        "resident": 2,
        "volunteer": 1,
        "moderator": 1,
        "coordinator": 1,
    }
    assert {row.key: row.value for row in result.members_by_age} == {
        "under_18": 0,
        "18_25": 2,
        "26_59": 0,
        "60_plus": 1,
    }
    assert result.age_not_shared == 2
    assert result.members == 5


def test_someone_in_two_neighbourhoods_counts_once_for_the_organisation(place, sister):
    both = person(place, age="60_plus")
    join(both, sister)
    person(sister)

    assert figures_of(place).members == 1
    assert figures_of(sister).members == 2
    assert figures_of(place, sister).members == 2


def test_new_members_week_by_week_within_the_period(place):
    person(place, joined=moment("2025-01-01", 0))  # Wednesday, first minute
    person(place, joined=moment("2025-01-05", 20))  # Sunday, same week
    person(place, joined=moment("2025-01-06", 9))  # Monday, next week
    person(place, joined=moment("2025-03-31", 23))  # last day
    person(place, joined=BEFORE)
    person(place, joined=AFTER)
    # Asked before the period, approved in it: counted when approved.
    person(place, joined=BEFORE, decided_at=moment("2025-02-12", 10))
    person(place, status="pending", joined=in_period())
    person(place, status="declined", joined=in_period())

    weeks = dict(figures_of(place).new_members)

    assert weeks[datetime.date(2024, 12, 30)] == 2
    assert weeks[datetime.date(2025, 1, 6)] == 1
    assert weeks[datetime.date(2025, 2, 10)] == 1
    assert weeks[datetime.date(2025, 3, 31)] == 1
    assert sum(weeks.values()) == 5
    # Every week of the period is there, the empty ones too.
    assert len(weeks) == 14
    assert list(weeks) == sorted(weeks)


def test_active_members_did_something_in_the_neighbourhood_in_the_period(place, sister):
    poster_ = person(place)
    answerer = person(place)
    writer = person(place)
    idle = person(place)
    early = person(place)
    elsewhere_only = person(place)
    join(elsewhere_only, sister)

    item = listing(place, poster_)
    answer(item, answerer)
    message(conversation(place, writer, idle), writer)
    listing(place, early, created=BEFORE)
    listing(sister, elsewhere_only)
    staff_room = conversation(place, idle, kind=Conversation.Kind.STAFF)
    message(staff_room, idle)

    assert figures_of(place).active_members == 3
    assert figures_of(place, sister).active_members == 4


# Listings


def test_listings_by_category_posted_agreed_and_done(place, elsewhere):
    author = person(place)
    helper = person(place)
    other = person(place)
    waiting = listing(place, author, category="digital")
    answer(waiting, helper)
    agreed = listing(place, author, category="digital")
    answer(agreed, helper, status="accepted")
    answer(agreed, other, status="declined")
    done = listing(place, author, category="paperwork")
    answer(done, helper, done=(in_period(20), in_period(21)), minutes_spent=60)
    half_done = listing(place, author, category="paperwork")
    answer(half_done, helper, status="accepted", author_confirmed_at=in_period(20))
    listing(place, author, category="paperwork", hidden=True)
    listing(place, author, category="digital", created=BEFORE)
    listing(place, author, category="digital", created=AFTER)
    listing(elsewhere, person(elsewhere), category="digital")
    listing(place, author, category="cooking", status=Listing.Status.CANCELLED)

    result = figures_of(place)

    rows = {
        row.category.key: (row.posted, row.agreed, row.done)
        for row in result.categories
    }
    assert rows == {
        "digital": (2, 1, 0),
        "paperwork": (2, 2, 1),
        "cooking": (1, 0, 0),
    }
    # In the seed list's order, with their translated names.
    assert [row.category.key for row in result.categories] == [
        "digital",
        "paperwork",
        "cooking",
    ]
    assert result.categories[0].label
    assert (result.listings_posted, result.listings_agreed, result.listings_done) == (
        5,
        3,
        1,
    )


def test_median_time_to_the_first_answer(place):
    author, first, second = person(place), person(place), person(place)
    for hours in (2, 4, 10):
        item = listing(place, author)
        answer(item, first, created=item.created_at + datetime.timedelta(hours=hours))
        answer(
            item, second, created=item.created_at + datetime.timedelta(hours=hours + 1)
        )
    listing(place, author)  # not answered: not in the median
    outside = listing(place, author, created=BEFORE)
    answer(outside, first, created=in_period())

    result = figures_of(place)

    assert result.listings_answered == 3
    assert result.first_response_median == datetime.timedelta(hours=4)
    assert result.first_response_hours == 4.0


def test_median_of_an_even_number_is_halfway_and_none_without_answers(place):
    author, helper = person(place), person(place)
    assert figures_of(place).first_response_median is None
    for minutes in (30, 90):
        item = listing(place, author)
        answer(
            item, helper, created=item.created_at + datetime.timedelta(minutes=minutes)
        )

    assert figures_of(place).first_response_median == datetime.timedelta(hours=1)


# Messages


def test_messages_between_members_in_the_period(place, elsewhere):
    one, two = person(place), person(place)
    chat = conversation(place, one, two)
    message(chat, one)
    message(chat, two)
    message(chat, two, hidden=True)
    message(chat, one, created=BEFORE)
    message(chat, one, created=AFTER)
    message(conversation(place, one), one, created=moment("2025-03-31", 23))
    message(conversation(place, one, kind=Conversation.Kind.STAFF), one)
    other = person(elsewhere)
    message(conversation(elsewhere, other), other)

    result = figures_of(place)

    assert result.messages == 3
    assert result.conversations == 2


# Exchanges


def test_exchanges_done_dated_by_the_second_confirmation_with_hours_given(place):
    author, helper = person(place), person(place)
    item = listing(place, author, created=BEFORE)
    # Confirmed by one side before the period, by the other in it: done in it.
    answer(item, helper, done=(BEFORE, in_period(1)), minutes_spent=90)
    answer(
        listing(place, author),
        person(place),
        done=(in_period(), in_period()),
        minutes_spent=45,
    )
    answer(
        listing(place, author),
        person(place),
        done=(in_period(), AFTER),
        minutes_spent=60,
    )
    answer(
        listing(place, author),
        person(place),
        status="accepted",
        author_confirmed_at=in_period(),
    )

    result = figures_of(place)

    assert result.exchanges_done == 2
    assert result.minutes_given == 135
    assert result.hours_given == 2.2


def test_intergenerational_exchanges_both_ways_only_with_age_groups_shown(place):
    young = person(place, age="18_25")
    senior = person(place, age="60_plus")
    young_hidden = person(place, age="18_25", show_age=False)
    middle = person(place, age="26_59")
    done = (in_period(), in_period())

    # A young person offers, a senior takes it: the young one gave.
    answer(listing(place, young, kind="offer"), senior, done=done)
    # A young person asks, a senior helps: the senior gave.
    answer(listing(place, young, kind="request"), senior, done=done)
    # A senior asks, a young person helps: the young one gave.
    answer(listing(place, senior, kind="request"), young, done=done)
    # Not counted: an age group not shown, another age group, not done.
    answer(listing(place, senior, kind="request"), young_hidden, done=done)
    answer(listing(place, senior, kind="request"), middle, done=done)
    answer(listing(place, senior, kind="offer"), young, status="accepted")

    result = figures_of(place)

    assert result.young_gave == 2
    assert result.senior_gave == 1
    assert result.intergenerational == 3
    assert result.exchanges_done == 5


# Period


def test_a_period_covers_whole_local_days():
    period = Period(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 31))
    assert period.starts_at == moment("2025-03-01", 0)
    assert period.ends_at == moment("2025-04-01", 0)
    # 30 March 2025 is the change to summer time in Paris: still whole days.
    utc = datetime.UTC
    length = period.ends_at.astimezone(utc) - period.starts_at.astimezone(utc)
    assert length == datetime.timedelta(days=31, hours=-1)
    assert period.weeks()[0] == datetime.date(2025, 2, 24)
    assert period.weeks()[-1] == datetime.date(2025, 3, 31)


# Who may see what


def test_only_coordinators_get_a_neighbourhoods_scope(place, coordinator):
    moderator = person(place, role="moderator")
    assert selectors.neighbourhood_scope(user=coordinator, neighbourhood=place) == [
        place
    ]
    with pytest.raises(NotAllowed):
        selectors.neighbourhood_scope(user=moderator, neighbourhood=place)


def test_an_organisations_scope_is_the_neighbourhoods_one_coordinates(
    organisation, place, sister, elsewhere
):
    coordinator = person(place, role="coordinator")
    join(coordinator, sister, role="moderator")
    join(coordinator, elsewhere, role="coordinator")

    assert selectors.organisation_scope(
        user=coordinator, organisation=organisation
    ) == [place]
    with pytest.raises(NotAllowed, match="Centre social des Tilleuls"):
        selectors.organisation_scope(
            user=person(sister, role="moderator"), organisation=organisation
        )


# Cost


def grow(place, *, people: int, listings: int, messages: int):
    """Add activity of every kind to the neighbourhood."""
    members = [
        person(place, age=age, joined=in_period(index % 80))
        for index, age in zip(
            range(people), ["18_25", "60_plus", "26_59", ""] * people, strict=False
        )
    ]
    categories = ["digital", "paperwork", "cooking", "gardening", "company"]
    for index in range(listings):
        author = members[index % len(members)]
        helper = members[(index + 1) % len(members)]
        item = listing(
            place,
            author,
            category=categories[index % len(categories)],
            kind="offer" if index % 2 else "request",
            created=in_period(index % 80),
        )
        if index % 3:
            answer(item, helper, done=(in_period(85), in_period(86)), minutes_spent=30)
    chat = conversation(place, members[0], members[1])
    for index in range(messages):
        message(chat, members[index % 2], created=in_period(index % 80))


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_the_figures_cost_the_same_queries_whatever_the_size(place):
    grow(place, people=3, listings=2, messages=1)
    small = count_queries(lambda: figures_of(place))

    grow(place, people=40, listings=60, messages=50)
    large = count_queries(lambda: figures_of(place))

    assert small == large
    # Nine for the exchanges, members, messages and cases; two for workshops;
    # five for mentoring (pairs, meetings, first meetings, safety reports,
    # attestations).
    assert large <= 16


# Moderation


def test_moderation_cases_opened_and_closed_in_the_period(place, elsewhere):
    def case(where, *, opened, closed=None):
        made = Case.objects.create(
            neighbourhood=where, target=Case.Target.PROFILE, person=person(where)
        )
        Case.objects.filter(pk=made.pk).update(
            opened_at=opened,
            closed_at=closed,
            status=Case.Status.CLOSED if closed else Case.Status.OPEN,
        )

    case(place, opened=in_period(1))  # opened, still open
    case(place, opened=in_period(2), closed=in_period(3))  # opened and closed
    case(place, opened=BEFORE, closed=in_period(4))  # closed only
    case(place, opened=in_period(5), closed=AFTER)  # opened only
    case(place, opened=BEFORE, closed=BEFORE)
    case(place, opened=AFTER)
    case(elsewhere, opened=in_period(1), closed=in_period(2))

    result = figures_of(place)

    assert result.cases_opened == 3
    assert result.cases_closed == 2
