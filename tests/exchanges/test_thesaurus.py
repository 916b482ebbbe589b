"""The words a neighbourhood's coordinators add to the thesaurus: who may add
and remove them, the journal, and the matching, similar listings and search
of that neighbourhood (only) reading them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from exchanges import selectors, services
from exchanges.models import ThesaurusWord
from neighbourhoods.models import JournalEntry
from neighbourhoods.permissions import NotAllowed
from tests.world import COORDINATORS, PERSONS, VISITORS, login

from .conftest import ListingFactory, seed

pytestmark = pytest.mark.django_db


def add(user, neighbourhood, phrase="la Ressourcerie", category="lending"):
    return services.add_thesaurus_word(
        coordinator=user, neighbourhood=neighbourhood, phrase=phrase, category=category
    )


@pytest.mark.parametrize("person", PERSONS)
def test_only_the_neighbourhoods_coordinators_add_a_word(
    person, make_person, neighbourhood, refused
):
    user = make_person(person)
    if person in COORDINATORS:
        word = add(user, neighbourhood)
        assert word.neighbourhood == neighbourhood
        entry = JournalEntry.objects.get(neighbourhood=neighbourhood)
        assert entry.actor == user
        assert entry.action == JournalEntry.Action.NEIGHBOURHOOD_EDITED
        assert "la Ressourcerie" in entry.details
    else:
        with refused(NotAllowed):
            add(user, neighbourhood)


@pytest.mark.parametrize("person", PERSONS)
def test_only_the_neighbourhoods_coordinators_remove_a_word(
    person, make_person, neighbourhood, coordinator, refused
):
    word = add(coordinator, neighbourhood)
    user = make_person(person)
    if person in COORDINATORS:
        services.remove_thesaurus_word(coordinator=user, word=word)
        assert not ThesaurusWord.objects.exists()
        assert JournalEntry.objects.filter(actor=user).count() == 1
        assert JournalEntry.objects.count() == 2
    else:
        with refused(NotAllowed):
            services.remove_thesaurus_word(coordinator=user, word=word)


@pytest.mark.parametrize(
    ("phrase", "code"), [("pour la", "empty"), ("La Ressourcerie", "duplicate")]
)
def test_an_empty_or_repeated_word_is_refused(
    phrase, code, coordinator, neighbourhood, refused
):
    add(coordinator, neighbourhood)
    with refused(ValidationError, fields=["phrase"]) as caught:
        add(coordinator, neighbourhood, phrase=phrase)
    assert caught.value.error_dict["phrase"][0].code == code


def test_the_neighbourhoods_words_reach_its_search_and_matching_only(
    coordinator, neighbourhood, elsewhere, make_person
):
    author = make_person()
    ListingFactory(
        neighbourhood=neighbourhood,
        author=author,
        title="Prêter une perceuse",
        category=seed("lending"),
    )
    seeker = make_person()

    def found():
        return [
            listing.title
            for listing in selectors.search_listings(user=seeker, text="Ressourcerie")
        ]

    assert found() == []
    add(coordinator, neighbourhood)
    assert found() == ["Prêter une perceuse"]
    lender = make_person(skills=["la Ressourcerie"])
    request = ListingFactory(
        neighbourhood=neighbourhood, title="Emprunter un escabeau", tags=[]
    )
    assert [p.user for p, _fit in selectors.people_for_listing(listing=request)] == [
        lender
    ]
    # Another neighbourhood does not read these words.
    there = make_person(place=elsewhere)
    ListingFactory(
        neighbourhood=elsewhere, title="Prêter un escabeau", category=seed("lending")
    )
    assert [
        listing.title
        for listing in selectors.search_listings(user=there, text="Ressourcerie")
    ] == []


@pytest.mark.parametrize("person", VISITORS)
def test_the_page_is_for_coordinators_only(client, market, person):
    login(client, market, person)
    url = reverse("manage_thesaurus", args=[market["neighbourhood"].slug])
    response = client.post(url, {"phrase": "la Ressourcerie", "category": "lending"})
    added = ThesaurusWord.objects.filter(phrase="la Ressourcerie").exists()
    assert added == (person == "coordinator")
    if person == "coordinator":
        assert response.status_code == 302
        page = client.get(url)
        assert page.status_code == 200
        assert "la Ressourcerie" in page.content.decode()
    elif person == "visitor":
        assert response.status_code == 302  # to the sign-in page
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("person", VISITORS)
def test_removing_from_the_page_is_for_coordinators_only(client, market, person):
    word = add(market["people"]["coordinator"], market["neighbourhood"])
    login(client, market, person)
    url = reverse(
        "manage_thesaurus_remove", args=[market["neighbourhood"].slug, word.pk]
    )
    client.post(url)
    assert ThesaurusWord.objects.exists() == (person != "coordinator")
