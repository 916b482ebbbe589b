"""The exchange as people live it: answering opens the conversation with the
helper's words, the steps are taken from the conversation too, and the
author's box says what happened (or why the moderators hid the listing)."""

import pytest
from django.urls import reverse

from exchanges import services
from exchanges.models import Listing, Response, Thanks
from messaging.models import Conversation, Message
from moderation import services as moderation_services

pytestmark = pytest.mark.django_db


def test_answering_opens_the_conversation_with_the_helpers_words(client, market):
    helper = market["people"]["volunteer"]
    listing = market["listing"]
    client.force_login(helper)
    page = client.post(
        reverse("listing_respond", args=[listing.pk]), {"message": "Je passe mardi."}
    )
    conversation = Conversation.objects.get(listing=listing)
    assert page.url == f"{conversation.get_absolute_url()}#latest"
    assert set(conversation.participants.values_list("user", flat=True)) == {
        helper.pk,
        market["author"].pk,
    }
    first = Message.objects.get(conversation=conversation)
    assert (first.author, first.text, first.seq) == (helper, "Je passe mardi.", 1)
    assert Response.objects.get(listing=listing).responder == helper
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert "Je passe mardi." in html


def test_an_answer_refused_leaves_no_conversation_behind(client, market):
    client.force_login(market["author"])
    page = client.post(
        reverse("listing_respond", args=[market["listing"].pk]),
        {"message": "Moi-même"},
        follow=True,
    )
    assert not Response.objects.exists()
    assert not Conversation.objects.exists()
    assert list(page.context["messages"])


def test_a_message_refused_takes_the_answer_back_too(client, market, monkeypatch):
    from django.core.exceptions import ValidationError

    from messaging.services import sending

    def refuse(*args, **kwargs):
        raise ValidationError("Trop de messages")

    monkeypatch.setattr(sending, "_check_flood", refuse)
    client.force_login(market["people"]["volunteer"])
    page = client.post(
        reverse("listing_respond", args=[market["listing"].pk]),
        {"message": "Je passe mardi."},
    )
    assert page.url == market["listing"].get_absolute_url()
    assert not Response.objects.exists()
    assert not Conversation.objects.exists()


def test_the_steps_are_taken_from_the_conversation(client, market):
    helper = market["people"]["volunteer"]
    author = market["author"]
    listing = market["listing"]
    client.force_login(helper)
    client.post(reverse("listing_respond", args=[listing.pk]), {"message": "Moi"})
    response = Response.objects.get()
    url = Conversation.objects.get().get_absolute_url()
    client.force_login(author)
    html = client.get(url).content.decode()
    assert reverse("response_accept", args=[response.pk]) in html
    page = client.post(
        reverse("response_accept", args=[response.pk]), {"next": url}, follow=True
    )
    assert page.redirect_chain[-1][0] == url
    response.refresh_from_db()
    assert response.status == "accepted"
    client.post(reverse("response_done", args=[response.pk]), {"next": url})
    client.force_login(helper)
    html = client.get(url).content.decode()
    assert reverse("response_done", args=[response.pk]) in html
    client.post(reverse("response_done", args=[response.pk]), {"next": url})
    listing.refresh_from_db()
    assert listing.status == "done"
    page = client.post(
        reverse("response_thanks", args=[response.pk]),
        {"text": "Merci pour le café", "next": url},
    )
    assert page.url == url
    assert Thanks.objects.get().text == "Merci pour le café"
    assert reverse("response_thanks", args=[response.pk]) not in (
        client.get(url).content.decode()
    )


def test_next_never_leads_to_another_site(client, market):
    helper = market["people"]["volunteer"]
    response = services.respond(user=helper, listing=market["listing"], message="Moi")
    client.force_login(helper)
    page = client.post(
        reverse("response_withdraw", args=[response.pk]),
        {"next": "https://elsewhere.example/"},
    )
    assert page.url == market["listing"].get_absolute_url()


def test_a_conversation_without_an_answer_shows_no_steps(client, market):
    from messaging import services as messaging_services

    resident = market["people"]["resident"]
    conversation = messaging_services.start_conversation(
        user=resident,
        other=market["author"],
        neighbourhood=market["neighbourhood"],
        listing=market["listing"],
    )
    client.force_login(resident)
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert "exchange-steps" not in html


def test_after_the_exchange_the_authors_box_says_what_happened(client, market, done):
    listing = market["listing"]
    done(listing, market["people"]["volunteer"])
    client.force_login(market["author"])
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "Done: this exchange took place." in html or "échange a eu lieu" in html
    assert market["people"]["volunteer"].display_name in html


def test_a_hidden_listing_shows_its_author_why_and_offers_nothing_more(client, market):
    listing = market["listing"]
    moderation_services.hide_listing(
        moderator=market["people"]["moderator"],
        listing=listing,
        reason="Les numéros de téléphone restent privés.",
    )
    listing = Listing.objects.get(pk=listing.pk)
    assert listing.hidden
    client.force_login(market["author"])
    page = client.get(listing.get_absolute_url())
    html = page.content.decode()
    assert "Les numéros de téléphone restent privés." in html
    assert reverse("listing_renew", args=[listing.pk]) not in html
    assert page.context["people"] == []
    assert page.context["counterparts"] == []


def test_a_listing_carries_the_language_it_is_written_in(client, market, publish):
    author = market["author"]
    author.language = "en"
    author.save(update_fields=["language"])
    listing = publish(author, title="Help with video calls")
    assert listing.language == "en"
    chosen = publish(author, title="Aide pour les courses", language="fr")
    assert chosen.language == "fr"
    client.force_login(market["people"]["resident"])
    html = client.get(listing.get_absolute_url()).content.decode()
    assert '<h1 id="listing-title" lang="en">Help with video calls</h1>' in html
    html = client.get(reverse("listing_list")).content.decode()
    assert f'id="listing-{chosen.pk}" lang="fr"' in html


def test_the_language_is_chosen_when_writing_and_kept_when_changing(client, market):
    client.force_login(market["author"])
    from exchanges.models import Category

    client.post(
        reverse("listing_create"),
        {
            "kind": "offer",
            "neighbourhood": market["neighbourhood"].pk,
            "category": Category.objects.get(key="digital", neighbourhood=None).pk,
            "title": "English conversation",
            "language": "en",
            "place": "centre",
            "duration_minutes": 60,
            "places": 1,
            "publish": "1",
        },
    )
    listing = Listing.objects.get(title="English conversation")
    assert listing.language == "en"
    form = client.get(reverse("listing_edit", args=[listing.pk])).context["form"]
    assert form["language"].value() == "en"


def test_residents_browse_and_filter_by_world(client, market, publish):
    from exchanges.models import Category

    passion = Category.objects.filter(neighbourhood=None, world="passions").first()
    garden = publish(market["author"], title="Jardiner ensemble", category=passion)
    client.force_login(market["people"]["resident"])
    page = client.get(reverse("listing_list"))
    html = page.content.decode()
    assert "?world=passions" in html and "?world=services" in html
    assert garden.title in html and market["listing"].title in html
    html = client.get(reverse("listing_list"), {"world": "passions"}).content.decode()
    assert garden.title in html and market["listing"].title not in html
    html = client.get(reverse("listing_list"), {"world": "services"}).content.decode()
    assert garden.title not in html and market["listing"].title in html


def test_the_preview_shows_what_will_be_published_even_when_nothing_is_similar(
    client, market
):
    from exchanges.models import Category

    client.force_login(market["author"])
    data = {
        "kind": "offer",
        "neighbourhood": market["neighbourhood"].pk,
        "category": Category.objects.get(key="digital", neighbourhood=None).pk,
        "title": "Cours de tricot",
        "description": "Le jeudi au centre.",
        "tags": "tricot, laine",
        "place": "centre",
        "duration_minutes": 60,
        "places": 1,
    }
    page = client.post(reverse("listing_create"), {**data, "preview": "1"})
    html = page.content.decode()
    assert not Listing.objects.filter(title="Cours de tricot").exists()
    assert "listing-preview" in html and "Le jeudi au centre." in html
    assert 'name="publish"' in html
    client.post(reverse("listing_create"), {**data, "publish": "1"})
    assert Listing.objects.filter(title="Cours de tricot").exists()


def test_an_empty_message_says_so_without_javascript(client, market):
    from messaging import services as messaging_services

    resident = market["people"]["resident"]
    conversation = messaging_services.start_conversation(
        user=resident, other=market["author"], neighbourhood=market["neighbourhood"]
    )
    client.force_login(resident)
    form = client.get(conversation.get_absolute_url()).context["form"]
    page = client.post(
        conversation.get_absolute_url(),
        {"text": "  ", "client_id": form["client_id"].value()},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["text"]
    assert 'aria-invalid="true"' in page.content.decode()
    assert not Message.objects.exists()


def test_a_hidden_listing_is_neither_renewed_nor_reminded(market):
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from exchanges import selectors

    listing = market["listing"]
    moderation_services.hide_listing(
        moderator=market["people"]["moderator"], listing=listing, reason="Hors charte"
    )
    with pytest.raises(ValidationError):
        services.renew_listing(user=market["author"], listing=listing)
    Listing.objects.filter(pk=listing.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert listing not in selectors.listings_expiring(now=timezone.now())
