import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.models import Block, Profile, User
from devtools.demo.people import DEMO_PASSWORD, PERSONAS, demo_email
from exchanges.models import Listing, Response
from indicators.forms import default_period
from indicators.selectors import figures
from messaging.models import Conversation, Message
from moderation.models import Case, WatchedWord
from neighbourhoods import permissions
from neighbourhoods.models import JournalEntry, Membership, Neighbourhood, Organisation

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


def cases_snapshot():
    return [
        (
            case.neighbourhood.slug,
            case.target,
            case.status,
            case.held,
            case.decision,
            case.decision_reason,
            case.person.profile.pseudonym,
            case.listing.title if case.listing else "",
            case.message.text if case.message else "",
            tuple(
                (report.reporter.profile.pseudonym, report.reason, report.text)
                for report in case.reports.all()
            ),
        )
        for case in Case.objects.select_related(
            "neighbourhood", "person__profile", "listing", "message"
        )
        .prefetch_related("reports__reporter__profile")
        .order_by("pk")
    ]


def moderation_counts():
    return (
        Case.objects.count(),
        sum(len(case[-1]) for case in cases_snapshot()),
        WatchedWord.objects.count(),
        Block.objects.count(),
        Membership.objects.filter(status=Membership.Status.SUSPENDED).count(),
        Listing.objects.count(),
        Response.objects.count(),
    )


def persona(login):
    return User.objects.get(email=demo_email(login))


def test_seed_demo_creates_the_centre_its_neighbourhoods_and_forty_people(capsys):
    call_command("seed_demo")
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Centre social des Tilleuls",
        "Maison de quartier de Vaise",
    ]
    assert Neighbourhood.objects.count() == 3
    # Forty people of the Tilleuls; the operator and three people of Vaise.
    assert User.objects.count() == 44
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
    cases = cases_snapshot()
    counts = moderation_counts()
    call_command("seed_demo")
    assert User.objects.count() == 44
    assert Neighbourhood.objects.count() == 3
    assert snapshot() == first
    assert conversations_snapshot() == conversations
    assert JournalEntry.objects.count() == journal
    assert cases_snapshot() == cases
    assert moderation_counts() == counts


def test_seed_demo_is_the_same_with_the_same_seed(django_db_blocker):
    call_command("seed_demo", seed=7)
    first = snapshot()
    conversations = conversations_snapshot()
    cases = cases_snapshot()
    User.objects.all().delete()
    call_command("seed_demo", seed=7)
    assert snapshot() == first
    assert conversations_snapshot() == conversations
    assert cases_snapshot() == cases


def test_seed_demo_gives_conversations_with_history():
    call_command("seed_demo")
    now = timezone.now()
    # The short conversations of the moderation stories (a reported or held
    # message) are about their case, not a history.
    direct = Conversation.objects.filter(kind=Conversation.Kind.DIRECT).exclude(
        messages__cases__isnull=False
    )
    about_listings = direct.filter(listing__isnull=False)
    from_profiles = direct.filter(listing__isnull=True)
    assert about_listings.count() >= 3
    assert from_profiles.count() >= 3
    for conversation in direct:
        messages = list(conversation.messages.order_by("pk"))
        assert len(messages) >= 2
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
    # The Tilleuls' neighbourhoods have months of history; Vaise just opened.
    for neighbourhood in Neighbourhood.objects.filter(
        organisation__name="Centre social des Tilleuls"
    ):
        room = Conversation.objects.get(
            kind=Conversation.Kind.STAFF, neighbourhood=neighbourhood
        )
        assert room.messages.count() >= 3


def test_seed_demo_gives_the_moderators_open_and_decided_cases():
    call_command("seed_demo")
    now = timezone.now()
    tilleuls = Neighbourhood.objects.get(slug="tilleuls")
    open_cases = Case.objects.filter(neighbourhood=tilleuls, status=Case.Status.OPEN)
    closed = Case.objects.filter(status=Case.Status.CLOSED)
    assert 3 <= open_cases.count() <= 4
    assert {case.target for case in open_cases} == {"listing", "message", "profile"}
    assert max(case.reports.count() for case in open_cases) >= 2
    assert 4 <= closed.count() <= 6
    assert {"dismissed", "warned", "suspended", "released"} <= set(
        closed.values_list("decision", flat=True)
    )
    # Decided over the past months, each with its reason, by a moderator.
    assert all(case.decision_reason and case.decided_by for case in closed)
    assert min(case.opened_at for case in closed) < now - datetime.timedelta(days=90)
    for case in Case.objects.all():
        assert case.opened_at < now
        assert case.closed_at is None or case.opened_at <= case.closed_at < now
        for report in case.reports.all():
            assert report.created_at >= case.opened_at
    # A ban, lifted later: the member is back.
    lifted = JournalEntry.objects.get(action=JournalEntry.Action.SANCTION_LIFTED)
    assert lifted.case.journal.filter(action=JournalEntry.Action.MEMBER_BANNED).exists()
    assert (
        Membership.objects.get(
            user=lifted.subject, neighbourhood=lifted.neighbourhood
        ).status
        == Membership.Status.ACTIVE
    )


def test_seed_demo_holds_a_message_and_suspends_and_blocks_someone():
    call_command("seed_demo")
    tilleuls = Neighbourhood.objects.get(slug="tilleuls")
    assert {"arnaque", "virement", "argent facile"} <= set(
        WatchedWord.objects.filter(neighbourhood=tilleuls).values_list(
            "word", flat=True
        )
    )
    held = Case.objects.get(held=True, status=Case.Status.OPEN)
    assert held.message.held and held.message.hidden
    assert "argent facile" in held.message.text
    suspended = Membership.objects.get(status=Membership.Status.SUSPENDED)
    assert permissions.is_suspended(suspended)
    assert Case.objects.filter(
        person=suspended.user, decision=Case.Decision.SUSPENDED
    ).exists()
    # Fatima blocked the neighbour whose message she reported.
    block = Block.objects.get()
    assert block.blocker == persona("fatima")
    assert Case.objects.filter(
        person=block.blocked, reports__reporter=block.blocker, status="open"
    ).exists()


def test_the_demo_moderator_finds_open_cases_and_the_suspended_member(client):
    call_command("seed_demo")
    client.post(
        "/accounts/login/",
        {"login": demo_email("karim"), "password": DEMO_PASSWORD},
    )
    page = client.get(reverse("moderation_queue", kwargs={"slug": "tilleuls"}))
    assert page.status_code == 200
    assert len(page.context["open_cases"]) >= 3
    members = client.get(reverse("neighbourhood_members", kwargs={"slug": "tilleuls"}))
    suspended = Membership.objects.get(status=Membership.Status.SUSPENDED)
    assert suspended in members.context["members"]


def test_seed_demo_gives_the_dashboard_months_of_history():
    call_command("seed_demo")
    places = list(Neighbourhood.objects.all())
    figures_now = figures(neighbourhoods=places, period=default_period())
    weeks_with_newcomers = [week for week, count in figures_now.new_members if count]
    assert len(weeks_with_newcomers) >= 15
    assert weeks_with_newcomers[-1] - weeks_with_newcomers[0] >= datetime.timedelta(
        weeks=20
    )
    assert figures_now.exchanges_done >= 10
    assert figures_now.young_gave >= 1 and figures_now.senior_gave >= 1
    assert figures_now.first_response_median < datetime.timedelta(days=3)
    assert figures_now.cases_opened >= 8 and figures_now.cases_closed >= 4
    done_months = {
        response.responder_confirmed_at.strftime("%Y-%m")
        for response in Response.objects.filter(responder_confirmed_at__isnull=False)
    }
    assert len(done_months) >= 4


def test_seed_demo_gives_each_neighbourhood_a_season_of_workshops():
    from devtools.demo.seed import seed_demo
    from workshops.models import Event, Place, Registration, Workshop

    seed_demo()
    for neighbourhood in Neighbourhood.objects.filter(slug__in=("tilleuls", "moulin")):
        assert Place.objects.filter(neighbourhood=neighbourhood).exists()
        assert Event.objects.filter(neighbourhood=neighbourhood).count() == 3
        workshops = Workshop.objects.filter(neighbourhood=neighbourhood)
        assert workshops.filter(status="approved").count() == 6
        assert workshops.filter(status="proposed").count() == 1
        registrations = Registration.objects.filter(
            session__workshop__neighbourhood=neighbourhood
        )
        for state in ("attended", "no_show", "registered", "waiting"):
            assert registrations.filter(state=state).exists(), state
        w = figures(neighbourhoods=[neighbourhood], period=default_period()).workshops
        assert w.sessions_held > 20 and w.participant_hours > 0
        assert w.promoted > 0 and w.attendance_rate is not None
    before = Registration.objects.count()
    seed_demo()
    assert Registration.objects.count() == before


def test_seed_demo_places_listings_at_each_neighbourhoods_landmarks():
    from devtools.demo.seed import seed_demo
    from exchanges.models import Landmark

    seed_demo()
    for neighbourhood in Neighbourhood.objects.filter(slug__in=("tilleuls", "moulin")):
        landmarks = Landmark.objects.filter(neighbourhood=neighbourhood)
        assert landmarks.count() >= 2
        assert all(landmark.on_map for landmark in landmarks)
        assert Listing.objects.filter(
            neighbourhood=neighbourhood, status="open", landmark__in=landmarks
        ).exists()
    before = Landmark.objects.count()
    seed_demo()
    assert Landmark.objects.count() == before


def test_the_second_organisation_is_set_up_through_the_site():
    call_command("seed_demo")
    vaise = Neighbourhood.objects.get(slug="vaise")
    organisation = vaise.organisation
    assert organisation.name == "Maison de quartier de Vaise"
    assert organisation.coordinators.get().user == persona("nadia")
    assert User.objects.get(email=demo_email("operateur")).is_operator
    assert set(
        JournalEntry.objects.filter(organisation=organisation).values_list(
            "action", flat=True
        )
    ) >= {
        "organisation_created",
        "coordinator_invited",
        "coordinator_joined",
        "neighbourhood_created",
        "charter_published",
        "code_created",
        "role_changed",
    }
    assert vaise.memberships.get(user=persona("bruno")).role == "moderator"
    assert vaise.memberships.get(user=persona("chantal")).joined_via == "code"


def test_seed_demo_gives_les_tilleuls_mentoring_pairs():
    from mentoring.models import Log, Pair

    call_command("seed_demo")
    lucas_and_monique = Pair.objects.get(
        mentor__profile__pseudonym="Lucas", mentee__profile__pseudonym="Monique"
    )
    assert lucas_and_monique.state == "active"
    held = lucas_and_monique.meetings.filter(held_at__isnull=False)
    assert held.count() == 3
    assert held.filter(animateur_present__isnull=False).exists()
    assert Log.objects.filter(meeting__pair=lucas_and_monique).count() == 6
    knitting = Pair.objects.get(mentor__profile__pseudonym="Monique")
    assert knitting.state in ("accepted", "awaiting")
