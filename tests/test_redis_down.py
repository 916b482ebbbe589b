"""Redis out of reach is an inconvenience, not an error: with the channel layer
and the cache both unreachable (nothing listens on their port), every page and
form answers as usual, a message sent without JavaScript is kept and shown,
logging in works and is still limited, a page's socket is told to come back
later, and /healthz says what fails."""

import uuid

import pytest
from django.test import override_settings
from django.urls import reverse

from messaging import services
from messaging.models import Message
from tests.factories import PASSWORD, MembershipFactory
from tests.sockets import _connect_raw

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE = "redis://127.0.0.1:1/0"
DOWN = override_settings(
    CHANNEL_LAYERS={
        "default": {
            "BACKEND": "realtime.layers.RedisChannelLayer",
            "CONFIG": {"hosts": [UNREACHABLE]},
        }
    },
    CACHES={
        "default": {
            "BACKEND": "community.cache.FailSafeRedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    },
)


@pytest.fixture
def chat():
    membership = MembershipFactory()
    one = membership.user
    other = MembershipFactory(neighbourhood=membership.neighbourhood).user
    conversation = services.start_conversation(
        user=one, other=other, neighbourhood=membership.neighbourhood
    )
    return one, other, conversation


@DOWN
def test_a_message_sent_without_javascript_is_kept_and_shown(client, chat):
    one, _other, conversation = chat
    client.force_login(one)
    response = client.post(
        conversation.get_absolute_url(),
        {"text": "Bonjour, malgré tout", "client_id": str(uuid.uuid4())},
        follow=True,
    )
    assert response.status_code == 200
    assert "Bonjour, malgré tout" in response.content.decode()
    assert Message.objects.filter(text="Bonjour, malgré tout").count() == 1


@DOWN
def test_a_conversation_with_unread_messages_opens_and_is_marked_read(client, chat):
    one, other, conversation = chat
    services.send_message(
        user=other, conversation=conversation, text="Tu es là ?", client_id=uuid.uuid4()
    )
    client.force_login(one)
    response = client.get(conversation.get_absolute_url())
    assert response.status_code == 200
    assert "Tu es là ?" in response.content.decode()
    participant = conversation.participants.get(user=one)
    assert participant.last_read_id == Message.objects.get().pk


@DOWN
def test_logging_in_works_and_wrong_passwords_are_still_limited(client, chat):
    one, other, _conversation = chat
    url = reverse("account_login")
    wrong = client.post(url, {"login": one.email, "password": "pas-le-bon"})
    assert wrong.status_code == 200  # the form, saying why: no error page
    statuses = {
        client.post(url, {"login": one.email, "password": "pas-le-bon"}).status_code
        for _attempt in range(30)
    }
    # The limit still counts, in this process's memory.
    assert 429 in statuses
    fresh = type(client)()
    right = fresh.post(
        url, {"login": other.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert right.status_code == 302


@DOWN
def test_pages_answer_as_usual(client, chat):
    one, _other, conversation = chat
    client.force_login(one)
    for name in ("home", "listing_list", "conversation_list", "notification_list"):
        assert client.get(reverse(name)).status_code == 200, name


@DOWN
def test_healthz_names_both_the_channel_layer_and_the_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache", "channel_layer"]


@DOWN
@pytest.mark.django_db(transaction=True)
async def test_a_page_s_socket_is_told_to_come_back_later(chat):
    one, _other, _conversation = chat
    socket = await _connect_raw(one)
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 1013}
