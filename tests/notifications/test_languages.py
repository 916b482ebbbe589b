"""News is stored as what it says and its parameters, and written in the
reader's language when it is shown, e-mailed or sent live; a conversation's
new messages are one notification that counts them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from community import services as community_services
from messaging import services as messaging_services
from notifications import services, texts
from notifications.models import Frequency, Notification, NotificationPreference
from notifications.summaries import send_summaries
from tests.factories import MembershipFactory, NeighbourhoodFactory, ProfileFactory
from tests.messaging.test_conversations import send

pytestmark = pytest.mark.django_db


def plain(words: str) -> str:
    """French puts no-break spaces before colons and inside quotes."""
    return words.replace("\xa0", " ").replace("\u202f", " ")


Kind, Channel = Notification.Kind, NotificationPreference.Channel


def test_news_made_in_french_is_shown_in_english_to_a_reader_in_english(client):
    reader = ProfileFactory(user__language="fr").user
    told = services.notify(
        user=reader,
        kind=Kind.RESPONSE,
        message="response.new",
        params={"name": "Lucas", "title": "Pain au levain"},
        url="/annonces/1/",
    )
    # Written in French when it came, for what needs words at once.
    assert plain(told.text) == "Lucas a répondu à votre annonce « Pain au levain »"
    client.force_login(reader)
    english = client.get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Lucas answered your listing “Pain au levain”" in english.text
    assert "a répondu" not in english.text
    french = client.get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Lucas a répondu à votre annonce « Pain au levain »" in plain(french.text)


def test_an_email_is_written_in_the_language_the_reader_reads_when_it_leaves(
    django_capture_on_commit_callbacks,
):
    reader = ProfileFactory(user__language="fr").user
    services.set_preferences(
        user=reader,
        channels={Kind.CHARTER: Channel.BOTH},
        frequencies={Kind.CHARTER: Frequency.DAILY},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            user=reader,
            kind=Kind.CHARTER,
            message="charter.changed",
            params={"name": "Le Moulin"},
        )
    # The reader now reads in English; the morning's summary follows.
    community_services.set_preferred_language(user=reader, language="en")
    mail.outbox.clear()
    assert send_summaries(frequency=Frequency.DAILY) == 1
    (email,) = mail.outbox
    assert "The charter of Le Moulin has changed" in email.body
    assert "a changé" not in email.body


def test_an_immediate_email_is_in_the_readers_language(
    django_capture_on_commit_callbacks,
):
    reader = ProfileFactory(user__language="en").user
    services.set_preferences(user=reader, channels={Kind.EXCHANGE: Channel.BOTH})
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.notify(
            user=reader,
            kind=Kind.EXCHANGE,
            message="response.accepted",
            params={"name": "Nadia", "title": "Soupe"},
        )
    (email,) = mail.outbox
    assert "Nadia accepted your answer to “Soupe”" in email.subject
    assert "Nadia accepted your answer to “Soupe”" in email.body


def test_messages_within_messages_and_dates_follow_the_language():
    reader = ProfileFactory(user__language="fr").user
    told = services.notify(
        user=reader,
        kind=Kind.MODERATION,
        message="decision",
        params={
            "name": "Le Moulin",
            "said": texts.ref(
                "decision.hide", what=texts.ref("about.listing", title="Vélo")
            ),
            "reason": "hors charte",
        },
    )
    with translation.override("en"):
        assert told.words() == (
            "Le Moulin: The moderators hid your listing “Vélo”. Reason: hors "
            "charte. See the neighbourhood's charter."
        )
    with translation.override("fr"):
        assert "Les modérateurs ont masqué votre annonce « Vélo »" in plain(
            told.words()
        )
    closing = services.notify(
        user=reader,
        kind=Kind.LISTING,
        message="listing.closing",
        params={
            "title": "Vélo",
            "date": texts.date(
                datetime.datetime(2026, 12, 24, 12, tzinfo=datetime.UTC)
            ),
        },
    )
    with translation.override("en"):
        assert "Dec. 24, 2026" in plain(closing.words())
    with translation.override("fr"):
        assert "24 décembre 2026" in plain(closing.words())


def test_older_news_keeps_its_words_and_unknown_messages_are_refused():
    reader = ProfileFactory().user
    older = Notification.objects.create(user=reader, kind=Kind.CHARTER, text="Ancien")
    assert older.words() == "Ancien"
    with pytest.raises(ValueError, match="no notification text"):
        services.notify(user=reader, kind=Kind.CHARTER, message="nothing.such")


def test_a_conversations_new_messages_are_one_notification_that_counts(client):
    neighbourhood = NeighbourhoodFactory()
    one = MembershipFactory(neighbourhood=neighbourhood).user
    other = MembershipFactory(neighbourhood=neighbourhood).user
    conversation = messaging_services.start_conversation(
        user=one, other=other, neighbourhood=neighbourhood
    )
    other.language = "en"
    other.save()
    for _i in range(5):
        send(one, conversation)
    (told,) = Notification.objects.filter(user=other, kind=Kind.MESSAGE)
    name = one.display_name
    assert told.params["count"] == 5
    assert told.text == f"{name} wrote to you (5)"
    client.force_login(other)
    page = client.get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert f"{name} vous a écrit (5)" in plain(page.text)
    # Read, then written to again: a new notification, counting from one.
    services.mark_all_read(user=other)
    send(one, conversation)
    newest = Notification.objects.filter(user=other).first()
    assert newest.pk != told.pk
    assert newest.text == f"{name} wrote to you"


def test_mark_all_as_read_stands_apart_from_the_first_card(client):
    reader = ProfileFactory().user
    services.notify(user=reader, kind=Kind.CHARTER, text="Nouvelle charte")
    client.force_login(reader)
    page = client.get(reverse("notification_list")).text
    form = page.index('class="notifications-read"')
    assert form < page.index('class="card-list"')
    assert "mark all as read" not in page[page.index('class="card-list"') :].lower()


def test_after_the_migration_only_what_concerns_the_member_is_pushed():
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "notifications.migrations.0005_readers_language_and_push"
    )
    member = ProfileFactory().user
    for kind in Kind.values:
        NotificationPreference.objects.create(user=member, kind=kind)
    migration.push_defaults(apps, None)
    pushed = dict(
        NotificationPreference.objects.filter(user=member).values_list("kind", "push")
    )
    assert {kind for kind, push in pushed.items() if not push} == {
        Kind.MATCH,
        Kind.LISTING,
        Kind.CHARTER,
    }


def test_the_live_frame_is_in_the_readers_language(
    monkeypatch, django_capture_on_commit_callbacks
):
    from realtime import events

    sent = []
    monkeypatch.setattr(events, "send_now", lambda group, frame: sent.append(frame))
    reader = ProfileFactory(user__language="en").user
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.notify(
            user=reader,
            kind=Kind.MATCH,
            message="listing.match",
            params={"title": "Vélo"},
        )
    (frame,) = sent
    assert frame["type"] == "notification"
    assert frame["text"] == "New in your neighbourhood: Vélo"
