"""An open page's socket keeps only the access its member still has: one test
per withdrawal, through the routed application that asgi.py serves. After a
member leaves, is suspended or banned, is demoted from the moderators' room,
or is blocked, the socket hears nothing more of the conversation, is told why,
and a send is refused with an error frame and stores nothing. After logging
out, a new password or a password given again at the desk, the socket closes.
"""

import uuid
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from asgi import application
from community import services as community_services
from messaging import services
from messaging.models import Message
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Membership
from tests.factories import PASSWORD, MembershipFactory
from tests.messaging.test_conversations import send
from tests.sockets import _connect

pytestmark = pytest.mark.django_db(transaction=True)


async def _join(socket, conversation):
    await socket.send_json_to({"type": "join", "conversation": conversation.pk})
    frame = await socket.receive_json_from(timeout=5)
    assert (frame["type"], frame["conversation"]) == ("joined", conversation.pk)


async def _send(socket, conversation, text="Toujours là ?"):
    await socket.send_json_to(
        {
            "type": "send",
            "conversation": conversation.pk,
            "text": text,
            "client_id": str(uuid.uuid4()),
        }
    )


async def _refused_and_nothing_more(socket, conversation, *, told: str):
    """The socket was told why, hears nothing of what the other side writes,
    its own send is refused, and nothing it sends is kept."""
    lost = await socket.receive_json_from(timeout=5)
    assert lost["type"] == "access.lost"
    assert lost["conversation"] == conversation.pk
    assert told in lost["detail"]
    kept = await database_sync_to_async(Message.objects.count)()
    await _send(socket, conversation)
    error = await socket.receive_json_from(timeout=5)
    assert error["type"] == "error"
    assert error["code"] == "not_allowed"
    assert told in error["detail"]
    assert await database_sync_to_async(Message.objects.count)() == kept
    # Joining again is refused the same way: a reconnecting page gets nothing.
    await socket.send_json_to({"type": "join", "conversation": conversation.pk})
    again = await socket.receive_json_from(timeout=5)
    assert (again["type"], again["code"]) == ("error", "not_allowed")


def _withdraw(how, *, neighbourhood, one, other, coordinator):
    if how == "leaves":
        neighbourhood_services.leave_neighbourhood(
            user=one, neighbourhood=neighbourhood
        )
    elif how in ("suspended", "banned"):
        neighbourhood_services.sanction_member(
            moderator=coordinator,
            person=one,
            neighbourhood=neighbourhood,
            status=how,
            reason="Propos blessants",
            days=3,
        )
    elif how == "blocked":
        community_services.block_member(user=other, other=one)
    elif how == "blocks":
        community_services.block_member(user=one, other=other)


# Why, in the member's words (French, the site's language).
TOLD = {
    "leaves": "pas membre de ce quartier",
    "suspended": "suspendu",
    "banned": "exclu",
    "blocked": "ne pouvez pas écrire",
    "blocks": "ne pouvez pas écrire",
}


@pytest.fixture
def coordinator(pair):
    neighbourhood = pair[0]
    return MembershipFactory(neighbourhood=neighbourhood, role="coordinator").user


@pytest.mark.parametrize("how", list(TOLD))
async def test_a_withdrawal_reaches_the_open_socket_at_once(pair, coordinator, how):
    neighbourhood, one, other, conversation = pair
    socket = await _connect(one)
    await _join(socket, conversation)
    await database_sync_to_async(_withdraw)(
        how, neighbourhood=neighbourhood, one=one, other=other, coordinator=coordinator
    )
    await _refused_and_nothing_more(socket, conversation, told=TOLD[how])
    if how not in ("blocked", "blocks"):
        # The other side still writes: nothing of it reaches the socket.
        await database_sync_to_async(send)(other, conversation, "Tu es là ?")
        assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_the_member_s_other_pages_and_the_other_side_stay_as_they_were(
    pair, coordinator
):
    neighbourhood, one, other, conversation = pair
    gone = await _connect(one)
    staying = await _connect(other)
    await _join(gone, conversation)
    await _join(staying, conversation)
    await database_sync_to_async(_withdraw)(
        "suspended",
        neighbourhood=neighbourhood,
        one=one,
        other=other,
        coordinator=coordinator,
    )
    assert (await gone.receive_json_from(timeout=5))["type"] == "access.lost"
    assert await staying.receive_nothing(timeout=0.3)  # nothing lost there
    await _send(staying, conversation, "Je reste")
    assert (await staying.receive_json_from(timeout=5))["type"] in {
        "ack",
        "message.new",
    }
    assert await gone.receive_nothing(timeout=0.3)
    await gone.disconnect()
    await staying.disconnect()


async def test_a_moderator_demoted_leaves_the_moderators_room(pair, coordinator):
    neighbourhood, one, _other, _conversation = pair

    def appoint_then_room():
        membership = Membership.objects.get(user=one, neighbourhood=neighbourhood)
        neighbourhood_services.change_role(
            coordinator=coordinator, membership=membership, role="moderator"
        )
        return services.staff_room(moderator=one, neighbourhood=neighbourhood)

    room = await database_sync_to_async(appoint_then_room)()
    socket = await _connect(one)
    await _join(socket, room)

    def demote():
        membership = Membership.objects.get(user=one, neighbourhood=neighbourhood)
        neighbourhood_services.change_role(
            coordinator=coordinator, membership=membership, role="resident"
        )

    await database_sync_to_async(demote)()
    await _refused_and_nothing_more(socket, room, told="Seuls les modérateurs")
    await database_sync_to_async(send)(coordinator, room, "Réunion jeudi")
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_no_event_reaches_a_member_who_lost_access_even_unannounced(pair):
    # The membership changed without any event (a missed removal): the next
    # event of the conversation is checked on its way out and not forwarded.
    neighbourhood, one, other, conversation = pair
    socket = await _connect(one)
    await _join(socket, conversation)
    await database_sync_to_async(
        Membership.objects.filter(user=one, neighbourhood=neighbourhood).update
    )(status="suspended", suspended_until=timezone.now() + timedelta(days=3))
    await database_sync_to_async(send)(other, conversation, "Secret")
    frame = await socket.receive_json_from(timeout=5)
    assert frame["type"] == "access.lost"
    assert "Secret" not in str(frame)
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


# Sessions that end


async def _socket_of(client: Client) -> WebsocketCommunicator:
    """A socket opened under the same login session as `client`."""
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    socket = WebsocketCommunicator(
        application,
        "/ws/",
        headers=[
            (b"origin", b"http://localhost"),
            (b"host", b"localhost"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    connected, _ = await socket.connect()
    assert connected
    assert (await socket.receive_json_from(timeout=5))["type"] == "unread"
    return socket


async def _closed(socket) -> None:
    output = await socket.receive_output(timeout=5)
    assert output == {"type": "websocket.close", "code": 4401}


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


async def test_logging_out_closes_the_sockets_of_that_session_only(pair):
    _n, one, other, conversation = pair
    leaving = await sync_to_async(_logged_in)(one)
    elsewhere = await sync_to_async(_logged_in)(one)  # the same member's phone
    socket = await _socket_of(leaving)
    phone = await _socket_of(elsewhere)
    await _join(socket, conversation)
    await _join(phone, conversation)
    response = await sync_to_async(leaving.post)(reverse("account_logout"))
    assert response.status_code == 302
    await _closed(socket)
    # The phone's session was not logged out: it still follows.
    await sync_to_async(send)(other, conversation, "Bonsoir")
    assert (await phone.receive_json_from(timeout=5))["type"] == "message.new"
    await phone.disconnect()
    assert await database_sync_to_async(Message.objects.count)() == 1


async def test_a_new_password_closes_every_socket_of_the_member(pair):
    _n, one, _other, _conversation = pair
    changing = await sync_to_async(_logged_in)(one)
    elsewhere = await sync_to_async(_logged_in)(one)
    socket = await _socket_of(changing)
    phone = await _socket_of(elsewhere)
    response = await sync_to_async(changing.post)(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "un-nouveau-secret-2026",
            "password2": "un-nouveau-secret-2026",
        },
    )
    assert response.status_code == 302
    await _closed(socket)
    await _closed(phone)
    # The phone's session ended with the old password: reconnecting fails.
    again = WebsocketCommunicator(
        application,
        "/ws/",
        headers=[
            (b"origin", b"http://localhost"),
            (b"host", b"localhost"),
            (
                b"cookie",
                (
                    f"{settings.SESSION_COOKIE_NAME}="
                    f"{elsewhere.cookies[settings.SESSION_COOKIE_NAME].value}"
                ).encode(),
            ),
        ],
    )
    connected, code = await again.connect()
    assert (connected, code) == (False, 4401)


async def test_a_password_given_at_the_desk_closes_the_resident_s_sockets(
    pair, coordinator
):
    neighbourhood, one, _other, _conversation = pair

    def consent():
        neighbourhood_services.record_consent(
            moderator=coordinator,
            resident=one,
            neighbourhood=neighbourhood,
            purpose="Aide pour les messages",
        )

    await database_sync_to_async(consent)()
    socket = await _connect(one)
    desk = await sync_to_async(_logged_in)(coordinator)
    response = await sync_to_async(desk.post)(
        reverse("manage_resident_password", args=[neighbourhood.slug, one.pk])
    )
    assert response.status_code == 200
    password = response.context["account"].one_time_password
    await _closed(socket)
    await database_sync_to_async(one.refresh_from_db)()
    assert one.check_password(password)
    assert one.must_change_password
