import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.demo import DEMO_PASSWORD, PERSONAS, demo_email
from community.models import Profile, User
from messaging.models import Conversation, Message
from neighbourhoods.models import JournalEntry, Neighbourhood, Organisation

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        (
            p.pseudonym,
            p.portrait,
            p.age_group,
            tuple(p.languages),
            tuple(sorted(p.interests.names())),
            tuple(sorted(p.skills.names())),
        )
        for p in Profile.objects.all()
    )


def conversations_snapshot():
    return [
        (
            m.conversation.kind,
            m.conversation.neighbourhood.slug,
            m.conversation.listing.title if m.conversation.listing else "",
            m.author.profile.pseudonym,
            m.helped_by.profile.pseudonym if m.helped_by else "",
            m.text,
            str(m.client_id),
        )
        for m in Message.objects.select_related(
            "conversation__neighbourhood",
            "conversation__listing",
            "author__profile",
            "helped_by__profile",
        ).order_by("pk")
    ]


def persona(login):
    return User.objects.get(email=demo_email(login))


def test_seed_demo_creates_the_centre_its_neighbourhoods_and_forty_people(capsys):
    call_command("seed_demo")
    assert Organisation.objects.get().name == "Centre social des Tilleuls"
    assert Neighbourhood.objects.count() == 2
    assert User.objects.count() == 40
    age_groups = set(Profile.objects.values_list("age_group", flat=True))
    assert {"18_25", "60_plus", "26_59"} <= age_groups
    out = capsys.readouterr().out
    for persona in PERSONAS:
        assert demo_email(persona["login"]) in out
    assert DEMO_PASSWORD in out


def test_demo_logins_work_with_a_verified_email(client):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/",
        {"login": demo_email("monique"), "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_seed_demo_twice_creates_nothing_twice():
    call_command("seed_demo")
    first = snapshot()
    conversations = conversations_snapshot()
    journal = JournalEntry.objects.count()
    call_command("seed_demo")
    assert User.objects.count() == 40
    assert Neighbourhood.objects.count() == 2
    assert snapshot() == first
    assert conversations_snapshot() == conversations
    assert JournalEntry.objects.count() == journal


def test_seed_demo_is_the_same_with_the_same_seed(django_db_blocker):
    call_command("seed_demo", seed=7)
    first = snapshot()
    conversations = conversations_snapshot()
    User.objects.all().delete()
    call_command("seed_demo", seed=7)
    assert snapshot() == first
    assert conversations_snapshot() == conversations


def test_seed_demo_gives_conversations_with_history():
    call_command("seed_demo")
    now = timezone.now()
    direct = Conversation.objects.filter(kind=Conversation.Kind.DIRECT)
    about_listings = direct.filter(listing__isnull=False)
    from_profiles = direct.filter(listing__isnull=True)
    assert about_listings.count() >= 3
    assert from_profiles.count() >= 3
    for conversation in direct:
        messages = list(conversation.messages.order_by("pk"))
        assert len(messages) >= 3
        times = [m.created_at for m in messages]
        assert times == sorted(times)
        assert times[-1] < now
        assert conversation.last_message_at == times[-1]
        assert conversation.participants.count() == 2
    for conversation in about_listings:
        # Between the listing's author and someone who answered it.
        people = set(conversation.participants.values_list("user", flat=True))
        responders = set(
            conversation.listing.responses.values_list("responder", flat=True)
        )
        assert conversation.listing.author_id in people
        assert people - {conversation.listing.author_id} <= responders


def test_a_demo_login_finds_an_unread_message(client):
    call_command("seed_demo")
    client.post(
        "/accounts/login/",
        {"login": demo_email("fatima"), "password": DEMO_PASSWORD},
    )
    conversations = client.get(reverse("conversation_list")).context["conversations"]
    assert sum(conversation.unread for conversation in conversations) >= 1


def test_monique_answered_lucas_with_karims_help_at_the_desk():
    call_command("seed_demo")
    monique, karim, lucas = persona("monique"), persona("karim"), persona("lucas")
    message = Message.objects.get(author=monique, helped_by=karim)
    people = set(message.conversation.participants.values_list("user", flat=True))
    assert people == {monique.pk, lucas.pk}
    assert JournalEntry.objects.filter(
        action=JournalEntry.Action.ACTED_FOR,
        actor=karim,
        subject=monique,
        details__contains=lucas.profile.pseudonym,
    ).exists()


def test_each_neighbourhood_has_its_moderators_room_with_a_few_messages():
    call_command("seed_demo")
    for neighbourhood in Neighbourhood.objects.all():
        room = Conversation.objects.get(
            kind=Conversation.Kind.STAFF, neighbourhood=neighbourhood
        )
        assert room.messages.count() >= 3
