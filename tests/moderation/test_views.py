"""The moderation pages, for every kind of person: reporting, the queue, a
case and its decision form, the watch list."""

import uuid

import pytest
from django.urls import reverse

from messaging import services as messaging_services
from messaging.models import Message
from moderation import services
from moderation.models import Case, Report, WatchedWord
from neighbourhoods.models import JournalEntry, Membership
from notifications.models import Notification
from tests.factories import MembershipFactory
from tests.world import COORDINATORS, MODERATORS, SEERS, VISITORS, login

pytestmark = pytest.mark.django_db

QUEUE_QUERIES = 12


def _report_listing(market, reporter="resident", reason="spam"):
    return services.report(
        reporter=market["people"][reporter], reason=reason, listing=market["listing"]
    )


@pytest.mark.parametrize("person", VISITORS)
def test_who_can_report_a_listing(client, market, person):
    login(client, market, person)
    url = reverse("moderation_report", args=["listing", market["listing"].pk])
    page = client.get(url)
    if person == "visitor":
        assert page.status_code == 302
        assert reverse("account_login") in page.url
    elif person in SEERS:
        assert page.status_code == 200
    else:
        assert page.status_code == 404
    client.post(url, {"reason": "spam", "text": "Publicité pour un magasin"})
    made = Report.objects.filter(reporter=market["people"][person] or None)
    assert made.exists() == (person in SEERS)


def test_a_report_without_reason_says_so_and_keeps_the_text(client, market):
    login(client, market, "resident")
    url = reverse("moderation_report", args=["listing", market["listing"].pk])
    page = client.post(url, {"text": "Mon explication"})
    assert page.status_code == 200
    assert "Mon explication" in page.content.decode()
    assert page.context["form"].errors["reason"]
    assert not Report.objects.exists()


def test_reporting_twice_gives_a_clear_message(client, market):
    _report_listing(market)
    login(client, market, "resident")
    url = reverse("moderation_report", args=["listing", market["listing"].pk])
    page = client.post(url, {"reason": "spam"})
    assert page.status_code == 200
    assert page.context["form"].non_field_errors()
    assert Report.objects.count() == 1


def test_a_message_is_reported_from_its_conversation_only_by_its_readers(
    client, market
):
    people = market["people"]
    conversation = messaging_services.start_conversation(
        user=market["author"],
        other=people["resident"],
        neighbourhood=market["neighbourhood"],
    )
    message = messaging_services.send_message(
        user=market["author"],
        conversation=conversation,
        text="Tu es vraiment nul",
        client_id=uuid.uuid4(),
    )
    url = reverse("moderation_report", args=["message", message.pk])
    client.force_login(people["volunteer"])  # not in the conversation
    assert client.get(url).status_code == 404
    client.force_login(people["resident"])
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert url in html
    assert client.post(url, {"reason": "harassment"}).status_code == 302
    case = Case.objects.get()
    assert (case.target, case.message, case.person, case.severity) == (
        "message",
        message,
        market["author"],
        3,
    )


def test_a_profile_is_reported_in_a_neighbourhood_both_share(client, market):
    profile = market["author"].profile
    url = reverse("moderation_report", args=["profile", profile.pk])
    login(client, market, "outsider")
    assert client.get(url).status_code == 404
    login(client, market, "resident")
    response = client.post(
        url, {"reason": "other", "neighbourhood": market["neighbourhood"].pk}
    )
    assert response.status_code == 302
    assert Case.objects.get().target == "profile"


@pytest.mark.parametrize("person", VISITORS)
def test_only_the_neighbourhoods_moderators_see_the_queue_and_the_cases(
    client, market, person
):
    report = _report_listing(market)
    login(client, market, person)
    slug = market["neighbourhood"].slug
    for url in (
        reverse("moderation_queue", args=[slug]),
        reverse("moderation_case", args=[slug, report.case.pk]),
    ):
        page = client.get(url)
        if person == "visitor":
            assert page.status_code == 302
        else:
            assert page.status_code == (200 if person in MODERATORS else 403), url


def test_the_queue_shows_the_most_serious_first(client, market):
    spam = _report_listing(market)
    conversation = messaging_services.start_conversation(
        user=market["author"],
        other=market["people"]["resident"],
        neighbourhood=market["neighbourhood"],
    )
    message = messaging_services.send_message(
        user=market["author"],
        conversation=conversation,
        text="Je sais où tu habites",
        client_id=uuid.uuid4(),
    )
    safety = services.report(
        reporter=market["people"]["resident"], reason="safety", message=message
    )
    login(client, market, "moderator")
    page = client.get(reverse("moderation_queue", args=[market["neighbourhood"].slug]))
    assert list(page.context["open_cases"]) == [safety.case, spam.case]


@pytest.mark.parametrize("size", [1, 12])
def test_the_queue_costs_the_same_queries_whatever_its_length(
    client, market, size, django_assert_max_num_queries
):
    people = market["people"]
    for number in range(2 * size):
        case = services.report(
            reporter=people["resident"],
            reason="spam",
            person=MembershipFactory(neighbourhood=market["neighbourhood"]).user,
            neighbourhood=market["neighbourhood"],
        ).case
        if number % 2:
            services.decide(
                moderator=people["coordinator"],
                case=case,
                action="dismiss",
                reason="Rien à redire",
            )
    login(client, market, "moderator")
    url = reverse("moderation_queue", args=[market["neighbourhood"].slug])

    with django_assert_max_num_queries(QUEUE_QUERIES):
        page = client.get(url)

    assert len(page.context["open_cases"]) == len(page.context["closed_cases"]) == size


@pytest.mark.parametrize("person", VISITORS)
def test_only_moderators_of_the_neighbourhood_decide(client, market, person):
    report = _report_listing(market)
    login(client, market, person)
    url = reverse(
        "moderation_case", args=[market["neighbourhood"].slug, report.case.pk]
    )
    client.post(url, {"action": "hide", "reason": "Publicité, article 3"})
    market["listing"].refresh_from_db()
    assert market["listing"].hidden == (person in MODERATORS)
    assert JournalEntry.objects.filter(case=report.case).exists() == (
        person in MODERATORS
    )


def test_a_decision_without_reason_changes_nothing(client, market):
    report = _report_listing(market)
    login(client, market, "moderator")
    url = reverse(
        "moderation_case", args=[market["neighbourhood"].slug, report.case.pk]
    )
    page = client.post(url, {"action": "hide", "reason": ""})
    assert page.status_code == 200
    assert page.context["form"].errors["reason"]
    market["listing"].refresh_from_db()
    assert not market["listing"].hidden
    report.case.refresh_from_db()
    assert report.case.status == Case.Status.OPEN


def test_hide_then_warn_then_suspend_each_told_and_logged(client, market):
    report = _report_listing(market)
    login(client, market, "moderator")
    url = reverse(
        "moderation_case", args=[market["neighbourhood"].slug, report.case.pk]
    )
    assert (
        client.post(url, {"action": "hide", "reason": "Publicité"}).status_code == 302
    )
    assert client.post(url, {"action": "warn", "reason": "Rappel"}).status_code == 302
    page = client.post(url, {"action": "suspend", "reason": "Récidive"})
    assert page.status_code == 200  # no number of days
    assert page.context["form"].errors["days"]
    client.post(url, {"action": "suspend", "reason": "Récidive", "days": "7"})
    membership = Membership.objects.get(
        user=market["author"], neighbourhood=market["neighbourhood"]
    )
    assert membership.status == "suspended"
    told = Notification.objects.filter(user=market["author"], kind="moderation")
    assert told.count() == 3
    assert all(
        reason in " ".join(told.values_list("text", flat=True))
        for reason in ("Publicité", "Rappel", "Récidive")
    )
    actions = list(
        JournalEntry.objects.filter(case=report.case)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["content_hidden", "member_warned", "member_suspended"]
    outcome = Notification.objects.filter(
        user=market["people"]["resident"], key__endswith=":outcome"
    )
    assert outcome.count() == 1
    assert "Publicité" not in outcome.get().text


def test_the_case_of_a_message_shows_that_conversation_and_nothing_else(client, market):
    people = market["people"]
    talk = messaging_services.start_conversation(
        user=market["author"],
        other=people["resident"],
        neighbourhood=market["neighbourhood"],
    )
    private = messaging_services.start_conversation(
        user=market["author"],
        other=people["volunteer"],
        neighbourhood=market["neighbourhood"],
    )
    for text, conversation in (
        ("Bonjour", talk),
        ("Secret sans rapport", private),
        ("Insulte grave", talk),
    ):
        messaging_services.send_message(
            user=market["author"],
            conversation=conversation,
            text=text,
            client_id=uuid.uuid4(),
        )
    message = Message.objects.get(text="Insulte grave")
    report = services.report(
        reporter=people["resident"], reason="harassment", message=message
    )
    login(client, market, "moderator")
    html = client.get(
        reverse("moderation_case", args=[market["neighbourhood"].slug, report.case.pk])
    ).content.decode()
    assert "Insulte grave" in html and "Bonjour" in html
    assert "Secret sans rapport" not in html


@pytest.mark.parametrize("person", VISITORS)
def test_only_coordinators_edit_the_watch_list(client, market, person):
    login(client, market, person)
    url = reverse("moderation_watch_list", args=[market["neighbourhood"].slug])
    page = client.post(url, {"words": "arnaque\nVirement urgent"})
    if person == "visitor":
        assert page.status_code == 302 and reverse("account_login") in page.url
    else:
        assert page.status_code == (302 if person in COORDINATORS else 403)
    assert WatchedWord.objects.exists() == (person in COORDINATORS)


def test_a_watched_word_holds_a_message_until_a_moderator_lets_it_through(
    client, market
):
    people = market["people"]
    services.set_watch_list(
        coordinator=people["coordinator"],
        neighbourhood=market["neighbourhood"],
        words="arnaque",
    )
    conversation = messaging_services.start_conversation(
        user=market["author"],
        other=people["resident"],
        neighbourhood=market["neighbourhood"],
    )
    client.force_login(market["author"])
    url = conversation.get_absolute_url()
    client.post(url, {"text": "Ce n'est pas une Arnaque", "client_id": uuid.uuid4()})
    html = client.get(url).content.decode()
    assert "Ce n&#x27;est pas une Arnaque" in html
    assert "awaiting review" in html or "en attente de vérification" in html
    client.force_login(people["resident"])
    assert "pas une Arnaque" not in client.get(url).content.decode()
    case = Case.objects.get(held=True)
    login(client, market, "moderator")
    client.post(
        reverse("moderation_case", args=[market["neighbourhood"].slug, case.pk]),
        {"action": "release", "reason": "Rien de grave"},
    )
    client.force_login(people["resident"])
    assert "pas une Arnaque" in client.get(url).content.decode()


def test_the_case_page_names_the_watched_words_only_when_they_held_the_content(
    client, market
):
    people = market["people"]
    services.set_watch_list(
        coordinator=people["coordinator"],
        neighbourhood=market["neighbourhood"],
        words="arnaque\nvirement",
    )
    conversation = messaging_services.start_conversation(
        user=market["author"],
        other=people["resident"],
        neighbourhood=market["neighbourhood"],
    )
    messaging_services.send_message(
        user=market["author"],
        conversation=conversation,
        text="Un petit virement et c'est réglé",
        client_id=uuid.uuid4(),
    )
    # Reported, not held: the listing's words were watched only afterwards.
    reported = _report_listing(market).case
    market["listing"].description = "Pas une arnaque"
    market["listing"].save(update_fields=["description"])
    held = Case.objects.get(held=True)
    login(client, market, "moderator")
    slug = market["neighbourhood"].slug

    page = client.get(reverse("moderation_case", args=[slug, held.pk]))
    assert page.context["watched"] == ["virement"]
    assert "virement" in page.content.decode()
    page = client.get(reverse("moderation_case", args=[slug, reported.pk]))
    assert page.context["watched"] == []


@pytest.mark.parametrize("person", VISITORS)
def test_the_journal_and_its_export_are_for_the_neighbourhoods_staff(
    client, market, person
):
    report = _report_listing(market)
    services.decide(
        moderator=market["people"]["moderator"],
        case=report.case,
        action="hide",
        reason="Publicité; article 3",
    )
    login(client, market, person)
    url = reverse("manage_journal", args=[market["neighbourhood"].slug])
    for query in ({}, {"format": "csv"}):
        page = client.get(url, query)
        if person == "visitor":
            assert page.status_code == 302
            continue
        assert page.status_code == (200 if person in MODERATORS else 403)
    if person in MODERATORS:
        assert page["Content-Type"].startswith("text/csv")
        body = page.content.decode("utf-8-sig")
        assert "Publicité; article 3" in body
        assert market["author"].display_name in body


def test_the_journal_filters_by_act_person_and_dates(client, market):
    people = market["people"]
    report = _report_listing(market)
    services.decide(
        moderator=people["moderator"], case=report.case, action="warn", reason="Rappel"
    )
    services.set_watch_list(
        coordinator=people["coordinator"],
        neighbourhood=market["neighbourhood"],
        words="arnaque",
    )
    login(client, market, "moderator")
    url = reverse("manage_journal", args=[market["neighbourhood"].slug])

    def actions(query):
        page = client.get(url, query)
        return [entry.action for entry in page.context["entries"]]

    assert actions({"action": "member_warned"}) == ["member_warned"]
    pseudonym = people["coordinator"].display_name
    assert actions({"person": pseudonym}) == ["watchlist_changed"]
    assert actions({"since": "2000-01-01", "until": "2000-12-31"}) == []
    page = client.get(url, {"since": "2026-02-01", "until": "2026-01-01"})
    assert page.context["form"].errors["until"]
    csv_page = client.get(url, {"action": "member_warned", "format": "csv"})
    lines = csv_page.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2  # the header and the warning


def test_a_watched_word_holds_a_listing_until_a_moderator_lets_it_through(
    client, market
):
    from exchanges import services as listing_services
    from tests.exchanges.test_views import digital

    people = market["people"]
    services.set_watch_list(
        coordinator=people["coordinator"],
        neighbourhood=market["neighbourhood"],
        words="virement",
    )
    listing = listing_services.create_listing(
        author=market["author"],
        neighbourhood=market["neighbourhood"],
        kind="offer",
        title="Aide aux papiers",
        description="Paiement par VIREMENT avant de venir",
        category=digital(),
        tags=["papiers"],
    )
    assert (listing.held, listing.hidden) == (True, True)
    client.force_login(market["author"])
    page = client.get(listing.get_absolute_url())
    assert page.status_code == 200
    assert page.context["listing"].held
    client.force_login(people["resident"])
    assert client.get(listing.get_absolute_url()).status_code == 404
    case = Case.objects.get(held=True, listing=listing)
    services.decide(
        moderator=people["moderator"], case=case, action="release", reason="Vérifié"
    )
    listing.refresh_from_db()
    assert (listing.held, listing.hidden) == (False, False)
    assert client.get(listing.get_absolute_url()).status_code == 200
