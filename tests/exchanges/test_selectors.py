"""The exchanges selectors: each keeps to what the person may see, filtered in
the query, costs the same number of queries for a few listings and for many,
and says why a listing or a person fits."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone, translation

from exchanges import selectors, services
from exchanges.models import Category, Listing
from moderation import services as moderation_services
from tests.factories import MembershipFactory
from tests.world import PERSONS

from .conftest import ListingFactory, published, search_lexemes, seed

pytestmark = pytest.mark.django_db

# Those who may read the neighbourhood: active or suspended members of any role.
SEERS = {
    "resident",
    "volunteer",
    "suspended",
    "suspension_over",
    "charter_not_accepted",
    "moderator",
    "coordinator",
}
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Full-text search (accents, stems) exists on PostgreSQL only",
)


def titles(listings) -> list[str]:
    return [listing.title for listing in listings]


def reasons(fit) -> list[str]:
    with translation.override("en"):
        return [str(reason) for reason in fit.reasons]


# Who sees what.


@pytest.mark.parametrize("situation", PERSONS)
def test_an_open_listing_is_seen_by_the_members_only(
    situation, neighbourhood, make_person
):
    listing = ListingFactory(neighbourhood=neighbourhood)
    person = make_person(situation)

    visible = selectors.listings_visible_to(user=person).filter(pk=listing.pk)

    assert visible.exists() is (situation in SEERS)


def test_a_visitor_sees_no_listing(neighbourhood):
    ListingFactory(neighbourhood=neighbourhood)

    assert not selectors.listings_visible_to(user=AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("status", "seen_by_others"),
    [
        ("open", True),
        ("agreed", True),
        ("done", True),
        ("cancelled", False),
        ("expired", False),
    ],
)
def test_a_closed_listing_is_seen_by_its_author_only(
    status, seen_by_others, neighbourhood, resident, make_person
):
    listing = ListingFactory(neighbourhood=neighbourhood, author=resident)
    Listing.objects.filter(pk=listing.pk).update(status=status)
    neighbour = make_person("resident")

    assert selectors.listing_for(user=resident, pk=listing.pk) == listing
    others = selectors.listings_visible_to(user=neighbour)
    assert others.filter(pk=listing.pk).exists() is seen_by_others


def test_a_hidden_listing_disappears_for_others_but_not_for_its_author(
    neighbourhood, resident, moderator, make_person
):
    listing = ListingFactory(
        neighbourhood=neighbourhood, author=resident, tags=["vélo"]
    )
    neighbour = make_person("resident", interests=["vélo"])
    moderation_services.hide_listing(
        moderator=moderator, listing=listing, reason="Hors charte"
    )

    with pytest.raises(Listing.DoesNotExist):
        selectors.listing_for(user=neighbour, pk=listing.pk)
    assert listing not in selectors.search_listings(user=neighbour)
    assert listing not in [item for item, _fit in selectors.for_you(user=neighbour)]
    assert selectors.listing_for(user=resident, pk=listing.pk) == listing


def test_the_author_and_the_moderators_see_every_answer_others_their_own(
    neighbourhood, resident, moderator, make_person, publish
):
    listing = publish(resident)
    first, second = make_person(), make_person()
    for person in (first, second):
        services.respond(user=person, listing=listing, message="Je peux")

    def shown(user):
        return {
            response.responder
            for response in selectors.responses_shown(user=user, listing=listing)
        }

    assert shown(resident) == {first, second}
    assert shown(moderator) == {first, second}
    assert shown(first) == {first}
    assert shown(make_person()) == set()


def test_the_categories_are_the_seed_list_and_the_neighbourhoods_own(
    neighbourhood, elsewhere
):
    ours = Category.objects.create(
        neighbourhood=neighbourhood, name="Repair café", icon="diy"
    )
    theirs = Category.objects.create(
        neighbourhood=elsewhere, name="Jardin partagé", icon="gardening"
    )

    here = set(selectors.categories_for(neighbourhood=neighbourhood))
    anywhere = set(selectors.categories_for(neighbourhood=None))

    assert len(anywhere) == 16
    assert here == anywhere | {ours}
    assert theirs not in here


# Search.


@pytest.fixture
def board(neighbourhood, elsewhere, resident, moderator, make_person, publish):
    """The listings a resident may come across, and some they may not."""
    author = make_person("resident")
    listings = {
        "tablet": publish(
            author,
            kind=Listing.Kind.OFFER,
            title="Cours de tablette",
            description="Le mardi au centre social.",
            category=seed("digital"),
            tags=["photos", "tablette"],
        ),
        "soup": publish(
            author,
            kind=Listing.Kind.REQUEST,
            title="Recette de la soupe au pistou",
            description="Pour la fête des voisins.",
            category=seed("cooking"),
            tags=["cuisine"],
        ),
        "hidden": publish(author, title="Cours de tablette (doublon)"),
        "agreed": publish(author, title="Cours de tablette, c'est réglé"),
        "own": publish(resident, title="Ma tablette ne s'allume plus"),
    }
    moderation_services.hide_listing(
        moderator=moderator, listing=listings["hidden"], reason="Hors charte"
    )
    Listing.objects.filter(pk=listings["agreed"].pk).update(status="agreed")
    outsider = make_person("resident", place=elsewhere)
    listings["elsewhere"] = publish(
        outsider, neighbourhood=elsewhere, title="Cours de tablette aux Minguettes"
    )
    return listings


def test_search_finds_only_open_visible_listings(board, resident):
    found = set(titles(selectors.search_listings(user=resident)))

    assert found == {
        "Cours de tablette",
        "Recette de la soupe au pistou",
        "Ma tablette ne s'allume plus",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tablette", {"Cours de tablette", "Ma tablette ne s'allume plus"}),
        ("pistou", {"Recette de la soupe au pistou"}),
        ("mardi", {"Cours de tablette"}),
        ("photos", {"Cours de tablette", "Ma tablette ne s'allume plus"}),
        ("tablette mardi", {"Cours de tablette", "Ma tablette ne s'allume plus"}),
        ("tablette pistou", None),
        ("pour la", set()),
        ("   ", None),
    ],
    ids=[
        "title",
        "other title",
        "description",
        "keyword",
        "two words",
        "any word",
        "function words only",
        "blank",
    ],
)
def test_search_by_text(text, expected, board, resident):
    found = set(titles(selectors.search_listings(user=resident, text=text)))

    if expected is None:
        expected = set(titles(selectors.search_listings(user=resident)))
    assert found == expected


def test_search_ranks_a_keyword_before_its_subject_alone(board, resident):
    # "photos" is a keyword of the lesson, and digital help (the thesaurus)
    # like the request about a tablet.
    found = titles(selectors.search_listings(user=resident, text="photos"))

    assert found == ["Cours de tablette", "Ma tablette ne s'allume plus"]


def test_a_sentence_finds_listings_by_any_of_its_words(
    neighbourhood, resident, make_person, publish
):
    author = make_person()
    publish(author, title="Cours de français", category=seed("languages"), tags=[])
    publish(author, title="Je fais vos courses", category=seed("errands"), tags=[])
    publish(author, title="Réparer un vélo", category=seed("diy"), tags=["crevaison"])

    def search(typed):
        return titles(selectors.search_listings(user=resident, text=typed))

    assert search("je voudrais des cours de français pour ma voisine") == [
        "Cours de français"
    ]
    assert search("mon vélo a une crevaison") == ["Réparer un vélo"]
    assert search("qui peut faire mes courses ?") == ["Je fais vos courses"]


def test_search_by_kind_category_keyword_and_neighbourhood(
    board, resident, neighbourhood
):
    def search(**criteria):
        return set(titles(selectors.search_listings(user=resident, **criteria)))

    assert search(kind="offer") == {"Cours de tablette"}
    assert search(kind="request") == {
        "Recette de la soupe au pistou",
        "Ma tablette ne s'allume plus",
    }
    assert search(category=seed("cooking")) == {"Recette de la soupe au pistou"}
    assert search(tag="PHOTOS") == {"Cours de tablette"}
    assert search(neighbourhood=neighbourhood) == search()


def test_search_by_neighbourhood_for_a_member_of_two(
    board, elsewhere, neighbourhood, make_person
):
    both = make_person("resident")
    MembershipFactory(user=both, neighbourhood=elsewhere)

    there = titles(selectors.search_listings(user=both, neighbourhood=elsewhere))
    here = titles(selectors.search_listings(user=both, neighbourhood=neighbourhood))

    assert there == ["Cours de tablette aux Minguettes"]
    assert "Cours de tablette aux Minguettes" not in here
    assert len(titles(selectors.search_listings(user=both))) == len(here) + 1


def test_search_sorted_by_freshness_puts_the_newest_first(
    neighbourhood, resident, make_person, publish
):
    author = make_person()
    for title, days_ago in [("Vélo", 3), ("Vélo cargo", 1), ("Vélo électrique", 2)]:
        published(publish(author, title=title, tags=["vélo"]), days_ago=days_ago)

    found = selectors.search_listings(user=resident, text="vélo", order="freshness")

    assert titles(found) == ["Vélo cargo", "Vélo électrique", "Vélo"]


@postgresql_only
def test_search_by_relevance_puts_the_title_before_the_description(
    resident, make_person, publish
):
    author = make_person()
    in_title = publish(
        author, title="Atelier couture", description="Apportez vos tissus."
    )
    published(in_title, days_ago=5)
    publish(author, title="Retouches", description="Un atelier de couture, le lundi.")

    relevant = selectors.search_listings(user=resident, text="couture")
    fresh = selectors.search_listings(user=resident, text="couture", order="freshness")

    assert titles(relevant) == ["Atelier couture", "Retouches"]
    assert titles(fresh) == ["Retouches", "Atelier couture"]


@postgresql_only
@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Demarches", "Démarches en ligne"),
        ("démarches", "Demarches CAF"),
        ("ECOLE", "Aide aux devoirs après l'école"),
    ],
)
def test_search_ignores_accents_and_case(text, title, resident, make_person, publish):
    publish(make_person(), title=title, tags=[])

    assert titles(selectors.search_listings(user=resident, text=text)) == [title]


@postgresql_only
@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("ordinateurs", "Réparer mon ordinateur"),
        ("ordinateur", "Cours pour les ordinateurs portables"),
        ("balcons", "Jardinage sur le balcon"),
    ],
)
def test_search_matches_plural_and_singular(
    text, title, resident, make_person, publish
):
    publish(make_person(), title=title, tags=[])

    assert titles(selectors.search_listings(user=resident, text=text)) == [title]


def test_search_finds_an_english_listing_by_an_inflected_english_word(
    resident, make_person, publish
):
    author = make_person()
    publish(
        author,
        title="Cleaning the gutters",
        description="Before the winter rains.",
        category=seed("diy"),
        tags=[],
        language="en",
    )
    publish(author, title="Nettoyer la gouttière", category=seed("diy"), tags=[])

    def search(typed):
        return titles(selectors.search_listings(user=resident, text=typed))

    assert search("gutter") == ["Cleaning the gutters"]
    assert search("cleaned") == ["Cleaning the gutters"]
    assert search("rain") == ["Cleaning the gutters"]
    assert search("gouttières") == ["Nettoyer la gouttière"]
    assert search("with the") == []


def test_search_finds_a_listing_of_either_language_by_its_subject(
    resident, make_person, publish
):
    author = make_person()
    publish(author, title="Video calls with my family", tags=[], language="en")
    publish(author, title="Apprendre la visio", tags=[])
    publish(author, title="Tailler la haie", category=seed("gardening"), tags=[])

    found = set(titles(selectors.search_listings(user=resident, text="visio")))

    assert found == {"Video calls with my family", "Apprendre la visio"}


@postgresql_only
def test_an_english_listing_is_indexed_with_english_stems(
    resident, make_person, publish
):
    said = {"title": "Cleaning", "description": "", "tags": ["ironing"]}
    english = publish(make_person(), language="en", **said)
    french = publish(make_person(), **said)

    assert search_lexemes(english) == {"clean", "iron"}
    assert search_lexemes(french) == {"cleaning", "ironing"}
    services.update_listing(user=english.author, listing=english, language="fr")
    assert search_lexemes(english) == {"cleaning", "ironing"}


@postgresql_only
def test_the_words_typed_are_searched_under_both_languages_with_the_index(
    resident, make_person, publish
):
    author = make_person()
    publish(author, title="Cleaning the gutters", tags=[], language="en")
    publish(author, title="Cours de cuisine", tags=[], category=seed("cooking"))
    query = selectors.search._full_text_query("cleaned cours")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Listing.objects.filter(search_vector=query).explain()
        cursor.execute("SET LOCAL enable_seqscan = on")

    assert "listing_search_gin" in plan
    assert set(
        titles(selectors.search_listings(user=resident, text="cleaned cours"))
    ) == {"Cleaning the gutters", "Cours de cuisine"}


@pytest.mark.parametrize("size", [5, 60])
def test_search_costs_the_same_queries_for_few_and_many_listings(
    size, neighbourhood, resident, django_assert_max_num_queries
):
    for n in range(size):
        ListingFactory(neighbourhood=neighbourhood, tags=["smartphone", f"mot{n}"])

    with django_assert_max_num_queries(2):
        found = list(selectors.search_listings(user=resident, kind="request"))
        for listing in found:
            assert "smartphone" in listing.tag_names
            assert listing.author.profile.pseudonym
            assert str(listing.category.label)
            assert listing.neighbourhood.name
    assert len(found) == size


# Suggestions for a person.


@pytest.fixture
def helper(make_person):
    """Clara knows smartphones and WhatsApp and likes gardening."""
    return make_person(
        "volunteer",
        skills=["smartphone", "whatsapp"],
        interests=["jardinage"],
        languages=["fr"],
    )


def test_for_you_suggests_open_visible_listings_of_others_best_first(
    helper, neighbourhood, elsewhere, moderator, make_person
):
    author = make_person("resident", languages=["fr"])

    def listing(title, tags, kind=Listing.Kind.REQUEST, **values):
        values.setdefault("neighbourhood", neighbourhood)
        values.setdefault("author", author)
        return ListingFactory(title=title, kind=kind, tags=tags, **values)

    garden = seed("gardening")
    listing("Une phrase en commun", ["jardinage"], category=garden)
    listing("Les deux mots", ["smartphone", "whatsapp"])
    listing("Rien en commun", ["tricot"], category=seed("hobbies"))
    published(listing("Un savoir-faire", ["smartphone"]), days_ago=1)
    listing("Une envie", ["jardinage"], kind=Listing.Kind.OFFER, category=garden)
    moderation_services.hide_listing(
        moderator=moderator,
        listing=listing("Cachée", ["smartphone", "whatsapp"]),
        reason="Hors charte",
    )
    listing("Conclue", ["smartphone", "whatsapp"], status=Listing.Status.AGREED)
    listing("La mienne", ["smartphone", "whatsapp"], author=helper)
    listing(
        "Ailleurs",
        ["smartphone", "whatsapp"],
        neighbourhood=elsewhere,
        author=make_person("resident", place=elsewhere),
    )

    suggestions = selectors.for_you(user=helper)

    assert [item.title for item, _fit in suggestions] == [
        "Les deux mots",
        "Une envie",
        "Un savoir-faire",
        "Une phrase en commun",
    ]
    best = suggestions[0][1]
    assert "you know “whatsapp”; they ask for “whatsapp”" in reasons(best)
    assert all(fit.reasons for _item, fit in suggestions)


def test_for_you_is_empty_for_someone_who_said_nothing_about_themselves(
    neighbourhood, make_person
):
    ListingFactory(neighbourhood=neighbourhood, tags=["smartphone"])

    assert selectors.for_you(user=make_person("resident")) == []


def test_for_you_prefers_the_fresher_of_two_equal_listings(helper, neighbourhood):
    older = ListingFactory(
        neighbourhood=neighbourhood, title="Ancienne", tags=["whatsapp"]
    )
    published(older, days_ago=20)
    ListingFactory(neighbourhood=neighbourhood, title="Récente", tags=["whatsapp"])

    assert [item.title for item, _fit in selectors.for_you(user=helper)] == [
        "Récente",
        "Ancienne",
    ]


def test_for_you_follows_the_keywords_the_author_changes(
    helper, neighbourhood, resident, publish
):
    listing = publish(resident, title="Tricot du jeudi", tags=["tricot"])
    assert selectors.for_you(user=helper) == []

    services.update_listing(user=resident, listing=listing, tags=["smartphone"])
    assert [item for item, _fit in selectors.for_you(user=helper)] == [listing]

    services.update_listing(user=resident, listing=listing, tags=["tricot"])
    assert selectors.for_you(user=helper) == []


@pytest.mark.parametrize(
    ("shows_age", "bonus"), [(True, True), (False, False)], ids=["shown", "hidden"]
)
def test_the_generations_bonus_uses_only_an_age_group_its_owner_shows(
    shows_age, bonus, neighbourhood, make_person
):
    senior = make_person("resident", age_group="60_plus", show_age_group=True)
    ListingFactory(
        neighbourhood=neighbourhood,
        author=senior,
        kind=Listing.Kind.OFFER,
        category=seed("mentoring"),
        tags=["histoire"],
    )
    young = make_person(
        "resident",
        interests=["histoire"],
        age_group="18_25",
        show_age_group=shows_age,
    )

    [(_listing, fit)] = selectors.for_you(user=young)

    assert ("a meeting between generations" in reasons(fit)) is bonus


@pytest.mark.parametrize("size", [5, 60])
def test_for_you_costs_the_same_queries_for_few_and_many_listings(
    size, helper, neighbourhood, make_person, django_assert_max_num_queries
):
    for n in range(size):
        author = make_person(
            "resident", skills=[f"savoir{n}"], interests=["lecture"], languages=["fr"]
        )
        ListingFactory(neighbourhood=neighbourhood, author=author, tags=["smartphone"])

    with django_assert_max_num_queries(8):
        suggestions = selectors.for_you(user=helper, limit=100)
        for listing, fit in suggestions:
            assert "smartphone" in listing.tag_names
            assert listing.author.profile.pseudonym
            assert str(listing.category.label)
            assert fit.reasons
    assert len(suggestions) == size


# People for a listing.


def test_a_request_for_smartphone_help_finds_the_volunteers_with_that_skill(
    neighbourhood, elsewhere, make_person
):
    author = make_person("resident", skills=["smartphone"])
    listing = ListingFactory(
        neighbourhood=neighbourhood, author=author, tags=["smartphone"]
    )
    able = [make_person("volunteer", skills=["smartphone"]) for _n in range(2)]
    make_person("resident", interests=["smartphone"])
    make_person("resident", skills=["tricot"])
    for situation in ("outsider", "pending", "banned", "left", "declined"):
        make_person(situation, skills=["smartphone"])
    make_person("resident", place=elsewhere, skills=["smartphone"])

    found = selectors.people_for_listing(listing=listing)

    assert {profile.user for profile, _fit in found} == set(able)


def test_an_offer_finds_the_members_interested_in_it(neighbourhood, make_person):
    listing = ListingFactory(
        neighbourhood=neighbourhood, kind=Listing.Kind.OFFER, tags=["jardinage"]
    )
    keen = make_person("resident", interests=["jardinage"])
    make_person("resident", skills=["jardinage"])

    found = selectors.people_for_listing(listing=listing)

    assert [profile.user for profile, _fit in found] == [keen]


def test_people_for_a_listing_come_best_first_within_the_limit(
    neighbourhood, make_person
):
    listing = ListingFactory(
        neighbourhood=neighbourhood, tags=["smartphone", "whatsapp", "banque"]
    )
    best = make_person("resident", skills=["smartphone", "whatsapp", "banque"])
    second = make_person("resident", skills=["smartphone", "whatsapp"])
    for _n in range(3):
        make_person("resident", skills=["banque"])

    found = selectors.people_for_listing(listing=listing, limit=2)

    assert [profile.user for profile, _fit in found] == [best, second]
    assert "they know “whatsapp”; you ask for “whatsapp”" in reasons(found[0][1])


def test_a_listing_without_keywords_finds_nobody(neighbourhood, make_person):
    make_person("volunteer", skills=["smartphone"])
    listing = ListingFactory(neighbourhood=neighbourhood)

    assert selectors.people_for_listing(listing=listing) == []


def test_for_you_meets_listings_of_the_other_language_by_their_subject(
    helper, neighbourhood, make_person
):
    english_author = make_person("resident", user__language="en")
    ListingFactory(
        neighbourhood=neighbourhood,
        author=english_author,
        title="Video calls with my grandchildren",
        language="en",
    )
    ListingFactory(neighbourhood=neighbourhood, title="Mon ordinateur est lent")
    ListingFactory(
        neighbourhood=neighbourhood, title="Learning to make bread", language="en"
    )
    newcomer = make_person("volunteer", skills=["computers"], user__language="en")

    clara = {item.title: fit for item, fit in selectors.for_you(user=helper)}
    theirs = {item.title: fit for item, fit in selectors.for_you(user=newcomer)}

    digital = {"Video calls with my grandchildren", "Mon ordinateur est lent"}
    assert set(clara) == set(theirs) == digital
    assert "you know “smartphone”; they ask for “Video calls”" in reasons(
        clara["Video calls with my grandchildren"]
    )
    assert "you know “computers”; they ask for “ordinateur”" in reasons(
        theirs["Mon ordinateur est lent"]
    )


def test_people_for_a_listing_are_read_in_their_own_language(
    neighbourhood, make_person
):
    """English words meet their stem ("ironing", "iron") when the member
    writes in English: the language they chose, or the only one they speak."""
    listing = ListingFactory(
        neighbourhood=neighbourhood, title="Ironing my shirts", language="en"
    )
    chosen = make_person("resident", skills=["iron"], user__language="en")
    spoken = make_person("resident", skills=["iron"], languages=["en"])

    found = selectors.people_for_listing(listing=listing)

    assert {profile.user for profile, _fit in found} == {chosen, spoken}
    assert "they know “iron”; you ask for “Ironing”" in reasons(found[0][1])


# Listings that look alike.


def test_similar_listings_share_a_title_word_or_a_keyword(
    neighbourhood, elsewhere, resident, make_person
):
    author = make_person()
    ListingFactory(neighbourhood=neighbourhood, author=author, title="Réparer un vélo")
    ListingFactory(
        neighbourhood=neighbourhood, author=author, title="Selle", tags=["cyclisme"]
    )
    ListingFactory(neighbourhood=neighbourhood, author=author, title="Tricot")
    ListingFactory(neighbourhood=neighbourhood, author=resident, title="Mon vélo")
    ListingFactory(
        neighbourhood=neighbourhood,
        author=author,
        title="Vélo prêté",
        status=Listing.Status.CANCELLED,
    )
    ListingFactory(neighbourhood=elsewhere, title="Réparer un vélo aux Minguettes")

    similar = selectors.similar_listings(
        user=resident,
        neighbourhood=neighbourhood,
        title="Réparer mon vélo",
        tags=["cyclisme"],
    )

    assert set(titles(similar)) == {"Réparer un vélo", "Selle"}


def test_similar_listings_find_a_keyword_whatever_its_case(
    neighbourhood, resident, make_person
):
    ListingFactory(neighbourhood=neighbourhood, title="Appareil", tags=["Smartphone"])

    similar = selectors.similar_listings(
        user=resident, neighbourhood=neighbourhood, title="Aide", tags=["Smartphone"]
    )

    assert titles(similar) == ["Appareil"]


def test_similar_listings_in_english_ignore_its_empty_words(
    neighbourhood, resident, make_person
):
    """ "Learning video calls" does not suggest bread-making, and finds the
    video calls whatever their language."""
    author = make_person()
    for title, language in [
        ("Learning to make bread", "en"),
        ("Video calls on your tablet", "en"),
        ("Les appels vidéo sur tablette", "fr"),
        ("Apprendre à faire le pain", "fr"),
    ]:
        ListingFactory(
            neighbourhood=neighbourhood, author=author, title=title, language=language
        )

    def similar(**values):
        return set(
            titles(
                selectors.similar_listings(
                    user=resident,
                    neighbourhood=neighbourhood,
                    title="Learning to make video calls",
                    tags=[],
                    **values,
                )
            )
        )

    expected = {"Video calls on your tablet", "Les appels vidéo sur tablette"}
    assert similar(language="en") == expected
    resident.language = "en"  # the writer's language, when the form says none
    assert similar() == expected


def test_counterpart_listings_are_the_offers_answering_a_request(
    neighbourhood, resident, make_person
):
    author = make_person()
    request = ListingFactory(
        neighbourhood=neighbourhood, author=resident, tags=["smartphone", "photos"]
    )

    def offer(title, tags, **values):
        return ListingFactory(
            neighbourhood=neighbourhood,
            author=author,
            kind=Listing.Kind.OFFER,
            title=title,
            tags=tags,
            **values,
        )

    offer("Un mot", ["smartphone"])
    offer("Deux mots", ["smartphone", "photos"])
    offer("Aucun", ["tricot"])
    offer("Fermée", ["smartphone"], status=Listing.Status.DONE)
    ListingFactory(neighbourhood=neighbourhood, author=author, tags=["smartphone"])

    found = selectors.counterpart_listings(user=resident, listing=request)

    assert titles(found) == ["Deux mots", "Un mot"]


# Hours given and received, thanks.


@pytest.mark.parametrize(
    ("kind", "giver"), [("request", "helper"), ("offer", "author")]
)
def test_hours_are_given_by_whoever_gave_their_time(
    kind, giver, resident, make_person, publish, done
):
    helper = make_person()
    listing = publish(resident, kind=kind)
    done(listing, helper, minutes=90)
    people = {"author": resident, "helper": helper}
    receiver = "author" if giver == "helper" else "helper"

    assert selectors.hours_of(user=people[giver], viewer=people[giver]) == {
        "given": 1.5,
        "received": 0,
    }
    assert selectors.hours_of(user=people[receiver], viewer=people[receiver]) == {
        "given": 0,
        "received": 1.5,
    }


def test_hours_add_up_over_exchanges_done_only(
    resident, make_person, publish, agree, done
):
    helper = make_person()
    done(publish(resident, title="Un", duration_minutes=60), helper)
    done(publish(resident, title="Deux", duration_minutes=30), helper)
    half_done = agree(publish(resident, title="Trois", duration_minutes=240), helper)
    services.confirm_done(user=helper, response=half_done)

    assert selectors.hours_of(user=helper, viewer=helper) == {
        "given": 1.5,
        "received": 0,
    }
    assert selectors.hours_of(user=resident, viewer=resident) == {
        "given": 0,
        "received": 1.5,
    }


def test_someone_who_never_exchanged_has_no_hours(resident):
    assert selectors.hours_of(user=resident, viewer=resident) == {
        "given": 0,
        "received": 0,
    }


def test_the_thanks_received_are_listed_newest_first(
    resident, make_person, publish, done
):
    helper = make_person()
    first = done(publish(resident, title="Un"), helper)
    second = done(publish(resident, title="Deux"), helper)
    services.thank(user=resident, response=first, text="Merci pour lundi")
    services.thank(user=resident, response=second, text="Merci pour mardi")
    services.thank(user=helper, response=first, text="Merci à vous")

    assert [t.text for t in selectors.thanks_for(user=helper, viewer=helper)] == [
        "Merci pour mardi",
        "Merci pour lundi",
    ]
    assert [t.text for t in selectors.thanks_for(user=resident, viewer=resident)] == [
        "Merci à vous"
    ]


def test_my_listings_count_the_answers_waiting(resident, make_person, publish, agree):
    listing = publish(resident)
    for _n in range(2):
        services.respond(user=make_person(), listing=listing, message="Moi")
    agree(publish(resident, title="Autre"), make_person())

    waiting = {
        item.title: item.waiting for item in selectors.my_listings(user=resident)
    }

    assert waiting == {"Aide pour installer WhatsApp": 2, "Autre": 0}


def test_the_listings_expiring_within_a_week_not_yet_reminded(neighbourhood):
    now = timezone.now()

    def listing(days, **values):
        return ListingFactory(
            neighbourhood=neighbourhood,
            expires_at=now + datetime.timedelta(days=days),
            **values,
        )

    soon = listing(3)
    listing(3, reminded_at=now)
    listing(3, status=Listing.Status.AGREED)
    listing(10)
    listing(-1)

    assert list(selectors.listings_expiring(now=now)) == [soon]


def test_a_profile_shows_only_the_exchanges_of_neighbourhoods_the_viewer_shares(
    client, neighbourhood, elsewhere, make_person, publish, done
):
    """A member of two organisations' neighbourhoods: a neighbour of one reads
    only what happened there; the member reads everything of their own."""
    from tests.factories import MembershipFactory

    helper = make_person()
    MembershipFactory(user=helper, neighbourhood=elsewhere)
    here_author = make_person()
    there_author = make_person(place=elsewhere)
    here = done(publish(here_author, title="Ici"), helper, minutes=60)
    there = done(
        publish(there_author, title="Là-bas", neighbourhood=elsewhere),
        helper,
        minutes=120,
    )
    services.thank(user=here_author, response=here, text="Merci d'ici")
    services.thank(user=there_author, response=there, text="Merci de là-bas")
    neighbour = make_person()

    assert [t.text for t in selectors.thanks_for(user=helper, viewer=neighbour)] == [
        "Merci d'ici"
    ]
    assert selectors.hours_of(user=helper, viewer=neighbour)["given"] == 1
    assert selectors.hours_of(user=helper, viewer=helper)["given"] == 3
    assert len(selectors.thanks_for(user=helper, viewer=helper)) == 2

    client.force_login(neighbour)
    page = client.get(helper.profile.get_absolute_url()).content.decode()
    assert "Merci d&#x27;ici" in page or "Merci d'ici" in page
    assert "Merci de là-bas" not in page and "Là-bas" not in page
