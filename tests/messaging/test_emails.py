"""E-mail for the absent: one summary of what stayed unread, never twice."""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from messaging import services
from messaging.models import Message
from notifications.models import NotificationPreference
from tests.factories import MembershipFactory, NeighbourhoodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk():
    neighbourhood = NeighbourhoodFactory()
    writer = MembershipFactory(neighbourhood=neighbourhood).user
    reader = MembershipFactory(neighbourhood=neighbourhood).user
    other_writer = MembershipFactory(neighbourhood=neighbourhood).user
    first = services.start_conversation(
        user=writer, other=reader, neighbourhood=neighbourhood
    )
    second = services.start_conversation(
        user=other_writer, other=reader, neighbourhood=neighbourhood
    )
    return writer, reader, other_writer, first, second


def write(user, conversation, text, minutes_ago=30):
    message = services.send_message(
        user=user, conversation=conversation, text=text, client_id=uuid.uuid4()
    )
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return message


def test_one_email_sums_up_every_unread_message_then_never_again(talk):
    writer, reader, other_writer, first, second = talk
    write(writer, first, "Je passe mardi ?")
    write(writer, first, "Vers 14 h")
    write(other_writer, second, "Merci pour le tricot")
    assert services.send_unread_summaries() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == [reader.email]
    for text in ("Je passe mardi ?", "Vers 14 h", "Merci pour le tricot"):
        assert text in body
    assert "/conversations/" in body
    # The writers read their own messages: nothing for them. And nothing twice.
    assert services.send_unread_summaries() == 0
    assert len(mail.outbox) == 1


def test_a_message_read_or_too_recent_is_not_emailed(talk):
    writer, reader, _other, first, _second = talk
    read = write(writer, first, "Déjà lu")
    services.mark_read(user=reader, conversation=first, up_to=read.pk)
    write(writer, first, "Tout frais", minutes_ago=2)
    assert services.send_unread_summaries() == 0
    assert mail.outbox == []


def test_a_new_message_after_the_summary_gets_a_new_one(talk):
    writer, reader, _other, first, _second = talk
    # Words with a space: the unsubscribe link's random token never holds one.
    write(writer, first, "Un premier mot")
    services.send_unread_summaries()
    write(writer, first, "Deux mots")
    assert services.send_unread_summaries() == 1
    assert "Deux mots" in mail.outbox[-1].body
    assert "Un premier mot" not in mail.outbox[-1].body.split("\n- ", 1)[1]


@pytest.mark.parametrize("channel", ["site", "none"])
def test_people_who_did_not_allow_email_get_none(talk, channel):
    writer, reader, _other, first, _second = talk
    NotificationPreference.objects.create(user=reader, kind="message", channel=channel)
    write(writer, first, "Bonjour")
    assert services.send_unread_summaries() == 0
    assert mail.outbox == []


def test_accounts_without_email_are_skipped(talk):
    writer, reader, _other, first, _second = talk
    type(reader).objects.filter(pk=reader.pk).update(email=None)
    write(writer, first, "Bonjour")
    assert services.send_unread_summaries() == 0


def test_the_summary_is_in_the_readers_language(talk):
    writer, reader, _other, first, _second = talk
    type(reader).objects.filter(pk=reader.pk).update(language="en")
    write(writer, first, "Bonjour")
    services.send_unread_summaries()
    assert "unread message" in mail.outbox[0].subject


def test_the_command_sends_the_summaries(talk, capsys):
    writer, _reader, _other, first, _second = talk
    write(writer, first, "Bonjour")
    call_command("send_message_emails")
    assert "1 summary" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def _readers_waiting(count):
    neighbourhood = NeighbourhoodFactory()
    writer = MembershipFactory(neighbourhood=neighbourhood).user
    for _ in range(count):
        reader = MembershipFactory(neighbourhood=neighbourhood).user
        conversation = services.start_conversation(
            user=writer, other=reader, neighbourhood=neighbourhood
        )
        write(writer, conversation, "Bonjour")
        write(writer, conversation, "Vous êtes là ?")
    NotificationPreference.objects.create(user=reader, kind="message", channel="site")


@pytest.mark.parametrize("readers", [2, 12])
def test_summaries_ask_a_fixed_number_of_queries_whatever_the_number_of_members(
    readers, django_assert_max_num_queries
):
    _readers_waiting(readers)
    with django_assert_max_num_queries(5):
        sent = services.send_unread_summaries()
    # The last reader chose the site only: every other one gets one e-mail.
    assert sent == len(mail.outbox) == readers - 1
