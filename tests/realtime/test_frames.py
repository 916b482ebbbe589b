"""The checker of frames (tests/frames.py) that the suite runs on every frame
it sends: the frames the constructors of realtime.events build pass, and a
frame unlike its shape is caught, on the channel layer and down a socket."""

import pytest
from django.utils.translation import gettext_lazy

from messaging.consumers import ChatConsumer
from realtime import events
from tests.frames import SHAPES, FrameError, check_frame

BUILT = [
    events.message_new(
        conversation_id=1,
        message_id=2,
        seq=1,
        client_id="c0ffee",
        author_id=3,
        author_name="Nadia",
        helped_by_name="",
        text="Bonjour",
        created_at="2025-05-01T10:00:00+00:00",
    ),
    events.read_position(conversation_id=1, user_id=3, up_to=2),
    events.message_hidden(conversation_id=1, message_id=2),
    events.typing(conversation_id=1, user_id=3, name="Nadia"),
    events.notification(kind="message", text="Nadia", url="/", unread=1, at=1.5),
    events.unread(notifications=1, at=1.5),
    events.unread(notifications=1, messages=4, at=1.5),
    events.joined(conversation_id=1, up_to=4),
    events.ack(conversation_id=1, client_id="c0ffee", message_id=2, seq=1, held=False),
    events.error(code="flood", detail="Attendez"),
    events.error(code="empty", detail="Écrivez", client_id="c0ffee"),
    events.standing_changed(),
    events.pong(),
    events.unread_more(messages=1),
    events.session_ended(),
    events.access_lost(conversation_id=1, detail="Vous êtes suspendu"),
]


@pytest.mark.parametrize("frame", BUILT, ids=lambda frame: frame["type"])
def test_every_constructor_builds_a_frame_its_shape_accepts(frame):
    check_frame(frame)


def test_every_declared_shape_has_a_constructor():
    assert {frame["type"] for frame in BUILT} == set(SHAPES)


READ = {"type": "read.position", "conversation": 1, "user": 3, "up_to": 2}


@pytest.mark.parametrize(
    ("frame", "fault"),
    [
        ({k: v for k, v in READ.items() if k != "up_to"}, "missing ['up_to']"),
        ({**READ, "extra": 1}, "unknown ['extra']"),
        ({**READ, "up_to": "2"}, "up_to='2' is not"),
        ({**READ, "user": True}, "user=True is not"),
        ({**READ, "type": "read"}, "no shape declares type 'read'"),
        (
            events.ack(conversation_id=1, client_id="c", message_id=2, seq=1, held=0),
            "held=0 is not",
        ),
        (events.unread(notifications=1, at="now"), "at='now' is not"),
        ({"conversation": 1}, "a frame is a dict with a type"),
        (["read.position"], "a frame is a dict with a type"),
    ],
)
def test_a_frame_unlike_its_shape_is_caught(frame, fault):
    with pytest.raises(FrameError, match=fault.replace("[", r"\[")):
        check_frame(frame)


def test_the_health_probe_is_not_a_page_frame():
    check_frame({"type": "healthz.ping", "nonce": "abc"})


def test_a_bad_frame_sent_on_the_channel_layer_fails_the_test(frame_faults):
    with pytest.raises(FrameError):
        events.send_now("user.1", {**READ, "up_to": None})
    assert len(frame_faults) == 1
    frame_faults.clear()  # caught as it should be: this test passes


async def test_a_bad_frame_sent_down_a_socket_fails_the_test(frame_faults):
    with pytest.raises(FrameError):
        await ChatConsumer().send_json({"type": "joined"})
    assert frame_faults == [
        "JoinedPayload: missing ['conversation', 'up_to'] in {'type': 'joined'}"
    ]
    frame_faults.clear()


def test_a_lazy_translation_is_no_text():
    with pytest.raises(FrameError, match="detail="):
        check_frame({"type": "error", "code": "x", "detail": gettext_lazy("Log out")})
