"""The exchanges services: each checks the person's permission in the listing's
neighbourhood before it writes, refuses bad input with a clear error and then
changes nothing at all, and walks a listing through its life: open, agreed,
done (or cancelled, or expired)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from taggit.models import Tag

from exchanges import services
from exchanges.models import Category, Listing, Response, Thanks
from moderation import services as moderation_services
from moderation.models import Case
from neighbourhoods import selectors as neighbourhood_selectors
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry
from neighbourhoods.permissions import NotAllowed
from notifications.models import Notification, NotificationPreference
from tests.world import MODERATORS, PERSONS, WRITERS

from .conftest import ListingFactory, seed

pytestmark = pytest.mark.django_db

SOON = datetime.date(2027, 5, 10)


def refused(snapshot, call, *, error=ValidationError):
    """Run `call`, expect `error`, and check that nothing at all was written."""
    before = snapshot()
    with pytest.raises(error) as caught:
        call()
    assert snapshot() == before
    return caught.value


def field_codes(error: ValidationError) -> dict:
    return {
        field: [item.code for item in items]
        for field, items in error.error_dict.items()
    }


def close_to(moment, expected, tolerance=datetime.timedelta(minutes=1)):
    return abs(moment - expected) < tolerance


# Publishing a listing.


def test_a_listing_keeps_what_its_author_wrote(neighbourhood, resident):
    listing = services.create_listing(
        author=resident,
        neighbourhood=neighbourhood,
        kind=Listing.Kind.OFFER,
        title="  Initiation à la tablette  ",
        description="  Pour envoyer des photos à la famille.  ",
        category=seed("digital"),
        tags=["tablette", " photos ", "  "],
        place=Listing.Place.HOME,
        availability=" Le mardi après-midi ",
        starts_on=SOON,
        ends_on=SOON + datetime.timedelta(days=20),
        duration_minutes=Listing.Duration.TWO_HOURS,
        places=3,
    )

    listing.refresh_from_db()
    assert listing.kind == Listing.Kind.OFFER
    assert listing.title == "Initiation à la tablette"
    assert listing.description == "Pour envoyer des photos à la famille."
    assert listing.category == seed("digital")
    assert sorted(listing.tags.names()) == ["photos", "tablette"]
    assert listing.neighbourhood == neighbourhood
    assert listing.author == resident
    assert listing.place == Listing.Place.HOME
    assert listing.availability == "Le mardi après-midi"
    assert listing.starts_on == SOON
    assert listing.ends_on == SOON + datetime.timedelta(days=20)
    assert listing.duration_minutes == 120
    assert listing.places == 3
    assert listing.status == Listing.Status.OPEN
    assert listing.hidden is False
    assert listing.helped_by is None


def test_a_listing_stays_open_sixty_days_by_default(neighbourhood, resident, publish):
    assert neighbourhood.listing_lifetime_days == 60

    listing = publish(resident)

    assert close_to(listing.expires_at, timezone.now() + datetime.timedelta(days=60))


def test_a_listing_stays_open_as_long_as_its_neighbourhood_says(
    neighbourhood, resident, publish
):
    neighbourhood.listing_lifetime_days = 21
    neighbourhood.save(update_fields=["listing_lifetime_days"])

    listing = publish(resident)

    assert close_to(listing.expires_at, timezone.now() + datetime.timedelta(days=21))


def test_a_listing_may_use_a_category_of_its_own_neighbourhood(
    neighbourhood, resident, publish
):
    repair_cafe = Category.objects.create(
        neighbourhood=neighbourhood, name="Repair café", icon="diy"
    )

    listing = publish(resident, category=repair_cafe)

    assert listing.category == repair_cafe


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"title": "T" * 120}, id="title of 120 characters"),
        pytest.param({"description": "D" * 2000}, id="description of 2000"),
        # Details are optional: a title is enough for people who write little.
        pytest.param({"description": ""}, id="no description"),
        pytest.param({"tags": [f"mot{n}" for n in range(15)]}, id="15 tags"),
        pytest.param({"tags": []}, id="no tags"),
        pytest.param({"places": 1}, id="1 place"),
        pytest.param({"places": 50}, id="50 places"),
        pytest.param({"starts_on": SOON, "ends_on": SOON}, id="one day"),
        pytest.param({"starts_on": SOON}, id="a start only"),
    ],
)
def test_a_listing_at_the_limits_is_accepted(changes, resident, publish):
    listing = publish(resident, **changes)

    assert Listing.objects.filter(pk=listing.pk).exists()


BAD_LISTINGS = [
    pytest.param({"title": ""}, "title", id="empty title"),
    pytest.param({"title": "    "}, "title", id="blank title"),
    pytest.param({"title": "T" * 121}, "title", id="title too long"),
    pytest.param(
        {"description": "D" * 2001},
        "description",
        id="description too long",
    ),
    pytest.param(
        {"tags": [f"mot{n}" for n in range(16)]}, "tags", id="more than 15 tags"
    ),
    pytest.param({"tags": ["x" * 41]}, "tags", id="tag too long"),
    pytest.param({"places": 0}, "places", id="no place"),
    pytest.param({"places": 51}, "places", id="51 places"),
    pytest.param(
        {"starts_on": SOON, "ends_on": SOON - datetime.timedelta(days=1)},
        "ends_on",
        id="end date before start date",
    ),
    pytest.param({"kind": "gift"}, "kind", id="unknown kind"),
    pytest.param({"place": "moon"}, "place", id="unknown place"),
    pytest.param({"category": "elsewhere"}, "category", id="category elsewhere"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_LISTINGS)
def test_a_bad_listing_is_refused_on_its_field_and_nothing_is_written(
    changes, field, resident, publish, elsewhere, snapshot
):
    if changes.get("category") == "elsewhere":
        changes = {
            "category": Category.objects.create(
                neighbourhood=elsewhere, name="Jardin partagé", icon="gardening"
            )
        }

    error = refused(snapshot, lambda: publish(resident, **changes))

    assert field in error.error_dict


def test_a_category_of_another_neighbourhood_is_refused_to_its_own_members_too(
    neighbourhood, elsewhere, make_person, publish, snapshot
):
    """Even a member of both places cannot post here in a category of there."""
    both = make_person("resident")
    make_person("resident", place=elsewhere)
    ours_elsewhere = Category.objects.create(
        neighbourhood=elsewhere, name="Jardin partagé", icon="gardening"
    )

    error = refused(snapshot, lambda: publish(both, category=ours_elsewhere))

    assert list(error.error_dict) == ["category"]


# Who may publish and answer.


@pytest.mark.parametrize("situation", [p for p in PERSONS if p not in WRITERS])
def test_publishing_is_refused_and_nothing_is_written_for(
    situation, make_person, publish, snapshot
):
    author = make_person(situation)

    refused(snapshot, lambda: publish(author), error=NotAllowed)


def test_publishing_is_refused_to_a_visitor(publish, snapshot):
    refused(snapshot, lambda: publish(AnonymousUser()), error=NotAllowed)


@pytest.mark.parametrize("situation", sorted(WRITERS))
def test_publishing_is_open_to(situation, make_person, publish):
    author = make_person(situation)

    listing = publish(author)

    assert listing.author == author
    assert listing.status == Listing.Status.OPEN


def test_a_member_who_accepts_the_new_charter_may_publish_again(
    neighbourhood, make_person, publish
):
    author = make_person("charter_not_accepted")
    with pytest.raises(NotAllowed):
        publish(author)

    neighbourhood_services.accept_charter(user=author, neighbourhood=neighbourhood)

    assert publish(author).author == author


@pytest.mark.parametrize("situation", [p for p in PERSONS if p not in WRITERS])
def test_answering_is_refused_and_nothing_is_written_for(
    situation, resident, make_person, publish, snapshot
):
    listing = publish(resident)
    person = make_person(situation)

    refused(
        snapshot,
        lambda: services.respond(user=person, listing=listing, message="Je peux !"),
        error=NotAllowed,
    )


@pytest.mark.parametrize("situation", sorted(WRITERS))
def test_answering_is_open_to(situation, resident, make_person, publish):
    listing = publish(resident)
    person = make_person(situation)

    response = services.respond(user=person, listing=listing, message="Je peux !")

    assert response.responder == person
    assert response.status == Response.Status.WAITING


@pytest.mark.parametrize("situation", [p for p in PERSONS if p not in MODERATORS])
def test_hiding_is_refused_and_nothing_is_written_for(
    situation, resident, make_person, publish, snapshot
):
    listing = publish(resident)
    person = make_person(situation)

    refused(
        snapshot,
        lambda: moderation_services.hide_listing(
            moderator=person, listing=listing, reason="Hors charte"
        ),
        error=NotAllowed,
    )


@pytest.mark.parametrize("situation", sorted(MODERATORS))
def test_moderators_of_the_neighbourhood_hide_and_show_again_any_listing(
    situation, resident, make_person, publish
):
    listing = publish(resident)
    person = make_person(situation)

    moderation_services.hide_listing(
        moderator=person, listing=listing, reason="Hors charte"
    )
    listing.refresh_from_db()
    assert listing.hidden is True

    moderation_services.hide_listing(
        moderator=person, listing=listing, hidden=False, reason="Corrigée"
    )
    listing.refresh_from_db()
    assert listing.hidden is False


def test_a_moderator_cannot_hide_a_listing_of_another_neighbourhood(
    elsewhere, make_person, snapshot
):
    listing = ListingFactory(neighbourhood=elsewhere)
    moderator_here = make_person("moderator")

    refused(
        snapshot,
        lambda: moderation_services.hide_listing(
            moderator=moderator_here, listing=listing, reason="Hors charte"
        ),
        error=NotAllowed,
    )


# Editing, cancelling, renewing: the author only.


def test_the_author_edits_an_open_listing(neighbourhood, resident, publish):
    listing = publish(resident)

    services.update_listing(
        user=resident,
        listing=listing,
        title="  Aide pour WhatsApp et les photos ",
        description="Le jeudi, c'est mieux.",
        category=seed("mentoring"),
        tags=["whatsapp", "photos"],
        places=2,
    )

    listing.refresh_from_db()
    assert listing.title == "Aide pour WhatsApp et les photos"
    assert listing.description == "Le jeudi, c'est mieux."
    assert listing.category == seed("mentoring")
    assert sorted(listing.tags.names()) == ["photos", "whatsapp"]
    assert listing.places == 2


def test_editing_the_title_alone_keeps_the_keywords(resident, publish):
    listing = publish(resident, tags=["smartphone", "whatsapp"])

    services.update_listing(user=resident, listing=listing, title="Aide WhatsApp")

    listing.refresh_from_db()
    assert listing.title == "Aide WhatsApp"
    assert sorted(listing.tags.names()) == ["smartphone", "whatsapp"]


def tag_ids_of(listing: Listing) -> list[int]:
    """The ids of the listing's tags, from its join rows."""
    return sorted(listing.tagged_items.values_list("tag_id", flat=True))


def test_the_tag_ids_on_a_listing_follow_its_keywords(resident, publish):
    listing = publish(resident, tags=["smartphone", "whatsapp"])
    listing.refresh_from_db()
    assert len(listing.tag_ids) == 2
    assert listing.tag_ids == tag_ids_of(listing)

    services.update_listing(user=resident, listing=listing, tags=["photos"])
    listing.refresh_from_db()
    assert listing.tag_ids == tag_ids_of(listing) == [Tag.objects.get(name="photos").pk]

    services.update_listing(user=resident, listing=listing, title="Photos")
    listing.refresh_from_db()
    assert listing.tag_ids == tag_ids_of(listing)

    services.update_listing(user=resident, listing=listing, tags=[])
    listing.refresh_from_db()
    assert listing.tag_ids == [] == tag_ids_of(listing)


@pytest.mark.parametrize(("changes", "field"), BAD_LISTINGS)
def test_a_bad_edit_is_refused_on_its_field_and_nothing_is_written(
    changes, field, resident, publish, elsewhere, snapshot
):
    if changes.get("category") == "elsewhere":
        changes = {
            "category": Category.objects.create(
                neighbourhood=elsewhere, name="Jardin partagé", icon="gardening"
            )
        }
    listing = publish(resident)
    changes = {"tags": ["smartphone"], **changes}

    error = refused(
        snapshot,
        lambda: services.update_listing(user=resident, listing=listing, **changes),
    )

    assert field in error.error_dict


@pytest.mark.parametrize("situation", ["resident", "moderator", "coordinator"])
def test_only_the_author_edits_cancels_or_renews_a_listing(
    situation, resident, make_person, publish, snapshot
):
    listing = publish(resident)
    other = make_person(situation)

    for call in (
        lambda: services.update_listing(user=other, listing=listing, title="À moi"),
        lambda: services.cancel_listing(user=other, listing=listing),
        lambda: services.renew_listing(user=other, listing=listing),
    ):
        refused(snapshot, call, error=NotAllowed)


@pytest.mark.parametrize("status", ["agreed", "done", "cancelled", "expired"])
def test_a_listing_that_is_not_open_cannot_be_edited(
    status, resident, publish, snapshot
):
    listing = publish(resident)
    Listing.objects.filter(pk=listing.pk).update(status=status)

    error = refused(
        snapshot,
        lambda: services.update_listing(user=resident, listing=listing, title="Hop"),
    )

    assert error.code == "not_open"


@pytest.mark.parametrize("status", ["open", "agreed"])
def test_the_author_cancels_a_listing_that_is_open_or_agreed(status, resident, publish):
    listing = publish(resident)
    Listing.objects.filter(pk=listing.pk).update(status=status)

    services.cancel_listing(user=resident, listing=listing)

    listing.refresh_from_db()
    assert listing.status == Listing.Status.CANCELLED


@pytest.mark.parametrize("status", ["done", "cancelled", "expired"])
def test_a_closed_listing_cannot_be_cancelled(status, resident, publish, snapshot):
    listing = publish(resident)
    Listing.objects.filter(pk=listing.pk).update(status=status)

    error = refused(
        snapshot, lambda: services.cancel_listing(user=resident, listing=listing)
    )

    assert error.code == "closed"


@pytest.mark.parametrize("status", ["open", "expired"])
def test_renewing_keeps_a_listing_open_for_another_period(status, resident, publish):
    listing = publish(resident)
    Listing.objects.filter(pk=listing.pk).update(
        status=status,
        expires_at=timezone.now() + datetime.timedelta(days=3),
        reminded_at=timezone.now(),
    )

    services.renew_listing(user=resident, listing=listing)

    listing.refresh_from_db()
    assert listing.status == Listing.Status.OPEN
    assert close_to(listing.expires_at, timezone.now() + datetime.timedelta(days=60))
    assert listing.reminded_at is None


@pytest.mark.parametrize("status", ["agreed", "done", "cancelled"])
def test_a_listing_agreed_done_or_cancelled_cannot_be_renewed(
    status, resident, publish, snapshot
):
    listing = publish(resident)
    Listing.objects.filter(pk=listing.pk).update(status=status)

    error = refused(
        snapshot, lambda: services.renew_listing(user=resident, listing=listing)
    )

    assert error.code == "closed"


# Answering.


def test_answering_notifies_the_author_once_it_is_committed(
    resident, make_person, publish, django_capture_on_commit_callbacks
):
    listing = publish(resident)
    helper = make_person("volunteer")

    with django_capture_on_commit_callbacks() as callbacks:
        response = services.respond(
            user=helper, listing=listing, message="  Je passe mardi à 14 h.  "
        )
        assert not Notification.objects.filter(user=resident).exists()
    for callback in callbacks:
        callback()

    response.refresh_from_db()
    assert response.message == "Je passe mardi à 14 h."
    assert response.status == Response.Status.WAITING
    assert response.helped_by is None
    note = Notification.objects.get(user=resident)
    assert note.kind == Notification.Kind.RESPONSE
    assert note.url == listing.get_absolute_url()
    assert helper.display_name in note.text


def test_an_author_who_turned_answers_off_is_not_notified(
    resident, make_person, publish, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=resident, kind=Notification.Kind.RESPONSE, channel="none"
    )
    listing = publish(resident)

    with django_capture_on_commit_callbacks(execute=True):
        services.respond(user=make_person(), listing=listing, message="Moi !")

    assert not Notification.objects.filter(user=resident).exists()


def test_answering_ones_own_listing_is_refused(resident, publish, snapshot):
    listing = publish(resident)

    error = refused(
        snapshot,
        lambda: services.respond(user=resident, listing=listing, message="Moi"),
    )

    assert error.code == "own_listing"


@pytest.mark.parametrize("status", ["agreed", "done", "cancelled", "expired"])
def test_answering_a_closed_listing_is_refused(
    status, resident, make_person, publish, snapshot
):
    listing = publish(resident)
    Listing.objects.filter(pk=listing.pk).update(status=status)
    helper = make_person()

    error = refused(
        snapshot,
        lambda: services.respond(user=helper, listing=listing, message="Moi"),
    )

    assert error.code == "closed"


def test_answering_a_hidden_listing_is_refused(
    resident, moderator, make_person, publish, snapshot
):
    listing = publish(resident)
    moderation_services.hide_listing(
        moderator=moderator, listing=listing, reason="Hors charte"
    )
    helper = make_person()

    error = refused(
        snapshot,
        lambda: services.respond(user=helper, listing=listing, message="Moi"),
    )

    assert error.code == "closed"


def test_answering_twice_is_refused(resident, make_person, publish, snapshot):
    listing = publish(resident)
    helper = make_person()
    services.respond(user=helper, listing=listing, message="Moi")

    error = refused(
        snapshot,
        lambda: services.respond(user=helper, listing=listing, message="Encore moi"),
    )

    assert error.code == "already_answered"


@pytest.mark.parametrize(
    ("message", "codes"),
    [
        pytest.param("", {"message": ["required"]}, id="empty"),
        pytest.param("   \n ", {"message": ["required"]}, id="blank"),
        pytest.param("M" * 501, {"message": ["max_length"]}, id="too long"),
    ],
)
def test_answering_with_a_bad_message_is_refused(
    message, codes, resident, make_person, publish, snapshot
):
    listing = publish(resident)
    helper = make_person()

    error = refused(
        snapshot,
        lambda: services.respond(user=helper, listing=listing, message=message),
    )

    assert field_codes(error) == codes


# Accepting: open -> agreed.


def test_accepting_the_only_place_agrees_the_listing_and_tells_the_responder(
    resident, make_person, publish, django_capture_on_commit_callbacks
):
    listing = publish(resident)
    helper = make_person()
    response = services.respond(user=helper, listing=listing, message="Moi")

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_response(user=resident, response=response)

    response.refresh_from_db()
    listing.refresh_from_db()
    assert response.status == Response.Status.ACCEPTED
    assert listing.status == Listing.Status.AGREED
    note = Notification.objects.get(user=helper)
    assert note.kind == Notification.Kind.EXCHANGE
    assert note.url == listing.get_absolute_url()


def test_an_agreed_listing_takes_no_more_answers(
    resident, make_person, publish, agree, snapshot
):
    listing = publish(resident)
    agree(listing, make_person())
    latecomer = make_person()

    error = refused(
        snapshot,
        lambda: services.respond(user=latecomer, listing=listing, message="Moi"),
    )

    assert error.code == "closed"


def test_a_listing_with_several_places_stays_open_until_every_place_is_taken(
    resident, make_person, publish, agree
):
    listing = publish(resident, kind=Listing.Kind.OFFER, places=3)

    for _place in range(2):
        agree(listing, make_person())
        listing.refresh_from_db()
        assert listing.status == Listing.Status.OPEN

    agree(listing, make_person())
    listing.refresh_from_db()
    assert listing.status == Listing.Status.AGREED
    assert listing.responses.filter(status=Response.Status.ACCEPTED).count() == 3


@pytest.mark.parametrize("situation", ["resident", "moderator", "coordinator"])
def test_accepting_an_answer_to_someone_elses_listing_is_refused(
    situation, resident, make_person, publish, snapshot
):
    listing = publish(resident)
    helper = make_person()
    response = services.respond(user=helper, listing=listing, message="Moi")
    other = make_person(situation)

    for person in (other, helper):
        refused(
            snapshot,
            lambda person=person: services.accept_response(
                user=person, response=response
            ),
            error=NotAllowed,
        )


@pytest.mark.parametrize(
    ("places", "code"), [(1, "not_open"), (2, "not_waiting")], ids=["1", "2"]
)
def test_accepting_the_same_answer_twice_is_refused(
    places, code, resident, make_person, publish, agree, snapshot
):
    listing = publish(resident, places=places)
    response = agree(listing, make_person())

    error = refused(
        snapshot,
        lambda: services.accept_response(user=resident, response=response),
    )

    assert error.code == code


# Confirming: agreed -> done.


def test_both_sides_confirm_and_the_listing_is_done_with_its_estimated_time(
    resident, make_person, publish, agree
):
    listing = publish(resident, duration_minutes=Listing.Duration.HALF_HOUR)
    helper = make_person()
    response = agree(listing, helper)

    services.confirm_done(user=resident, response=response)
    response.refresh_from_db()
    listing.refresh_from_db()
    assert response.author_confirmed_at is not None
    assert response.responder_confirmed_at is None
    assert response.minutes_spent is None
    assert listing.status == Listing.Status.AGREED

    services.confirm_done(user=helper, response=response)
    response.refresh_from_db()
    listing.refresh_from_db()
    assert response.is_done
    assert response.minutes_spent == 30
    assert listing.status == Listing.Status.DONE


def test_the_time_given_by_one_side_replaces_the_estimate(
    resident, make_person, publish, agree
):
    listing = publish(resident)
    helper = make_person()
    response = agree(listing, helper)

    services.confirm_done(user=helper, response=response, minutes=90)
    services.confirm_done(user=resident, response=response)

    response.refresh_from_db()
    assert response.minutes_spent == 90


def test_a_listing_with_several_places_is_done_when_every_exchange_is(
    resident, make_person, publish, agree
):
    listing = publish(resident, kind=Listing.Kind.OFFER, places=2)
    first, second = make_person(), make_person()
    first_response = agree(listing, first)
    second_response = agree(listing, second)

    for person in (resident, first):
        services.confirm_done(user=person, response=first_response)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.AGREED

    for person in (resident, second):
        services.confirm_done(user=person, response=second_response)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DONE


def test_a_listing_with_places_left_stays_open_after_one_exchange_is_done(
    resident, make_person, publish, agree
):
    listing = publish(resident, kind=Listing.Kind.OFFER, places=3)
    helper = make_person()
    response = agree(listing, helper)

    services.confirm_done(user=resident, response=response)
    services.confirm_done(user=helper, response=response)

    listing.refresh_from_db()
    assert listing.status == Listing.Status.OPEN


def test_confirming_twice_is_refused(resident, make_person, publish, agree, snapshot):
    listing = publish(resident)
    helper = make_person()
    response = agree(listing, helper)
    services.confirm_done(user=helper, response=response)

    error = refused(
        snapshot, lambda: services.confirm_done(user=helper, response=response)
    )

    assert error.code == "already_confirmed"


@pytest.mark.parametrize("situation", ["resident", "moderator", "coordinator"])
def test_a_third_person_cannot_confirm(
    situation, resident, make_person, publish, agree, snapshot
):
    listing = publish(resident)
    response = agree(listing, make_person())
    third = make_person(situation)

    refused(
        snapshot,
        lambda: services.confirm_done(user=third, response=response),
        error=NotAllowed,
    )


def test_an_answer_not_accepted_cannot_be_confirmed(
    resident, make_person, publish, snapshot
):
    listing = publish(resident)
    helper = make_person()
    response = services.respond(user=helper, listing=listing, message="Moi")

    error = refused(
        snapshot, lambda: services.confirm_done(user=helper, response=response)
    )

    assert error.code == "not_accepted"


@pytest.mark.parametrize("minutes", [0, 4, 24 * 60 + 1])
def test_a_time_spent_out_of_range_is_refused(
    minutes, resident, make_person, publish, agree, snapshot
):
    listing = publish(resident)
    helper = make_person()
    response = agree(listing, helper)

    error = refused(
        snapshot,
        lambda: services.confirm_done(user=helper, response=response, minutes=minutes),
    )

    assert field_codes(error) == {"minutes": ["minutes_range"]}


# Thanks.


def test_each_side_thanks_the_other_once_the_exchange_is_done(
    resident, make_person, publish, done
):
    listing = publish(resident)
    helper = make_person()
    response = done(listing, helper)

    from_author = services.thank(
        user=resident, response=response, text="  Merci, c'était parfait !  "
    )
    from_helper = services.thank(user=helper, response=response, text="Avec plaisir")

    assert (from_author.from_user, from_author.to_user) == (resident, helper)
    assert from_author.text == "Merci, c'était parfait !"
    assert (from_helper.from_user, from_helper.to_user) == (helper, resident)
    assert Thanks.objects.filter(response=response).count() == 2


def test_thanking_before_both_confirmed_is_refused(
    resident, make_person, publish, agree, snapshot
):
    listing = publish(resident)
    helper = make_person()
    response = agree(listing, helper)
    services.confirm_done(user=resident, response=response)

    for person in (resident, helper):
        error = refused(
            snapshot,
            lambda person=person: services.thank(
                user=person, response=response, text="Merci"
            ),
        )
        assert error.code == "not_done"


def test_thanking_twice_is_refused(resident, make_person, publish, done, snapshot):
    listing = publish(resident)
    response = done(listing, make_person())
    services.thank(user=resident, response=response, text="Merci")

    error = refused(
        snapshot,
        lambda: services.thank(user=resident, response=response, text="Merci encore"),
    )

    assert error.code == "already_thanked"


@pytest.mark.parametrize("situation", ["resident", "moderator", "coordinator"])
def test_a_third_person_cannot_thank(
    situation, resident, make_person, publish, done, snapshot
):
    listing = publish(resident)
    response = done(listing, make_person())
    third = make_person(situation)

    refused(
        snapshot,
        lambda: services.thank(user=third, response=response, text="Bravo"),
        error=NotAllowed,
    )


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        pytest.param("  ", {"text": ["required"]}, id="blank"),
        pytest.param("T" * 301, {"text": ["max_length"]}, id="too long"),
    ],
)
def test_a_bad_thank_you_is_refused(
    text, codes, resident, make_person, publish, done, snapshot
):
    listing = publish(resident)
    response = done(listing, make_person())

    error = refused(
        snapshot, lambda: services.thank(user=resident, response=response, text=text)
    )

    assert field_codes(error) == codes


# A moderator acting for a resident who consented.


@pytest.fixture
def acts(resident, publish, agree):
    """Each act a moderator may do for `who`, prepared: a function that does it
    with `helped_by` and returns the object it wrote."""

    def prepare(act: str, who):
        if act == "create_listing":
            return lambda helper: publish(who, helped_by=helper)
        if act == "respond":
            listing = publish(resident)
            return lambda helper: services.respond(
                user=who, listing=listing, message="Je peux", helped_by=helper
            )
        listing = publish(who)
        response = services.respond(user=resident, listing=listing, message="Moi")
        if act == "accept_response":
            return lambda helper: services.accept_response(
                user=who, response=response, helped_by=helper
            )
        response = services.accept_response(user=who, response=response)
        assert act == "confirm_done"
        return lambda helper: services.confirm_done(
            user=who, response=response, helped_by=helper
        )

    return prepare


ACTS = ["create_listing", "respond", "accept_response", "confirm_done"]


@pytest.mark.parametrize("helper", sorted(MODERATORS))
@pytest.mark.parametrize("act", ACTS)
def test_a_moderator_acts_for_a_consenting_resident_and_it_is_in_their_history(
    act, helper, acts, consenting, make_person
):
    do = acts(act, consenting)
    moderator = make_person(helper)

    written = do(moderator)

    written.refresh_from_db()
    if act in ("create_listing", "respond"):
        assert written.helped_by == moderator
    history = neighbourhood_selectors.help_history_of(user=consenting)
    entry = history.first()
    assert entry.action == JournalEntry.Action.ACTED_FOR
    assert entry.actor == moderator
    assert entry.subject == consenting


def test_a_listing_posted_for_a_resident_names_it_in_their_history(
    consenting, moderator, publish
):
    publish(consenting, title="Remplir le dossier CAF", helped_by=moderator)

    entry = neighbourhood_selectors.help_history_of(user=consenting).first()
    assert "Remplir le dossier CAF" in entry.details


@pytest.mark.parametrize("act", ACTS)
def test_acting_for_a_resident_without_consent_is_refused(
    act, acts, make_person, moderator, snapshot
):
    who = make_person("resident")
    do = acts(act, who)

    refused(snapshot, lambda: do(moderator), error=NotAllowed)


@pytest.mark.parametrize("act", ACTS)
def test_acting_for_a_resident_who_withdrew_consent_is_refused(
    act, acts, consenting, moderator, neighbourhood, snapshot
):
    neighbourhood_services.withdraw_consent(
        resident=consenting, neighbourhood=neighbourhood
    )
    do = acts(act, consenting)

    refused(snapshot, lambda: do(moderator), error=NotAllowed)


@pytest.mark.parametrize("helper", ["resident", "volunteer", "moderator_elsewhere"])
@pytest.mark.parametrize("act", ACTS)
def test_only_a_moderator_of_the_neighbourhood_acts_for_a_resident(
    act, helper, acts, consenting, make_person, snapshot
):
    do = acts(act, consenting)
    not_a_moderator_here = make_person(helper)

    refused(snapshot, lambda: do(not_a_moderator_here), error=NotAllowed)


# Telling the members a new listing fits.


@pytest.fixture
def volunteers(make_person):
    """Five members who can help with a smartphone."""
    return [make_person("volunteer", skills=["smartphone"]) for _n in range(5)]


def matches_of(user):
    return Notification.objects.filter(user=user, kind=Notification.Kind.MATCH)


def test_a_new_listing_is_told_to_three_members_at_most(volunteers, resident, publish):
    listing = publish(resident, tags=["smartphone"])

    told = services.notify_matches(listing=listing)

    assert told == 3
    notes = Notification.objects.filter(kind=Notification.Kind.MATCH)
    assert notes.count() == 3
    assert {note.user for note in notes} <= set(volunteers)
    assert {note.url for note in notes} == {listing.get_absolute_url()}


def test_the_notice_says_why_the_listing_fits_with_the_words_of_both_sides(
    make_person, resident, publish
):
    helper = make_person("volunteer", skills=["smartphone"])
    listing = publish(
        resident,
        title="Apprendre à faire des appels vidéo avec mes petits-enfants",
        tags=[],
    )

    services.notify_matches(listing=listing)

    (note,) = matches_of(helper)
    assert listing.title in note.text
    assert "«\u00a0smartphone\u00a0»" in note.text  # in French, her language
    assert "«\u00a0appels vidéo\u00a0»" in note.text


def test_nobody_is_told_twice_about_the_same_listing(volunteers, resident, publish):
    listing = publish(resident, tags=["smartphone"])

    services.notify_matches(listing=listing)
    told_again = services.notify_matches(listing=listing)

    assert told_again == 0
    for volunteer in volunteers:
        assert matches_of(volunteer).count() <= 1
    assert Notification.objects.filter(kind=Notification.Kind.MATCH).count() == 3


def test_a_new_listing_is_told_after_commit_when_it_is_published(
    volunteers, resident, publish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(resident, tags=["smartphone"])

    assert Notification.objects.filter(kind=Notification.Kind.MATCH).count() == 3


@pytest.fixture
def watching(coordinator, neighbourhood):
    """The neighbourhood watches the word "virement"."""
    moderation_services.set_watch_list(
        coordinator=coordinator, neighbourhood=neighbourhood, words="virement"
    )


def test_a_listing_with_a_watched_word_is_held_and_told_once_let_through(
    watching,
    volunteers,
    resident,
    moderator,
    publish,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        listing = publish(
            resident, tags=["smartphone"], description="Paiement par virement"
        )

    listing.refresh_from_db()
    assert (listing.held, listing.hidden) == (True, True)
    assert not Notification.objects.filter(kind=Notification.Kind.MATCH).exists()

    case = Case.objects.get(listing=listing, held=True, status=Case.Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.decide(
            moderator=moderator, case=case, action="release", reason="Vérifié"
        )

    assert Notification.objects.filter(kind=Notification.Kind.MATCH).count() == 3


def test_an_edit_that_brings_a_watched_word_holds_the_listing(
    watching, resident, publish
):
    listing = publish(resident)
    assert (listing.held, listing.hidden) == (False, False)

    services.update_listing(
        user=resident, listing=listing, title="Virement à faire en ligne"
    )

    listing.refresh_from_db()
    assert (listing.held, listing.hidden) == (True, True)
    assert Case.objects.filter(listing=listing, held=True).count() == 1


def test_a_listing_hidden_by_a_decision_is_not_held_again_when_edited(
    watching, resident, moderator, publish
):
    listing = publish(resident)
    moderation_services.hide_listing(
        moderator=moderator, listing=listing, reason="Hors charte"
    )

    services.update_listing(
        user=resident, listing=listing, title="Virement à faire en ligne"
    )

    listing.refresh_from_db()
    assert (listing.held, listing.hidden) == (False, True)
    assert not Case.objects.filter(listing=listing, held=True).exists()


def test_members_who_turned_matches_off_are_not_told(make_person, resident, publish):
    quiet = make_person("volunteer", skills=["smartphone"])
    NotificationPreference.objects.create(
        user=quiet, kind=Notification.Kind.MATCH, channel="none"
    )
    eager = make_person("volunteer", skills=["smartphone"])
    listing = publish(resident, tags=["smartphone"])

    told = services.notify_matches(listing=listing)

    assert told == 1
    assert not matches_of(quiet).exists()
    assert matches_of(eager).count() == 1


@pytest.mark.parametrize(
    "situation", ["outsider", "pending", "banned", "left", "moderator_elsewhere"]
)
def test_only_members_and_never_the_author_are_told(situation, make_person, publish):
    author = make_person("resident", skills=["smartphone"])
    outsider = make_person(situation, skills=["smartphone"])
    listing = publish(author, tags=["smartphone"])

    assert services.notify_matches(listing=listing) == 0
    assert not matches_of(author).exists()
    assert not matches_of(outsider).exists()


# Expiry and the reminder a week before.


def expiring(neighbourhood, *, days, status=Listing.Status.OPEN, **values):
    return ListingFactory(
        neighbourhood=neighbourhood,
        status=status,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        **values,
    )


def test_listings_past_their_date_expire_and_authors_are_reminded_a_week_before(
    neighbourhood,
):
    past = expiring(neighbourhood, days=-1)
    in_three_days = expiring(neighbourhood, days=3)
    in_a_month = expiring(neighbourhood, days=30)
    agreed_past = expiring(neighbourhood, days=-1, status=Listing.Status.AGREED)

    result = services.expire_listings()

    assert result == {"expired": 1, "reminded": 1}
    for listing in (past, in_three_days, in_a_month, agreed_past):
        listing.refresh_from_db()
    assert past.status == Listing.Status.EXPIRED
    assert in_three_days.status == Listing.Status.OPEN
    assert in_three_days.reminded_at is not None
    assert in_a_month.reminded_at is None
    assert agreed_past.status == Listing.Status.AGREED
    reminder = Notification.objects.get()
    assert reminder.user == in_three_days.author
    assert reminder.kind == Notification.Kind.LISTING
    assert reminder.url == in_three_days.get_absolute_url()


def test_the_reminder_is_sent_once(neighbourhood):
    listing = expiring(neighbourhood, days=6)

    services.expire_listings()
    again = services.expire_listings()

    assert again == {"expired": 0, "reminded": 0}
    assert Notification.objects.filter(user=listing.author).count() == 1


def test_the_reminder_comes_seven_days_before_and_not_earlier(neighbourhood):
    within = expiring(neighbourhood, days=6.9)
    not_yet = expiring(neighbourhood, days=7.1)

    services.expire_listings()

    assert Notification.objects.filter(user=within.author).count() == 1
    assert not Notification.objects.filter(user=not_yet.author).exists()


def test_a_renewed_listing_is_reminded_again_before_its_new_date(neighbourhood):
    listing = expiring(neighbourhood, days=3)
    services.expire_listings()
    services.renew_listing(user=listing.author, listing=listing)

    later = timezone.now() + datetime.timedelta(days=55)
    result = services.expire_listings(now=later)

    assert result == {"expired": 0, "reminded": 1}
    assert Notification.objects.filter(user=listing.author).count() == 2


def test_an_expired_listing_renewed_in_one_click_is_open_again(neighbourhood):
    listing = expiring(neighbourhood, days=-2)
    services.expire_listings()

    services.renew_listing(user=listing.author, listing=listing)

    listing.refresh_from_db()
    assert listing.status == Listing.Status.OPEN
    assert listing.expires_at > timezone.now() + datetime.timedelta(days=59)


# Categories of a neighbourhood's own.


def create_category(coordinator, neighbourhood, **changes):
    values = {
        "coordinator": coordinator,
        "neighbourhood": neighbourhood,
        "name": "Repair café",
        "icon": "diy",
        "world": Category.World.SERVICES,
        "description": "On répare ensemble, le samedi.",
    }
    values.update(changes)
    return services.create_category(**values)


def test_a_coordinator_adds_a_category_that_listings_of_the_neighbourhood_use(
    neighbourhood, coordinator, resident, publish
):
    category = create_category(coordinator, neighbourhood, name="  Repair café  ")

    assert category.neighbourhood == neighbourhood
    assert category.name == "Repair café"
    assert str(category) == "Repair café"
    assert publish(resident, category=category).category == category


@pytest.mark.parametrize("situation", [p for p in PERSONS if p != "coordinator"])
def test_adding_a_category_is_refused_and_nothing_is_written_for(
    situation, neighbourhood, make_person, snapshot
):
    person = make_person(situation)

    refused(
        snapshot,
        lambda: create_category(person, neighbourhood),
        error=NotAllowed,
    )


def test_a_coordinator_elsewhere_cannot_add_a_category_here(
    neighbourhood, elsewhere, make_person, snapshot
):
    coordinator_there = make_person("coordinator", place=elsewhere)

    refused(
        snapshot,
        lambda: create_category(coordinator_there, neighbourhood),
        error=NotAllowed,
    )


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        pytest.param({"name": "  "}, {"name": ["required"]}, id="no name"),
        pytest.param({"name": "REPAIR café"}, {"name": ["duplicate"]}, id="taken"),
        pytest.param({"name": "Cooking"}, {"name": ["duplicate"]}, id="seed name"),
        pytest.param({"name": "N" * 61}, {"name": ["max_length"]}, id="too long"),
        pytest.param(
            {"name": "Fusées", "icon": "rocket"},
            {"icon": ["invalid_choice"]},
            id="icon",
        ),
        pytest.param(
            {"name": "Lune", "world": "moon"}, {"world": ["invalid_choice"]}, id="world"
        ),
    ],
)
def test_a_bad_category_is_refused_on_its_field(
    changes, codes, neighbourhood, coordinator, snapshot
):
    create_category(coordinator, neighbourhood)

    error = refused(
        snapshot, lambda: create_category(coordinator, neighbourhood, **changes)
    )

    assert field_codes(error) == codes


def test_two_neighbourhoods_may_have_a_category_of_the_same_name(
    neighbourhood, elsewhere, coordinator, make_person
):
    create_category(coordinator, neighbourhood)
    coordinator_there = make_person("coordinator", place=elsewhere)

    there = create_category(coordinator_there, elsewhere)

    assert there.neighbourhood == elsewhere
