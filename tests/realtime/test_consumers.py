"""The wait of every socket for its next message (realtime.consumers): each
message of the page and of the channel layer is dispatched, in the order they
come and, when several are there at once, in the order of the sources, as
Channels does; nothing is left waiting once the consumer stops."""

import asyncio

import pytest
from channels.exceptions import StopConsumer

from realtime.consumers import dispatch_each


async def _settle():
    for _ in range(5):
        await asyncio.sleep(0)


async def test_every_message_is_dispatched_in_the_order_it_comes():
    page, layer = asyncio.Queue(), asyncio.Queue()
    seen = []

    async def dispatch(message):
        seen.append(message)
        if message == "close":
            raise StopConsumer

    page.put_nowait("connect")
    layer.put_nowait("unread")  # both there at once: the page's first
    waiting = asyncio.create_task(dispatch_each([page.get, layer.get], dispatch))
    await _settle()
    for queue, message in [(layer, "notification"), (page, "join"), (page, "send")]:
        queue.put_nowait(message)
        await _settle()
    page.put_nowait("close")
    with pytest.raises(StopConsumer):
        await waiting
    assert seen == ["connect", "unread", "notification", "join", "send", "close"]
    # Nothing waits any more on either side: what comes next is left there.
    assert asyncio.all_tasks() == {asyncio.current_task()}
    layer.put_nowait("late")
    await _settle()
    assert layer.get_nowait() == "late"


async def test_a_source_that_gives_a_future_is_waited_for_without_a_task():
    page = asyncio.Queue()
    futures = []

    def from_the_layer():
        futures.append(asyncio.get_running_loop().create_future())
        return futures[-1]

    seen = []

    async def dispatch(message):
        seen.append(message)
        if message == "close":
            raise StopConsumer

    waiting = asyncio.create_task(dispatch_each([page.get, from_the_layer], dispatch))
    await _settle()
    # The consumer's task and the page's; none for the layer's future.
    assert len(asyncio.all_tasks()) == 3
    futures[0].set_result("event")
    await _settle()
    page.put_nowait("close")
    with pytest.raises(StopConsumer):
        await waiting
    assert seen == ["event", "close"]
    assert futures[1].cancelled()


async def test_a_failing_source_stops_the_wait_and_cancels_the_other():
    page = asyncio.Queue()

    async def broken():
        raise ConnectionError("Redis out of reach")

    async def dispatch(message):
        raise AssertionError("nothing to dispatch")

    with pytest.raises(ConnectionError):
        await dispatch_each([page.get, broken], dispatch)
    await _settle()
    assert asyncio.all_tasks() == {asyncio.current_task()}
