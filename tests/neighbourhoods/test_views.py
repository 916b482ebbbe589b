"""Every page and action of the neighbourhoods, for every kind of person."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import timezone, translation

from neighbourhoods import services
from neighbourhoods.models import (
    AssistanceConsent,
    InvitationCode,
    JournalEntry,
    Membership,
)
from neighbourhoods.selectors import current_charter
from tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    ProfileFactory,
)
from tests.world import (
    BAN_REASON,
    CHARTER_VERSION,
    COORDINATORS,
    MODERATORS,
    SEERS,
    SUSPENSION_REASON,
    VISITORS,
    login,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(neighbourhood, make_person):
    """The neighbourhood with a person of every kind (the visitor: None), a
    code, and a resident who consented to be helped."""
    people = {
        person: None if person == "visitor" else make_person(person)
        for person in VISITORS
    }
    helped = MembershipFactory(neighbourhood=neighbourhood).user
    services.record_consent(
        moderator=people["moderator"],
        resident=helped,
        neighbourhood=neighbourhood,
        purpose="Publier mes demandes",
    )
    code = services.create_invitation_code(
        moderator=people["moderator"],
        neighbourhood=neighbourhood,
        max_uses=5,
        valid_days=10,
    )
    return {
        "neighbourhood": neighbourhood,
        "people": people,
        "helped": helped,
        "code": code,
    }


def pages(place):
    slug = place["neighbourhood"].slug
    helped = place["helped"].pk
    code = place["code"].pk
    return {
        "members": (reverse("neighbourhood_members", args=[slug]), SEERS),
        "manage_home": (reverse("manage_home", args=[slug]), MODERATORS),
        "manage_codes": (reverse("manage_codes", args=[slug]), MODERATORS),
        "code_card": (reverse("manage_code_card", args=[slug, code]), MODERATORS),
        "manage_desk": (reverse("manage_desk", args=[slug]), MODERATORS),
        "manage_resident": (
            reverse("manage_resident", args=[slug, helped]),
            MODERATORS,
        ),
        "resident_profile": (
            reverse("manage_resident_profile", args=[slug, helped]),
            MODERATORS,
        ),
        "manage_journal": (reverse("manage_journal", args=[slug]), MODERATORS),
        "manage_edit": (reverse("manage_edit", args=[slug]), COORDINATORS),
    }


PAGE_NAMES = [
    "members",
    "manage_home",
    "manage_codes",
    "code_card",
    "manage_desk",
    "manage_resident",
    "resident_profile",
    "manage_journal",
    "manage_edit",
]


@pytest.mark.parametrize("person", VISITORS)
@pytest.mark.parametrize("page", PAGE_NAMES)
def test_restricted_pages_for_every_person(client, place, person, page):
    url, allowed = pages(place)[page]
    login(client, place, person)
    response = client.get(url)
    if person == "visitor":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif person in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("person", VISITORS)
def test_public_pages_are_open_to_everyone(client, place, person):
    login(client, place, person)
    slug = place["neighbourhood"].slug
    for url in (
        reverse("neighbourhood_list"),
        reverse("neighbourhood_detail", args=[slug]),
    ):
        assert client.get(url).status_code == 200


def test_suspended_member_sees_why_and_until_when(client, place):
    login(client, place, "suspended")
    html = client.get(place["neighbourhood"].get_absolute_url()).content.decode()
    assert SUSPENSION_REASON in html
    until = place["people"]["suspended"].memberships.get().suspended_until
    assert str(timezone.localtime(until).year) in html


def test_banned_member_sees_why(client, place):
    login(client, place, "banned")
    html = client.get(place["neighbourhood"].get_absolute_url()).content.decode()
    assert BAN_REASON in html


def test_search_finds_by_name_and_postcode(client, place):
    NeighbourhoodFactory(name="Les Pentes", postcodes="69004")
    html = client.get(reverse("neighbourhood_list"), {"q": "69004"}).content.decode()
    assert "Les Pentes" in html
    assert place["neighbourhood"].name not in html


# Joining and leaving


def join(client, place, **data):
    return client.post(
        reverse("neighbourhood_join", args=[place["neighbourhood"].slug]), data
    )


@pytest.mark.parametrize("person", ["outsider", "left"])
def test_joining_on_approval_waits_for_a_moderator(client, place, person):
    user = login(client, place, person)
    response = join(client, place, accept_charter="on")
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, neighbourhood=place["neighbourhood"])
    assert membership.status == "pending"
    pending = client.get(reverse("home"))
    assert pending.status_code == 200


def test_joining_without_accepting_the_charter_changes_nothing(client, place):
    user = login(client, place, "outsider")
    response = join(client, place)
    assert response.status_code == 400
    assert response.context["join_form"].has_error("accept_charter")
    assert not Membership.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("person", "code"),
    [
        ("resident", "already_member"),
        ("pending", "already_pending"),
        ("banned", "banned"),
        ("suspended", "already_member"),
    ],
)
def test_joining_twice_or_banned_is_refused_with_a_message(client, place, person, code):
    user = login(client, place, person)
    before = Membership.objects.get(user=user, neighbourhood=place["neighbourhood"])
    response = join(client, place, accept_charter="on")
    assert response.status_code == 400
    assert response.context["join_form"].has_error(NON_FIELD_ERRORS, code)
    after = Membership.objects.get(pk=before.pk)
    assert after.status == before.status


def test_joining_with_a_code_skips_approval(client, place):
    user = login(client, place, "outsider")
    code = place["code"].display_code.lower()
    response = client.post(
        reverse("join_with_code"), {"code": code, "accept_charter": "on"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert membership.status == "active"
    assert membership.joined_via == "code"
    place["code"].refresh_from_db()
    assert place["code"].uses == 1


def test_join_with_code_page_shows_the_neighbourhood_and_its_charter(client, place):
    login(client, place, "outsider")
    response = client.get(reverse("join_with_code"), {"code": place["code"].code})
    html = response.content.decode()
    assert place["neighbourhood"].name in html
    assert "Version 2 : on se respecte" in html


def test_an_expired_code_is_explained_and_changes_nothing(client, place):
    InvitationCode.objects.filter(pk=place["code"].pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    user = login(client, place, "outsider")
    response = client.post(
        reverse("join_with_code"), {"code": place["code"].code, "accept_charter": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("code")
    assert not Membership.objects.filter(user=user).exists()


def test_a_code_of_another_neighbourhood_is_refused_by_name(client, place):
    elsewhere = MembershipFactory(role="moderator")
    other_code = services.create_invitation_code(
        moderator=elsewhere.user,
        neighbourhood=elsewhere.neighbourhood,
        max_uses=1,
        valid_days=1,
    )
    user = login(client, place, "outsider")
    response = join(client, place, accept_charter="on", code=other_code.code)
    assert response.status_code == 400
    assert response.context["join_form"].has_error("code", "other_neighbourhood")
    assert elsewhere.neighbourhood.name in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


def test_leaving_ends_access_at_once(client, place):
    user = login(client, place, "resident")
    slug = place["neighbourhood"].slug
    client.post(reverse("neighbourhood_leave", args=[slug]))
    assert Membership.objects.get(user=user).status == "left"
    assert client.get(reverse("neighbourhood_members", args=[slug])).status_code == 403


def test_the_last_coordinator_cannot_leave(client, place):
    user = login(client, place, "coordinator")
    response = client.post(
        reverse("neighbourhood_leave", args=[place["neighbourhood"].slug]),
        follow=True,
    )
    assert Membership.objects.get(user=user).status == "active"
    assert list(response.context["messages"])


# Moderation actions


def decide(client, place, membership, decision, message=""):
    slug = place["neighbourhood"].slug
    return client.post(
        reverse("manage_decide", args=[slug, membership.pk]),
        {"decision": decision, "message": message},
    )


@pytest.mark.parametrize("person", VISITORS)
def test_only_moderators_answer_requests(client, place, person):
    login(client, place, person)
    request = Membership.objects.get(
        user=place["people"]["pending"], neighbourhood=place["neighbourhood"]
    )
    response = decide(client, place, request, "approve")
    request.refresh_from_db()
    if person in MODERATORS:
        assert response.status_code == 302
        assert request.status == "active"
        assert JournalEntry.objects.filter(
            action="member_approved", subject=request.user
        ).exists()
    else:
        assert response.status_code in (302, 403)
        assert request.status == "pending"
        if person != "visitor":
            assert response.status_code == 403


def test_a_declined_request_keeps_the_message_for_the_person(client, place):
    login(client, place, "moderator")
    request = Membership.objects.get(user=place["people"]["pending"])
    decide(client, place, request, "decline", "Vous habitez hors du quartier.")
    request.refresh_from_db()
    assert request.status == "declined"
    client.force_login(request.user)
    html = client.get(place["neighbourhood"].get_absolute_url()).content.decode()
    assert "Vous habitez hors du quartier." in html


@pytest.mark.parametrize("person", VISITORS)
def test_only_coordinators_change_roles(client, place, person):
    login(client, place, person)
    target = Membership.objects.get(user=place["people"]["resident"])
    response = client.post(
        reverse("manage_role", args=[place["neighbourhood"].slug, target.pk]),
        {"role": "volunteer"},
    )
    target.refresh_from_db()
    if person in COORDINATORS:
        assert target.role == "volunteer"
    else:
        assert target.role == "resident"
        if person != "visitor":
            assert response.status_code == 403


def test_the_last_coordinator_cannot_step_down(client, place):
    user = login(client, place, "coordinator")
    own = Membership.objects.get(user=user)
    response = client.post(
        reverse("manage_role", args=[place["neighbourhood"].slug, own.pk]),
        {"role": "resident"},
        follow=True,
    )
    own.refresh_from_db()
    assert own.role == "coordinator"
    assert list(response.context["messages"])


@pytest.mark.parametrize("person", VISITORS)
def test_only_moderators_create_and_withdraw_codes(client, place, person):
    login(client, place, person)
    slug = place["neighbourhood"].slug
    before = InvitationCode.objects.count()
    client.post(reverse("manage_codes", args=[slug]), {"max_uses": 3, "valid_days": 7})
    client.post(reverse("manage_code_revoke", args=[slug, place["code"].pk]))
    place["code"].refresh_from_db()
    if person in MODERATORS:
        assert InvitationCode.objects.count() == before + 1
        assert place["code"].revoked_at is not None
    else:
        assert InvitationCode.objects.count() == before
        assert place["code"].revoked_at is None


def test_code_form_refuses_impossible_numbers(client, place):
    login(client, place, "moderator")
    response = client.post(
        reverse("manage_codes", args=[place["neighbourhood"].slug]),
        {"max_uses": 0, "valid_days": 400},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"max_uses", "valid_days"}


def test_code_card_has_the_code_the_site_and_a_qr_code(client, place):
    login(client, place, "moderator")
    slug = place["neighbourhood"].slug
    html = client.get(
        reverse("manage_code_card", args=[slug, place["code"].pk])
    ).content.decode()
    assert place["code"].display_code in html
    assert "http://testserver/" in html
    assert "<svg" in html


@pytest.mark.parametrize("person", VISITORS)
def test_only_coordinators_edit_the_neighbourhood_and_charter(client, place, person):
    login(client, place, person)
    url = reverse("manage_edit", args=[place["neighbourhood"].slug])
    client.post(
        url,
        {
            "save_neighbourhood": "1",
            "name": "La Croix-Rousse",
            "description": "Nouveau texte",
            "postcodes": "69008, 69009",
            "welcome_address": "5 rue Pailleron",
            "opening_hours": "Mardi 14h-17h",
            "join_policy": "open",
            "listing_lifetime_days": "45",
            "message_limit": "20",
            "message_window_seconds": "30",
        },
    )
    client.post(url, {"publish_charter": "1", "text": "Charte v2"})
    neighbourhood = place["neighbourhood"]
    neighbourhood.refresh_from_db()
    if person in COORDINATORS:
        assert neighbourhood.description == "Nouveau texte"
        assert neighbourhood.postcodes == "69008 69009"
        assert neighbourhood.join_policy == "open"
        assert neighbourhood.welcome_address == "5 rue Pailleron"
        assert neighbourhood.listing_lifetime_days == 45
        assert neighbourhood.charter_version == CHARTER_VERSION + 1
    else:
        assert neighbourhood.description != "Nouveau texte"
        assert neighbourhood.charter_version == CHARTER_VERSION


def test_a_new_charter_is_asked_for_on_the_next_visit(client, place):
    login(client, place, "coordinator")
    client.post(
        reverse("manage_edit", args=[place["neighbourhood"].slug]),
        {"publish_charter": "1", "text": "Charte, version 2."},
    )
    resident = login(client, place, "resident")
    response = client.get(reverse("home"))
    charter_url = reverse("charter_accept", args=[place["neighbourhood"].slug])
    assert response.status_code == 302
    assert response.url.startswith(charter_url)
    assert "Charte, version 2." in client.get(charter_url).content.decode()
    client.post(charter_url, {"next": "/"})
    assert client.get(reverse("home")).status_code == 200
    membership = Membership.objects.get(user=resident)
    assert membership.charter_version_accepted == CHARTER_VERSION + 1


# The desk


def test_moderator_creates_a_desk_account_without_email(client, place):
    login(client, place, "moderator")
    response = client.post(
        reverse("manage_desk", args=[place["neighbourhood"].slug]),
        {
            "pseudonym": "Odette",
            "charter_read_together": "on",
            "consent_purpose": "Publier mes demandes",
        },
    )
    assert response.status_code == 200
    account = response.context["account"]
    html = response.content.decode()
    assert account.login in html
    assert account.one_time_password in html
    assert account.user.must_change_password
    assert account.user.email is None
    membership = Membership.objects.get(user=account.user)
    assert membership.status == "active"
    assert membership.joined_via == "desk"
    assert AssistanceConsent.objects.filter(resident=account.user).exists()


def test_desk_account_logs_in_with_its_login_and_must_change_password(client, place):
    login(client, place, "moderator")
    account = client.post(
        reverse("manage_desk", args=[place["neighbourhood"].slug]),
        {"pseudonym": "Odette", "charter_read_together": "on"},
    ).context["account"]
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": account.login, "password": account.one_time_password},
    )
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home.url == reverse("account_change_password")
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": account.one_time_password,
            "password1": "mon-secret-a-moi",
            "password2": "mon-secret-a-moi",
        },
    )
    account.user.refresh_from_db()
    assert not account.user.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_desk_account_with_a_taken_pseudonym_keeps_the_form(client, place):
    ProfileFactory(pseudonym="Odette")
    login(client, place, "moderator")
    response = client.post(
        reverse("manage_desk", args=[place["neighbourhood"].slug]),
        {"pseudonym": "Odette", "email": "odette@example.org"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("pseudonym")
    assert response.context["form"].has_error("charter_read_together")
    assert 'value="odette@example.org"' in response.content.decode()


@pytest.mark.parametrize("person", VISITORS)
def test_only_moderators_create_desk_accounts(client, place, person):
    login(client, place, person)
    client.post(
        reverse("manage_desk", args=[place["neighbourhood"].slug]),
        {"pseudonym": "Odette", "charter_read_together": "on"},
    )
    created = Membership.objects.filter(user__profile__pseudonym="Odette").exists()
    assert created == (person in MODERATORS)


def profile_data(**overrides):
    data = {"pseudonym": "Aidée", "portrait": "Aimée des voisins", "interests": "visio"}
    data.update(overrides)
    return data


def test_moderator_fills_in_a_consenting_residents_profile_and_it_is_recorded(
    client, place
):
    moderator = login(client, place, "moderator")
    helped = place["helped"]
    url = reverse(
        "manage_resident_profile", args=[place["neighbourhood"].slug, helped.pk]
    )
    response = client.post(url, profile_data())
    assert response.status_code == 302
    helped.profile.refresh_from_db()
    assert helped.profile.portrait == "Aimée des voisins"
    entry = JournalEntry.objects.get(action="acted_for", subject=helped)
    assert entry.actor == moderator
    client.force_login(helped)
    html = client.get(reverse("my_help")).content.decode()
    assert moderator.profile.pseudonym in html


def test_nobody_acts_for_a_resident_after_they_withdraw_consent(client, place):
    helped = place["helped"]
    client.force_login(helped)
    client.post(reverse("consent_withdraw", args=[place["neighbourhood"].slug]))
    assert not AssistanceConsent.objects.filter(
        resident=helped, withdrawn_at__isnull=True
    ).exists()
    login(client, place, "moderator")
    before = helped.profile.portrait
    response = client.post(
        reverse(
            "manage_resident_profile", args=[place["neighbourhood"].slug, helped.pk]
        ),
        profile_data(),
    )
    assert response.status_code == 403
    helped.profile.refresh_from_db()
    assert helped.profile.portrait == before


def test_acting_for_someone_without_consent_is_refused(client, place):
    login(client, place, "moderator")
    resident = place["people"]["resident"]
    response = client.post(
        reverse(
            "manage_resident_profile", args=[place["neighbourhood"].slug, resident.pk]
        ),
        profile_data(),
    )
    assert response.status_code == 403
    assert not JournalEntry.objects.filter(action="acted_for").exists()


@pytest.mark.parametrize("person", VISITORS)
def test_only_moderators_record_consents(client, place, person):
    login(client, place, person)
    resident = place["people"]["resident"]
    client.post(
        reverse("manage_resident", args=[place["neighbourhood"].slug, resident.pk]),
        {"purpose": "Répondre aux messages"},
    )
    recorded = AssistanceConsent.objects.filter(resident=resident).exists()
    assert recorded == (person in MODERATORS)


def test_dashboard_lists_every_neighbourhood_of_the_member(client, place):
    user = login(client, place, "resident")
    other = MembershipFactory(user=user, status="pending").neighbourhood
    html = client.get(reverse("home")).content.decode()
    assert place["neighbourhood"].name in html
    assert other.name in html


def test_dashboard_tells_moderators_how_many_requests_wait(client, place):
    login(client, place, "moderator")
    MembershipFactory(neighbourhood=place["neighbourhood"], status="pending")
    response = client.get(reverse("home"))
    memberships = list(response.context["memberships"])
    assert [m.pending for m in memberships] == [2]
    login(client, place, "resident")
    response = client.get(reverse("home"))
    assert [m.pending for m in response.context["memberships"]] == [0]


def test_publishing_the_same_charter_again_is_refused(client, place):
    login(client, place, "coordinator")
    response = client.post(
        reverse("manage_edit", args=[place["neighbourhood"].slug]),
        {
            "publish_charter": "1",
            "text": current_charter(neighbourhood=place["neighbourhood"]).text,
        },
    )
    assert response.status_code == 200
    assert response.context["charter_form"].has_error("text", "unchanged")
    place["neighbourhood"].refresh_from_db()
    assert place["neighbourhood"].charter_version == CHARTER_VERSION


def test_a_waiting_person_may_cancel_their_request(client, place):
    user = login(client, place, "pending")
    html = client.get(place["neighbourhood"].get_absolute_url()).content.decode()
    assert reverse("neighbourhood_leave", args=[place["neighbourhood"].slug]) in html
    client.post(reverse("neighbourhood_leave", args=[place["neighbourhood"].slug]))
    assert Membership.objects.get(user=user).status == "left"


def test_the_approval_message_reaches_the_new_member(client, place):
    login(client, place, "moderator")
    request = Membership.objects.get(user=place["people"]["pending"])
    decide(client, place, request, "approve", "Bienvenue, passez nous voir !")
    client.force_login(request.user)
    html = client.get(place["neighbourhood"].get_absolute_url()).content.decode()
    assert "Bienvenue, passez nous voir !" in html


def test_member_list_leads_moderators_to_the_desk_page_of_each_member(client, place):
    slug = place["neighbourhood"].slug
    resident = place["people"]["resident"]
    desk_url = reverse("manage_resident", args=[slug, resident.pk])
    login(client, place, "moderator")
    assert (
        desk_url
        in client.get(reverse("neighbourhood_members", args=[slug])).content.decode()
    )
    login(client, place, "volunteer")
    assert (
        desk_url
        not in client.get(
            reverse("neighbourhood_members", args=[slug])
        ).content.decode()
    )


def test_after_changing_password_people_go_to_their_page(member_client, password):
    response = member_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": password,
            "password1": "n0uveau-secret",
            "password2": "n0uveau-secret",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_refusal_page_says_why(client, place):
    login(client, place, "resident")
    response = client.get(reverse("manage_home", args=[place["neighbourhood"].slug]))
    assert response.status_code == 403
    assert "alert--error" in response.content.decode()
    assert place["neighbourhood"].name in response.content.decode()


@pytest.mark.parametrize(("language", "separator"), [("fr", ";"), ("en", ",")])
def test_the_journal_spreadsheet_opens_in_the_readers_spreadsheet_and_runs_nothing(
    client, place, language, separator
):
    """A pseudonym or a reason that starts like a formula stays text (the
    spreadsheet would run it), and the columns are split the way the reader's
    spreadsheet expects."""
    moderator = login(client, place, "moderator")
    resident = place["people"]["resident"]
    resident.profile.pseudonym = "=HYPERLINK(1)"
    resident.profile.save(update_fields=["pseudonym"])
    JournalEntry.objects.create(
        neighbourhood=place["neighbourhood"],
        actor=moderator,
        action=JournalEntry.Action.MEMBER_WARNED,
        subject=resident,
        details="+33 6 00 00 00 00; -1",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(
        reverse("manage_journal", args=[place["neighbourhood"].slug]),
        {"action": JournalEntry.Action.MEMBER_WARNED, "format": "csv"},
    )
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    header, row = csv.reader(io.StringIO(body[1:]), delimiter=separator)
    assert len(header) == 5
    with translation.override(language):
        action = str(JournalEntry.Action.MEMBER_WARNED.label)
    assert row[1:] == [
        moderator.display_name,
        action,
        "'=HYPERLINK(1)",
        "'+33 6 00 00 00 00; -1",
    ]


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", "Modérateur → Coordinateur"), ("en", "Moderator → Coordinator")],
)
def test_the_journal_is_written_in_the_readers_language(client, place, language, words):
    """What a coordinator did in French reads in English, on the page and in
    the spreadsheet, for a moderator who reads in English."""
    coordinator = place["people"]["coordinator"]
    membership = Membership.objects.get(
        user=place["people"]["moderator"], neighbourhood=place["neighbourhood"]
    )
    with translation.override("fr"):
        services.change_role(
            coordinator=coordinator, membership=membership, role="coordinator"
        )
    login(client, place, "coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("manage_journal", args=[place["neighbourhood"].slug])
    page = client.get(url, {"action": JournalEntry.Action.ROLE_CHANGED})
    assert words in page.content.decode()
    response = client.get(
        url, {"action": JournalEntry.Action.ROLE_CHANGED, "format": "csv"}
    )
    separator = ";" if language == "fr" else ","
    _header, row = csv.reader(
        io.StringIO(response.content.decode("utf-8")[1:]), delimiter=separator
    )
    assert row[-1] == words
