"""The journeys of joining a neighbourhood and of its moderators, on a phone, in a
real browser, with an accessibility scan on every page seen and a check that the
moderation pages fit a 360 px screen.

Data is set up through the factories and neighbourhoods.services, as the site
itself would make it; everything after that is done in the browser. Selectors
use ids, names, hrefs and roles; where a check must read words, they are the
French ones the site shows by default.
"""

import importlib
import re

import pytest
from playwright.sync_api import expect

from community.models import User
from exchanges.models import Category, Listing
from neighbourhoods import services
from neighbourhoods.models import Membership, Neighbourhood
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import (
    PHONE,
    STEP_TIMEOUT_MS,
    screenshot_if_failed,
)
from tests.browser.test_journeys import (
    assert_no_horizontal_scroll,
    assert_stylesheet_applied,
    open_more_menu,
    submit,
)
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    NeighbourhoodFactory,
    ProfileFactory,
)

CHARTER_V1 = "On se respecte. On rend ce qu'on emprunte."
CHARTER_V2 = "On s'entraide sans argent : pas de vente entre voisins."
NEW_PASSWORD = "mon-secret-de-voisine-2024"

# What the site shows, in French, for a membership's status and role.
STATUS_MEMBER = "Membre"
STATUS_WAITING = "En attente d'accord"
ROLE_RESIDENT = "Habitant"


# Set-up through the services


def member_of(neighbourhood: Neighbourhood, role: str = "resident") -> User:
    """A member with that role who accepted the current charter."""
    return MembershipFactory(neighbourhood=neighbourhood, role=role).user


def neighbourhood_with_charter(*, join_policy: str, name: str, postcodes="69004"):
    """A neighbourhood whose coordinator published CHARTER_V1, as a coordinator
    does from the site; returns (neighbourhood, coordinator), the neighbourhood
    read again so that its charter_version is the published one."""
    neighbourhood = NeighbourhoodFactory(
        name=name, join_policy=join_policy, postcodes=postcodes
    )
    coordinator = member_of(neighbourhood, "coordinator")
    services.publish_charter(
        coordinator=coordinator, neighbourhood=neighbourhood, text=CHARTER_V1
    )
    neighbourhood.refresh_from_db()
    return neighbourhood, coordinator


# Browser helpers


@pytest.fixture
def open_page(browser, live_url, request):
    """Another person's phone: a new context (no cookies shared with `page`), set
    up as the `page` fixture's, closed at the end of the test. On failure each
    one leaves its own screenshot next to the one of `page`."""
    contexts = []

    def open_():
        context = browser.new_context(
            base_url=live_url,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="fr-FR",
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_
    for number, context in enumerate(contexts, start=2):
        screenshot_if_failed(request, context.pages[0], f"-phone{number}")
        context.close()


def log_in(page, login: str, password: str = PASSWORD) -> None:
    """Log in from the login page, with an e-mail address or a login name."""
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("#id_login").fill(login)
    page.locator("#id_password").fill(password)
    submit(page)
    expect(page.locator("#id_login")).to_have_count(0)


def log_out(page) -> None:
    """Press the header's log-out button, as someone leaving a shared computer."""
    open_more_menu(page)
    page.locator("header form[action='/accounts/logout/'] button").click()
    expect(page.locator("header a[href='/accounts/login/']")).to_be_visible()


def assert_fits_phone(page) -> None:
    assert_accessible(page)
    assert_stylesheet_applied(page)
    assert_no_horizontal_scroll(page)


def status_card(page):
    """The "My place here" card of a neighbourhood's page."""
    return page.locator("section[aria-labelledby=status-title]")


def url_of(live_url: str, path: str) -> re.Pattern:
    """The page at `path`, whatever its query string."""
    return re.compile(rf"^{re.escape(live_url + path)}(\?.*)?$")


# The journeys


def test_join_with_a_code_copied_in_lower_case(page, live_url):
    """Someone with no neighbourhood types the code from their card as people copy
    it (lower case, with the dash), sees which neighbourhood it opens and its
    charter, accepts the charter and joins: they land on the neighbourhood's page
    as a member, and the code has been used once more."""
    neighbourhood, coordinator = neighbourhood_with_charter(
        join_policy="code", name="Les Pentes"
    )
    invitation = services.create_invitation_code(
        moderator=coordinator, neighbourhood=neighbourhood, max_uses=20, valid_days=30
    )
    person = ProfileFactory().user

    log_in(page, person.email)
    expect(page).to_have_url(f"{live_url}/")
    assert_accessible(page)
    page.goto("/neighbourhoods/join/")
    assert_accessible(page)
    page.locator("#id_code").fill(invitation.display_code.lower())
    submit(page)

    expect(page).to_have_url(url_of(live_url, "/neighbourhoods/join/"))
    expect(page.locator("main .lead")).to_contain_text(neighbourhood.name)
    expect(page.locator("section[aria-labelledby=charter-title]")).to_contain_text(
        CHARTER_V1
    )
    assert_accessible(page)
    page.locator("#id_accept_charter").check()
    submit(page)

    expect(page).to_have_url(f"{live_url}{neighbourhood.get_absolute_url()}")
    expect(status_card(page)).to_contain_text(STATUS_MEMBER)
    assert_accessible(page)
    membership = Membership.objects.get(user=person, neighbourhood=neighbourhood)
    assert (membership.status, membership.joined_via) == ("active", "code")
    assert membership.charter_version_accepted == neighbourhood.charter_version
    invitation.refresh_from_db()
    assert invitation.uses == 1


def test_request_to_join_is_approved_by_a_moderator(page, live_url):
    """Someone finds an "on approval" neighbourhood by its postcode, asks to join
    it accepting its charter and is told the request waits; a moderator logs in,
    approves it from the moderation page; when the person logs in again their
    page lists the neighbourhood, where they are now a member."""
    neighbourhood, _coordinator = neighbourhood_with_charter(
        join_policy="approval", name="Croix-Paquet", postcodes="69001"
    )
    moderator = member_of(neighbourhood, "moderator")
    person = ProfileFactory().user
    detail_path = neighbourhood.get_absolute_url()
    manage_path = f"{detail_path}manage/"

    log_in(page, person.email)
    page.goto("/neighbourhoods/")
    assert_accessible(page)
    page.locator("#id_q").fill("69001")
    submit(page)
    assert_accessible(page)
    page.locator(f"main a[href='{detail_path}']").click()

    expect(page).to_have_url(f"{live_url}{detail_path}")
    assert_accessible(page)
    page.locator("#id_accept_charter").check()
    submit(page)

    expect(page).to_have_url(f"{live_url}{detail_path}")
    expect(status_card(page)).to_contain_text(STATUS_WAITING)
    expect(page.locator("#id_accept_charter")).to_have_count(0)
    assert_accessible(page)
    log_out(page)
    assert_accessible(page)

    log_in(page, moderator.email)
    assert_accessible(page)
    page.locator(f"main a[href='{manage_path}']").click()
    expect(page).to_have_url(f"{live_url}{manage_path}")
    assert_fits_phone(page)
    request = page.locator("main .card-list > li")
    expect(request).to_have_count(1)
    expect(request).to_contain_text(person.profile.pseudonym)
    request.locator("button[name=decision][value=approve]").click()

    expect(page).to_have_url(f"{live_url}{manage_path}")
    expect(page.locator("main .messages")).to_contain_text(person.profile.pseudonym)
    expect(page.locator("main .card-list > li")).to_have_count(0)
    assert_fits_phone(page)
    log_out(page)

    log_in(page, person.email)
    expect(page).to_have_url(f"{live_url}/")
    assert_accessible(page)
    place = page.locator("section[aria-labelledby=places-title] li")
    expect(place).to_have_count(1)
    expect(place.locator(f"a[href='{detail_path}']")).to_contain_text(
        neighbourhood.name
    )
    expect(place.locator(".badge")).to_have_text(ROLE_RESIDENT)
    place.locator(f"a[href='{detail_path}']").click()
    expect(status_card(page)).to_contain_text(STATUS_MEMBER)
    assert_accessible(page)
    membership = Membership.objects.get(user=person, neighbourhood=neighbourhood)
    assert (membership.status, membership.decided_by) == ("active", moderator)


def test_new_charter_is_accepted_on_the_next_visit(page, open_page, live_url):
    """A coordinator publishes a new version of the charter from the page that
    edits the neighbourhood; a resident already logged in opens their page, is
    taken to the charter first, reads the new text, accepts it and is back on the
    page they were opening."""
    neighbourhood, coordinator = neighbourhood_with_charter(
        join_policy="approval", name="Saint-Rambert"
    )
    resident = member_of(neighbourhood)
    edit_path = f"{neighbourhood.get_absolute_url()}manage/edit/"
    charter_path = f"{neighbourhood.get_absolute_url()}charter/"

    resident_page = open_page()
    log_in(resident_page, resident.email)
    expect(resident_page).to_have_url(f"{live_url}/")

    log_in(page, coordinator.email)
    page.goto(edit_path)
    assert_fits_phone(page)
    expect(page.locator("#id_text")).to_have_value(CHARTER_V1)
    page.locator("#id_text").fill(CHARTER_V2)
    page.locator("button[name=publish_charter]").click()

    expect(page).to_have_url(f"{live_url}{edit_path}")
    expect(page.locator("main .messages")).to_be_visible()
    expect(page.locator("#id_text")).to_have_value(CHARTER_V2)
    assert_fits_phone(page)
    neighbourhood.refresh_from_db()
    assert neighbourhood.charter_version == 2

    resident_page.goto("/")
    expect(resident_page).to_have_url(f"{live_url}{charter_path}?next=%2F")
    charter = resident_page.locator(".charter-text")
    expect(charter).to_contain_text(CHARTER_V2)
    expect(charter).not_to_contain_text(CHARTER_V1)
    assert_accessible(resident_page)
    submit(resident_page)

    expect(resident_page).to_have_url(f"{live_url}/")
    expect(resident_page.locator("main .messages")).to_be_visible()
    assert_accessible(resident_page)
    membership = Membership.objects.get(user=resident, neighbourhood=neighbourhood)
    assert membership.charter_version_accepted == 2
    resident_page.goto("/")
    expect(resident_page).to_have_url(f"{live_url}/")


@pytest.fixture
def seed_categories(transactional_db):
    """The seed categories, made again by the data migration's own function: the
    flush after every browser journey empties the tables migrations filled."""
    from django.apps import apps

    migration = importlib.import_module("exchanges.migrations.0002_seed_categories")
    migration.add_seed_categories(apps, None)


def test_desk_account_made_and_filled_in_by_a_moderator(
    page, open_page, live_url, seed_categories
):
    """A moderator makes an account at the desk for a resident without e-mail,
    having read the charter with them and noted what they want help with, gets
    the sheet with a login and a one-time password, goes on to the resident's
    page, fills in their profile with them and posts a request for them. The
    resident then logs in with the sheet, must choose their own password first,
    and finds in their history what the moderator did for them, their portrait
    on their profile, and their request marked as posted with the moderator's
    help."""
    neighbourhood, _coordinator = neighbourhood_with_charter(
        join_policy="approval", name="Gerland"
    )
    moderator = member_of(neighbourhood, "moderator")
    moderator_name = moderator.profile.pseudonym
    desk_path = f"{neighbourhood.get_absolute_url()}manage/desk/"
    purpose = "Publier mes demandes et répondre aux messages"
    portrait = "Retraité du quartier, je garde volontiers les chats des voisins."

    log_in(page, moderator.email)
    page.goto(f"{neighbourhood.get_absolute_url()}manage/")
    assert_fits_phone(page)
    page.locator(f"nav a[href='{desk_path}']").click()
    expect(page).to_have_url(f"{live_url}{desk_path}")
    assert_fits_phone(page)
    page.locator("#id_pseudonym").fill("Marcel Gerland")
    page.locator("#id_charter_read_together").check()
    page.locator("#id_consent_purpose").fill(purpose)
    submit(page)

    sheet = page.locator("main .print-card")
    expect(sheet).to_be_visible()
    assert_fits_phone(page)
    login, one_time_password = sheet.locator("dd.big-code").all_inner_texts()
    resident = User.objects.get(username=login)
    assert resident.email is None
    assert "@" not in login
    resident_path = f"{desk_path}{resident.pk}/"
    page.locator(f"main a[href='{resident_path}']").click()

    expect(page).to_have_url(f"{live_url}{resident_path}")
    expect(page.locator("section[aria-labelledby=consent-title]")).to_contain_text(
        purpose
    )
    assert_fits_phone(page)
    page.locator(f"main a[href='{resident_path}profile/']").click()

    expect(page).to_have_url(f"{live_url}{resident_path}profile/")
    assert_fits_phone(page)
    expect(page.locator("#id_pseudonym")).to_have_value("Marcel Gerland")
    page.locator("#id_portrait").fill(portrait)
    page.locator("#id_interests").fill("chats, pétanque")
    submit(page)

    expect(page).to_have_url(f"{live_url}{resident_path}")
    assert_fits_phone(page)
    post_path = f"/listings/new/for/{neighbourhood.slug}/{resident.pk}/"
    page.locator(f"main a[href='{post_path}']").click()
    expect(page).to_have_url(f"{live_url}{post_path}")
    assert_fits_phone(page)
    page.locator("input[name=kind][value=request]").check()
    digital = Category.objects.get(key="digital", neighbourhood=None)
    page.locator(f"input[name=category][value='{digital.pk}']").check()
    page.locator("#id_title").fill("Apprendre à envoyer des photos")
    page.locator("#id_tags").fill("smartphone, photos")
    submit(page)
    # The preview shows what will be published; then it is published.
    expect(page.locator(".listing-preview h2")).to_have_text(
        "Apprendre à envoyer des photos"
    )
    submit(page)
    expect(page).to_have_url(re.compile(r"/listings/\d+/$"))
    listing = Listing.objects.get(title="Apprendre à envoyer des photos")
    expect(page).to_have_url(f"{live_url}{listing.get_absolute_url()}")
    assert listing.author == resident
    assert listing.helped_by == moderator
    expect(page.locator("main article")).to_contain_text(moderator_name)
    assert_fits_phone(page)
    page.goto(resident_path)
    # Account made, consent recorded, profile filled in, request posted.
    history = page.locator("section[aria-labelledby=history-title] li")
    expect(history).to_have_count(4)

    resident_page = open_page()
    log_in(resident_page, login, one_time_password)
    expect(resident_page).to_have_url(f"{live_url}/accounts/password/change/")
    assert_accessible(resident_page)
    resident_page.locator("#id_oldpassword").fill(one_time_password)
    resident_page.locator("#id_password1").fill(NEW_PASSWORD)
    resident_page.locator("#id_password2").fill(NEW_PASSWORD)
    submit(resident_page)
    expect(resident_page.locator("main .messages")).to_be_visible()
    assert_accessible(resident_page)
    resident.refresh_from_db()
    assert not resident.must_change_password

    resident_page.goto("/")
    expect(resident_page).to_have_url(f"{live_url}/")
    assert_accessible(resident_page)
    resident_page.locator("main a[href='/me/help/']").click()
    expect(resident_page).to_have_url(f"{live_url}/me/help/")
    assert_accessible(resident_page)
    expect(
        resident_page.locator("section[aria-labelledby=consents-title]")
    ).to_contain_text(purpose)
    help_given = resident_page.locator("section[aria-labelledby=history-title] li")
    expect(help_given).to_have_count(4)
    for entry in help_given.all():
        expect(entry).to_contain_text(moderator_name)

    open_more_menu(resident_page)
    resident_page.locator(
        f".site-nav a[href='{resident.profile.get_absolute_url()}']"
    ).click()
    expect(resident_page.locator(".portrait")).to_contain_text(portrait)
    interests = resident_page.locator("[aria-labelledby=interests-title] li")
    assert set(interests.all_inner_texts()) == {"chats", "pétanque"}
    assert_accessible(resident_page)
