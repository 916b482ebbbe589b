"""Every page and action of the marketplace, for every kind of person."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override as translation_override

from exchanges import services
from exchanges.models import Category, Listing, Response, Thanks
from moderation import services as moderation_services
from moderation.models import DECISION_REASON_MAX_LENGTH
from neighbourhoods import services as neighbourhood_services
from tests.factories import NeighbourhoodFactory
from tests.world import MODERATORS, SEERS, VISITORS, WRITERS, login

pytestmark = pytest.mark.django_db


def digital():
    return Category.objects.get(key="digital", neighbourhood=None)


@pytest.mark.parametrize("person", VISITORS)
def test_listing_page_is_for_members_who_may_see(client, market, person):
    login(client, market, person)
    response = client.get(market["listing"].get_absolute_url())
    if person == "visitor":
        assert response.status_code == 302
    elif person in SEERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("person", VISITORS)
def test_search_and_for_you_show_only_the_neighbourhoods_one_may_see(
    client, market, person
):
    login(client, market, person)
    for url in (reverse("listing_list"), reverse("for_you"), reverse("my_exchanges")):
        response = client.get(url)
        if person == "visitor":
            assert response.status_code == 302
            continue
        assert response.status_code == 200
    if person != "visitor":
        html = client.get(reverse("listing_list")).content.decode()
        assert (market["listing"].title in html) == (person in SEERS)


@pytest.mark.parametrize("person", VISITORS)
def test_only_members_who_may_write_can_post(client, market, person):
    login(client, market, person)
    before = Listing.objects.count()
    response = client.post(
        reverse("listing_create"),
        {
            "kind": "offer",
            "neighbourhood": market["neighbourhood"].pk,
            "category": digital().pk,
            "title": "Cours de tricot",
            "tags": "tricot",
            "place": "centre",
            "duration_minutes": 60,
            "places": 1,
            "publish": "1",
        },
    )
    created = Listing.objects.count() - before
    if person in WRITERS:
        assert created == 1
        assert response.status_code == 302
    else:
        assert created == 0
        assert response.status_code in (302, 403, 200)


@pytest.mark.parametrize("person", VISITORS)
def test_only_members_who_may_write_can_answer(client, market, person):
    login(client, market, person)
    client.post(
        reverse("listing_respond", args=[market["listing"].pk]),
        {"message": "Je peux vous aider mardi."},
    )
    answered = Response.objects.filter(listing=market["listing"]).exists()
    assert answered == (person in WRITERS)


@pytest.mark.parametrize("person", VISITORS)
def test_only_the_neighbourhoods_moderators_hide_a_listing(client, market, person):
    login(client, market, person)
    client.post(
        reverse("listing_hide", args=[market["listing"].pk]), {"reason": "Publicité"}
    )
    market["listing"].refresh_from_db()
    assert market["listing"].hidden == (person in MODERATORS)


def test_hiding_a_listing_needs_a_reason(client, market):
    login(client, market, "moderator")
    page = client.get(market["listing"].get_absolute_url()).content.decode()
    # The browser keeps the reason within what the decision may hold.
    assert f'maxlength="{DECISION_REASON_MAX_LENGTH}" required' in page
    response = client.post(
        reverse("listing_hide", args=[market["listing"].pk]),
        {"reason": " "},
        follow=True,
    )
    market["listing"].refresh_from_db()
    assert not market["listing"].hidden
    assert response.redirect_chain[-1][0] == market["listing"].get_absolute_url()


def test_a_hidden_listing_disappears_for_members_but_not_its_author(client, market):
    moderation_services.hide_listing(
        moderator=market["people"]["moderator"],
        listing=market["listing"],
        reason="Hors charte",
    )
    login(client, market, "resident")
    assert client.get(market["listing"].get_absolute_url()).status_code == 404
    client.force_login(market["author"])
    assert client.get(market["listing"].get_absolute_url()).status_code == 200


def test_the_whole_exchange_through_the_pages(client, market):
    helper = market["people"]["volunteer"]
    listing = market["listing"]
    client.force_login(helper)
    client.post(
        reverse("listing_respond", args=[listing.pk]), {"message": "Je passe mardi."}
    )
    response = Response.objects.get(listing=listing)
    # Someone else than the author cannot accept.
    client.post(reverse("response_accept", args=[response.pk]))
    response.refresh_from_db()
    assert response.status == "waiting"
    client.force_login(market["author"])
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "Je passe mardi." in html
    client.post(reverse("response_accept", args=[response.pk]))
    listing.refresh_from_db()
    assert listing.status == "agreed"
    client.post(reverse("response_done", args=[response.pk]), {"minutes": ""})
    client.force_login(helper)
    client.post(reverse("response_done", args=[response.pk]), {"minutes": "90"})
    listing.refresh_from_db()
    assert listing.status == "done"
    client.post(reverse("response_thanks", args=[response.pk]), {"text": "Avec joie"})
    client.force_login(market["author"])
    client.post(reverse("response_thanks", args=[response.pk]), {"text": "Merci !"})
    assert Thanks.objects.count() == 2
    profile_html = client.get(helper.profile.get_absolute_url()).content.decode()
    assert "Merci !" in profile_html
    assert "1,5" in profile_html or "1.5" in profile_html


def test_answering_twice_or_ones_own_listing_says_why_and_changes_nothing(
    client, market
):
    client.force_login(market["author"])
    response = client.post(
        reverse("listing_respond", args=[market["listing"].pk]),
        {"message": "Moi-même"},
        follow=True,
    )
    assert not Response.objects.exists()
    assert list(response.context["messages"])
    login(client, market, "resident")
    url = reverse("listing_respond", args=[market["listing"].pk])
    client.post(url, {"message": "Oui"})
    response = client.post(url, {"message": "Encore"}, follow=True)
    assert Response.objects.count() == 1
    assert list(response.context["messages"])


def test_a_bad_listing_form_keeps_what_was_typed(client, market):
    login(client, market, "resident")
    response = client.post(
        reverse("listing_create"),
        {
            "kind": "offer",
            "neighbourhood": market["neighbourhood"].pk,
            "category": digital().pk,
            "title": "",
            "description": "Un texte que je ne veux pas perdre",
            "tags": "tricot",
            "place": "centre",
            "duration_minutes": 60,
            "places": 0,
            "publish": "1",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "places"}
    assert "Un texte que je ne veux pas perdre" in response.content.decode()


def test_a_category_of_another_neighbourhood_is_refused(client, market):
    other = Category.objects.create(
        neighbourhood=NeighbourhoodFactory(), name="Ailleurs", icon="other"
    )
    login(client, market, "resident")
    before = Listing.objects.count()
    response = client.post(
        reverse("listing_create"),
        {
            "kind": "offer",
            "neighbourhood": market["neighbourhood"].pk,
            "category": other.pk,
            "title": "Test",
            "place": "centre",
            "duration_minutes": 60,
            "places": 1,
            "publish": "1",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("category")
    assert Listing.objects.count() == before


def test_the_preview_step_shows_similar_listings_before_publishing(client, market):
    login(client, market, "resident")
    data = {
        "kind": "request",
        "neighbourhood": market["neighbourhood"].pk,
        "category": digital().pk,
        "title": "Aide smartphone",
        "tags": "smartphone",
        "place": "home",
        "duration_minutes": 60,
        "places": 1,
    }
    preview = client.post(reverse("listing_create"), {**data, "preview": "1"})
    assert preview.status_code == 200
    assert market["listing"] in preview.context["similar"]
    assert Listing.objects.count() == 1
    published = client.post(reverse("listing_create"), {**data, "publish": "1"})
    assert published.status_code == 302
    assert Listing.objects.count() == 2


def test_the_similar_listings_say_what_they_have_in_common(client, market):
    login(client, market, "resident")
    with translation_override("en"):
        html = client.get(
            reverse("listing_similar"),
            {
                "neighbourhood": market["neighbourhood"].pk,
                "title": "Mon smartphone pour la visio",
                "tags": "",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        ).content.decode()
    assert "Aide pour le smartphone" in html
    assert "you wrote “smartphone”; this one says “smartphone”" in html


def test_the_similar_listings_ignore_words_like_pour(client, market):
    login(client, market, "resident")
    html = client.get(
        reverse("listing_similar"),
        {"neighbourhood": market["neighbourhood"].pk, "title": "Aide pour le chat"},
    ).content.decode()
    assert "Aide pour le smartphone" not in html


def test_the_similar_listings_read_the_title_in_the_language_chosen(client, market):
    services.create_listing(
        author=market["author"],
        neighbourhood=market["neighbourhood"],
        kind="offer",
        title="Iron and fold the laundry",
        category=Category.objects.get(key="other", neighbourhood=None),
        language="en",
    )
    resident = login(client, market, "resident")

    def shown(**values):
        html = client.get(
            reverse("listing_similar"),
            {"neighbourhood": market["neighbourhood"].pk, "title": "Ironing", **values},
        ).content.decode()
        return "Iron and fold the laundry" in html

    assert shown(language="en")  # "ironing" is "iron" in English
    assert not shown(language="fr")
    assert not shown()  # the writer's language: French
    resident.language = "en"
    resident.save(update_fields=["language"])
    assert shown()


def test_an_empty_search_offers_to_post_a_request(client, market):
    login(client, market, "resident")
    html = client.get(reverse("listing_list"), {"q": "parapente"}).content.decode()
    assert "/listings/new/?kind=request&amp;title=parapente" in html


def test_list_and_for_you_pages_cost_the_same_queries_whatever_their_length(
    client, market, django_assert_max_num_queries
):
    resident = login(client, market, "volunteer")
    resident.profile.skills.set(["smartphone"])

    def add(count):
        for number in range(count):
            services.create_listing(
                author=market["author"],
                neighbourhood=market["neighbourhood"],
                kind="request",
                title=f"Besoin {number}",
                category=digital(),
                tags=["smartphone", f"mot{number}"],
            )

    add(2)
    for url in (reverse("listing_list"), reverse("for_you")):
        with django_assert_max_num_queries(30) as small:
            client.get(url)
        add(25)
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(url)


@pytest.mark.parametrize("person", ["author", "moderator", "resident"])
def test_the_listing_page_reads_the_members_standing_once(client, market, person):
    listing = market["listing"]
    if person == "author":
        client.force_login(market["author"])
    else:
        login(client, market, person)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(listing.get_absolute_url()).status_code == 200
    # Every permission of the page comes from one read of the membership.
    membership_reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "neighbourhoods_membership"."id"')
        and f'"neighbourhood_id" = {listing.neighbourhood_id}' in query["sql"]
    ]
    assert len(membership_reads) == 1


def test_moderator_posts_for_a_consenting_resident_and_it_shows(client, market):
    moderator = market["people"]["moderator"]
    resident = market["people"]["resident"]
    neighbourhood_services.record_consent(
        moderator=moderator,
        resident=resident,
        neighbourhood=market["neighbourhood"],
        purpose="Publier mes demandes",
    )
    client.force_login(moderator)
    url = reverse(
        "listing_create_for", args=[market["neighbourhood"].slug, resident.pk]
    )
    response = client.post(
        url,
        {
            "kind": "request",
            "neighbourhood": market["neighbourhood"].pk,
            "category": Category.objects.get(key="gardening", neighbourhood=None).pk,
            "title": "Tailler mes rosiers",
            "tags": "jardinage",
            "place": "home",
            "duration_minutes": 60,
            "places": 1,
            "publish": "1",
        },
    )
    listing = Listing.objects.get(title="Tailler mes rosiers")
    assert response.status_code == 302
    assert listing.author == resident
    assert listing.helped_by == moderator
    html = client.get(listing.get_absolute_url()).content.decode()
    assert moderator.profile.pseudonym in html


def test_a_refusal_page_says_why(client, market):
    """A service's or a view's refusal reaches the person with its reason."""
    login(client, market, "outsider")
    page = client.get(reverse("listing_create"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403
    assert "To post, join a neighbourhood first" in page.content.decode()

    login(client, market, "resident")
    page = client.get(
        reverse("listing_edit", args=[market["listing"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 403
    assert "Only the author of this listing can do this." in page.content.decode()


def test_posting_for_a_resident_without_consent_is_refused(client, market):
    client.force_login(market["people"]["moderator"])
    url = reverse(
        "listing_create_for",
        args=[market["neighbourhood"].slug, market["people"]["resident"].pk],
    )
    assert client.get(url).status_code == 403


def test_coordinators_add_a_category_that_listings_then_use(client, market):
    login(client, market, "coordinator")
    slug = market["neighbourhood"].slug
    client.post(
        reverse("manage_categories", args=[slug]),
        {"name": "Fête des voisins", "icon": "company", "world": "passions"},
    )
    category = Category.objects.get(name="Fête des voisins")
    assert category.neighbourhood == market["neighbourhood"]
    login(client, market, "resident")
    html = client.get(reverse("listing_create")).content.decode()
    assert "Fête des voisins" in html


@pytest.mark.parametrize("person", VISITORS)
def test_only_coordinators_add_categories(client, market, person):
    login(client, market, person)
    client.post(
        reverse("manage_categories", args=[market["neighbourhood"].slug]),
        {"name": "Nouvelle", "icon": "other", "world": "services"},
    )
    assert Category.objects.filter(name="Nouvelle").exists() == (
        person == "coordinator"
    )


def test_a_category_named_like_a_shared_one_is_refused(client, market):
    login(client, market, "coordinator")
    with translation_override("en"):
        response = client.post(
            reverse("manage_categories", args=[market["neighbourhood"].slug]),
            {"name": "gardening", "icon": "other", "world": "services"},
        )
    assert response.status_code == 200
    assert response.context["form"].has_error("name", "duplicate")


def test_notification_settings_are_kept_and_respected(client, market):
    from notifications.models import Notification
    from notifications.services import notify

    user = login(client, market, "resident")
    data = dict.fromkeys(Notification.Kind.values, "site")
    data["match"] = "none"
    client.post(reverse("notification_settings"), data)
    assert notify(user=user, kind="match", text="x") is None
    assert notify(user=user, kind="response", text="y") is not None
    html = client.get(reverse("notification_list")).content.decode()
    assert "y" in html


def test_blocked_people_never_meet_in_lists_suggestions_or_answers(client, market):
    from community import services as community_services

    listing = market["listing"]
    helper = market["people"]["volunteer"]
    helper.profile.skills.set(["smartphone"])
    community_services.block_member(user=market["author"], other=helper)
    client.force_login(helper)
    assert client.get(listing.get_absolute_url()).status_code == 404
    assert listing.title not in client.get(reverse("listing_list")).content.decode()
    assert listing.title not in client.get(reverse("for_you")).content.decode()
    client.post(reverse("listing_respond", args=[listing.pk]), {"message": "Oui"})
    assert not Response.objects.exists()
    # Nor is the blocked helper suggested to the author.
    from exchanges import selectors

    assert helper.profile not in [
        p for p, _f in selectors.people_for_listing(listing=listing)
    ]


def test_blocking_is_reversible_from_the_settings_and_refuses_oneself(client, market):
    user = login(client, market, "resident")
    other = market["people"]["volunteer"]
    client.post(reverse("block", args=[other.profile.pk]))
    html = client.get(reverse("blocked_members")).content.decode()
    assert other.profile.pseudonym in html
    response = client.post(
        reverse("block", args=[other.profile.pk]),
        {"unblock": "1", "next": "https://elsewhere.example/"},
    )
    assert response.url == other.profile.get_absolute_url()
    assert not user.blocks.exists()
    response = client.post(reverse("block", args=[user.profile.pk]), follow=True)
    assert list(response.context["messages"])
    assert not user.blocks.exists()


def test_the_author_declines_and_the_responder_withdraws_while_it_waits(client, market):
    listing = market["listing"]
    first = services.respond(
        user=market["people"]["resident"], listing=listing, message="Moi"
    )
    second = services.respond(
        user=market["people"]["volunteer"], listing=listing, message="Moi aussi"
    )
    client.force_login(market["people"]["volunteer"])
    client.post(reverse("response_decline", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == "waiting"  # only the author declines
    client.post(reverse("response_withdraw", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == "withdrawn"
    client.force_login(market["author"])
    client.post(reverse("response_decline", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == "declined"
    response = client.post(reverse("response_accept", args=[first.pk]), follow=True)
    first.refresh_from_db()
    assert first.status == "declined"
    assert list(response.context["messages"])


def test_people_who_already_answered_are_not_suggested_again(market):
    from exchanges import selectors

    helper = market["people"]["volunteer"]
    helper.profile.skills.set(["smartphone"])
    listing = market["listing"]
    assert helper.profile in [
        p for p, _f in selectors.people_for_listing(listing=listing)
    ]
    services.respond(user=helper, listing=listing, message="Oui")
    assert helper.profile not in [
        p for p, _f in selectors.people_for_listing(listing=listing)
    ]
