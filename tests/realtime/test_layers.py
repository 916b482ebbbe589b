"""The channel layer of the servers (realtime/layers.py): channels-redis, with
waiting sockets that hold a future each, one reader per process, and a bounded
pool of connections to Redis. These run against the Redis of REDIS_URL, each
test under a prefix of its own."""

import asyncio
import collections
import uuid

import pytest
import redis
from django.conf import settings

from realtime import events
from realtime.layers import RedisChannelLayer

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL, reason="the servers' channel layer needs REDIS_URL"
)


def _frame(number: int) -> dict:
    return events.joined(conversation_id=number, up_to=number)


@pytest.fixture
async def layer():
    layer = RedisChannelLayer(
        hosts=[{"address": settings.REDIS_URL}], prefix=f"test-{uuid.uuid4().hex}"
    )
    yield layer
    await layer.flush()


async def _until(condition, timeout=5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_each_waiting_socket_gets_its_own_events(layer):
    channels = [await layer.new_channel() for _ in range(3)]
    for channel in channels:
        await layer.group_add("conversation.7", channel)
    waiting = [layer.receive(channel) for channel in channels]
    await layer.send(channels[1], _frame(1))
    assert await asyncio.wait_for(waiting[1], 5) == _frame(1)
    await layer.group_send("conversation.7", _frame(2))
    assert [await asyncio.wait_for(w, 5) for w in waiting[::2]] == [_frame(2)] * 2
    assert await asyncio.wait_for(layer.receive(channels[1]), 5) == _frame(2)


async def test_a_waiting_socket_holds_a_future_and_no_task(layer):
    channels = [await layer.new_channel() for _ in range(20)]
    tasks_before = len(asyncio.all_tasks())
    waiting = [layer.receive(channel) for channel in channels]
    assert all(asyncio.isfuture(w) and not asyncio.iscoroutine(w) for w in waiting)
    # One reader for the whole process, whatever the number of sockets.
    assert len(asyncio.all_tasks()) == tasks_before + 1
    for number, channel in enumerate(channels):
        await layer.send(channel, _frame(number))
    assert [await asyncio.wait_for(w, 5) for w in waiting] == [
        _frame(number) for number in range(20)
    ]


async def test_events_that_come_while_a_socket_is_busy_wait_for_it_in_order(layer):
    busy, other = await layer.new_channel(), await layer.new_channel()
    waiting = layer.receive(other)  # someone waits: the process reads
    for number in range(5):
        await layer.send(busy, _frame(number))
    await _until(lambda: len(layer._kept.get(busy, ())) == 5)
    assert [await asyncio.wait_for(layer.receive(busy), 1) for _ in range(5)] == [
        _frame(number) for number in range(5)
    ]
    waiting.cancel()


async def test_at_most_capacity_events_are_kept_for_a_socket_the_oldest_go():
    layer = RedisChannelLayer(hosts=[{"address": settings.REDIS_URL}], capacity=3)
    channel = await layer.new_channel()
    for number in range(5):
        layer._deliver(channel, _frame(number))
    assert [await layer.receive(channel) for _ in range(3)] == [
        _frame(number) for number in (2, 3, 4)
    ]
    assert channel not in layer._kept


async def test_when_the_last_socket_stops_waiting_reading_stops(layer):
    leaving, busy = await layer.new_channel(), await layer.new_channel()
    waiting = layer.receive(leaving)
    await layer.send(busy, _frame(1))
    await _until(lambda: busy in layer._kept)  # read while a socket waits
    reader = layer._reader
    waiting.cancel()
    await _until(reader.done)
    assert layer._reader is None
    assert not layer._waiting
    # What was kept for a socket that lives on is still there.
    assert await layer.receive(busy) == _frame(1)


async def test_a_closing_socket_loses_what_was_kept_for_it(layer):
    closing, other = await layer.new_channel(), await layer.new_channel()
    staying = layer.receive(other)
    waiting = layer.receive(closing)
    layer._deliver(other, _frame(1))
    layer._kept[closing] = collections.deque([_frame(2)])
    waiting.cancel()
    await asyncio.sleep(0)
    assert closing not in layer._kept
    assert await staying == _frame(1)


async def test_redis_out_of_reach_reaches_every_waiting_socket():
    layer = RedisChannelLayer(hosts=[{"address": "redis://127.0.0.1:1/0"}])
    waiting = [layer.receive(await layer.new_channel()) for _ in range(3)]
    for waiter in waiting:
        with pytest.raises((OSError, redis.exceptions.ConnectionError)):
            await asyncio.wait_for(waiter, 5)
    assert not layer._waiting


async def test_a_thousand_sockets_leaving_at_once_use_a_few_connections(layer):
    name = f"pool-{uuid.uuid4().hex}"
    bounded = RedisChannelLayer(
        hosts=[{"address": settings.REDIS_URL, "client_name": name}],
        prefix=layer.prefix,
        max_connections=4,
    )
    channels = [await bounded.new_channel() for _ in range(1000)]
    await asyncio.gather(*(bounded.group_add("user.1", c) for c in channels))
    await asyncio.gather(*(bounded.group_discard("user.1", c) for c in channels))
    clients = redis.Redis.from_url(settings.REDIS_URL).client_list()
    assert 0 < sum(client["name"] == name for client in clients) <= 4
    await bounded.close_pools()


async def test_a_channel_shared_by_processes_is_read_as_channels_redis_does(layer):
    await layer.send("tasks.shared", _frame(1))
    assert await asyncio.wait_for(layer.receive("tasks.shared"), 5) == _frame(1)
