"""Leave for good: asked with the password (or at the desk), a grace period
that logging in cancels, then the person erased everywhere while what others
need stays, from "a former member"."""

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import User
from messaging import services as messaging
from messaging.models import Message
from neighbourhoods import services as neighbourhoods
from neighbourhoods.models import JournalEntry, Membership, Neighbourhood
from neighbourhoods.permissions import NotAllowed
from rights import services
from rights.export import build_export
from rights.models import AccountDeletion
from tests.factories import PASSWORD
from tests.rights.conftest import TRACES_OF_A
from tests.rights.test_export import _files
from tests.world import PERSONS, take_snapshot

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(days=8)


def test_a_wrong_password_deletes_nothing(story, refused):
    with refused(ValidationError, fields={"password"}):
        services.request_deletion(user=story["amandine"], password="not-it")


def test_the_member_asks_on_their_data_page_and_is_logged_out(client, story):
    client.force_login(story["amandine"])
    response = client.post(reverse("rights_my_data"), {"password": PASSWORD})
    assert response.status_code == 200
    deletion = AccountDeletion.objects.get(user=story["amandine"])
    assert deletion.erase_after > timezone.now() + datetime.timedelta(days=6)
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_logging_in_during_the_grace_period_keeps_the_account(client, story):
    services.request_deletion(user=story["amandine"], password=PASSWORD)
    client.post(
        reverse("account_login"),
        {"login": "amandine@example.org", "password": PASSWORD},
    )
    assert not AccountDeletion.objects.exists()
    assert services.erase_due_accounts(now=timezone.now() + LATER) == 0
    assert User.objects.get(pk=story["amandine"].pk).erased_at is None


def test_nothing_is_erased_before_the_grace_period_ends(story):
    services.request_deletion(user=story["amandine"], password=PASSWORD)
    assert services.erase_due_accounts(now=timezone.now()) == 0
    assert services.erase_due_accounts(now=timezone.now() + LATER) == 1
    assert services.erase_due_accounts(now=timezone.now() + LATER) == 0


def _erase(story):
    services.request_deletion(user=story["amandine"], password=PASSWORD)
    return services.erase_due_accounts(now=timezone.now() + LATER)


def test_after_erasure_no_row_of_any_table_carries_the_person(story):
    _erase(story)
    everything = json.dumps(take_snapshot(), default=str, ensure_ascii=False)
    for trace in TRACES_OF_A:
        assert trace not in everything, trace


def test_after_erasure_no_page_export_csv_or_email_carries_the_person(
    story, neighbourhood, coordinator, settings
):
    _erase(story)
    bertille, conversation = story["bertille"], story["conversation"]
    as_bertille, as_coordinator = Client(), Client()
    as_bertille.force_login(bertille)
    as_coordinator.force_login(coordinator)
    pages = [
        as_bertille.get(reverse("conversation_detail", args=[conversation.pk])),
        as_bertille.get(reverse("conversation_list")),
        as_bertille.get(reverse("listing_detail", args=[story["theirs"].pk])),
        as_bertille.get(reverse("my_exchanges")),
        as_bertille.get(reverse("notification_list")),
        as_bertille.get(bertille.profile.get_absolute_url()),
        as_bertille.get(reverse("neighbourhood_members", args=[neighbourhood.slug])),
        as_coordinator.get(reverse("manage_journal", args=[neighbourhood.slug])),
        as_coordinator.get(
            reverse("indicators_neighbourhood_export", args=[neighbourhood.slug])
        ),
    ]
    texts = [page.content.decode() for page in pages]
    assert all(page.status_code == 200 for page in pages)
    texts.append("\n".join(_files(build_export(user=bertille)).values()))
    messaging.send_unread_summaries(now=timezone.now() + LATER, delay_minutes=0)
    texts.extend(message.body for message in mail.outbox)
    for text in texts:
        for trace in TRACES_OF_A:
            assert trace not in text, trace
    conversation_page = texts[0]
    assert "message deleted" in conversation_page or "message supprimé" in (
        conversation_page
    )
    assert "SECRET-MESSAGE-B" in conversation_page
    assert "ancien membre" in conversation_page or "a former member" in (
        conversation_page
    )


def test_what_others_need_stays_from_a_former_member(story):
    amandine = story["amandine"]
    _erase(story)
    amandine.refresh_from_db()
    assert amandine.display_name == "un ancien membre"
    assert not amandine.is_active and amandine.email is None
    answer = story["answer"]
    answer.refresh_from_db()
    assert answer.is_done and answer.minutes_spent == 60
    assert not amandine.listings.filter(status="open").exists()
    assert set(
        Membership.objects.filter(user=amandine).values_list("status", flat=True)
    ) == {"left"}
    assert JournalEntry.objects.filter(
        subject=amandine, action=JournalEntry.Action.ACCOUNT_ERASED
    ).exists()


def test_a_neighbourhood_may_keep_the_messages_of_former_members(story, neighbourhood):
    Neighbourhood.objects.filter(pk=neighbourhood.pk).update(
        keep_messages_of_former_members=True
    )
    _erase(story)
    kept = Message.objects.get(author=story["amandine"])
    assert kept.text == "MESSAGE-OF-A"


def test_the_journal_keeps_its_entries_with_the_person_anonymised(
    story, neighbourhood, moderator
):
    entry = neighbourhoods.write_journal(
        neighbourhood=neighbourhood,
        actor=moderator,
        action=JournalEntry.Action.ACTED_FOR,
        details="Message envoyé à Amandine",
    )
    before = JournalEntry.objects.count()
    _erase(story)
    entry.refresh_from_db()
    assert entry.details == "Message envoyé à un ancien membre"
    assert JournalEntry.objects.count() > before


def test_at_the_desk_a_moderator_asks_for_a_consenting_resident(
    story, neighbourhood, moderator, client
):
    client.force_login(moderator)
    url = reverse(
        "rights_desk_deletion", args=[neighbourhood.slug, story["amandine"].pk]
    )
    assert client.get(url).status_code == 200
    client.post(url, {"confirm": "on"})
    deletion = AccountDeletion.objects.get(user=story["amandine"])
    assert deletion.recorded_by == moderator
    assert JournalEntry.objects.filter(
        actor=moderator,
        subject=story["amandine"],
        action=JournalEntry.Action.ERASURE_REQUESTED,
    ).exists()


@pytest.mark.parametrize("person", [p for p in PERSONS if p != "visitor"])
def test_at_the_desk_only_a_moderator_with_consent_may_ask(
    person, make_person, story, neighbourhood, refused
):
    helper = make_person(person)
    resident = story["bertille"]  # member, no consent given
    with refused(NotAllowed):
        services.request_deletion_at_desk(
            helper=helper, resident=resident, neighbourhood=neighbourhood
        )


def test_the_erase_accounts_command_erases_those_due(story):
    from io import StringIO

    from django.core.management import call_command

    AccountDeletion.objects.create(
        user=story["amandine"], erase_after=timezone.now() - datetime.timedelta(1)
    )
    out = StringIO()
    call_command("erase_accounts", stdout=out)
    assert "1 account(s) erased." in out.getvalue()
    assert User.objects.get(pk=story["amandine"].pk).erased_at is not None
