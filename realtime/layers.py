"""The channel layer of the servers (settings.CHANNEL_LAYERS when REDIS_URL is
set): channels-redis, with the sockets of a process waiting for their events
at a smaller cost, and a bounded number of connections to Redis.

An open page waits for its next event all its life. channels-redis gives each
waiting socket an asyncio.Queue (about 3 kB: four deques) and three tasks (its
`receive`, one racing for the process's receive lock, one for that queue):
about 6 kB of a server's memory per open page, doing nothing. Here a waiting
socket holds one future. One task per process reads the process's events from
Redis exactly as the holder of channels-redis's receive lock does
(`receive_single`: BZPOPMIN on the process's key, with Redis's backup of the
event being read), and hands each event to the socket waiting for it, or keeps
it until that socket asks again (at most `capacity` per socket, the oldest
dropped first, as channels-redis's queues do). Like that lock's holder, the
reader reads only while some socket waits; when it fails (Redis out of reach)
every waiting socket hears the error. Sending, groups, expiry and capacity in
Redis are channels-redis's own.

channels-redis's connection pool opens a new connection for every command sent
while the others are busy and keeps it for ever: a thousand pages closing at
once (each leaving its groups) left a thousand connections open, each holding
memory here and a client in Redis. Here at most `max_connections` per process;
a command waits up to `pool_timeout` seconds for one.

docs/performance.md, "Memory per idle socket"."""

import asyncio
import collections
import functools

from channels_redis.core import RedisChannelLayer as ChannelsRedisLayer
from redis.asyncio import BlockingConnectionPool

MAX_CONNECTIONS = 50
POOL_TIMEOUT = 10  # seconds a command waits for a connection


class RedisChannelLayer(ChannelsRedisLayer):
    def __init__(
        self,
        *args,
        max_connections: int = MAX_CONNECTIONS,
        pool_timeout: float = POOL_TIMEOUT,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.max_connections = max_connections
        self.pool_timeout = pool_timeout
        # By process-local channel: the socket waiting for its next event...
        self._waiting: dict[str, asyncio.Future] = {}
        # ...and the events that came while it was busy with the last one.
        self._kept: dict[str, collections.deque] = {}
        self._reader: asyncio.Task | None = None

    def create_pool(self, index):
        host = dict(self.hosts[index])
        if "address" not in host:
            return super().create_pool(index)
        return BlockingConnectionPool.from_url(
            host.pop("address"),
            max_connections=self.max_connections,
            timeout=self.pool_timeout,
            **host,
        )

    def receive(self, channel):
        """The next event of `channel`, to await. For a channel of this process
        it is a future: Channels' consumers wrap what `receive` gives in a task
        unless it is one already, so a waiting socket holds no task and no
        coroutine of its own."""
        if "!" not in channel:
            # A channel shared by several processes: channels-redis's way.
            return super().receive(channel)
        assert self.require_valid_channel_name(channel)
        assert self.non_local_name(channel).endswith(self.client_prefix + "!"), (
            "Wrong client prefix"
        )
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        kept = self._kept.get(channel)
        if kept:
            waiter.set_result(kept.popleft())
            if not kept:
                del self._kept[channel]
            return waiter
        self._check_loop(loop)
        if channel in self._waiting:
            raise RuntimeError(f"Two coroutines are trying to receive() on {channel}.")
        self._waiting[channel] = waiter
        waiter.add_done_callback(functools.partial(self._done_waiting, channel))
        if self._reader is None or self._reader.done():
            self._reader = loop.create_task(self._read(self.non_local_name(channel)))
        return waiter

    def _done_waiting(self, channel: str, waiter: asyncio.Future) -> None:
        if self._waiting.get(channel) is waiter:
            del self._waiting[channel]
        if waiter.cancelled():
            # The socket is closing: what was kept for it goes with it, as
            # channels-redis drops its queue.
            self._kept.pop(channel, None)
        if not self._waiting and self._reader is not None:
            # Nobody waits any more (the last sockets closed): stop reading, as
            # channels-redis's lock holder does when its socket closes. An
            # event being read stays in Redis's backup of it.
            self._reader.cancel()
            self._reader = None

    def _check_loop(self, loop) -> None:
        reader = self._reader
        if reader is None or reader.get_loop() is loop:
            return
        if not reader.done() and not reader.get_loop().is_closed():
            raise RuntimeError(
                "Two event loops are trying to receive() on one channel layer at once!"
            )
        # What waited on another event loop, now gone or idle, waits no more.
        self._reader = None
        self._waiting.clear()
        self._kept.clear()

    async def _read(self, real_channel: str) -> None:
        """Read the process's events while some socket waits."""
        try:
            while self._waiting:
                channel, message = await self.receive_single(real_channel)
                for name in channel if isinstance(channel, list) else [channel]:
                    self._deliver(name, message)
        except Exception as error:
            # Every waiting socket hears it, as each would have in turn in
            # channels-redis; none waits for a reader that is gone.
            waiting, self._waiting = self._waiting, {}
            for waiter in waiting.values():
                if not waiter.done():
                    waiter.set_exception(error)

    def _deliver(self, channel: str, message: dict) -> None:
        waiter = self._waiting.pop(channel, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(message)
            return
        kept = self._kept.get(channel)
        if kept is None:
            kept = self._kept[channel] = collections.deque(maxlen=self.capacity)
        kept.append(message)
