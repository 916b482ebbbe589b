import time

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import override_settings
from huey.contrib.djhuey import HUEY

from community import tasks

pytestmark = pytest.mark.django_db


def test_healthz_reports_both_parts_working(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "channel_layer": "ok",
        "cache": "ok",
        "task_queue": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_names_an_unreachable_channel_layer(client):
    broken = {
        "default": {
            "BACKEND": "realtime.layers.RedisChannelLayer",
            # Nothing listens on port 1: every connection is refused.
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    with override_settings(CHANNEL_LAYERS=broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["channel_layer"]
    assert body["database"] == "ok"
    assert body["channel_layer"] != "ok"


def test_healthz_names_a_failing_database(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert "connection refused" in body["database"]
    assert body["channel_layer"] == "ok"


@pytest.fixture
def queued(monkeypatch):
    """The queue as on a real site: tasks wait for a consumer."""
    monkeypatch.setattr(HUEY, "_immediate", False)
    HUEY.delete(tasks.HEARTBEAT_KEY)
    yield
    HUEY.delete(tasks.HEARTBEAT_KEY)


def test_healthz_names_a_queue_that_never_ran(client, queued):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["task_queue"]
    assert "never run" in response.json()["task_queue"]


@override_settings(HUEY_HEARTBEAT_MAX_AGE=300)
def test_healthz_names_a_queue_silent_for_too_long(client, queued):
    tasks.beat(at=time.time() - 301)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["task_queue"]
    assert "has not run for 30" in response.json()["task_queue"]


def test_healthz_is_content_with_a_recent_heartbeat(client, queued):
    tasks.heartbeat.call_local()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["task_queue"] == "ok"
