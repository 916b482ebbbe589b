"""Keywords as each author typed them: one member's "Vélo" and another's
"vélo" are one tag (found by the keyword filter whatever its case), and each
listing shows its own spelling, through the form, the edit and the page."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from exchanges import services
from exchanges.models import Listing, TaggedListing
from tests.factories import MembershipFactory

from .conftest import seed

pytestmark = pytest.mark.django_db

labels_migration = importlib.import_module("exchanges.migrations.0009_keyword_as_typed")


def shown_keywords(client, listing: Listing) -> list[str]:
    """The keywords of the listing's page, as a reader sees them."""
    html = client.get(listing.get_absolute_url()).content.decode()
    keywords = re.search(r'<ul class="tags">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", keywords.group(1)) if keywords else []


def form_data(market, **changes) -> dict:
    return {
        "kind": "offer",
        "neighbourhood": market["neighbourhood"].pk,
        "category": seed("diy").pk,
        "title": "Réparer un vélo",
        "tags": "Vélo, Appel Vidéo",
        "place": "centre",
        "duration_minutes": 60,
        "places": 1,
        "publish": "1",
        **changes,
    }


@pytest.fixture
def two_cyclists(market):
    """Two members' listings on the same word, typed in two cases."""
    neighbourhood = market["neighbourhood"]
    listings = []
    for tags in (["Vélo", "crevaison"], ["vélo"]):
        listings.append(
            services.create_listing(
                author=MembershipFactory(neighbourhood=neighbourhood).user,
                neighbourhood=neighbourhood,
                kind="offer",
                title="Réparation de vélos",
                category=seed("diy"),
                tags=tags,
            )
        )
    return listings


def test_each_listing_shows_its_keywords_as_its_author_typed_them(
    client, market, two_cyclists
):
    first, second = two_cyclists
    client.force_login(market["people"]["resident"])

    assert Tag.objects.filter(name__iexact="vélo").count() == 1
    assert first.tag_ids[0] in second.tag_ids
    assert shown_keywords(client, first) == ["crevaison", "Vélo"]
    assert shown_keywords(client, second) == ["vélo"]


@pytest.mark.parametrize("typed", ["Vélo", "vélo"])
def test_the_keyword_filter_finds_both_whatever_the_case(
    client, market, two_cyclists, typed
):
    client.force_login(market["people"]["resident"])
    response = client.get(reverse("listing_list"), {"tag": typed})

    found = {listing.pk for listing in response.context["page"]}
    assert found == {listing.pk for listing in two_cyclists}


def test_the_form_and_the_edit_keep_the_case_typed(client, market):
    author = market["people"]["resident"]
    client.force_login(author)
    client.post(reverse("listing_create"), form_data(market))
    listing = Listing.objects.get(author=author, title="Réparer un vélo")
    assert shown_keywords(client, listing) == ["Appel Vidéo", "Vélo"]

    # The edit form gives them back as typed, and saving it changes nothing.
    edit = client.get(reverse("listing_edit", args=[listing.pk])).content.decode()
    assert 'value="Appel Vidéo, Vélo"' in edit
    client.post(
        reverse("listing_edit", args=[listing.pk]),
        form_data(market, title="Réparer un vélo, vite", tags="Appel Vidéo, Vélo"),
    )
    assert shown_keywords(client, listing) == ["Appel Vidéo", "Vélo"]

    # The author may change a spelling of their own.
    client.post(
        reverse("listing_edit", args=[listing.pk]),
        form_data(market, tags="appel vidéo, VÉLO"),
    )
    assert shown_keywords(client, listing) == ["appel vidéo", "VÉLO"]


def test_another_author_does_not_change_the_first_ones_spelling(market, two_cyclists):
    first, second = two_cyclists
    services.update_listing(
        user=second.author, listing=second, tags=["VÉLO", "Crevaison"]
    )

    first.refresh_from_db()
    assert sorted(first.tagged_items.values_list("label", flat=True)) == [
        "Vélo",
        "crevaison",
    ]
    assert sorted(second.tagged_items.values_list("label", flat=True)) == [
        "Crevaison",
        "VÉLO",
    ]


def test_editing_without_the_keywords_keeps_their_spelling(market, two_cyclists):
    first, _second = two_cyclists

    services.update_listing(user=first.author, listing=first, title="Vélos réparés")

    assert sorted(first.tagged_items.values_list("label", flat=True)) == [
        "Vélo",
        "crevaison",
    ]


def test_a_keyword_row_without_its_spelling_shows_the_tags_name(market):
    listing = market["listing"]
    TaggedListing.objects.filter(content_object=listing).update(label="")

    assert Listing.objects.get(pk=listing.pk).tag_names == ["smartphone"]


def test_the_data_migration_gives_existing_rows_their_tags_name(market, two_cyclists):
    TaggedListing.objects.update(label="")

    labels_migration.label_as_named(apps, None)

    rows = TaggedListing.objects.select_related("tag")
    assert rows.count() == 4
    assert all(row.label == row.tag.name for row in rows)
