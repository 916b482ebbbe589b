"""Starting a conversation from a member's profile."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from community import services as community_services
from messaging.models import Conversation, Participant
from tests.factories import MembershipFactory, NeighbourhoodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so that the tests read the words people read."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def place():
    return NeighbourhoodFactory(name="Les Tilleuls")


@pytest.fixture
def elsewhere():
    return NeighbourhoodFactory(name="Le Moulin")


def member_of(neighbourhood, **values):
    return MembershipFactory(neighbourhood=neighbourhood, **values).user


def profile_url(user):
    return reverse("profile_detail", args=[user.profile.pk])


def start(client, other, neighbourhood):
    return client.post(
        reverse("conversation_start"),
        {"user": other.pk, "neighbourhood": neighbourhood.pk},
    )


# Part one: "Write to" on a profile


def test_a_neighbour_sees_a_write_button_that_posts_to_start_a_conversation(
    client, place
):
    viewer, other = member_of(place), member_of(place)
    client.force_login(viewer)
    html = client.get(profile_url(other)).content.decode()
    assert f"Write to {other.profile.pseudonym}</button>" in html
    assert f'action="{reverse("conversation_start")}"' in html
    assert f'name="neighbourhood" value="{place.pk}"' in html
    assert "csrfmiddlewaretoken" in html


def test_one_button_per_shared_neighbourhood_naming_it(client, place, elsewhere):
    viewer, other = member_of(place), member_of(place)
    MembershipFactory(user=viewer, neighbourhood=elsewhere)
    MembershipFactory(user=other, neighbourhood=elsewhere)
    client.force_login(viewer)
    html = client.get(profile_url(other)).content.decode()
    name = other.profile.pseudonym
    assert f"Write to {name} in Les Tilleuls" in html
    assert f"Write to {name} in Le Moulin" in html


def test_no_button_for_a_neighbourhood_the_viewer_does_not_share(
    client, place, elsewhere
):
    viewer, other = member_of(place), member_of(place)
    MembershipFactory(user=other, neighbourhood=elsewhere)
    client.force_login(viewer)
    html = client.get(profile_url(other)).content.decode()
    assert f'name="neighbourhood" value="{place.pk}"' in html
    assert f'name="neighbourhood" value="{elsewhere.pk}"' not in html


def test_no_write_button_on_ones_own_profile(client, place):
    viewer = member_of(place)
    client.force_login(viewer)
    html = client.get(profile_url(viewer)).content.decode()
    assert reverse("conversation_start") not in html


@pytest.mark.parametrize("who_blocks", ["viewer", "other"])
def test_no_write_button_between_blocked_people(client, place, who_blocks):
    viewer, other = member_of(place), member_of(place)
    if who_blocks == "viewer":
        community_services.block_member(user=viewer, other=other)
    else:
        community_services.block_member(user=other, other=viewer)
    client.force_login(viewer)
    html = client.get(profile_url(other)).content.decode()
    assert reverse("conversation_start") not in html


def test_no_write_button_to_someone_who_only_asked_to_join(client, place):
    """A moderator sees the profile of an applicant, but they share no
    neighbourhood yet."""
    moderator = member_of(place, role="moderator")
    applicant = member_of(place, status="pending", joined_via="approval")
    client.force_login(moderator)
    response = client.get(profile_url(applicant))
    assert response.status_code == 200
    assert reverse("conversation_start") not in response.content.decode()


def test_a_suspended_member_gets_no_write_button(client, place):
    viewer = member_of(
        place,
        status="suspended",
        suspended_until=timezone.now() + datetime.timedelta(days=7),
    )
    other = member_of(place)
    client.force_login(viewer)
    html = client.get(profile_url(other)).content.decode()
    assert reverse("conversation_start") not in html


def test_visitors_see_no_profile_and_no_button(client, place):
    other = member_of(place)
    response = client.get(profile_url(other))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_button_opens_the_conversation_then_finds_it_again(client, place):
    viewer, other = member_of(place), member_of(place)
    client.force_login(viewer)
    response = start(client, other, place)
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response.url == conversation.get_absolute_url()
    assert conversation.neighbourhood == place
    assert conversation.listing is None
    assert set(conversation.participants.values_list("user", flat=True)) == {
        viewer.pk,
        other.pk,
    }
    again = start(client, other, place)
    assert again.url == conversation.get_absolute_url()
    assert Conversation.objects.count() == 1


def test_writing_in_a_neighbourhood_the_other_is_not_in_is_refused(
    client, place, elsewhere
):
    viewer, other = member_of(place), member_of(place)
    MembershipFactory(user=viewer, neighbourhood=elsewhere)
    client.force_login(viewer)
    response = start(client, other, elsewhere)
    assert response.status_code == 403
    assert "This person is not a member of this neighbourhood." in (
        response.content.decode()
    )
    assert not Conversation.objects.exists()


def test_writing_in_a_neighbourhood_one_is_not_in_is_refused(client, place, elsewhere):
    viewer, other = member_of(place), member_of(place)
    MembershipFactory(user=other, neighbourhood=elsewhere)
    client.force_login(viewer)
    response = start(client, other, elsewhere)
    assert response.status_code == 403
    assert "You are not a member of this neighbourhood." in response.content.decode()
    assert not Conversation.objects.exists()


def test_writing_to_a_blocked_person_is_refused_and_creates_nothing(client, place):
    viewer, other = member_of(place), member_of(place)
    community_services.block_member(user=other, other=viewer)
    client.force_login(viewer)
    response = start(client, other, place)
    assert response.status_code == 403
    assert "You cannot write in this conversation." in response.content.decode()
    assert not Conversation.objects.exists()
    assert not Participant.objects.exists()
