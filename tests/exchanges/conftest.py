"""A neighbourhood with its charter, one person of each situation the permission
rules know, listings made by a factory or by the services, and a snapshot of
every table the exchanges services write."""

import datetime

import factory
import pytest
from django.utils import timezone
from taggit.models import Tag

from exchanges import services
from exchanges.models import Category, Listing, Response, TaggedListing, Thanks
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import AssistanceConsent, JournalEntry, Membership
from notifications.models import Notification
from tests.factories import MembershipFactory, NeighbourhoodFactory, ProfileFactory

PERSONS = (
    "non_member",
    "pending",
    "resident",
    "volunteer",
    "suspended",
    "suspension_over",
    "banned",
    "left",
    "declined",
    "charter_not_accepted",
    "moderator_elsewhere",
    "moderator",
    "coordinator",
)
# Who may publish and answer a listing: active members of any role, with the
# charter in force accepted.
WRITERS = {"resident", "volunteer", "suspension_over", "moderator", "coordinator"}
MODERATORS = {"moderator", "coordinator"}


def seed(key: str) -> Category:
    """One category of the seed list, as the data migration created it."""
    return Category.objects.get(neighbourhood=None, key=key)


def published(listing: Listing, *, days_ago: float) -> Listing:
    """Backdate a listing (created_at is set by the database on insert)."""
    created_at = timezone.now() - datetime.timedelta(days=days_ago)
    Listing.objects.filter(pk=listing.pk).update(created_at=created_at)
    listing.refresh_from_db()
    return listing


class ListingFactory(factory.django.DjangoModelFactory):
    """An open request of a member of its neighbourhood, in "Digital help".

    It is not in PostgreSQL's search index: tests that search by text publish
    with services.create_listing, as people do."""

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    kind = Listing.Kind.REQUEST
    title = factory.Sequence(lambda n: f"Coup de main n°{n}")
    description = "Un petit coup de main, une heure environ."
    category = factory.LazyFunction(lambda: seed("digital"))
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    author = factory.LazyAttribute(
        lambda o: MembershipFactory(neighbourhood=o.neighbourhood).user
    )
    expires_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=60)
    )

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            services.set_listing_tags(listing=obj, tags=extracted)


@pytest.fixture
def neighbourhood(db):
    """La Guillotière, with a coordinator who published its charter."""
    neighbourhood = NeighbourhoodFactory(name="La Guillotière", postcodes="69007")
    coordinator = MembershipFactory(
        neighbourhood=neighbourhood, role="coordinator"
    ).user
    neighbourhood_services.publish_charter(
        coordinator=coordinator,
        neighbourhood=neighbourhood,
        text="On se respecte, on s'entraide, on ne vend rien.",
    )
    neighbourhood.refresh_from_db()
    return neighbourhood


@pytest.fixture
def elsewhere(db):
    """Another neighbourhood, of another organisation."""
    return NeighbourhoodFactory(name="Les Minguettes", postcodes="69200")


@pytest.fixture
def coordinator(neighbourhood):
    return Membership.objects.get(
        neighbourhood=neighbourhood, role=Membership.Role.COORDINATOR
    ).user


@pytest.fixture
def publish_new_charter(neighbourhood, coordinator):
    """The coordinator publishes a new version: members must accept it again."""

    def publish():
        version = neighbourhood.charter_version + 1
        neighbourhood_services.publish_charter(
            coordinator=coordinator,
            neighbourhood=neighbourhood,
            text=f"Version {version} : on se respecte, on s'entraide.",
        )
        neighbourhood.refresh_from_db()

    return publish


@pytest.fixture
def make_person(neighbourhood, elsewhere, publish_new_charter):
    """make_person("banned", skills=[...]) -> a user in that situation in
    `neighbourhood` (or `place`), with a profile made of the keywords given."""

    def make(situation: str = "resident", *, place=None, **profile):
        assert situation in PERSONS, situation
        place = place or neighbourhood
        user = ProfileFactory(**profile).user
        now = timezone.now()
        values = {
            "non_member": None,
            "moderator_elsewhere": None,
            "pending": {"status": "pending", "joined_via": "approval"},
            "resident": {},
            "volunteer": {"role": "volunteer"},
            "suspended": {
                "status": "suspended",
                "suspended_until": now + datetime.timedelta(days=7),
            },
            "suspension_over": {
                "status": "suspended",
                "suspended_until": now - datetime.timedelta(minutes=1),
            },
            "banned": {"status": "banned", "status_reason": "Insultes"},
            "left": {"status": "left"},
            "declined": {"status": "declined", "joined_via": "approval"},
            "charter_not_accepted": {},
            "moderator": {"role": "moderator"},
            "coordinator": {"role": "coordinator"},
        }[situation]
        if situation == "moderator_elsewhere":
            MembershipFactory(user=user, neighbourhood=elsewhere, role="moderator")
        if values is not None:
            place.refresh_from_db()
            MembershipFactory(user=user, neighbourhood=place, **values)
        if situation == "charter_not_accepted":
            assert place == neighbourhood
            publish_new_charter()
        return user

    return make


@pytest.fixture
def resident(make_person):
    return make_person("resident")


@pytest.fixture
def moderator(make_person):
    return make_person("moderator")


@pytest.fixture
def consenting(make_person, moderator, neighbourhood):
    """A resident who agreed at the desk that the moderators act for them."""
    user = make_person("resident")
    neighbourhood_services.record_consent(
        moderator=moderator,
        resident=user,
        neighbourhood=neighbourhood,
        purpose="Démarches et annonces, à l'accueil",
    )
    return user


@pytest.fixture
def publish(neighbourhood):
    """publish(author, **changes) -> a listing made by services.create_listing."""

    def make(author, **changes):
        values = {
            "author": author,
            "neighbourhood": neighbourhood,
            "kind": Listing.Kind.REQUEST,
            "title": "Aide pour installer WhatsApp",
            "category": seed("digital"),
            "description": "Je voudrais appeler mes petits-enfants en vidéo.",
            "tags": ["smartphone"],
        }
        values.update(changes)
        return services.create_listing(**values)

    return make


@pytest.fixture
def agree():
    """agree(listing, responder) -> the responder's answer, accepted by the
    listing's author."""

    def make(listing, responder, message="Je peux vous aider mardi."):
        response = services.respond(user=responder, listing=listing, message=message)
        return services.accept_response(user=listing.author, response=response)

    return make


@pytest.fixture
def done(agree):
    """done(listing, responder) -> an exchange both sides confirmed."""

    def make(listing, responder, minutes=None):
        response = agree(listing, responder)
        services.confirm_done(user=listing.author, response=response, minutes=minutes)
        return services.confirm_done(user=responder, response=response)

    return make


def _rows(model):
    return list(model.objects.order_by("pk").values())


def take_snapshot() -> dict:
    """Every row the exchanges services may write, with its updated_at, so that
    any save at all shows up as a difference."""
    return {
        model.__name__: _rows(model)
        for model in (
            Category,
            Listing,
            TaggedListing,
            Tag,
            Response,
            Thanks,
            Notification,
            JournalEntry,
            AssistanceConsent,
        )
    }


@pytest.fixture
def snapshot():
    return take_snapshot
