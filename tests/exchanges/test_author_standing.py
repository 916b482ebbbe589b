"""Authors and the people who answered act on their listings and exchanges only
while in good standing in the neighbourhood: over the whole persons matrix, for
every action. A suspended or banned author's listing takes no new answers
(until the sanction is lifted); a departed author's listings close."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from exchanges import selectors, services
from exchanges.models import Listing, Response
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Membership
from neighbourhoods.permissions import NotAllowed
from tests.factories import MembershipFactory
from tests.world import PERSONS, WRITERS

pytestmark = pytest.mark.django_db

# Active members, the charter accepted or not: they act on what is theirs.
IN_STANDING = WRITERS | {"charter_not_accepted"}
PEOPLE = [person for person in PERSONS if person != "visitor"]


def _given_to(person, listing):
    """The listing made earlier by someone now in `person`'s situation."""
    Listing.objects.filter(pk=listing.pk).update(author=person)
    return Listing.objects.get(pk=listing.pk)


@pytest.fixture
def helper(neighbourhood):
    return MembershipFactory(neighbourhood=neighbourhood).user


@pytest.fixture
def author_listing(neighbourhood, publish):
    """A listing published by an active member, answered by a helper."""
    return publish(MembershipFactory(neighbourhood=neighbourhood).user)


def _act(action, person, listing, helper, agree):
    if action == "edit":
        return services.update_listing(user=person, listing=listing, title="Changé")
    if action == "renew":
        return services.renew_listing(user=person, listing=listing)
    if action == "close":
        return services.cancel_listing(user=person, listing=listing)
    response = services.respond(user=helper, listing=listing, message="Je peux")
    listing = _given_to(person, listing)
    if action == "accept":
        return services.accept_response(user=person, response=response)
    if action == "decline":
        return services.decline_response(user=person, response=response)
    raise AssertionError(action)


@pytest.mark.parametrize("action", ["edit", "renew", "close", "accept", "decline"])
@pytest.mark.parametrize("person", PEOPLE)
def test_an_author_acts_on_their_listing_only_in_good_standing(
    person, action, make_person, author_listing, helper, agree, refused
):
    someone = make_person(person)
    if action in ("edit", "renew", "close"):
        listing = _given_to(someone, author_listing)
    else:
        listing = author_listing
    allowed = person in (WRITERS if action in ("edit", "renew") else IN_STANDING)
    if allowed:
        _act(action, someone, listing, helper, agree)
        return
    if action in ("accept", "decline"):
        # The answer came while the author was in standing.
        response = services.respond(user=helper, listing=listing, message="Je peux")
        listing = _given_to(someone, listing)
        call = (
            services.accept_response
            if action == "accept"
            else services.decline_response
        )
        with refused(NotAllowed):
            call(user=someone, response=response)
        assert Response.objects.get(pk=response.pk).status == Response.Status.WAITING
        return
    with refused(NotAllowed):
        _act(action, someone, listing, helper, agree)


@pytest.mark.parametrize("act", ["done", "thanks", "withdraw"])
@pytest.mark.parametrize("person", PEOPLE)
def test_the_one_who_answered_acts_only_in_good_standing(
    person, act, make_person, neighbourhood, author_listing, agree, refused
):
    someone = make_person(person)
    if act == "withdraw":
        stand_in = MembershipFactory(neighbourhood=neighbourhood).user
        response = services.respond(
            user=stand_in, listing=author_listing, message="Je peux"
        )
    else:
        stand_in = MembershipFactory(neighbourhood=neighbourhood).user
        response = agree(author_listing, stand_in)
        if act == "thanks":
            services.confirm_done(user=stand_in, response=response)
            services.confirm_done(user=author_listing.author, response=response)
    Response.objects.filter(pk=response.pk).update(responder=someone)
    response = Response.objects.get(pk=response.pk)

    def run():
        if act == "done":
            return services.confirm_done(user=someone, response=response)
        if act == "thanks":
            return services.thank(user=someone, response=response, text="Merci !")
        return services.withdraw_response(user=someone, response=response)

    if person in IN_STANDING:
        run()
    else:
        with refused(NotAllowed):
            run()


@pytest.mark.parametrize("status", ["suspended", "banned"])
def test_a_sanctioned_author_s_listing_takes_no_answers_until_lifted(
    status, neighbourhood, publish, make_person, refused
):
    author = MembershipFactory(neighbourhood=neighbourhood).user
    listing = publish(author)
    moderator = make_person("coordinator")
    helper = make_person("resident")

    def sanction(new_status):
        neighbourhood_services.sanction_member(
            moderator=moderator,
            person=author,
            neighbourhood=neighbourhood,
            status=new_status,
            reason="Propos blessants",
            days=3,
        )

    sanction(status)
    with refused(ValidationError, code="author_away"):
        services.respond(user=helper, listing=listing, message="Je peux")
    shown = selectors.listing_for(user=helper, pk=listing.pk)
    assert shown.author_in_standing is False
    sanction(Membership.Status.ACTIVE)
    assert selectors.listing_for(user=helper, pk=listing.pk).author_in_standing
    services.respond(user=helper, listing=listing, message="Je peux")
    assert listing.responses.count() == 1


def test_a_departed_author_s_open_listings_close(neighbourhood, publish, sister):
    author = MembershipFactory(neighbourhood=neighbourhood).user
    MembershipFactory(user=author, neighbourhood=sister)
    here = publish(author)
    there = publish(author, neighbourhood=sister)
    neighbourhood_services.leave_neighbourhood(user=author, neighbourhood=neighbourhood)
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.status == Listing.Status.CANCELLED
    assert there.status == Listing.Status.OPEN  # another neighbourhood's


def test_a_banned_author_no_longer_reads_the_answers(
    client, neighbourhood, publish, make_person
):
    author = MembershipFactory(neighbourhood=neighbourhood).user
    listing = publish(author)
    helper = make_person("resident")
    services.respond(user=helper, listing=listing, message="Mon numéro est le 06…")
    assert selectors.responses_shown(user=author, listing=listing).count() == 1
    Membership.objects.filter(user=author).update(status=Membership.Status.BANNED)
    assert selectors.responses_shown(user=author, listing=listing).count() == 0
    client.force_login(author)
    page = client.get(reverse("listing_detail", args=[listing.pk]))
    assert page.status_code == 200
    assert "Mon numéro" not in page.content.decode()
    assert reverse("listing_cancel", args=[listing.pk]) not in page.content.decode()


def test_the_listing_page_says_it_takes_no_answers(
    client, neighbourhood, publish, make_person
):
    author = MembershipFactory(neighbourhood=neighbourhood).user
    listing = publish(author)
    Membership.objects.filter(user=author).update(status=Membership.Status.BANNED)
    client.force_login(make_person("resident"))
    page = client.get(reverse("listing_detail", args=[listing.pk])).content.decode()
    assert reverse("listing_respond", args=[listing.pk]) not in page
    assert "ne prend pas de réponses pour le moment" in page
