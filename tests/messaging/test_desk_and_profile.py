"""Starting a conversation from a member's profile, and the desk's "Messages"
page where a moderator reads and writes for a resident who gave their consent."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from community import services as community_services
from messaging import services as messaging_services
from messaging.models import Conversation, Message, Participant
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry, Membership
from neighbourhoods.permissions import NotAllowed
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


# Part two: the desk's "Messages" for a resident


@pytest.fixture
def desk(place):
    """Karim moderates Les Tilleuls; Monique gave her consent to be helped and
    talks with Lucas."""
    karim = member_of(place, role="moderator")
    monique, lucas = member_of(place), member_of(place)
    neighbourhood_services.record_consent(
        moderator=karim,
        resident=monique,
        neighbourhood=place,
        purpose="Répondre aux messages quand je viens au centre",
    )
    conversation = messaging_services.start_conversation(
        user=lucas, other=monique, neighbourhood=place
    )
    messaging_services.send_message(
        user=lucas,
        conversation=conversation,
        text="Bonjour Monique, jeudi 14 h pour la visio ?",
        client_id=uuid.uuid4(),
    )
    return {
        "place": place,
        "karim": karim,
        "monique": monique,
        "lucas": lucas,
        "conversation": conversation,
    }


def desk_urls(desk):
    args = [desk["place"].slug, desk["monique"].pk]
    conversation = desk["conversation"].pk
    return {
        "list": reverse("manage_resident_messages", args=args),
        "conversation": reverse(
            "manage_resident_conversation", args=[*args, conversation]
        ),
        "read": reverse(
            "manage_resident_conversation_read", args=[*args, conversation]
        ),
    }


def send_for(client, desk, text="Oui, jeudi c'est parfait. Merci !", client_id=None):
    return client.post(
        desk_urls(desk)["conversation"],
        {"text": text, "client_id": client_id or uuid.uuid4()},
    )


def acted_for_entries(desk):
    return JournalEntry.objects.filter(
        action=JournalEntry.Action.ACTED_FOR, subject=desk["monique"]
    )


def test_the_desk_page_of_the_resident_links_to_their_messages(client, desk):
    client.force_login(desk["karim"])
    html = client.get(
        reverse("manage_resident", args=[desk["place"].slug, desk["monique"].pk])
    ).content.decode()
    assert desk_urls(desk)["list"] in html
    assert "Read and answer their messages" in html


def test_a_moderator_with_consent_lists_the_residents_conversations(client, desk):
    client.force_login(desk["karim"])
    response = client.get(desk_urls(desk)["list"])
    html = response.content.decode()
    assert response.status_code == 200
    assert desk_urls(desk)["conversation"] in html
    assert desk["lucas"].profile.pseudonym in html
    assert "1 unread" in html


def test_the_list_shows_no_moderators_room_nor_other_neighbourhoods(
    client, desk, elsewhere
):
    monique, place = desk["monique"], desk["place"]
    # Even a resident who moderates too: the desk opens no room for her.
    Membership.objects.filter(user=monique, neighbourhood=place).update(
        role="moderator"
    )
    messaging_services.staff_room(moderator=monique, neighbourhood=place)
    MembershipFactory(user=monique, neighbourhood=elsewhere)
    messaging_services.start_conversation(
        user=monique, other=member_of(elsewhere), neighbourhood=elsewhere
    )
    client.force_login(desk["karim"])
    conversations = client.get(desk_urls(desk)["list"]).context["conversations"]
    assert [c.pk for c in conversations] == [desk["conversation"].pk]


def test_a_moderator_reads_the_history_without_marking_it_read(client, desk):
    client.force_login(desk["karim"])
    response = client.get(desk_urls(desk)["conversation"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bonjour Monique, jeudi 14 h pour la visio ?" in html
    assert "We read them together" in html
    monique_reads = Participant.objects.get(
        conversation=desk["conversation"], user=desk["monique"]
    )
    assert monique_reads.last_read_id == 0
    assert not acted_for_entries(desk).exists()


def test_reading_together_marks_read_for_the_resident_and_is_recorded(client, desk):
    client.force_login(desk["karim"])
    last = desk["conversation"].messages.last()
    response = client.post(desk_urls(desk)["read"], {"up_to": last.pk})
    assert response.status_code == 302
    assert (
        Participant.objects.get(
            conversation=desk["conversation"], user=desk["monique"]
        ).last_read_id
        == last.pk
    )
    entry = acted_for_entries(desk).get()
    assert entry.actor == desk["karim"]
    assert desk["lucas"].profile.pseudonym in entry.details
    # Nothing left to read: a second press records nothing more.
    client.post(desk_urls(desk)["read"], {"up_to": last.pk})
    assert acted_for_entries(desk).count() == 1


def test_a_moderator_with_consent_sends_for_the_resident(client, desk):
    client.force_login(desk["karim"])
    response = send_for(client, desk)
    assert response.status_code == 302
    assert response.url == desk_urls(desk)["conversation"] + "#latest"
    message = Message.objects.get(text="Oui, jeudi c'est parfait. Merci !")
    assert message.author == desk["monique"]
    assert message.helped_by == desk["karim"]
    assert message.conversation == desk["conversation"]
    entry = acted_for_entries(desk).get()
    assert entry.actor == desk["karim"]
    assert entry.neighbourhood == desk["place"]
    with translation.override("en"):
        said = entry.said()
    assert said == f"sent a message to {desk['lucas'].profile.pseudonym}"


def test_the_message_says_who_helped_and_the_act_is_in_the_residents_history(
    client, desk
):
    client.force_login(desk["karim"])
    send_for(client, desk)
    karim = desk["karim"].profile.pseudonym
    client.force_login(desk["lucas"])
    html = client.get(desk["conversation"].get_absolute_url()).content.decode()
    assert f"sent with the help of {karim}" in html
    client.force_login(desk["monique"])
    history = client.get(reverse("my_help")).content.decode()
    assert f"sent a message to {desk['lucas'].profile.pseudonym}" in history
    journal = client.get(reverse("manage_journal", args=[desk["place"].slug]))
    assert journal.status_code == 403
    client.force_login(desk["karim"])
    journal = client.get(reverse("manage_journal", args=[desk["place"].slug]))
    assert f"sent a message to {desk['lucas'].profile.pseudonym}" in (
        journal.content.decode()
    )


def test_sending_twice_with_the_same_id_sends_and_records_once(client, desk):
    client.force_login(desk["karim"])
    client_id = uuid.uuid4()
    send_for(client, desk, client_id=client_id)
    send_for(client, desk, client_id=client_id)
    assert Message.objects.filter(author=desk["monique"]).count() == 1
    assert acted_for_entries(desk).count() == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Write something first."),
        ("   ", "Write something first."),
        ("x" * 2001, "at most 2000 characters"),
    ],
)
def test_bad_text_is_refused_next_to_the_field_and_nothing_is_saved(
    client, desk, text, error
):
    client.force_login(desk["karim"])
    before = Message.objects.count()
    response = send_for(client, desk, text=text)
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert 'class="errorlist' in html
    if text.strip():
        assert text in html  # nothing typed is lost
    assert Message.objects.count() == before
    assert not acted_for_entries(desk).exists()


def refusal_cases():
    return ["no_consent", "withdrawn", "moderator_elsewhere", "resident"]


def set_up_refusal(case, desk, elsewhere):
    """Who asks, in the situation named by `case`."""
    if case == "no_consent":
        moderator = member_of(desk["place"], role="moderator")
        desk["monique"].assistance_consents.all().delete()
        return moderator
    if case == "withdrawn":
        neighbourhood_services.withdraw_consent(
            resident=desk["monique"], neighbourhood=desk["place"]
        )
        return desk["karim"]
    if case == "moderator_elsewhere":
        return member_of(elsewhere, role="moderator")
    return desk["lucas"]


@pytest.mark.parametrize("case", refusal_cases())
@pytest.mark.parametrize("page", ["list", "conversation"])
def test_the_desk_messages_are_refused_without_a_live_consent_and_moderation(
    client, desk, elsewhere, case, page
):
    client.force_login(set_up_refusal(case, desk, elsewhere))
    assert client.get(desk_urls(desk)[page]).status_code == 403


@pytest.mark.parametrize("case", refusal_cases())
def test_sending_or_reading_for_the_resident_is_refused_and_nothing_saved(
    client, desk, elsewhere, case
):
    client.force_login(set_up_refusal(case, desk, elsewhere))
    messages_before = Message.objects.count()
    journal_before = JournalEntry.objects.count()
    assert send_for(client, desk).status_code == 403
    last = desk["conversation"].messages.last()
    assert client.post(desk_urls(desk)["read"], {"up_to": last.pk}).status_code == 403
    assert Message.objects.count() == messages_before
    assert JournalEntry.objects.count() == journal_before
    assert (
        Participant.objects.get(
            conversation=desk["conversation"], user=desk["monique"]
        ).last_read_id
        == 0
    )


def test_the_service_refuses_a_moderator_without_consent(desk):
    desk["monique"].assistance_consents.all().delete()
    with pytest.raises(NotAllowed):
        messaging_services.send_message_for(
            helper=desk["karim"],
            resident=desk["monique"],
            conversation=desk["conversation"],
            text="Bonjour",
            client_id=uuid.uuid4(),
        )
    assert not Message.objects.filter(author=desk["monique"]).exists()


def test_a_conversation_that_is_not_the_residents_is_not_found(client, desk):
    other = messaging_services.start_conversation(
        user=desk["lucas"], other=member_of(desk["place"]), neighbourhood=desk["place"]
    )
    client.force_login(desk["karim"])
    url = reverse(
        "manage_resident_conversation",
        args=[desk["place"].slug, desk["monique"].pk, other.pk],
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "x", "client_id": uuid.uuid4()}).status_code == (
        404
    )
    assert not Message.objects.filter(conversation=other).exists()


@pytest.mark.parametrize("action", ["send", "read"])
def test_the_desk_checks_the_residents_consent_once_per_act(desk, monkeypatch, action):
    from neighbourhoods import permissions

    calls = []
    check = permissions.check_act_for

    def counted(*args):
        calls.append(args)
        return check(*args)

    monkeypatch.setattr(permissions, "check_act_for", counted)
    if action == "send":
        messaging_services.send_message_for(
            helper=desk["karim"],
            resident=desk["monique"],
            conversation=desk["conversation"],
            text="Bonjour",
            client_id=uuid.uuid4(),
        )
    else:
        messaging_services.mark_read_for(
            helper=desk["karim"],
            resident=desk["monique"],
            conversation=desk["conversation"],
            up_to=desk["conversation"].messages.last().pk,
        )
    assert len(calls) == 1
    assert acted_for_entries(desk).count() == 1
