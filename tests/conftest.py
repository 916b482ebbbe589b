import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from messaging.consumers import ChatConsumer
from tests import frames, world
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ProfileFactory,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def frame_faults(monkeypatch):
    """Every frame put on the channel layer or sent down a socket is checked
    against its shape in realtime.events (tests/frames.py). A bad frame fails
    where it is sent and, since it may be sent from another thread or task,
    fails the test that sent it when the test ends."""
    faults: list[str] = []

    def check(frame):
        try:
            frames.check_frame(frame)
        except frames.FrameError as fault:
            faults.append(str(fault))
            raise

    layer = import_string(settings.CHANNEL_LAYERS["default"]["BACKEND"])
    group_send, send, send_json = layer.group_send, layer.send, ChatConsumer.send_json

    async def checked_group_send(self, group, message):
        check(message)
        return await group_send(self, group, message)

    async def checked_send(self, channel, message):
        check(message)
        return await send(self, channel, message)

    async def checked_send_json(self, content, close=False):
        check(content)
        return await send_json(self, content, close=close)

    monkeypatch.setattr(layer, "group_send", checked_group_send)
    monkeypatch.setattr(layer, "send", checked_send)
    monkeypatch.setattr(ChatConsumer, "send_json", checked_send_json)
    yield faults
    assert not faults, "frames unlike their shape in realtime.events:\n" + "\n".join(
        faults
    )


@pytest.fixture
def member(db):
    """A member with a verified e-mail and a profile."""
    return ProfileFactory(interests=["cuisine"], skills=["tricot"]).user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def password():
    return PASSWORD


# The test world: see tests/world.py.


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Centre social des Tilleuls")


@pytest.fixture
def neighbourhood(organisation):
    """La Croix-Rousse, on approval, its charter published twice."""
    return world.make_neighbourhood(organisation, name="La Croix-Rousse")


@pytest.fixture
def sister(organisation):
    """Another neighbourhood of the same organisation."""
    return NeighbourhoodFactory(
        organisation=organisation, name="Les Acacias", slug="acacias"
    )


@pytest.fixture
def elsewhere(db):
    """A neighbourhood of another organisation."""
    return NeighbourhoodFactory(
        name="Les Minguettes", slug="minguettes", postcodes="69200"
    )


@pytest.fixture
def make_person(neighbourhood, sister, elsewhere):
    """make_person("suspended", place=..., skills=[...]) -> a user in that
    situation in `neighbourhood` (or `place`), with a profile made of the
    keywords given; the persons are named in tests/world.py."""

    def make(person="resident", *, place=None, **profile):
        return world.make_person(
            person,
            neighbourhood=place or neighbourhood,
            sister=sister,
            elsewhere=elsewhere,
            **profile,
        )

    return make


@pytest.fixture
def resident(make_person):
    return make_person("resident")


@pytest.fixture
def moderator(make_person):
    return make_person("moderator")


@pytest.fixture
def coordinator(make_person):
    return make_person("coordinator")


@pytest.fixture
def snapshot(db):
    """snapshot() -> every row of every table, to compare before and after."""
    return world.take_snapshot


@pytest.fixture
def refused(db):
    """with refused(ValidationError, code="not_member"): ... -> the block is
    refused with that error and writes nothing at all."""
    return world.refused


@pytest.fixture
def market(neighbourhood, make_person):
    """The neighbourhood with one person of each kind a page shows (the
    visitor: None), and a member's listing."""
    from exchanges import services
    from exchanges.models import Category

    people = {
        person: None if person == "visitor" else make_person(person)
        for person in world.VISITORS
    }
    author = MembershipFactory(neighbourhood=neighbourhood).user
    listing = services.create_listing(
        author=author,
        neighbourhood=neighbourhood,
        kind="request",
        title="Aide pour le smartphone",
        category=Category.objects.get(key="digital", neighbourhood=None),
        tags=["smartphone"],
    )
    return {
        "neighbourhood": neighbourhood,
        "people": people,
        "author": author,
        "listing": listing,
    }
