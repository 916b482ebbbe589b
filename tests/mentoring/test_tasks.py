"""Mentoring's weekly reminder to the staff: registered with its schedule,
and telling each neighbourhood's moderators once a week what waits."""

import datetime

import pytest
from huey.contrib.djhuey import HUEY

from mentoring import services, tasks
from notifications.models import Notification

from .conftest import make_pair

pytestmark = pytest.mark.django_db


def test_the_reminder_is_a_monday_morning_periodic_task():
    periodic = {
        f"{task.__module__}.{task.name}" for task in HUEY._registry.periodic_tasks
    }
    assert "mentoring.tasks.remind_staff" in periodic
    monday = datetime.datetime(2026, 3, 2, 9, 0)  # noqa: DTZ001 - huey's naive UTC
    reminder = tasks.remind_staff.s()
    assert reminder.validate_datetime(monday)
    assert not reminder.validate_datetime(monday + datetime.timedelta(days=1))


def test_the_staff_are_told_once_a_week_of_the_pairs_to_approve(
    mentor, senior, animateur, neighbourhood, committed
):
    assert services.remind_staff() == 0
    make_pair(mentor=mentor, mentee=senior, neighbourhood=neighbourhood)
    with committed():
        assert services.remind_staff() == 1
        services.remind_staff()
    told = Notification.objects.filter(user=animateur, key__startswith="mentoring-")
    assert told.count() == 1
    assert "1" in told.get().text
    assert not Notification.objects.filter(
        user=mentor, key__startswith="mentoring-"
    ).exists()
