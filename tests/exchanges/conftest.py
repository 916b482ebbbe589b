"""The marketplace on the shared test world (tests/world.py): listings made by
a factory or by the services, answered, agreed and done."""

import datetime

import factory
import pytest
from django.db import connection
from django.utils import timezone

from exchanges import services
from exchanges.models import Category, Listing
from neighbourhoods import services as neighbourhood_services
from tests.factories import MembershipFactory, NeighbourhoodFactory


def seed(key: str) -> Category:
    """One category of the seed list, as the data migration created it."""
    return Category.objects.get(neighbourhood=None, key=key)


def published(listing: Listing, *, days_ago: float) -> Listing:
    """Backdate a listing (created_at is set by the database on insert)."""
    created_at = timezone.now() - datetime.timedelta(days=days_ago)
    Listing.objects.filter(pk=listing.pk).update(created_at=created_at)
    listing.refresh_from_db()
    return listing


def search_lexemes(listing: Listing) -> set[str]:
    """The words of a listing's stored search vector (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(search_vector) FROM exchanges_listing "
            "WHERE id = %s",
            [listing.pk],
        )
        return set(cursor.fetchone()[0] or [])


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
