"""Conversations: services, pages without JavaScript, and the WebSocket."""

import datetime
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from asgi import application
from community import services as community_services
from messaging import selectors, services
from messaging.models import Message
from neighbourhoods.models import Membership
from neighbourhoods.permissions import NotAllowed
from tests.factories import MembershipFactory
from tests.sockets import _connect

pytestmark = pytest.mark.django_db(transaction=True)


def send(user, conversation, text="Bonjour", client_id=None):
    return services.send_message(
        user=user,
        conversation=conversation,
        text=text,
        client_id=client_id or uuid.uuid4(),
    )


def test_starting_twice_gives_the_same_conversation(pair):
    neighbourhood, one, other, conversation = pair
    again = services.start_conversation(
        user=other, other=one, neighbourhood=neighbourhood
    )
    assert again == conversation


def test_a_retry_with_the_same_client_id_never_duplicates(pair):
    _n, one, _other, conversation = pair
    client_id = uuid.uuid4()
    first = send(one, conversation, "Bonjour", client_id)
    second = send(one, conversation, "Bonjour", client_id)
    assert first == second
    assert Message.objects.count() == 1


@pytest.mark.parametrize(("text", "code"), [("   ", "empty"), ("x" * 2001, "too_long")])
def test_empty_or_too_long_messages_are_refused(pair, text, code):
    _n, one, _other, conversation = pair
    with pytest.raises(ValidationError) as caught:
        send(one, conversation, text)
    assert caught.value.code == code
    assert not Message.objects.exists()


def test_permission_is_checked_on_every_message_not_only_at_the_start(pair):
    _n, one, _other, conversation = pair
    send(one, conversation)
    Membership.objects.filter(user=one).update(
        status="suspended", suspended_until=timezone.now() + datetime.timedelta(days=1)
    )
    with pytest.raises(NotAllowed):
        send(one, conversation, "Encore")
    assert Message.objects.count() == 1


def test_outsiders_and_blocked_people_cannot_write(pair):
    neighbourhood, one, other, conversation = pair
    outsider = MembershipFactory(neighbourhood=neighbourhood).user
    with pytest.raises(NotAllowed):
        send(outsider, conversation)
    community_services.block_member(user=other, other=one)
    with pytest.raises(NotAllowed):
        send(one, conversation)
    with pytest.raises(NotAllowed):
        services.start_conversation(user=one, other=other, neighbourhood=neighbourhood)
    assert not Message.objects.exists()


def test_unread_counts_and_read_positions(pair):
    _n, one, other, conversation = pair
    first = send(one, conversation, "Un")
    send(one, conversation, "Deux")
    row = selectors.conversations_of(user=other).get(pk=conversation.pk)
    assert row.unread == 2
    assert row.last_text == "Deux"
    services.mark_read(user=other, conversation=conversation, up_to=first.pk)
    assert selectors.conversations_of(user=other).get(pk=conversation.pk).unread == 1
    assert selectors.conversations_of(user=one).get(pk=conversation.pk).unread == 0


def test_conversation_list_costs_the_same_queries_whatever_its_length(
    pair, django_assert_max_num_queries
):
    neighbourhood, one, _other, conversation = pair

    def read():
        for row in selectors.conversations_of(user=one):
            [p.user.profile.pseudonym for p in row.participants.all()]

    send(one, conversation)
    with django_assert_max_num_queries(6) as small:
        read()
    for _n in range(8):
        someone = MembershipFactory(neighbourhood=neighbourhood).user
        send(
            one,
            services.start_conversation(
                user=one, other=someone, neighbourhood=neighbourhood
            ),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        read()


def test_the_plain_form_sends_a_message_without_javascript(client, pair):
    _n, one, other, conversation = pair
    client.force_login(one)
    url = conversation.get_absolute_url()
    page = client.get(url)
    client_id = page.context["form"].initial["client_id"]
    data = {"text": "Je passe demain <b>vers 10 h</b>", "client_id": client_id}
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # the same form sent twice
    assert Message.objects.count() == 1
    client.force_login(other)
    html = client.get(url).content.decode()
    assert "&lt;b&gt;vers 10 h&lt;/b&gt;" in html
    assert selectors.conversations_of(user=other).get(pk=conversation.pk).unread == 0


def test_others_cannot_open_a_conversation(client, pair):
    neighbourhood, _one, _other, conversation = pair
    client.force_login(MembershipFactory(neighbourhood=neighbourhood).user)
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_the_moderators_room_is_for_moderators_only(client, pair):
    neighbourhood, one, _other, _conversation = pair
    moderator = MembershipFactory(neighbourhood=neighbourhood, role="moderator").user
    client.force_login(moderator)
    response = client.get(reverse("staff_room", args=[neighbourhood.slug]))
    assert response.status_code == 302
    room_url = response.url
    client.force_login(one)
    assert (
        client.get(reverse("staff_room", args=[neighbourhood.slug])).status_code == 403
    )
    assert client.get(room_url).status_code == 404


# The WebSocket, through the application asgi.py serves


async def test_a_message_reaches_the_other_side_and_the_sender_gets_an_ack(pair):
    _n, one, other, conversation = pair
    sender = await _connect(one)
    receiver = await _connect(other)
    for socket in (sender, receiver):
        await socket.send_json_to({"type": "join", "conversation": conversation.pk})
        assert (await socket.receive_json_from())["type"] == "joined"
    client_id = str(uuid.uuid4())
    await sender.send_json_to(
        {
            "type": "send",
            "conversation": conversation.pk,
            "text": "Salut",
            "client_id": client_id,
        }
    )
    frames = [await sender.receive_json_from(), await sender.receive_json_from()]
    assert {frame["type"] for frame in frames} == {"ack", "message.new"}
    received = await receiver.receive_json_from()
    assert received["type"] == "message.new"
    assert received["text"] == "Salut"
    assert received["client_id"] == client_id
    await receiver.send_json_to(
        {"type": "read", "conversation": conversation.pk, "up_to": received["id"]}
    )
    read = await sender.receive_json_from()
    assert read == {
        "type": "read.position",
        "conversation": conversation.pk,
        "user": other.pk,
        "up_to": received["id"],
    }
    await sender.disconnect()
    await receiver.disconnect()


async def test_after_a_reconnect_missed_messages_arrive_exactly_once(pair):
    _n, one, other, conversation = pair
    first = await database_sync_to_async(send)(one, conversation, "Un")
    await database_sync_to_async(send)(one, conversation, "Deux")
    await database_sync_to_async(send)(one, conversation, "Trois")
    socket = await _connect(other)
    await socket.send_json_to(
        {"type": "join", "conversation": conversation.pk, "after": first.seq}
    )
    frames = [await socket.receive_json_from() for _n in range(2)]
    assert [(frame["text"], frame["seq"]) for frame in frames] == [
        ("Deux", 2),
        ("Trois", 3),
    ]
    # Then how far the other side has read, so that "read" shows again.
    last = await database_sync_to_async(Message.objects.last)()
    assert await socket.receive_json_from() == {
        "type": "read.position",
        "conversation": conversation.pk,
        "user": one.pk,
        "up_to": last.pk,
    }
    assert await socket.receive_json_from() == {
        "type": "joined",
        "conversation": conversation.pk,
        "up_to": 3,
    }
    assert await socket.receive_nothing()
    await socket.disconnect()


async def test_strangers_get_an_error_frame_and_hear_nothing(pair):
    neighbourhood, one, _other, conversation = pair
    stranger = await database_sync_to_async(
        lambda: MembershipFactory(neighbourhood=neighbourhood).user
    )()
    socket = await _connect(stranger)
    await socket.send_json_to({"type": "join", "conversation": conversation.pk})
    frame = await socket.receive_json_from()
    assert frame["type"] == "error" and frame["code"] == "not_allowed"
    await database_sync_to_async(send)(one, conversation, "Secret")
    assert await socket.receive_nothing()
    await socket.send_json_to({"type": "dance"})
    assert (await socket.receive_json_from())["code"] == "unknown_type"
    await socket.send_json_to(["not", "an", "object"])
    assert (await socket.receive_json_from())["code"] == "bad_frame"
    await socket.disconnect()


async def test_visitors_cannot_open_the_socket():
    communicator = WebsocketCommunicator(
        application,
        "/ws/",
        headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


def _queries_to_send(one, conversation, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        send(one, conversation, "Encore un")
    return [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].startswith(
            ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT")
        )
    ]


def test_a_message_costs_a_fixed_number_of_queries(
    pair, django_capture_on_commit_callbacks
):
    neighbourhood, one, other, conversation = pair
    send(other, conversation, "Bonjour")
    # The other is told once while the conversation waits for them: the first
    # message makes their notification, the next ones only count.
    send(one, conversation, "Bonjour à toi")
    first = _queries_to_send(one, conversation, django_capture_on_commit_callbacks)
    for number in range(30):
        send(one if number % 2 else other, conversation, f"Message {number}")
    MembershipFactory.create_batch(10, neighbourhood=neighbourhood)
    later = _queries_to_send(one, conversation, django_capture_on_commit_callbacks)
    assert len(first) == len(later)
    # Lock and number, who may write (membership; participants and blocks),
    # a retry, the flood limit, the watch list, the message, the counter, the
    # sender's read position, who is told, their waiting notification counted
    # again (read, written), and their unread count for their open pages.
    assert len(later) <= 14, "\n".join(later)
