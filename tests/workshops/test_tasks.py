"""The agenda's scheduled work runs in the task queue: offers that lapse every
five minutes, reminders twice a day, each calling its service."""

import datetime

from huey.contrib.djhuey import HUEY

from workshops import tasks


def test_the_agenda_s_periodic_tasks_are_registered_with_their_schedule():
    periodic = {
        f"{task.__module__}.{task.name}" for task in HUEY._registry.periodic_tasks
    }
    assert {"workshops.tasks.expire_offers", "workshops.tasks.send_reminders"} <= (
        periodic
    )
    # Huey checks its schedule against naive UTC times.
    moment = datetime.datetime(2026, 3, 2, 8, 0)  # noqa: DTZ001
    offers = tasks.expire_offers.s()
    assert [
        offers.validate_datetime(moment.replace(minute=minute)) for minute in (5, 7)
    ] == [True, False]
    reminders = tasks.send_reminders.s()
    assert [
        reminders.validate_datetime(moment.replace(hour=hour)) for hour in (8, 9, 17)
    ] == [True, False, True]


def test_the_agenda_s_tasks_call_the_services(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "workshops.services.expire_offers", lambda: calls.append("offers") or 0
    )
    monkeypatch.setattr(
        "workshops.services.send_reminders", lambda: calls.append("reminders") or 0
    )
    tasks.expire_offers.call_local()
    tasks.send_reminders.call_local()
    assert calls == ["offers", "reminders"]
