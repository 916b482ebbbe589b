"""Whatever a socket receives, it answers normally or with an error frame,
stays open and stores nothing: frames of any JSON shape and depth, any
Unicode, numbers the database cannot hold, Infinity. Through the routed
application that asgi.py serves."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from messaging.models import Message
from tests.sockets import _connect

pytestmark = pytest.mark.django_db(transaction=True)

KEYS = ["type", "conversation", "after", "up_to", "text", "client_id"]
TYPES = st.sampled_from(["join", "send", "read", "typing", "nonsense"])
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FRAMES = st.one_of(
    VALUES,
    st.fixed_dictionaries(
        {"type": st.one_of(TYPES, VALUES)},
        optional=dict.fromkeys(KEYS[1:], VALUES),
    ),
)


async def _answers(communicator, raw: str, conversation) -> list[dict]:
    """Sends the frame, then a plain join of the socket's own conversation as a
    probe; the frames are answered in order, so everything before the probe's
    "joined" answers the frame, and the probe's answer shows the socket is still
    open. Waits for the probe rather than for a silence, so a slow database
    cannot cut the answer short. Returns the frame's answers."""
    await communicator.send_to(text_data=raw)
    await communicator.send_to(
        text_data=json.dumps({"type": "join", "conversation": conversation.pk})
    )
    frames = []
    while not frames or frames[-1]["type"] != "joined":
        frames.append(await communicator.receive_json_from(timeout=10))
    # A frame that was itself a good join answered "joined" first: the probe's
    # own answer follows.
    while not await communicator.receive_nothing(timeout=0.1):
        frames.append(await communicator.receive_json_from())
    assert frames[-1]["type"] == "joined"
    assert frames[-1]["conversation"] == conversation.pk
    return frames[:-1]


NAMED = [
    '{"type": ["join"], "conversation": 1}',
    "{}",
    '{"type": "join", "conversation": Infinity}',
    '{"type": "join", "conversation": 1e400}',
    '{"type": "read", "conversation": %d, "up_to": 1e400}',
    '{"type": "join", "conversation": 99999999999999999999999}',
    '{"type": "send", "conversation": %d, "client_id": ["x"], "text": "Bonjour"}',
    '{"type": "typing", "conversation": "²"}',
    "[" * 9000 + "]" * 9000,
    "not json",
]


async def test_a_join_after_infinity_joins_from_the_start(pair):
    _place, one, _other, conversation = pair
    communicator = await _connect(one)
    try:
        raw = '{"type": "join", "conversation": %d, "after": Infinity}'
        frames = await _answers(communicator, raw % conversation.pk, conversation)
        assert [frame["type"] for frame in frames] == ["joined"]
    finally:
        await communicator.disconnect()


@pytest.mark.parametrize("raw", NAMED)
async def test_a_named_hostile_frame_gets_an_error_and_the_socket_stays_open(pair, raw):
    _place, one, _other, conversation = pair
    communicator = await _connect(one)
    try:
        if "%d" in raw:
            raw = raw % conversation.pk
        frames = await _answers(communicator, raw, conversation)
        assert frames and all(frame["type"] == "error" for frame in frames)
        assert await database_sync_to_async(Message.objects.count)() == 0
    finally:
        await communicator.disconnect()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(frame=FRAMES)
def test_any_frame_gets_an_answer_and_stores_nothing(pair, frame):
    _place, one, _other, conversation = pair

    async def run():
        communicator = await _connect(one)
        try:
            raw = json.dumps(frame)
            frames = await _answers(communicator, raw, conversation)
            for answer in frames:
                assert answer["type"] in {
                    "error",
                    "joined",
                    "message.new",
                    "read.position",
                    "ack",
                }
        finally:
            await communicator.disconnect()

    async_to_sync(run)()
    assert Message.objects.filter(conversation=conversation).count() == 0
