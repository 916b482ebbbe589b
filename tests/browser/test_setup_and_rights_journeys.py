"""The journeys of setting up an organisation and of a member's rights over
their data, on a phone, in a real browser, with an accessibility scan on every
page seen. Selectors use ids, names and hrefs, never translated words."""

from playwright.sync_api import expect

from community import services as community_services
from neighbourhoods.models import Neighbourhood, Organisation, OrganisationCoordinator
from rights.models import AccountDeletion
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import (
    assert_no_horizontal_scroll,
    open_more_menu,
    submit,
)
from tests.browser.test_neighbourhood_journeys import log_in, log_out
from tests.factories import PASSWORD, ProfileFactory


def test_the_footer_leads_to_the_privacy_legal_and_accessibility_pages(page, live_url):
    """A visitor reads, from any page's footer, what happens to their data,
    who publishes the site and how accessible it is."""
    page.goto("/")
    for name in ("privacy", "legal", "accessibility"):
        page.locator(f"footer a[href='/{name}/']").click()
        expect(page).to_have_url(f"{live_url}/{name}/")
        assert_accessible(page)
        assert_no_horizontal_scroll(page)


def test_an_operator_sets_up_an_organisation_and_its_coordinator_a_neighbourhood(
    page, live_url
):
    """The operator creates the organisation and an invitation; the
    coordinator types its code, creates the neighbourhood and finds what is
    left to do before opening it."""
    operator, _created = community_services.make_operator(
        email="operateur@example.org", password=PASSWORD
    )
    sophie = ProfileFactory(pseudonym="Sophie").user
    log_in(page, "operateur@example.org")
    open_more_menu(page)
    page.locator("a[href='/organisations/']").click()
    assert_accessible(page)
    page.locator("#id_name").fill("Centre social du Plateau")
    page.locator("#id_address").fill("7 place Bellevue, 69004 Lyon")
    page.locator("#id_phone").fill("04 78 11 22 33")
    page.locator("main form button[type=submit]").last.click()
    organisation = Organisation.objects.get()
    expect(page).to_have_url(f"{live_url}/organisations/{organisation.pk}/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.locator("button[name=invite]").click()
    code = page.locator(".code").first.inner_text()
    log_out(page)

    log_in(page, sophie.email)
    page.goto("/organisations/invitation/")
    assert_accessible(page)
    page.locator("#id_code").fill(code.lower())
    submit(page)
    assert OrganisationCoordinator.objects.filter(user=sophie).exists()
    page.locator(
        f"a[href='/organisations/{organisation.pk}/neighbourhoods/new/']"
    ).click()
    assert_accessible(page)
    page.locator("#id_name").fill("Le Plateau")
    page.locator("#id_postcodes").fill("69004")
    submit(page)
    neighbourhood = Neighbourhood.objects.get()
    expect(page).to_have_url(f"{live_url}/neighbourhoods/{neighbourhood.slug}/manage/")
    expect(page.locator(".checklist li")).to_have_count(4)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_a_member_takes_their_data_then_leaves(page, live_url):
    """From their data page a member asks for their data, downloads the ZIP
    once it is ready, then deletes their account with their password and is
    logged out."""
    member = ProfileFactory(pseudonym="Lucas").user
    log_in(page, member.email)
    open_more_menu(page)
    page.locator("a[href='/me/data/']").click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    # The file is made by the task queue (at once in the tests); the page
    # then offers the link.
    page.locator("form[action='/me/data/export/'] button").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("a[href^='/me/data/export/']").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form:not([action]) button[type=submit]").click()
    assert_accessible(page)
    assert AccountDeletion.objects.filter(user=member).exists()
    expect(page.locator("a[href='/accounts/login/']")).to_have_count(1)
