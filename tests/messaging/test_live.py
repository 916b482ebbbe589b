"""Notifications (stored, live, by e-mail as each member chose), unread counts,
typing, the flood limit, and bad frames — through the application asgi.py
serves."""

import asyncio
import re
import time
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community import services as community_services
from messaging import selectors, services
from messaging.consumers import ChatConsumer
from messaging.models import Message
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Membership
from notifications import selectors as notification_selectors
from notifications import services as notification_services
from notifications.models import Notification, NotificationPreference
from realtime import events
from tests.factories import MembershipFactory, NeighbourhoodFactory, ProfileFactory
from tests.messaging.test_conversations import send
from tests.sockets import _connect, _connect_raw

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Notification.Kind
Channel = NotificationPreference.Channel


def _choose(user, kind, channel):
    notification_services.set_preferences(user=user, channels={kind: channel})


# Notifications as each member chose


@pytest.mark.parametrize(
    ("channel", "stored", "unread", "emails"),
    [
        (Channel.SITE, 1, 1, 0),
        (Channel.EMAIL, 1, 0, 1),
        (Channel.BOTH, 1, 1, 1),
        (Channel.NONE, 0, 0, 0),
    ],
)
def test_each_kind_reaches_the_member_the_way_they_chose(
    mailoutbox, channel, stored, unread, emails
):
    user = ProfileFactory().user
    _choose(user, Kind.RESPONSE, channel)
    notification_services.notify(
        user=user, kind=Kind.RESPONSE, text="Nadia a répondu", url="/annonces/1/"
    )
    assert Notification.objects.filter(user=user).count() == stored
    assert notification_selectors.unread_count(user=user) == unread
    assert len(mailoutbox) == emails
    if emails:
        assert mailoutbox[0].to == [user.email]
        assert "Nadia a répondu" in mailoutbox[0].body
        assert settings.SITE_URL.rstrip("/") + "/annonces/1/" in mailoutbox[0].body


def test_messages_are_never_emailed_one_by_one(mailoutbox, pair):
    _n, one, other, conversation = pair
    _choose(other, Kind.MESSAGE, Channel.BOTH)
    send(one, conversation)
    assert mailoutbox == []  # the summary command gathers them later
    assert notification_selectors.unread_count(user=other) == 1


def test_each_member_is_told_in_their_own_language():
    french = ProfileFactory(user__language="fr").user
    english = ProfileFactory(user__language="en").user
    notification_services.notify_many(
        users=[french, english], kind=Kind.CHARTER, text=lambda: _("Log out")
    )
    assert Notification.objects.get(user=french).text == "Me déconnecter"
    assert Notification.objects.get(user=english).text == "Log out"


def test_telling_many_members_costs_a_fixed_number_of_queries():
    few = [ProfileFactory().user for _i in range(2)]
    many = [ProfileFactory().user for _i in range(12)]
    _choose(many[0], Kind.CHARTER, Channel.NONE)
    with CaptureQueriesContext(connection) as for_few:
        notification_services.notify_many(
            users=few, kind=Kind.CHARTER, text="A", key="k"
        )
    with CaptureQueriesContext(connection) as for_many:
        notification_services.notify_many(
            users=many, kind=Kind.CHARTER, text="B", key="k"
        )
    assert len(for_few) == len(for_many) <= 6
    assert Notification.objects.filter(text="B").count() == 11


def test_the_same_subject_is_told_once():
    user = ProfileFactory().user
    for _i in range(2):
        notification_services.notify(
            user=user, kind=Kind.MATCH, text="Nouveau", key="listing:1"
        )
    assert Notification.objects.filter(user=user).count() == 1


def test_a_membership_decision_is_told_with_its_reason():
    neighbourhood = NeighbourhoodFactory()
    moderator = MembershipFactory(neighbourhood=neighbourhood, role="moderator").user
    asking = MembershipFactory(neighbourhood=neighbourhood, status="pending")
    neighbourhood_services.decide_request(
        moderator=moderator,
        membership=asking,
        approve=False,
        message="Ce quartier est pour les habitants du 8e",
    )
    told = Notification.objects.get(user=asking.user)
    assert told.kind == Kind.MEMBERSHIP
    assert "Ce quartier est pour les habitants du 8e" in told.text
    assert neighbourhood.name in told.text


def test_a_new_charter_is_told_to_every_member_but_its_author():
    neighbourhood = NeighbourhoodFactory()
    coordinator = MembershipFactory(
        neighbourhood=neighbourhood, role="coordinator"
    ).user
    members = [MembershipFactory(neighbourhood=neighbourhood).user for _i in range(3)]
    pending = MembershipFactory(neighbourhood=neighbourhood, status="pending").user
    outsider = MembershipFactory().user
    neighbourhood_services.publish_charter(
        coordinator=coordinator, neighbourhood=neighbourhood, text="Respect et entraide"
    )
    told = set(
        Notification.objects.filter(kind=Kind.CHARTER).values_list("user", flat=True)
    )
    assert told == {member.pk for member in members}
    assert not {coordinator.pk, pending.pk, outsider.pk} & told


# New messages: one notification per conversation while it waits


def test_new_messages_make_one_notification_until_the_conversation_is_read(pair):
    _n, one, other, conversation = pair
    send(one, conversation, "Un")
    last = send(one, conversation, "Deux")
    assert Notification.objects.filter(user=other, kind=Kind.MESSAGE).count() == 1
    assert selectors.unread_messages_count(user=other) == 2
    assert selectors.unread_messages_count(user=one) == 0
    services.mark_read(user=other, conversation=conversation, up_to=last.pk)
    assert notification_selectors.unread_count(user=other) == 0
    assert selectors.unread_messages_count(user=other) == 0
    send(one, conversation, "Trois")
    assert Notification.objects.filter(user=other, kind=Kind.MESSAGE).count() == 2
    assert notification_selectors.unread_count(user=other) == 1


def test_unread_messages_of_a_neighbourhood_left_no_longer_count(pair):
    neighbourhood, one, other, conversation = pair
    send(one, conversation)
    assert selectors.unread_messages_count(user=other) == 1
    neighbourhood_services.leave_neighbourhood(user=other, neighbourhood=neighbourhood)
    assert selectors.unread_messages_count(user=other) == 0


def test_the_unread_count_follows_the_moderators_room_in_one_query(pair):
    neighbourhood, one, other, conversation = pair
    Membership.objects.filter(user=other, neighbourhood=neighbourhood).update(
        role=Membership.Role.MODERATOR
    )
    colleague = MembershipFactory(neighbourhood=neighbourhood, role="moderator").user
    room = services.staff_room(moderator=other, neighbourhood=neighbourhood)
    services.staff_room(moderator=colleague, neighbourhood=neighbourhood)
    send(one, conversation)
    send(colleague, room, "Réunion jeudi")
    send(colleague, room, "À 18 h")
    with CaptureQueriesContext(connection) as queries:
        assert selectors.unread_messages_count(user=other) == 3
    assert len(queries.captured_queries) == 1
    # The count is the sum of what the list of conversations shows unread.
    assert sum(c.unread for c in selectors.conversations_of(user=other)) == 3
    # No longer a moderator: the room's messages no longer wait for them.
    Membership.objects.filter(user=other, neighbourhood=neighbourhood).update(
        role=Membership.Role.RESIDENT
    )
    assert selectors.unread_messages_count(user=other) == 1


def test_the_header_shows_both_counts(client, pair):
    _n, one, other, conversation = pair
    send(one, conversation)
    send(one, conversation, "Encore")
    client.force_login(other)
    html = client.get(reverse("home")).content.decode()
    # The number follows words that fit every number ("non lus : 8").
    for name, number in (("messages", 2), ("notifications", 1)):
        assert re.search(
            rf'<span class="count" data-unread="{name}">'
            rf'<span class="visually-hidden">[^<]*</span>'
            rf"<span data-unread-number>{number}<",
            html,
        )
    client.force_login(one)
    html = client.get(reverse("home")).content.decode()
    assert 'data-unread="messages" hidden' in html
    assert 'data-unread="notifications" hidden' in html


# The flood limit, per neighbourhood


def test_the_flood_limit_refuses_and_stores_nothing(pair):
    neighbourhood, one, _other, conversation = pair
    neighbourhood.message_limit = 3
    neighbourhood.save(update_fields=["message_limit"])
    for _i in range(3):
        send(one, conversation)
    with pytest.raises(ValidationError) as refused:
        send(one, conversation, "Un de trop")
    assert refused.value.code == "flood"
    assert not Message.objects.filter(text="Un de trop").exists()
    # A retry of a message already kept is not a new message.
    kept = Message.objects.filter(author=one).first()
    assert send(one, conversation, kept.text, client_id=kept.client_id) == kept


def test_the_flood_limit_counts_only_the_recent_window(pair):
    neighbourhood, one, _other, conversation = pair
    neighbourhood.message_limit = 2
    neighbourhood.save(update_fields=["message_limit"])
    send(one, conversation)
    send(one, conversation)
    Message.objects.update(
        created_at=Message.objects.first().created_at.replace(year=2020)
    )
    assert send(one, conversation, "De nouveau").pk


def test_the_form_says_wait_and_keeps_the_text(client, pair):
    neighbourhood, one, _other, conversation = pair
    neighbourhood.message_limit = 1
    neighbourhood.save(update_fields=["message_limit"])
    send(one, conversation)
    client.force_login(one)
    url = conversation.get_absolute_url()
    data = {"text": "Mon texte important", "client_id": str(uuid.uuid4())}
    page = client.post(url, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Wait a moment" in html or "Attendez un instant" in html
    assert "Mon texte important" in html
    assert Message.objects.count() == 1


# The socket: live news, typing, bad frames


async def _join(socket, conversation):
    await socket.send_json_to({"type": "join", "conversation": conversation.pk})
    assert (await socket.receive_json_from())["type"] == "joined"


async def _frames_until(socket, wanted: str, limit: int = 6) -> list[dict]:
    frames = []
    for _i in range(limit):
        frame = await socket.receive_json_from()
        frames.append(frame)
        if frame["type"] == wanted:
            return frames
    raise AssertionError(f"no {wanted} frame in {frames}")


async def test_notifications_and_unread_counts_reach_every_open_page(pair):
    _n, one, other, conversation = pair
    # A page that is not the conversation: no join, only the member's news.
    elsewhere = await _connect(other)
    await database_sync_to_async(send)(one, conversation, "Coucou")
    frames = await _frames_until(elsewhere, "unread.more")
    notification = next(f for f in frames if f["type"] == "notification")
    assert notification["kind"] == "message"
    assert notification["url"] == conversation.get_absolute_url()
    assert notification["unread"] == 1
    # One more unread message: an increment, not a count read again.
    assert frames[-1] == {"type": "unread.more", "messages": 1}
    # Reading on another page brings the counts down here.
    last = await database_sync_to_async(Message.objects.last)()
    await database_sync_to_async(services.mark_read)(
        user=other, conversation=conversation, up_to=last.pk
    )
    counts = await elsewhere.receive_json_from()
    assert (counts["type"], counts["notifications"], counts["messages"]) == (
        "unread",
        0,
        0,
    )
    await elsewhere.disconnect()


async def test_news_of_one_member_never_reaches_another(pair):
    neighbourhood, one, other, conversation = pair
    third = await database_sync_to_async(
        lambda: MembershipFactory(neighbourhood=neighbourhood).user
    )()
    listening = await _connect(third)
    await database_sync_to_async(send)(one, conversation, "Privé")
    await database_sync_to_async(notification_services.notify)(
        user=other, kind=Kind.RESPONSE, text="Pour l'autre"
    )
    assert await listening.receive_nothing(timeout=0.3)
    await listening.disconnect()


async def test_typing_reaches_the_other_side_not_oneself_and_not_too_often(pair):
    _n, one, other, conversation = pair
    typing, reading = await _connect(one), await _connect(other)
    await _join(typing, conversation)
    await _join(reading, conversation)
    for _i in range(3):
        await typing.send_json_to({"type": "typing", "conversation": conversation.pk})
    frame = await reading.receive_json_from()
    assert frame["type"] == "typing"
    assert frame["user"] == one.pk
    assert frame["name"] == await database_sync_to_async(lambda: one.display_name)()
    assert await reading.receive_nothing(timeout=0.3)  # once per few seconds
    assert await typing.receive_nothing(timeout=0.1)
    await typing.disconnect()
    await reading.disconnect()


async def test_typing_in_a_conversation_one_is_not_in_is_refused(pair):
    neighbourhood, _one, other, conversation = pair
    stranger = await database_sync_to_async(
        lambda: MembershipFactory(neighbourhood=neighbourhood).user
    )()
    reading, intruder = await _connect(other), await _connect(stranger)
    await _join(reading, conversation)
    await intruder.send_json_to({"type": "typing", "conversation": conversation.pk})
    assert (await intruder.receive_json_from())["code"] == "not_allowed"
    assert await reading.receive_nothing(timeout=0.3)
    await reading.disconnect()
    await intruder.disconnect()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "bad_json"),
        ('{"type": "send", "conversation": "x"}', "bad_frame"),
        ('{"type": "send"}', "bad_frame"),
        ('{"type": "read", "conversation": 0}', "not_allowed"),
        ('{"text": "' + "x" * 30_000 + '"}', "too_big"),
    ],
)
async def test_bad_frames_get_an_error_and_the_socket_stays_open(pair, raw, code):
    _n, one, _other, conversation = pair
    socket = await _connect(one)
    await socket.send_to(text_data=raw)
    frame = await socket.receive_json_from()
    assert frame["type"] == "error"
    assert frame["code"] == code
    assert frame["detail"]
    await _join(socket, conversation)  # still open and working
    await socket.disconnect()


async def test_missing_or_overlong_text_is_refused_and_nothing_stored(pair):
    _n, one, _other, conversation = pair
    socket = await _connect(one)
    await _join(socket, conversation)
    for text, code in (("", "empty"), ("x" * 2001, "too_long")):
        client_id = str(uuid.uuid4())
        await socket.send_json_to(
            {
                "type": "send",
                "conversation": conversation.pk,
                "text": text,
                "client_id": client_id,
            }
        )
        frame = await socket.receive_json_from()
        assert (frame["type"], frame["code"], frame["client_id"]) == (
            "error",
            code,
            client_id,
        )
    await socket.send_json_to(
        {"type": "send", "conversation": conversation.pk, "text": "Sans id"}
    )
    assert (await socket.receive_json_from())["code"] == "id"
    assert await database_sync_to_async(Message.objects.count)() == 0
    await socket.disconnect()


async def test_a_flood_gets_an_error_frame_and_the_socket_stays_open(pair):
    neighbourhood, one, _other, conversation = pair
    neighbourhood.message_limit = 2
    await database_sync_to_async(neighbourhood.save)(update_fields=["message_limit"])
    socket = await _connect(one)
    await _join(socket, conversation)
    for number in range(3):
        await socket.send_json_to(
            {
                "type": "send",
                "conversation": conversation.pk,
                "text": f"Message {number}",
                "client_id": str(uuid.uuid4()),
            }
        )
    frames = await _frames_until(socket, "error", limit=8)
    assert [f["type"] for f in frames].count("ack") == 2
    assert frames[-1]["code"] == "flood"
    assert await database_sync_to_async(Message.objects.count)() == 2
    await socket.send_json_to({"type": "join", "conversation": conversation.pk})
    await _frames_until(socket, "joined")  # still open and working
    await socket.disconnect()


@pytest.mark.parametrize("why", ["suspended", "blocked"])
async def test_a_suspended_or_blocked_sender_gets_an_error_frame(pair, why):
    neighbourhood, one, other, conversation = pair
    socket = await _connect(one)
    await _join(socket, conversation)

    def stop_them():
        if why == "blocked":
            community_services.block_member(user=other, other=one)
            return
        Membership.objects.filter(user=one, neighbourhood=neighbourhood).update(
            status="suspended", suspended_until=timezone.now() + timedelta(days=3)
        )

    await database_sync_to_async(stop_them)()
    await socket.send_json_to(
        {
            "type": "send",
            "conversation": conversation.pk,
            "text": "Toujours là ?",
            "client_id": str(uuid.uuid4()),
        }
    )
    refused = (await _frames_until(socket, "error"))[-1]
    assert refused["code"] == "not_allowed"
    assert await database_sync_to_async(Message.objects.count)() == 0
    # The socket is still open, and no longer follows the conversation (they
    # read its history on the page): see test_standing_sockets.py.
    await socket.send_json_to({"type": "join", "conversation": conversation.pk})
    assert (await _frames_until(socket, "error"))[-1]["code"] == "not_allowed"
    await socket.disconnect()


async def test_a_page_that_connects_hears_its_counts_at_once(pair):
    _n, one, other, conversation = pair
    await database_sync_to_async(send)(one, conversation, "Pendant ton absence")
    cookie_page = await _connect_raw(other)
    counts = await cookie_page.receive_json_from()
    assert (counts["type"], counts["notifications"], counts["messages"]) == (
        "unread",
        1,
        1,
    )
    await cookie_page.disconnect()


async def test_news_sent_from_a_thread_that_runs_an_event_loop_still_arrives():
    # A script or a browser test calling a service straight from its loop's
    # thread: the send cannot wait on that loop, and must not fail.
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("user.0", channel)
    events.send_now(
        "user.0", events.unread(notifications=3, messages=0, at=time.time())
    )
    frame = await asyncio.wait_for(layer.receive(channel), timeout=5)
    assert frame["notifications"] == 3
    await layer.group_discard("user.0", channel)


async def test_a_message_both_missed_and_announced_on_join_comes_once():
    # Committed between the page joining the group and reading what it missed:
    # the group brings it and so does the list of missed messages.
    consumer = ChatConsumer()
    sent = []

    async def collect(frame):
        sent.append(frame["id"])

    async def followed(conversation_id):
        return True

    consumer.send_json = collect
    consumer.still_follows = followed
    consumer.joined = {7: {41, 42}}
    for message_id in (41, 42, 43):
        await consumer.message_new(
            {"type": "message.new", "conversation": 7, "id": message_id}
        )
    await consumer.message_new({"type": "message.new", "conversation": 8, "id": 41})
    assert sent == [43, 41]


async def test_the_page_that_sent_a_message_gets_it_back_without_a_second_check():
    # The service checked at the commit that the member may write: the frame
    # of their own message, on the page that sent it, is not checked again.
    # Any other page (another tab, another member) is.
    consumer = ChatConsumer()
    consumer.user = SimpleNamespace(pk=5)
    consumer.joined = {7: set()}
    consumer.sent_here = {"c1", "c2"}
    sent, checked = [], []

    async def collect(frame):
        sent.append(frame["id"])

    async def followed(conversation_id):
        checked.append(conversation_id)
        return False

    consumer.send_json = collect
    consumer.still_follows = followed

    def frame(message_id, client_id, author):
        return {
            "type": "message.new",
            "conversation": 7,
            "id": message_id,
            "client_id": client_id,
            "author": author,
        }

    await consumer.message_new(frame(1, "c1", 5))
    assert (sent, checked) == ([1], [])
    await consumer.message_new(frame(1, "c1", 5))  # once only
    await consumer.message_new(frame(2, "c2", 6))  # another author's id
    await consumer.message_new(frame(3, "c3", 5))  # sent from another page
    assert (sent, checked) == ([1], [7, 7, 7])


@pytest.mark.parametrize("why", ["suspended", "blocked"])
async def test_a_member_who_may_no_longer_write_is_not_shown_typing(pair, why):
    neighbourhood, one, other, conversation = pair
    typer = await _connect(one)
    reader = await _connect(other)
    await _join(typer, conversation)
    await _join(reader, conversation)

    def stop_them():
        if why == "blocked":
            community_services.block_member(user=other, other=one)
            return
        Membership.objects.filter(user=one, neighbourhood=neighbourhood).update(
            status="suspended", suspended_until=timezone.now() + timedelta(days=3)
        )

    await database_sync_to_async(stop_them)()
    await typer.send_json_to({"type": "typing", "conversation": conversation.pk})
    assert (await _frames_until(typer, "error"))[-1]["code"] == "not_allowed"
    heard = []
    while not await reader.receive_nothing(timeout=0.3):
        heard.append((await reader.receive_json_from())["type"])
    # The one who blocked stops following too, and is told; nobody types.
    assert heard == (["access.lost"] if why == "blocked" else [])
    await typer.disconnect()
    await reader.disconnect()
