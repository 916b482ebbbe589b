"""No message is missing from an open page: every message has its number in
the conversation, in commit order; a page that sees a number missing, or that
reconnects, asks for everything after the last number it received in order,
and gets it all, page after page. Through the routed application of asgi.py,
with a channel layer that loses events on purpose.

`Page` below does what static/js/live.js does with the numbers."""

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.test import override_settings

from messaging import services
from messaging.consumers import CATCH_UP_PAGE
from messaging.models import Message
from moderation import services as moderation_services
from neighbourhoods.models import Neighbourhood
from tests.factories import MembershipFactory
from tests.sockets import _connect

pytestmark = pytest.mark.django_db(transaction=True)


class LossyLayer(InMemoryChannelLayer):
    """The in-memory layer, dropping the conversation events it is told to:
    what an overloaded layer does beyond its capacity."""

    drop_every = 0  # every n-th message.new is lost (0: none)
    drop_next = 0  # the next n message.new are lost

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.counted = 0
        self.dropped = 0

    async def group_send(self, group, message):
        if message.get("type") == "message.new":
            self.counted += 1
            if self.drop_next > 0 or (
                self.drop_every and self.counted % self.drop_every == 0
            ):
                self.drop_next = max(0, self.drop_next - 1)
                self.dropped += 1
                return
        await super().group_send(group, message)


LOSSY = {"default": {"BACKEND": "tests.messaging.test_delivery.LossyLayer"}}


class Page:
    """An open conversation page, as live.js keeps it: the messages shown by
    id, the last number received in order, the numbers received ahead."""

    def __init__(self, socket, conversation_id, last_seq=0):
        self.socket = socket
        self.conversation = conversation_id
        self.last_seq = last_seq
        self.early: set[int] = set()
        self.shown: dict[int, str] = {}
        self.order: list[int] = []  # the ids in the order they were put on screen
        self.catch_ups = 0

    def received(self, seq):
        if seq > self.last_seq:
            self.early.add(seq)
        while self.last_seq + 1 in self.early:
            self.early.discard(self.last_seq + 1)
            self.last_seq += 1

    def has_gap(self):
        return any(seq > self.last_seq for seq in self.early)

    async def join(self):
        self.catch_ups += 1
        await self.socket.send_json_to(
            {"type": "join", "conversation": self.conversation, "after": self.last_seq}
        )

    async def read(self, frame):
        if frame["type"] == "message.new":
            # live.js puts a message on screen once: a catch-up may bring one
            # it received ahead of a gap again.
            if frame["id"] not in self.shown:
                self.order.append(frame["id"])
            self.shown[frame["id"]] = frame["text"]
            self.received(frame["seq"])
        elif frame["type"] == "ack":
            self.shown.setdefault(frame["id"], "(mine)")
            self.received(frame["seq"])
        elif frame["type"] == "joined":
            self.last_seq = max(self.last_seq, frame["up_to"])
            self.early = {seq for seq in self.early if seq > self.last_seq}
            self.received(0)

    async def settle(self, *, quiet=0.3, limit=50):
        """Read until nothing comes; a gap left when it is quiet is asked for
        (live.js waits a moment too, since an event may still be on its way)."""
        for _round in range(limit):
            while not await self.socket.receive_nothing(timeout=quiet):
                await self.read(await self.socket.receive_json_from())
            if not self.has_gap():
                return
            await self.join()
        raise AssertionError("the page never caught up")


def _send(user, conversation, text):
    return services.send_message(
        user=user, conversation=conversation, text=text, client_id=uuid.uuid4()
    )


def _send_many(user, conversation, count, prefix="Message"):
    return [_send(user, conversation, f"{prefix} {n}") for n in range(count)]


@pytest.fixture
def chatty(pair):
    """The pair, in a neighbourhood whose flood limit lets a burst through."""
    Neighbourhood.objects.filter(pk=pair[0].pk).update(message_limit=10_000)
    return pair


@override_settings(CHANNEL_LAYERS=LOSSY)
async def test_lost_events_cost_a_catch_up_never_a_message(chatty):
    _n, one, other, conversation = chatty
    layer = get_channel_layer()
    layer.drop_every = 3
    socket = await _connect(other)
    page = Page(socket, conversation.pk)
    await page.join()
    await page.settle()
    sent = await database_sync_to_async(_send_many)(one, conversation, 40)
    await page.settle()
    assert layer.dropped >= 10  # the layer did lose events
    assert sorted(page.order) == sorted(message.pk for message in sent)
    assert page.last_seq == 40
    await socket.disconnect()


@override_settings(CHANNEL_LAYERS=LOSSY)
async def test_an_ack_before_the_older_message_still_brings_it(chatty):
    # The other's message (number 1) is kept but its event is lost; then the
    # page's own message (number 2) is acknowledged. The page sees 2 before 1
    # and asks for what comes after its last number in order: 1 comes.
    _n, one, other, conversation = chatty
    layer = get_channel_layer()
    socket = await _connect(one)
    page = Page(socket, conversation.pk)
    await page.join()
    await page.settle()
    layer.drop_next = 1
    older = await database_sync_to_async(_send)(other, conversation, "Plus ancien")
    await socket.send_json_to(
        {
            "type": "send",
            "conversation": conversation.pk,
            "client_id": str(uuid.uuid4()),
            "text": "Le mien",
        }
    )
    await page.settle()
    assert older.pk in page.shown
    assert page.shown[older.pk] == "Plus ancien"
    assert page.last_seq == 2
    assert page.catch_ups == 2  # the first join, then one to fill the gap
    await socket.disconnect()


async def test_a_page_away_for_long_gets_every_message_missed(chatty):
    _n, one, other, conversation = chatty
    missed = CATCH_UP_PAGE + 50
    sent = await database_sync_to_async(_send_many)(one, conversation, missed)
    socket = await _connect(other)
    page = Page(socket, conversation.pk)
    await page.join()
    await page.settle()
    assert len(page.shown) == missed
    assert sorted(page.shown) == sorted(message.pk for message in sent)
    assert page.last_seq == missed
    assert page.catch_ups == 1
    await socket.disconnect()


async def test_a_page_that_reconnects_gets_what_came_meanwhile_once(chatty):
    _n, one, other, conversation = chatty
    first = await _connect(other)
    page = Page(first, conversation.pk)
    await page.join()
    await database_sync_to_async(_send_many)(one, conversation, 3, "Avant")
    await page.settle()
    await first.disconnect()
    await database_sync_to_async(_send_many)(one, conversation, 5, "Pendant")
    page.socket = await _connect(other)
    await page.join()
    await page.settle()
    assert len(page.order) == 8
    await page.socket.disconnect()


async def test_numbers_follow_the_commits_and_a_held_message_leaves_no_gap_open(
    chatty,
):
    _n, one, other, conversation = chatty

    def watch_and_send():
        staff = MembershipFactory(
            neighbourhood=conversation.neighbourhood, role="coordinator"
        ).user
        moderation_services.set_watch_list(
            coordinator=staff, neighbourhood=conversation.neighbourhood, words="arnaque"
        )
        held = _send(one, conversation, "Une arnaque ?")
        shown = _send(one, conversation, "Bonjour")
        return held, shown

    socket = await _connect(other)
    page = Page(socket, conversation.pk)
    await page.join()
    await page.settle()
    held, shown = await database_sync_to_async(watch_and_send)()
    await page.settle()
    assert (held.seq, shown.seq) == (1, 2)
    assert list(page.shown) == [shown.pk]  # the held one is not shown
    assert page.last_seq == 2 and not page.has_gap()
    numbers = await database_sync_to_async(
        lambda: list(Message.objects.order_by("pk").values_list("seq", flat=True))
    )()
    assert numbers == [1, 2]
    await socket.disconnect()


EXPIRING = {
    "default": {
        "BACKEND": "channels.layers.InMemoryChannelLayer",
        "CONFIG": {"group_expiry": 1},
    }
}


@pytest.mark.parametrize("pings", [True, False])
async def test_a_page_that_pings_keeps_its_place_in_its_groups(chatty, pings):
    import asyncio

    _n, one, other, conversation = chatty
    with override_settings(CHANNEL_LAYERS=EXPIRING):
        socket = await _connect(other)
        page = Page(socket, conversation.pk)
        await page.join()
        await page.settle()
        for _tick in range(3):
            await asyncio.sleep(0.6)
            if pings:
                await socket.send_json_to({"type": "ping"})
                assert await socket.receive_json_from(timeout=5) == {"type": "pong"}
        sent = await database_sync_to_async(_send)(one, conversation, "Toujours là")
        heard = []
        while not await socket.receive_nothing(timeout=0.3):
            heard.append((await socket.receive_json_from())["type"])
        # Renewed, the page hears the message live; forgotten by the layer, it
        # hears nothing (and would catch up on its next ping or reconnect).
        assert ("message.new" in heard) is pings
        if pings:
            await page.read(
                {"type": "message.new", "id": sent.pk, "seq": 1, "text": ""}
            )
        await socket.disconnect()
