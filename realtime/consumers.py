"""The base of the site's WebSocket consumers: Channels' JSON consumer, waiting
for the next message at a smaller cost.

An open page's socket waits all its life for the next frame from the page or
the next event from the channel layer. Channels waits for the first of the two
with asyncio.wait (channels.utils.await_many_dispatch), which holds a set, a
closure, a future and two coroutines of its own for as long as the page is
idle: about 1.4 kB per open page. Here the wait holds one future and one
callback. What is dispatched, in which order, and how the consumer stops are
Channels' own (docs/performance.md, "Memory per idle socket")."""

import asyncio
import contextlib
import functools

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer


class SocketConsumer(AsyncJsonWebsocketConsumer):
    async def __call__(self, scope, receive, send):
        # channels.consumer.AsyncConsumer.__call__, but for the wait.
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        sources = [receive]
        if self.channel_layer is not None:
            self.channel_name = await self.channel_layer.new_channel()
            self.channel_receive = functools.partial(
                self.channel_layer.receive, self.channel_name
            )
            sources.append(self.channel_receive)
        self.base_send = send
        with contextlib.suppress(StopConsumer):
            await dispatch_each(sources, self.dispatch)


async def dispatch_each(sources, dispatch) -> None:
    """Await the next message of every source at once and dispatch each as it
    comes, until dispatching one raises (StopConsumer when the socket closes);
    like channels.utils.await_many_dispatch, whose order it keeps: when several
    are there, in the order of `sources`, each awaited again once dispatched."""
    loop = asyncio.get_running_loop()
    pending = [asyncio.ensure_future(source()) for source in sources]
    try:
        while True:
            woken = loop.create_future()
            wake = functools.partial(_wake, woken)
            for future in pending:
                future.add_done_callback(wake)
            try:
                await woken
            finally:
                for future in pending:
                    future.remove_done_callback(wake)
            for number, future in enumerate(pending):
                if future.done():
                    await dispatch(future.result())
                    pending[number] = asyncio.ensure_future(sources[number]())
    finally:
        for future in pending:
            future.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await future


def _wake(woken: asyncio.Future, _done: asyncio.Future) -> None:
    if not woken.done():
        woken.set_result(None)
