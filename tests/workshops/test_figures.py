"""The workshops' figures of the coordinators' dashboard, its CSV and page:
sessions held, registrations, attendance, waiting lists and waits,
hours × participants, and the organisers' hours given."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators import selectors
from indicators.selectors import Period
from workshops import services
from workshops.models import Session

from .conftest import digital

pytestmark = pytest.mark.django_db


def held_session(workshop, *, days_ago, hours, capacity):
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=days_ago)
    return Session.objects.create(
        workshop=workshop,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=hours),
        capacity=capacity,
    )


@pytest.fixture
def history(animateur, workshop, members, make_person, neighbourhood):
    """A slot held three days ago: a, b registered, c waited, a cancelled, c
    took the seat and did not come, d walked in, and one person without an
    account. A resident's one-hour workshop held yesterday with nobody. A
    cancelled session, and a full one to come with one person waiting."""
    a, b, c, d, e = members
    slot = held_session(workshop, days_ago=3, hours=2, capacity=2)
    start = slot.starts_at
    for member in (a, b, c):
        services.register(
            user=member, session=slot, now=start - datetime.timedelta(days=5)
        )
    services.cancel_registration(
        user=a, session=slot, now=start - datetime.timedelta(days=4)
    )
    services.confirm_offer(
        user=c, session=slot, now=start - datetime.timedelta(days=3, hours=12)
    )
    services.take_attendance(
        by=animateur,
        session=slot,
        present={b.pk},
        walk_in_members=[d],
        walk_ins=1,
        now=start,
    )
    resident = make_person("resident")
    theirs = services.create_workshop(
        by=resident, neighbourhood=neighbourhood, title="Tricot", category=digital()
    )
    services.decide_workshop(moderator=animateur, workshop=theirs, approve=True)
    held_session(theirs, days_ago=1, hours=1, capacity=5)
    cancelled = held_session(workshop, days_ago=2, hours=1, capacity=5)
    Session.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    [coming] = services.add_sessions(
        by=animateur,
        workshop=workshop,
        starts=[timezone.now() + datetime.timedelta(days=2)],
        duration=datetime.timedelta(hours=1),
        capacity=1,
    )
    services.register(user=a, session=coming)
    services.register(user=e, session=coming)
    return neighbourhood


def test_the_figures_of_the_workshops(history, django_assert_max_num_queries):
    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=30), end=today)
    with django_assert_max_num_queries(25):
        w = selectors.figures(neighbourhoods=[history], period=period).workshops
    assert (w.workshops_held, w.sessions_held) == (2, 2)
    assert w.registrations == 2  # b and c; a cancelled, d walked in
    assert (w.attended, w.walk_in_members, w.walk_ins, w.no_shows) == (2, 1, 1, 1)
    assert w.attendance_rate == 50
    assert w.participant_hours == 6.0  # 2 hours × (b, d and one without account)
    assert w.organiser_hours == 1.0  # the resident's hour; the staff's do not count
    assert w.waiting_now == 1
    assert w.promoted == 1 and w.waiting_days == 1.5
    [category] = w.by_category
    assert (category.sessions, category.attended, category.participant_hours) == (
        2,
        3,
        6.0,
    )
    seniors = next(row for row in w.by_audience if row.key == "seniors")
    assert seniors.sessions == 1 and seniors.no_shows == 1


def test_the_workshop_figures_cost_the_same_queries_whatever_the_size(
    history, workshop, members, animateur
):
    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=30), end=today)

    def count():
        with CaptureQueriesContext(connection) as captured:
            selectors.figures(neighbourhoods=[history], period=period)
        return len(captured)

    small = count()
    for days_ago in range(4, 14):
        slot = held_session(workshop, days_ago=days_ago, hours=1, capacity=5)
        services.take_attendance(
            by=animateur,
            session=slot,
            present=set(),
            walk_in_members=members,
            now=slot.starts_at,
        )
    assert count() == small


def test_the_organisers_hours_add_to_the_hours_given(history):
    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=30), end=today)
    figures = selectors.figures(neighbourhoods=[history], period=period)
    assert figures.volunteer_hours == figures.hours_given + 1.0


def test_the_dashboard_and_its_csv_show_the_workshops(client, history, coordinator):
    client.force_login(coordinator)
    today = timezone.localdate()
    query = {
        "start": (today - datetime.timedelta(days=30)).isoformat(),
        "end": today.isoformat(),
    }
    page = client.get(reverse("indicators_neighbourhood", args=[history.slug]), query)
    assert page.status_code == 200
    assert 'id="workshops-title"' in page.content.decode()
    csv = client.get(
        reverse("indicators_neighbourhood_export", args=[history.slug]), query
    )
    text = b"".join(csv.streaming_content if csv.streaming else [csv.content])
    lines = text.decode("utf-8-sig").splitlines()
    [total] = [line for line in lines if "×" in line and "·" not in line]
    assert total.rstrip().endswith(("6.0", "6,0", "6"))
