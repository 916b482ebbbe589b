"""The periodic work runs in the task queue on a schedule written in code, and
calls the same services as the operators' commands."""

import datetime

import pytest
from huey.contrib.djhuey import HUEY

from community import tasks as community_tasks
from exchanges import tasks as exchange_tasks
from messaging import tasks as messaging_tasks
from notifications import tasks as notification_tasks

pytestmark = pytest.mark.django_db


def runs_at(task, *moments):
    return [task.s().validate_datetime(moment) for moment in moments]


def test_every_periodic_task_is_registered_with_its_schedule():
    periodic = {
        f"{task.__module__}.{task.name}" for task in HUEY._registry.periodic_tasks
    }
    assert {
        "community.tasks.heartbeat",
        "notifications.tasks.deliver_due_emails",
        "notifications.tasks.purge_sent_emails",
        "notifications.tasks.send_daily_summaries",
        "notifications.tasks.send_weekly_summaries",
        "exchanges.tasks.expire_listings",
        "messaging.tasks.send_unread_summaries",
    } <= periodic
    # Huey checks its schedule against naive UTC times.
    night = datetime.datetime(2026, 3, 2, 3, 15)  # noqa: DTZ001
    assert runs_at(exchange_tasks.expire_listings, night, night.replace(hour=4)) == [
        True,
        False,
    ]
    five = datetime.datetime(2026, 3, 2, 10, 5)  # noqa: DTZ001
    assert runs_at(
        messaging_tasks.send_unread_summaries, five, five.replace(minute=6)
    ) == [True, False]
    assert runs_at(notification_tasks.deliver_due_emails, five.replace(minute=6)) == [
        True
    ]
    assert runs_at(community_tasks.heartbeat, five.replace(minute=7)) == [True]


def test_the_periodic_tasks_call_the_services(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "exchanges.services.expire_listings",
        lambda: calls.append("expire") or {"expired": 0, "reminded": 0},
    )
    monkeypatch.setattr(
        "messaging.services.send_unread_summaries",
        lambda: calls.append("summaries") or 0,
    )
    exchange_tasks.expire_listings.call_local()
    messaging_tasks.send_unread_summaries.call_local()
    assert calls == ["expire", "summaries"]
