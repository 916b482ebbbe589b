"""The members' rights' scheduled work runs in the task queue: erasures when
their grace period is over, every hour; the retention purge every night."""

import datetime

from huey.contrib.djhuey import HUEY

from rights import tasks


def test_the_rights_periodic_tasks_are_registered_with_their_schedule():
    periodic = {
        f"{task.__module__}.{task.name}" for task in HUEY._registry.periodic_tasks
    }
    assert {"rights.tasks.erase_due_accounts", "rights.tasks.purge_retention"} <= (
        periodic
    )
    # Huey checks its schedule against naive UTC times.
    moment = datetime.datetime(2026, 3, 2, 4, 0)  # noqa: DTZ001
    erase = tasks.erase_due_accounts.s()
    assert [erase.validate_datetime(moment.replace(minute=m)) for m in (20, 21)] == [
        True,
        False,
    ]
    purge = tasks.purge_retention.s()
    assert [purge.validate_datetime(moment.replace(hour=h)) for h in (4, 5)] == [
        True,
        False,
    ]


def test_the_rights_tasks_call_the_services(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "rights.services.erase_due_accounts", lambda: calls.append("erase") or 0
    )
    monkeypatch.setattr(
        "rights.retention.purge_retention", lambda: calls.append("purge") or {}
    )
    tasks.erase_due_accounts.call_local()
    tasks.purge_retention.call_local()
    assert calls == ["erase", "purge"]
