"""Mentoring's figures on the coordinators' dashboard, its CSV and page:
pairs started, under way and ended, meetings and hours by the direction
between generations, the time to the first meeting, safety reports and
attestations issued; the same queries whatever the size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators import selectors
from indicators.selectors import Period
from mentoring import services
from mentoring.models import Pair
from tests.factories import MembershipFactory

from .conftest import make_pair

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def month():
    today = timezone.localdate()
    return Period(start=today - datetime.timedelta(days=30), end=today)


def share_age(user, group):
    user.profile.age_group = group
    user.profile.age_group_for_matching = True
    user.profile.save(update_fields=["age_group", "age_group_for_matching"])


def held(pair, by, *, hours_ago, minutes=60):
    meeting = services.plan_meeting(
        by=by,
        pair=pair,
        starts_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        duration=datetime.timedelta(minutes=minutes),
    )
    return services.mark_held(by=by, meeting=meeting)


@pytest.fixture
def history(active_pair, mentor, senior, neighbourhood, make_person):
    """A young mentor helps a senior (two meetings, 90 minutes in all); a
    senior helps a member who did not share their age (one hour), then the
    pair ends; a safety report, handled; an attestation."""
    share_age(mentor, "18_25")
    share_age(senior, "60_plus")
    Pair.objects.filter(pk=active_pair.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    held(active_pair, mentor, hours_ago=30, minutes=60)
    held(active_pair, senior, hours_ago=5, minutes=30)
    other = make_person("resident")
    second = make_pair(mentor=senior, mentee=other, neighbourhood=neighbourhood)
    held(second, senior, hours_ago=2)
    services.end_pair(by=other, pair=second, thanks=True)
    report = services.say_uncomfortable(by=senior, pair=active_pair)
    services.handle_safety_report(
        by=make_person("moderator"), report=report, note="Vu", resume=True
    )
    today = timezone.localdate()
    services.issue_attestation(
        by=mentor,
        member=mentor,
        neighbourhood=neighbourhood,
        kind="volunteering",
        holder_name="Inès",
        start=today.replace(day=1),
        end=today,
    )
    return neighbourhood


def test_the_figures_of_mentoring(history):
    m = selectors.figures(neighbourhoods=[history], period=month()).mentoring
    assert (m.pairs_started, m.pairs_active, m.pairs_ended) == (2, 2, 1)
    assert (m.meetings_held, m.hours) == (3, 2.5)
    directions = {row.key: (row.meetings, row.hours) for row in m.directions}
    assert directions == {"young": (2, 1.5), "senior": (0, 0.0), "other": (1, 1.0)}
    # A day and three quarters for the first pair (proposed three days ago,
    # first met 30 hours ago); none for the second (it met before it was
    # proposed on the site): the median is 0.875 day.
    assert m.first_meeting_days == 0.9
    assert (m.safety_reports, m.safety_reports_handled) == (1, 1)
    assert m.attestations == 1


def test_a_hidden_age_group_counts_as_other(history, mentor):
    mentor.profile.age_group_for_matching = False
    mentor.profile.save(update_fields=["age_group_for_matching"])
    m = selectors.figures(neighbourhoods=[history], period=month()).mentoring
    assert {row.key: row.meetings for row in m.directions}["young"] == 0


def count_queries(place) -> int:
    with CaptureQueriesContext(connection) as captured:
        selectors.figures(neighbourhoods=[place], period=month())
    return len(captured.captured_queries)


def test_the_mentoring_figures_cost_the_same_queries_whatever_the_size(history, senior):
    small = count_queries(history)
    for _ in range(5):
        other = MembershipFactory(neighbourhood=history).user
        pair = make_pair(mentor=senior, mentee=other, neighbourhood=history)
        held(pair, senior, hours_ago=1)
    assert count_queries(history) == small


def test_the_dashboard_and_its_csv_show_mentoring(client, history, make_person):
    client.force_login(make_person("coordinator"))
    period = month()
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    page = client.get(reverse("indicators_neighbourhood", args=[history.slug]), query)
    assert 'id="mentoring-title"' in page.content.decode()
    csv = client.get(
        reverse("indicators_neighbourhood_export", args=[history.slug]), query
    )
    text = b"".join(csv.streaming_content if csv.streaming else [csv.content])
    lines = text.decode("utf-8-sig").splitlines()
    assert any("1,5" in line or "1.5" in line for line in lines if "60" in line)
