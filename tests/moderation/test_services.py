"""Moderation services: reports make cases, moderators decide with a reason,
the person concerned and the reporters are told, every act is journaled, the
journal only grows, the watch list holds messages, and what is hidden stays
hidden."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from community.models import Profile
from exchanges import selectors as exchange_selectors
from exchanges import services as exchange_services
from exchanges.models import Category, Listing
from messaging import selectors as message_selectors
from messaging import services as message_services
from messaging.models import Message
from moderation import services, watchlist
from moderation.models import SEVERITY, Case, Report, WatchedWord
from moderation.services import Action
from neighbourhoods.models import JournalEntry, JournalIsAppendOnly, Membership
from neighbourhoods.permissions import NotAllowed
from notifications.models import Notification
from realtime import events
from tests.factories import MembershipFactory, ProfileFactory
from tests.world import MODERATORS, PERSONS, SEERS

REASON = "Publicité pour un commerce, contraire à la charte"
MODERATION = Notification.Kind.MODERATION


# Fixtures and helpers


@pytest.fixture
def join(neighbourhood):
    """join(role, where=..., **membership) -> a new member's user."""

    def make(role="resident", *, where=None, **values):
        return MembershipFactory(
            neighbourhood=where or neighbourhood, role=role, **values
        ).user

    return make


@pytest.fixture
def author(join):
    return join()


@pytest.fixture
def reporter(join):
    return join()


@pytest.fixture
def listing(author, neighbourhood):
    return publish(author, neighbourhood)


@pytest.fixture
def conversation(author, reporter, neighbourhood):
    return message_services.start_conversation(
        user=author, other=reporter, neighbourhood=neighbourhood
    )


@pytest.fixture
def message(author, conversation):
    return say(author, conversation, "Achetez mes bijoux, prix cassés !")


@pytest.fixture
def target(request, listing, message, author, neighbourhood):
    """What a parametrized test reports: the author's listing, message or
    profile, as keyword arguments of services.report."""
    return {
        "listing": {"listing": listing},
        "message": {"message": message},
        "profile": {"person": author, "neighbourhood": neighbourhood},
    }[request.param]


@pytest.fixture
def sent(monkeypatch):
    """What goes out on the channel layer, as (group, payload) pairs."""
    out = []
    monkeypatch.setattr(
        events, "send_now", lambda group, payload: out.append((group, payload))
    )
    return out


def publish(author, neighbourhood, *, title="Vélo d'enfant à donner", tags=None):
    return exchange_services.create_listing(
        author=author,
        neighbourhood=neighbourhood,
        kind=Listing.Kind.OFFER,
        title=title,
        category=Category.objects.get(neighbourhood=None, key="digital"),
        description="En bon état, à venir chercher.",
        tags=tags or [],
    )


def say(user, conversation, text):
    return message_services.send_message(
        user=user, conversation=conversation, text=text, client_id=uuid.uuid4()
    )


def decide(moderator, case, action, reason=REASON, days=None):
    return services.decide(
        moderator=moderator, case=case, action=action, reason=reason, days=days
    )


def latest_page(conversation, reader=None):
    """The messages of the conversation's latest page, as `reader` is shown
    them."""
    page, _older = message_selectors.messages_page(
        conversation=conversation, reader=reader
    )
    return page


def moderation_news(user):
    return list(Notification.objects.filter(user=user, kind=MODERATION).order_by("pk"))


def membership(user, neighbourhood):
    return Membership.objects.get(user=user, neighbourhood=neighbourhood)


def is_hidden(case):
    if case.target == Case.Target.LISTING:
        return Listing.objects.get(pk=case.listing_id).hidden
    if case.target == Case.Target.MESSAGE:
        return Message.objects.get(pk=case.message_id).hidden
    return Profile.objects.get(user=case.person).portrait_hidden


# Reports


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("listing", Case.Target.LISTING),
        ("message", Case.Target.MESSAGE),
        ("profile", Case.Target.PROFILE),
    ],
    indirect=["target"],
)
def test_a_report_opens_a_case_about_the_person_concerned(
    target, kind, reporter, author, neighbourhood, listing, message
):
    made = services.report(
        reporter=reporter,
        reason=Case.Reason.HARASSMENT,
        text="  Il insiste lourdement.  ",
        **target,
    )

    case = Case.objects.get()
    assert made.case == case
    assert made.reporter == reporter
    assert made.reason == Case.Reason.HARASSMENT
    assert made.text == "Il insiste lourdement."
    assert case.target == kind
    assert case.neighbourhood == neighbourhood
    assert case.person == author
    assert case.listing == (listing if kind == Case.Target.LISTING else None)
    assert case.message == (message if kind == Case.Target.MESSAGE else None)
    assert case.status == Case.Status.OPEN
    assert case.severity == SEVERITY[Case.Reason.HARASSMENT] == 3
    assert case.held is False
    assert case.closed_at is None
    assert case.decision == ""
    assert not JournalEntry.objects.exists()


def test_several_members_reporting_a_listing_make_one_case_of_the_most_serious_reason(
    listing, join
):
    first, second, third, fourth = join(), join(), join(), join()

    services.report(reporter=first, reason=Case.Reason.SPAM, listing=listing)
    assert Case.objects.get().severity == 1
    services.report(reporter=second, reason=Case.Reason.HARASSMENT, listing=listing)
    assert Case.objects.get().severity == 3
    services.report(reporter=third, reason=Case.Reason.OTHER, listing=listing)
    assert Case.objects.get().severity == 3
    services.report(reporter=fourth, reason=Case.Reason.SAFETY, listing=listing)

    case = Case.objects.get()
    assert case.severity == 4
    assert list(case.reports.values_list("reporter", flat=True)) == [
        first.pk,
        second.pk,
        third.pk,
        fourth.pk,
    ]


def test_several_members_reporting_a_profile_make_one_case(author, neighbourhood, join):
    first, second = join(), join()

    services.report(
        reporter=first,
        reason=Case.Reason.INAPPROPRIATE,
        person=author,
        neighbourhood=neighbourhood,
    )
    services.report(
        reporter=second,
        reason=Case.Reason.SPAM,
        person=author,
        neighbourhood=neighbourhood,
    )

    case = Case.objects.get()
    assert case.target == Case.Target.PROFILE
    assert case.severity == 2
    assert case.reports.count() == 2


@pytest.mark.parametrize("target", ["listing", "message", "profile"], indirect=True)
def test_reporting_the_same_thing_twice_is_refused_and_adds_nothing(
    target, reporter, refused
):
    services.report(reporter=reporter, reason=Case.Reason.SPAM, **target)
    with refused(ValidationError, code="already_reported"):
        services.report(reporter=reporter, reason=Case.Reason.SAFETY, **target)
    assert Case.objects.get().severity == 1


@pytest.mark.parametrize("target", ["listing", "message", "profile"], indirect=True)
def test_one_cannot_report_ones_own_content(target, author, refused):
    with refused(ValidationError, code="own_content"):
        services.report(reporter=author, reason=Case.Reason.SPAM, **target)


@pytest.mark.parametrize("reason", ["", "watchlist", "scam", None])
def test_a_report_needs_a_reason_members_may_give(reason, reporter, listing, refused):
    with refused(ValidationError, fields=["reason"]):
        services.report(reporter=reporter, reason=reason, listing=listing)


def test_a_report_text_is_at_most_1000_characters(reporter, listing, join, refused):
    with refused(ValidationError, fields=["text"]):
        services.report(
            reporter=reporter,
            reason=Case.Reason.OTHER,
            text="x" * 1001,
            listing=listing,
        )
    made = services.report(
        reporter=join(),
        reason=Case.Reason.OTHER,
        text="  " + "x" * 1000 + "  ",
        listing=listing,
    )
    assert made.text == "x" * 1000


def test_a_report_must_say_what_it_is_about(reporter, neighbourhood):
    with pytest.raises(ValidationError) as caught:
        services.report(
            reporter=reporter, reason=Case.Reason.SPAM, neighbourhood=neighbourhood
        )

    assert caught.value.code == "no_target"
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "situation",
    [
        "listing, reporter of another neighbourhood",
        "profile, reporter of another neighbourhood",
        "profile, person of another neighbourhood",
        "message, member outside the conversation",
        "message, moderator outside the conversation",
        "listing, reporter banned",
        "listing, reporter whose request is pending",
    ],
)
def test_who_cannot_see_something_cannot_report_it(
    situation,
    listing,
    message,
    author,
    neighbourhood,
    elsewhere,
    join,
    make_person,
    refused,
):
    outsider = join(where=elsewhere)
    member, moderator = join(), join("moderator")
    banned, pending = make_person("banned"), make_person("pending")
    calls = {
        "listing, reporter of another neighbourhood": lambda: services.report(
            reporter=outsider, reason=Case.Reason.SPAM, listing=listing
        ),
        "profile, reporter of another neighbourhood": lambda: services.report(
            reporter=outsider,
            reason=Case.Reason.SPAM,
            person=author,
            neighbourhood=neighbourhood,
        ),
        "profile, person of another neighbourhood": lambda: services.report(
            reporter=member,
            reason=Case.Reason.SPAM,
            person=outsider,
            neighbourhood=neighbourhood,
        ),
        "message, member outside the conversation": lambda: services.report(
            reporter=member, reason=Case.Reason.SPAM, message=message
        ),
        "message, moderator outside the conversation": lambda: services.report(
            reporter=moderator, reason=Case.Reason.SPAM, message=message
        ),
        "listing, reporter banned": lambda: services.report(
            reporter=banned, reason=Case.Reason.SPAM, listing=listing
        ),
        "listing, reporter whose request is pending": lambda: services.report(
            reporter=pending, reason=Case.Reason.SPAM, listing=listing
        ),
    }
    with refused(NotAllowed):
        calls[situation]()
    assert not Case.objects.exists()
    assert not Report.objects.exists()


@pytest.mark.parametrize("person", [p for p in PERSONS if p not in SEERS])
@pytest.mark.parametrize("target", ["listing", "profile"], indirect=True)
def test_who_cannot_see_the_neighbourhood_cannot_report_in_it(
    target, person, make_person, refused
):
    reporter = make_person(person)
    with refused(NotAllowed):
        services.report(reporter=reporter, reason=Case.Reason.SPAM, **target)


@pytest.mark.parametrize("target", ["listing", "message", "profile"], indirect=True)
def test_the_reporter_is_thanked_and_the_person_concerned_is_not_told_yet(
    target, reporter, author, neighbourhood
):
    made = services.report(reporter=reporter, reason=Case.Reason.SPAM, **target)

    [thanks] = moderation_news(reporter)
    assert thanks.key == f"report:{made.pk}"
    assert neighbourhood.name in thanks.text
    assert thanks.read_at is None
    assert moderation_news(author) == []


# Decisions: who may decide, with what


@pytest.fixture
def listing_case(listing, reporter):
    return services.report(
        reporter=reporter, reason=Case.Reason.SPAM, text="De la pub", listing=listing
    ).case


@pytest.fixture
def case(request, listing, message, author, neighbourhood, reporter):
    """A case opened by the reporter about the author's listing, message or
    profile (parametrized indirectly by target name)."""
    what = {
        "listing": {"listing": listing},
        "message": {"message": message},
        "profile": {"person": author, "neighbourhood": neighbourhood},
    }[getattr(request, "param", "listing")]
    return services.report(reporter=reporter, reason=Case.Reason.SPAM, **what).case


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_decision_needs_a_reason_and_changes_nothing_without_one(
    reason, listing_case, moderator, refused
):
    with refused(ValidationError, fields=["reason"]):
        decide(moderator, listing_case, Action.HIDE, reason=reason)
    assert not JournalEntry.objects.exists()


def test_a_decision_reason_is_at_most_500_characters(listing_case, moderator, refused):
    with refused(ValidationError, fields=["reason"]):
        decide(moderator, listing_case, Action.WARN, reason="x" * 501)
    decide(moderator, listing_case, Action.WARN, reason="x" * 500)
    assert JournalEntry.objects.get().details == "x" * 500


# Beyond the persons of the world, a moderator and a coordinator of the
# neighbourhood who may not act at the moment.
NOT_DECIDING = [
    *(person for person in PERSONS if person not in MODERATORS),
    "suspended_moderator",
    "banned_coordinator",
]


@pytest.mark.parametrize("who", NOT_DECIDING)
def test_only_the_neighbourhood_s_moderators_decide(
    who, listing_case, join, make_person, refused
):
    if who == "suspended_moderator":
        person = join(
            "moderator",
            status="suspended",
            suspended_until=timezone.now() + datetime.timedelta(days=3),
        )
    elif who == "banned_coordinator":
        person = join("coordinator", status="banned")
    else:
        person = make_person(who)
    for action in (Action.DISMISS, Action.HIDE, Action.WARN, Action.BAN):
        with refused(NotAllowed):
            decide(person, listing_case, action)


# Decisions: the effect of each action


def test_dismiss_closes_the_case_and_leaves_the_content(
    listing_case, moderator, listing, author, neighbourhood
):
    decided = decide(moderator, listing_case, Action.DISMISS)

    case = Case.objects.get(pk=listing_case.pk)
    assert decided == case
    assert case.status == Case.Status.CLOSED
    assert case.decision == Case.Decision.DISMISSED
    assert case.decision_reason == REASON
    assert case.decided_by == moderator
    assert case.closed_at is not None
    listing.refresh_from_db()
    assert listing.hidden is False
    assert membership(author, neighbourhood).status == Membership.Status.ACTIVE


@pytest.mark.parametrize("case", ["listing", "message", "profile"], indirect=True)
def test_hide_hides_the_content_and_unhide_shows_it_again(case, moderator, join):
    assert is_hidden(case) is False

    decide(moderator, case, Action.HIDE)

    assert is_hidden(case) is True
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.decision == Case.Decision.HIDDEN
    assert services.actions_possible(case) == [
        Action.UNHIDE,
        Action.WARN,
        Action.SUSPEND,
        Action.BAN,
    ]

    another = join("coordinator")
    decide(another, case, Action.UNHIDE, reason="Erreur de lecture, rien à redire")

    assert is_hidden(case) is False
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.decision == Case.Decision.RELEASED
    assert case.decided_by == another
    assert case.decision_reason == "Erreur de lecture, rien à redire"
    assert list(case.journal.order_by("pk").values_list("action", flat=True)) == [
        JournalEntry.Action.CONTENT_HIDDEN,
        JournalEntry.Action.CONTENT_SHOWN,
    ]


@pytest.mark.parametrize("case", ["message"], indirect=True)
def test_hiding_a_message_keeps_it_out_of_the_held_state(case, message, moderator):
    decide(moderator, case, Action.HIDE)

    message.refresh_from_db()
    assert (message.hidden, message.held) == (True, False)


def test_warn_changes_nothing_but_the_case(
    listing_case, moderator, author, neighbourhood, snapshot
):
    before = snapshot()

    decide(moderator, listing_case, Action.WARN)

    case = Case.objects.get()
    assert case.decision == Case.Decision.WARNED
    assert case.status == Case.Status.CLOSED
    assert is_hidden(case) is False
    after = snapshot()
    assert after["neighbourhoods.Membership"] == before["neighbourhoods.Membership"]
    assert after["exchanges.Listing"] == before["exchanges.Listing"]
    [told] = moderation_news(author)
    assert REASON in told.text


@pytest.mark.parametrize("days", [1, 7, 365, "30"])
def test_suspend_for_a_number_of_days(
    days, listing_case, moderator, author, neighbourhood
):
    start = timezone.now()

    decide(moderator, listing_case, Action.SUSPEND, days=days)

    held = membership(author, neighbourhood)
    assert held.status == Membership.Status.SUSPENDED
    expected = start + datetime.timedelta(days=int(days))
    assert expected <= held.suspended_until <= expected + datetime.timedelta(minutes=1)
    assert held.status_reason == REASON
    # Who let the member in stays recorded; who suspended is in the journal.
    assert held.decided_by is None
    assert JournalEntry.objects.get(action="member_suspended").actor == moderator
    case = Case.objects.get()
    assert case.decision == Case.Decision.SUSPENDED
    entry = JournalEntry.objects.get()
    assert entry.action == JournalEntry.Action.MEMBER_SUSPENDED
    assert REASON in entry.details
    assert str(int(days)) in entry.details


@pytest.mark.parametrize("days", [None, 0, -3, 366, 400, "", "deux"])
def test_a_suspension_needs_between_1_and_365_days(
    days, listing_case, moderator, refused
):
    with refused(ValidationError, fields=["days"]):
        decide(moderator, listing_case, Action.SUSPEND, days=days)


def test_a_refused_number_of_days_says_so_by_its_code(listing_case, moderator):
    with pytest.raises(ValidationError) as caught:
        decide(moderator, listing_case, Action.SUSPEND, days=0)

    assert [error.code for error in caught.value.error_dict["days"]] == ["days"]


def test_ban(listing_case, moderator, author, neighbourhood):
    decide(moderator, listing_case, Action.BAN, days=12)

    banned = membership(author, neighbourhood)
    assert banned.status == Membership.Status.BANNED
    assert banned.suspended_until is None
    assert banned.status_reason == REASON
    assert Case.objects.get().decision == Case.Decision.BANNED
    entry = JournalEntry.objects.get()
    assert entry.action == JournalEntry.Action.MEMBER_BANNED
    assert entry.details == REASON


@pytest.mark.parametrize(
    ("sanction", "days"), [(Action.SUSPEND, 10), (Action.BAN, None)]
)
def test_lift_gives_the_membership_back(
    sanction, days, listing_case, moderator, author, neighbourhood
):
    decide(moderator, listing_case, sanction, days=days)
    assert Action.LIFT in services.actions_possible(Case.objects.get())

    decide(moderator, listing_case, Action.LIFT, reason="Excuses présentées")

    back = membership(author, neighbourhood)
    assert back.status == Membership.Status.ACTIVE
    assert back.suspended_until is None
    assert back.status_reason == "Excuses présentées"
    entries = list(JournalEntry.objects.order_by("pk"))
    assert [entry.action for entry in entries][
        -1
    ] == JournalEntry.Action.SANCTION_LIFTED
    assert entries[-1].details == "Excuses présentées"
    assert services.actions_possible(Case.objects.get()) == [
        Action.HIDE,
        Action.WARN,
        Action.SUSPEND,
        Action.BAN,
    ]


# Decisions: who is told, what is journaled


def test_the_first_decision_closes_the_case_and_tells_each_reporter_once(
    listing, join, moderator, author
):
    reporters = [join(), join(), join()]
    for person in reporters:
        case = services.report(
            reporter=person, reason=Case.Reason.SPAM, listing=listing
        ).case

    decide(moderator, case, Action.HIDE)

    case.refresh_from_db()
    closed_at = case.closed_at
    assert case.status == Case.Status.CLOSED
    assert closed_at is not None
    for person in reporters:
        thanks, outcome = moderation_news(person)
        assert thanks.key.startswith("report:")
        assert outcome.key == f"case:{case.pk}:outcome"
        assert REASON not in outcome.text
        assert listing.title not in outcome.text
        assert outcome.url == ""

    decide(moderator, case, Action.WARN, reason="Deuxième rappel à la charte")

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.closed_at == closed_at
    assert case.decision == Case.Decision.WARNED
    for person in reporters:
        assert len(moderation_news(person)) == 2
    assert len(moderation_news(author)) == 2
    assert case.journal.count() == 2


def test_reporters_hear_whether_something_was_done_but_not_what(
    neighbourhood, join, moderator
):
    texts = {}
    for action in (Action.DISMISS, Action.HIDE):
        person = join()
        listing = publish(join(), neighbourhood, title=f"Annonce {action}")
        case = services.report(
            reporter=person, reason=Case.Reason.SPAM, listing=listing
        ).case
        decide(moderator, case, action)
        texts[action] = moderation_news(person)[-1].text

    assert texts[Action.DISMISS] != texts[Action.HIDE]
    for text in texts.values():
        assert neighbourhood.name in text
        assert REASON not in text


@pytest.mark.parametrize(
    ("action", "days"),
    [
        (Action.DISMISS, None),
        (Action.HIDE, None),
        (Action.WARN, None),
        (Action.SUSPEND, 5),
        (Action.BAN, None),
    ],
)
@pytest.mark.parametrize("case", ["listing", "message", "profile"], indirect=True)
def test_each_decision_is_told_to_the_person_and_journaled_once(
    action, days, case, moderator, author, reporter, neighbourhood
):
    decide(moderator, case, action, days=days)

    [told] = moderation_news(author)
    assert REASON in told.text
    assert told.url == reverse("charter_accept", kwargs={"slug": neighbourhood.slug})
    assert told.read_at is None
    [entry] = JournalEntry.objects.all()
    assert entry.neighbourhood == neighbourhood
    assert entry.actor == moderator
    assert entry.subject == author
    assert entry.case == case
    assert (
        entry.action
        == {
            Action.DISMISS: JournalEntry.Action.CASE_DISMISSED,
            Action.HIDE: JournalEntry.Action.CONTENT_HIDDEN,
            Action.WARN: JournalEntry.Action.MEMBER_WARNED,
            Action.SUSPEND: JournalEntry.Action.MEMBER_SUSPENDED,
            Action.BAN: JournalEntry.Action.MEMBER_BANNED,
        }[action]
    )
    assert REASON in entry.details
    assert len(moderation_news(reporter)) == 2


@pytest.mark.parametrize("action", [Action.DISMISS, Action.HIDE, Action.WARN])
def test_a_moderator_cannot_decide_on_a_case_about_themselves(
    action, moderator, reporter, neighbourhood, join, refused
):
    listing = publish(moderator, neighbourhood)
    case = services.report(
        reporter=reporter, reason=Case.Reason.SPAM, listing=listing
    ).case
    with refused(NotAllowed):
        decide(moderator, case, action)
    decide(join("moderator"), case, action)
    assert Case.objects.get().status == Case.Status.CLOSED


@pytest.mark.parametrize(("action", "days"), [(Action.SUSPEND, 3), (Action.BAN, None)])
@pytest.mark.parametrize("role", ["moderator", "coordinator"])
def test_only_a_coordinator_sanctions_a_moderator_or_coordinator(
    action, days, role, join, reporter, neighbourhood, moderator, refused
):
    staff = join(role)
    join("coordinator")  # never the last coordinator banned
    case = services.report(
        reporter=reporter,
        reason=Case.Reason.HARASSMENT,
        person=staff,
        neighbourhood=neighbourhood,
    ).case
    with refused(NotAllowed):
        decide(moderator, case, action, days=days)
    decide(join("coordinator"), case, action, days=days)
    assert (
        membership(staff, neighbourhood).status
        == {
            Action.SUSPEND: Membership.Status.SUSPENDED,
            Action.BAN: Membership.Status.BANNED,
        }[action]
    )


@pytest.mark.parametrize(
    ("situation", "action"),
    [
        ("open", Action.UNHIDE),
        ("open", Action.LIFT),
        ("open", Action.RELEASE),
        ("open", "delete"),
        ("hidden", Action.HIDE),
        ("hidden", Action.DISMISS),
        ("hidden", Action.RELEASE),
        ("suspended", Action.SUSPEND),
        ("suspended", Action.BAN),
        ("banned", Action.BAN),
        ("banned", Action.SUSPEND),
        ("warned", Action.LIFT),
    ],
)
def test_an_action_not_possible_now_is_refused(
    situation, action, listing_case, moderator, refused
):
    first = {
        "open": None,
        "hidden": (Action.HIDE, None),
        "suspended": (Action.SUSPEND, 4),
        "banned": (Action.BAN, None),
        "warned": (Action.WARN, None),
    }[situation]
    if first:
        decide(moderator, listing_case, first[0], days=first[1])
    with refused(ValidationError, code="not_possible"):
        decide(moderator, listing_case, action, days=2)


def test_an_open_reported_case_offers_dismissal_hiding_and_sanctions(listing_case):
    assert services.actions_possible(listing_case) == [
        Action.DISMISS,
        Action.HIDE,
        Action.WARN,
        Action.SUSPEND,
        Action.BAN,
    ]


# The journal only grows


@pytest.mark.parametrize(
    "attempt",
    [
        lambda entry: (setattr(entry, "details", "effacé"), entry.save()),
        lambda entry: entry.save(update_fields=["details"]),
        lambda entry: entry.delete(),
        lambda entry: JournalEntry.objects.filter(pk=entry.pk).update(details="x"),
        lambda entry: JournalEntry.objects.all().update(actor=None),
        lambda entry: JournalEntry.objects.filter(pk=entry.pk).delete(),
        lambda entry: JournalEntry.objects.all().delete(),
        lambda entry: JournalEntry.objects.bulk_update([entry], ["details"]),
    ],
    ids=[
        "save",
        "save-update-fields",
        "delete",
        "update",
        "update-all",
        "queryset-delete",
        "delete-all",
        "bulk-update",
    ],
)
def test_journal_entries_cannot_be_changed_nor_deleted(
    attempt, listing_case, moderator
):
    decide(moderator, listing_case, Action.HIDE)
    decide(moderator, listing_case, Action.WARN)
    rows = list(JournalEntry.objects.order_by("pk").values())
    entry = JournalEntry.objects.order_by("pk").first()

    # In a savepoint of its own: bulk_update opens an atomic block that would
    # otherwise leave the test's transaction unusable.
    with pytest.raises(JournalIsAppendOnly), transaction.atomic():
        attempt(entry)

    assert list(JournalEntry.objects.order_by("pk").values()) == rows
    assert len(rows) == 2


# The watch list


def test_a_coordinator_sets_the_watch_list_one_word_a_line(coordinator, neighbourhood):
    words = services.set_watch_list(
        coordinator=coordinator,
        neighbourhood=neighbourhood,
        words="Arnaque\n  argent    FACILE  \n\narnaque\r\nCrédit  \n ARNAQUE",
    )

    assert words == ["argent facile", "arnaque", "crédit"]
    assert sorted(
        WatchedWord.objects.filter(neighbourhood=neighbourhood).values_list(
            "word", flat=True
        )
    ) == ["argent facile", "arnaque", "crédit"]
    [entry] = JournalEntry.objects.all()
    assert entry.action == JournalEntry.Action.WATCHLIST_CHANGED
    assert entry.actor == coordinator
    assert entry.neighbourhood == neighbourhood
    assert "3" in entry.details


def test_a_watch_list_set_again_unchanged_is_not_journaled(coordinator, neighbourhood):
    services.set_watch_list(
        coordinator=coordinator, neighbourhood=neighbourhood, words="arnaque\ncrédit"
    )
    rows = list(WatchedWord.objects.order_by("pk").values())

    services.set_watch_list(
        coordinator=coordinator,
        neighbourhood=neighbourhood,
        words=" CRÉDIT \nArnaque\n",
    )

    assert list(WatchedWord.objects.order_by("pk").values()) == rows
    assert JournalEntry.objects.count() == 1
    services.set_watch_list(
        coordinator=coordinator, neighbourhood=neighbourhood, words=""
    )
    assert not WatchedWord.objects.exists()
    assert JournalEntry.objects.count() == 2


@pytest.mark.parametrize(
    ("words", "fine"),
    [
        ("x" * 60, True),
        ("x" * 61, False),
        ("court\n" + "un " * 30, False),
        ("\n".join(f"mot{n}" for n in range(200)), True),
        ("\n".join(f"mot{n}" for n in range(201)), False),
        ("\n".join(["pareil"] * 300), True),
    ],
    ids=["60-chars", "61-chars", "long-expression", "200-words", "201-words", "dupes"],
)
def test_the_watch_list_has_limits(words, fine, coordinator, neighbourhood, refused):
    services.set_watch_list(
        coordinator=coordinator, neighbourhood=neighbourhood, words="avant"
    )
    if fine:
        services.set_watch_list(
            coordinator=coordinator, neighbourhood=neighbourhood, words=words
        )
        assert WatchedWord.objects.count() == len(set(words.splitlines()))
        return
    with refused(ValidationError, fields=["words"]):
        services.set_watch_list(
            coordinator=coordinator, neighbourhood=neighbourhood, words=words
        )


@pytest.mark.parametrize("person", [p for p in PERSONS if p != "coordinator"])
def test_only_the_neighbourhood_s_coordinators_edit_the_watch_list(
    person, make_person, neighbourhood, refused
):
    user = make_person(person)
    with refused(NotAllowed):
        services.set_watch_list(
            coordinator=user,
            neighbourhood=neighbourhood,
            words="arnaque",
        )


@pytest.fixture
def watched(coordinator, neighbourhood):
    services.set_watch_list(
        coordinator=coordinator,
        neighbourhood=neighbourhood,
        words="arnaque\nargent facile\ncrédit",
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("C'est une arnaque", ["arnaque"]),
        ("ARNAQUE !!!", ["arnaque"]),
        ("Attention : arnaqué", ["arnaque"]),
        ("L'ARNAQUÉ du siècle", ["arnaque"]),
        ("(arnaque)", ["arnaque"]),
        ("des arnaques partout", []),
        ("il veut arnaquer", []),
        ("contre-arnaque", ["arnaque"]),
        ("de l'argent facile, vite", ["argent facile"]),
        ("De l'Argent FACILE", ["argent facile"]),
        ("argent très facile", []),
        ("argentfacile", []),
        ("un petit credit", ["crédit"]),
        ("CRÉDIT", ["crédit"]),
        ("crédits", []),
        ("Bonjour, je peux aider samedi", []),
    ],
)
def test_watched_words_match_whole_words_whatever_the_case_and_accents(
    text, found, watched, neighbourhood
):
    assert sorted(watchlist.matches(neighbourhood=neighbourhood, text=text)) == found


@pytest.mark.parametrize("text", ["de l'argent  facile", "de l'argent\nfacile"])
def test_a_watched_expression_matches_whatever_the_spaces_between_its_words(
    text, watched, neighbourhood
):
    assert watchlist.matches(neighbourhood=neighbourhood, text=text) == [
        "argent facile"
    ]


def test_words_of_another_neighbourhood_do_not_hold(join, elsewhere, neighbourhood):
    services.set_watch_list(
        coordinator=join("coordinator", where=elsewhere),
        neighbourhood=elsewhere,
        words="arnaque",
    )
    one, other = join(), join()
    conversation = message_services.start_conversation(
        user=one, other=other, neighbourhood=neighbourhood
    )

    sent_message = say(one, conversation, "une arnaque ?")

    assert (sent_message.held, sent_message.hidden) == (False, False)
    assert not Case.objects.exists()


@pytest.fixture
def held_message(watched, author, reporter, conversation):
    say(reporter, conversation, "Bonjour")
    return say(author, conversation, "Une affaire, pas une ARNAQUÉ, promis")


def test_a_message_with_a_watched_word_is_held_and_shown_only_to_its_author(
    watched,
    author,
    reporter,
    conversation,
    neighbourhood,
    sent,
    django_capture_on_commit_callbacks,
):
    say(reporter, conversation, "Bonjour")
    notified = Notification.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        message = say(author, conversation, "Une affaire, pas une ARNAQUÉ, promis")

    message.refresh_from_db()
    assert (message.held, message.hidden) == (True, True)
    case = Case.objects.get()
    assert case.held is True
    assert case.status == Case.Status.OPEN
    assert case.target == Case.Target.MESSAGE
    assert case.message == message
    assert case.person == author
    assert case.neighbourhood == neighbourhood
    assert case.severity == SEVERITY[Case.Reason.WATCHLIST]
    assert not case.reports.exists()
    assert message in latest_page(conversation, author)
    assert message in message_selectors.messages_after(
        conversation=conversation, after=0, reader=author
    )
    assert message not in latest_page(conversation, reporter)
    assert message not in message_selectors.messages_after(
        conversation=conversation, after=0, reader=reporter
    )
    assert message not in latest_page(conversation)
    seen = message_selectors.conversations_of(user=reporter).get(pk=conversation.pk)
    assert seen.last_text == "Bonjour"
    assert seen.unread == 0
    assert message_selectors.unread_messages_count(user=reporter) == 0
    assert Notification.objects.count() == notified
    assert sent == []
    assert services.actions_possible(case)[0] == Action.RELEASE
    assert Action.DISMISS not in services.actions_possible(case)
    assert Action.UNHIDE not in services.actions_possible(case)


def test_a_held_message_cannot_be_reported_by_the_other_side(held_message, reporter):
    with pytest.raises(NotAllowed):
        services.report(
            reporter=reporter, reason=Case.Reason.SPAM, message=held_message
        )

    assert Case.objects.get().reports.count() == 0


def test_a_released_message_is_shown_to_the_other_side_and_announced(
    held_message,
    author,
    reporter,
    moderator,
    conversation,
    sent,
    django_capture_on_commit_callbacks,
):
    case = Case.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        decide(moderator, case, Action.RELEASE, reason="Rien de malhonnête ici")

    held_message.refresh_from_db()
    assert (held_message.held, held_message.hidden) == (False, False)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.decision == Case.Decision.RELEASED
    assert held_message in latest_page(conversation, reporter)
    seen = message_selectors.conversations_of(user=reporter).get(pk=conversation.pk)
    assert seen.last_text == held_message.text
    [news] = Notification.objects.filter(
        user=reporter, kind=Notification.Kind.MESSAGE, key=f"message:{held_message.pk}"
    )
    assert news.url == conversation.get_absolute_url()
    group = events.conversation_group(conversation.pk)
    new = [payload for to, payload in sent if to == group]
    assert [payload["type"] for payload in new] == ["message.new"]
    assert new[0]["id"] == held_message.pk
    [told] = moderation_news(author)
    assert "Rien de malhonnête ici" in told.text
    assert case.journal.get().action == JournalEntry.Action.CONTENT_SHOWN


def test_hiding_a_held_message_keeps_it_hidden_from_both_sides(
    held_message, author, reporter, moderator, conversation
):
    case = Case.objects.get()
    assert Action.HIDE in services.actions_possible(case)

    decide(moderator, case, Action.HIDE)

    held_message.refresh_from_db()
    assert (held_message.hidden, held_message.held) == (True, False)
    for reader in (author, reporter):
        assert held_message not in latest_page(conversation, reader)
    assert Case.objects.get().decision == Case.Decision.HIDDEN


# What is hidden stays hidden


def test_a_hidden_message_is_gone_from_both_sides_of_the_conversation(
    author,
    reporter,
    moderator,
    conversation,
    sent,
    django_capture_on_commit_callbacks,
):
    say(author, conversation, "Bonjour")
    bad = say(author, conversation, "Espèce d'idiot")
    case = services.report(
        reporter=reporter, reason=Case.Reason.HARASSMENT, message=bad
    ).case
    assert message_selectors.unread_messages_count(user=reporter) == 2
    sent.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(moderator, case, Action.HIDE)

    for reader in (reporter, author):
        assert [m.text for m in latest_page(conversation, reader)] == ["Bonjour"]
        after = message_selectors.messages_after(
            conversation=conversation, after=0, reader=reader
        )
        assert [m.text for m in after] == ["Bonjour"]
        seen = message_selectors.conversations_of(user=reader).get(pk=conversation.pk)
        assert seen.last_text == "Bonjour"
    assert message_selectors.unread_messages_count(user=reporter) == 1
    group = events.conversation_group(conversation.pk)
    assert [payload for to, payload in sent if to == group] == [
        {"type": "message.hidden", "conversation": conversation.pk, "id": bad.pk}
    ]


def test_a_hidden_listing_is_gone_from_lists_search_and_suggestions(
    neighbourhood, author, reporter, moderator
):
    gardener = ProfileFactory(interests=["jardinage"]).user
    MembershipFactory(user=gardener, neighbourhood=neighbourhood)
    listing = publish(
        author, neighbourhood, title="Graines de tomates", tags=["jardinage"]
    )
    kept = publish(author, neighbourhood, title="Plants de salade", tags=["jardinage"])

    def suggested():
        return [item for item, _fit in exchange_selectors.for_you(user=gardener)]

    assert listing in exchange_selectors.search_listings(user=gardener)
    assert listing in suggested()
    case = services.report(
        reporter=reporter, reason=Case.Reason.SPAM, listing=listing
    ).case

    decide(moderator, case, Action.HIDE)

    for person in (gardener, reporter, moderator):
        assert listing not in exchange_selectors.listings_visible_to(user=person)
        assert listing not in exchange_selectors.search_listings(user=person)
        assert kept in exchange_selectors.search_listings(user=person)
        assert listing not in exchange_selectors.search_listings(
            user=person, text="tomates"
        )
    assert listing not in suggested()
    assert kept in suggested()
    # Its author still finds it among their own, to see what happened to it.
    assert listing in exchange_selectors.listings_visible_to(user=author)
    with pytest.raises(NotAllowed):
        services.report(reporter=gardener, reason=Case.Reason.SPAM, listing=listing)
