"""The centre's team is marked "Staff" next to its name wherever it writes, so
that a look-alike pseudonym cannot pass for it: listings, answers, messages
(on the page and live), over every kind of person who could write."""

import uuid

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from exchanges import services as exchange_services
from exchanges.models import Category
from messaging import services as messaging_services
from tests.sockets import _connect
from tests.world import PERSONS, WRITERS

pytestmark = pytest.mark.django_db

STAFF = '<span class="badge badge--staff"'


def _publish(author, neighbourhood, title):
    return exchange_services.create_listing(
        author=author,
        neighbourhood=neighbourhood,
        kind="offer",
        title=title,
        category=Category.objects.get(key="digital", neighbourhood=None),
        tags=["smartphone"],
    )


@pytest.mark.parametrize("person", sorted(WRITERS))
def test_a_listing_s_author_is_marked_staff_only_when_they_are(
    person, client, neighbourhood, make_person, resident
):
    author = make_person(person)
    listing = _publish(author, neighbourhood, "Aide au smartphone")
    client.force_login(resident)
    page = client.get(reverse("listing_detail", args=[listing.pk])).content.decode()
    listed = client.get(reverse("listing_list")).content.decode()
    marked = person in ("moderator", "coordinator")
    assert (STAFF in page) is marked
    assert (STAFF in listed) is marked


def test_a_look_alike_of_the_animateur_is_not_marked(
    client, neighbourhood, make_person, resident
):
    animateur = make_person("moderator")
    copycat = make_person("resident")
    _publish(copycat, neighbourhood, "Je suis de l'équipe")
    listing = _publish(animateur, neighbourhood, "Atelier du jeudi")
    client.force_login(resident)
    listed = client.get(reverse("listing_list")).content.decode()
    assert listed.count(STAFF) == 1
    page = client.get(reverse("listing_detail", args=[listing.pk])).content.decode()
    assert STAFF in page


@pytest.mark.parametrize("person", PERSONS)
def test_persons_of_elsewhere_are_not_staff_here(person, make_person, neighbourhood):
    from neighbourhoods import selectors

    someone = make_person(person)
    staff = selectors.staff_ids(neighbourhood_id=neighbourhood.pk)
    if person == "visitor":
        assert someone is None or someone.pk not in staff
        return
    assert (someone.pk in staff) is (person in ("moderator", "coordinator"))


@pytest.mark.django_db(transaction=True)
async def test_a_message_of_the_staff_is_marked_on_the_page_and_live(
    client, neighbourhood, make_person
):
    def setup():
        moderator = make_person("moderator")
        resident = make_person("resident")
        conversation = messaging_services.start_conversation(
            user=resident, other=moderator, neighbourhood=neighbourhood
        )
        return moderator, resident, conversation

    moderator, resident, conversation = await database_sync_to_async(setup)()
    socket = await _connect(resident)
    await socket.send_json_to({"type": "join", "conversation": conversation.pk})
    assert (await socket.receive_json_from(timeout=5))["type"] == "joined"

    def write(author, text):
        messaging_services.send_message(
            user=author,
            conversation=conversation,
            text=text,
            client_id=str(uuid.uuid4()),
        )

    await database_sync_to_async(write)(moderator, "Bonjour, ici le centre")
    frame = await socket.receive_json_from(timeout=5)
    assert (frame["type"], frame["author_staff"]) == ("message.new", True)
    await database_sync_to_async(write)(resident, "Merci")
    frames = []
    while not await socket.receive_nothing(timeout=0.3):
        frames.append(await socket.receive_json_from())
    mine = [f for f in frames if f["type"] == "message.new"]
    assert [f["author_staff"] for f in mine] == [False]
    await socket.disconnect()

    def page():
        client.force_login(resident)
        return client.get(conversation.get_absolute_url()).content.decode()

    html = await database_sync_to_async(page)()
    assert html.count(STAFF) == 1
