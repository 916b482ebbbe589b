"""Checks behind GET /healthz: the database answers, a message goes through the
channel layer and comes back, the cache answers, and the task queue ran
lately."""

import asyncio
import time
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from huey.contrib.djhuey import HUEY

from . import tasks


def _query_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def check_database() -> str | None:
    """None when the database answers, otherwise what went wrong."""
    try:
        await sync_to_async(_query_database, thread_sensitive=True)()
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return f"{type(error).__name__}: {error}"
    return None


async def check_channel_layer() -> str | None:
    """None when a message sent through the layer comes back, otherwise why not."""
    layer = get_channel_layer()
    if layer is None:
        return "no channel layer configured"
    nonce = uuid.uuid4().hex
    try:
        channel = await layer.new_channel("healthz.")
        await layer.send(channel, {"type": "healthz.ping", "nonce": nonce})
        message = await asyncio.wait_for(
            layer.receive(channel), timeout=settings.HEALTHZ_CHANNEL_TIMEOUT
        )
    except TimeoutError:
        return "no answer through the channel layer in time"
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return f"{type(error).__name__}: {error}"
    if message.get("nonce") != nonce:
        return "the channel layer returned another message"
    return None


def _ping_cache() -> None:
    ping = getattr(cache, "ping", None)  # the deployment's Redis cache
    if ping is not None:
        ping()


async def check_cache() -> str | None:
    """None when the cache answers (or lives in this process's memory),
    otherwise why not: pages still work, each process counting on its own."""
    try:
        await sync_to_async(_ping_cache, thread_sensitive=False)()
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return f"{type(error).__name__}: {error}"
    return None


def _queue_age() -> float | None:
    at = tasks.last_beat()
    return None if at is None else time.time() - at


async def check_queue() -> str | None:
    """None when the task queue's heartbeat is recent, otherwise why not. In
    immediate mode (tests, HUEY_IMMEDIATE) tasks run at once: nothing to wait for."""
    if HUEY.immediate:
        return None
    try:
        age = await sync_to_async(_queue_age, thread_sensitive=False)()
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        return f"{type(error).__name__}: {error}"
    if age is None:
        return "the task queue has never run (start manage.py run_huey)"
    if age > settings.HUEY_HEARTBEAT_MAX_AGE:
        return f"the task queue has not run for {int(age)} s"
    return None
