"""Streets and landmarks: kept by the neighbourhood's moderators (over the
persons matrix), named by a listing as where it is, roughly, shown on its page
and on the neighbourhood's map page, only to those who may see the listing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from exchanges import selectors, services
from exchanges.models import Category, Landmark, Listing
from neighbourhoods.models import JournalEntry
from tests.factories import MembershipFactory
from tests.world import MODERATORS, PERSONS, SEERS, VISITORS, login

pytestmark = pytest.mark.django_db


def digital() -> Category:
    return Category.objects.get(key="digital", neighbourhood=None)


@pytest.fixture
def moderator(make_person):
    return make_person("moderator")


@pytest.fixture
def market_square(moderator, neighbourhood):
    return services.save_landmark(
        by=moderator,
        neighbourhood=neighbourhood,
        name="Place du marché",
        latitude=Decimal("45.75"),
        longitude=Decimal("4.85"),
    )


# Who keeps them: the persons matrix.


@pytest.mark.parametrize("person", PERSONS)
def test_only_the_neighbourhoods_moderators_add_a_landmark(
    person, make_person, neighbourhood, refused
):
    user = make_person(person) if person != "visitor" else None
    if person not in MODERATORS:
        if user is None:
            return  # the visitor has no account: the page sends them to log in
        with refused():
            services.save_landmark(
                by=user, neighbourhood=neighbourhood, name="Rue Victor Hugo"
            )
        return
    landmark = services.save_landmark(
        by=user, neighbourhood=neighbourhood, name="  Rue   Victor Hugo "
    )
    assert landmark.name == "Rue Victor Hugo" and not landmark.on_map
    entry = JournalEntry.objects.get(neighbourhood=neighbourhood, actor=user)
    assert "Rue Victor Hugo" in entry.details


@pytest.mark.parametrize("person", PERSONS)
def test_only_the_neighbourhoods_moderators_change_or_remove_a_landmark(
    person, make_person, market_square, refused
):
    if person == "visitor":
        return
    user = make_person(person)
    neighbourhood = market_square.neighbourhood
    if person not in MODERATORS:
        with refused():
            services.save_landmark(
                by=user,
                neighbourhood=neighbourhood,
                landmark=market_square,
                name="Place du Marché couvert",
            )
        with refused():
            services.remove_landmark(by=user, landmark=market_square)
        return
    services.save_landmark(
        by=user,
        neighbourhood=neighbourhood,
        landmark=market_square,
        name="Place du Marché couvert",
    )
    assert Landmark.objects.get().name == "Place du Marché couvert"
    services.remove_landmark(by=user, landmark=market_square)
    assert not Landmark.objects.exists()


@pytest.mark.parametrize("person", VISITORS)
def test_the_moderators_page_of_landmarks(client, market, person):
    login(client, market, person)
    slug = market["neighbourhood"].slug
    url = reverse("manage_landmarks", args=[slug])
    response = client.get(url)
    posted = client.post(url, {"name": "Square Jean Moulin", "latitude": "45.7"})
    if person == "visitor":
        assert response.status_code == 302 and posted.status_code == 302
        assert not Landmark.objects.exists()
        return
    if person not in MODERATORS:
        assert response.status_code == 403 and posted.status_code == 403
        assert not Landmark.objects.exists()
        return
    assert response.status_code == 200
    # Half a position is refused, in words next to the field.
    assert posted.status_code == 200 and not Landmark.objects.exists()
    response = client.post(url, {"name": "Square Jean Moulin"})
    assert response.status_code == 302
    landmark = Landmark.objects.get()
    assert "Square Jean Moulin" in client.get(url).content.decode()
    edit = reverse("manage_landmark_edit", args=[slug, landmark.pk])
    client.post(
        edit, {"name": "Square J. Moulin", "latitude": "45.7", "longitude": "4.8"}
    )
    landmark.refresh_from_db()
    assert landmark.name == "Square J. Moulin" and landmark.on_map
    remove = reverse("manage_landmark_remove", args=[slug, landmark.pk])
    assert client.post(remove).status_code == 302
    assert not Landmark.objects.exists()


def test_a_landmark_of_another_neighbourhood_is_refused(
    neighbourhood, sister, make_person, market_square
):
    sister_landmark = services.save_landmark(
        by=make_person("coordinator_sister"),
        neighbourhood=sister,
        name="Parvis de la gare",
    )
    author = MembershipFactory(neighbourhood=neighbourhood).user
    with pytest.raises(ValidationError) as caught:
        services.create_listing(
            author=author,
            neighbourhood=neighbourhood,
            kind="offer",
            title="Réparer un vélo",
            category=digital(),
            landmark=sister_landmark,
        )
    assert set(caught.value.error_dict) == {"landmark"}
    listing = services.create_listing(
        author=author,
        neighbourhood=neighbourhood,
        kind="offer",
        title="Réparer un vélo",
        category=digital(),
        landmark=market_square,
    )
    with pytest.raises(ValidationError):
        services.update_listing(user=author, listing=listing, landmark=sister_landmark)
    assert Listing.objects.get(pk=listing.pk).landmark == market_square


def test_a_listing_names_its_landmark_in_the_form_and_its_page_says_it(
    client, neighbourhood, market_square
):
    author = MembershipFactory(neighbourhood=neighbourhood).user
    client.force_login(author)
    form = client.get(reverse("listing_create")).content.decode()
    assert "Place du marché" in form and 'name="landmark"' in form
    response = client.post(
        reverse("listing_create"),
        {
            "kind": "offer",
            "neighbourhood": neighbourhood.pk,
            "category": digital().pk,
            "title": "Cours de tricot",
            "tags": "tricot",
            "place": "outdoors",
            "landmark": market_square.pk,
            "duration_minutes": 60,
            "places": 1,
            "publish": "1",
        },
    )
    listing = Listing.objects.get(title="Cours de tricot")
    assert response.status_code == 302 and listing.landmark == market_square
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Place du marché" in page


# The map page: the listings at their landmark, for who may see them.


@pytest.fixture
def placed(market, market_square):
    """The market's listing named at the market square, and a hidden one."""
    listing = market["listing"]
    services.update_listing(
        user=market["author"], listing=listing, landmark=market_square
    )
    hidden = services.create_listing(
        author=market["author"],
        neighbourhood=market["neighbourhood"],
        kind="offer",
        title="Annonce masquée",
        category=digital(),
        landmark=market_square,
    )
    services.set_listing_visibility(listing=hidden, visible=False)
    return market


@pytest.mark.parametrize("person", VISITORS)
def test_a_listings_landmark_is_on_the_map_page_only_for_who_may_see_it(
    client, placed, person, settings
):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    login(client, placed, person)
    response = client.get(reverse("place_list", args=[placed["neighbourhood"].slug]))
    if person == "visitor":
        assert response.status_code == 302
        return
    if person not in SEERS:
        assert response.status_code == 403
        assert "Aide pour le smartphone" not in response.content.decode()
        return
    assert response.status_code == 200
    [landmark] = response.context["landmarks"]
    assert [item.title for item in landmark.open_listings] == [
        "Aide pour le smartphone"
    ]
    html = response.content.decode()
    assert "Aide pour le smartphone" in html and "Annonce masquée" not in html
    assert 'data-name="Place du marché"' in html and 'id="places-map"' in html


def test_the_selector_keeps_to_what_the_viewer_may_see(placed, make_person):
    author = placed["author"]
    own = selectors.landmarks_with_listings(
        user=author, neighbourhood=placed["neighbourhood"]
    )
    # The author sees their own hidden listing too; a neighbour does not.
    assert {item.title for item in own[0].open_listings} == {
        "Aide pour le smartphone",
        "Annonce masquée",
    }
    other = selectors.landmarks_with_listings(
        user=placed["people"]["resident"], neighbourhood=placed["neighbourhood"]
    )
    assert [item.title for item in other[0].open_listings] == [
        "Aide pour le smartphone"
    ]


def test_without_a_tile_server_the_listings_places_are_in_words_only(
    client, placed, settings
):
    settings.MAP_TILES_URL = ""
    client.force_login(placed["people"]["resident"])
    html = client.get(
        reverse("place_list", args=[placed["neighbourhood"].slug])
    ).content.decode()
    assert "Place du marché" in html and "Aide pour le smartphone" in html
    assert 'id="places-map"' not in html and "leaflet" not in html


def test_the_map_page_costs_the_same_queries_with_few_or_many_listings(
    client, market, market_square, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    resident = market["people"]["resident"]
    client.force_login(resident)
    url = reverse("place_list", args=[market["neighbourhood"].slug])

    def place(count):
        for number in range(count):
            services.create_listing(
                author=MembershipFactory(neighbourhood=market["neighbourhood"]).user,
                neighbourhood=market["neighbourhood"],
                kind="offer",
                title=f"Coup de main n° {number}",
                category=digital(),
                landmark=market_square,
            )

    place(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    place(12)
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert "Coup de main n° 11" in html
