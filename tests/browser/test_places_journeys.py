"""The streets and landmarks, the listings placed at them and the workshops'
co-organisers in a real browser: every step a form post that works without
JavaScript, and each page fits a 320 px phone."""

import pytest
from playwright.sync_api import expect

from exchanges.models import Landmark, Listing
from tests.browser.conftest import PHONE, STEP_TIMEOUT_MS
from tests.browser.test_journeys import submit
from tests.browser.test_neighbourhood_journeys import (
    assert_fits_phone,
    member_of,
    neighbourhood_with_charter,
)
from tests.factories import PASSWORD
from workshops.models import Workshop

SMALL_PHONE = {"width": 320, "height": 740}


@pytest.fixture
def no_script(browser, live_url):
    """A phone whose browser runs no JavaScript at all."""
    context = browser.new_context(
        base_url=live_url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="fr-FR",
        java_script_enabled=False,
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def log_in_without_script(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    submit(page)
    expect(page.locator("#id_login")).to_have_count(0)


def test_landmarks_listings_and_co_organisers_without_javascript(
    no_script, seed_categories
):
    neighbourhood, coordinator = neighbourhood_with_charter(
        join_policy="approval", name="Croix-Rousse"
    )
    helper = member_of(neighbourhood, "volunteer")
    page = no_script
    log_in_without_script(page, coordinator.email)
    slug = neighbourhood.slug
    # A street for the listings, from the moderators' area.
    page.goto(f"/neighbourhoods/{slug}/manage/landmarks/")
    page.locator("#id_name").fill("Place de la Croix-Rousse")
    page.locator("#id_latitude").fill("45.77400")
    page.locator("#id_longitude").fill("4.83100")
    submit(page)
    expect(page.locator("main")).to_contain_text("Place de la Croix-Rousse")
    assert Landmark.objects.get().on_map
    # A workshop run with a volunteer, ticked in the form.
    page.goto(f"/neighbourhoods/{slug}/workshops/new/")
    page.locator("#id_title").fill("Tablette pas à pas")
    page.get_by_label(helper.display_name).check()
    submit(page)
    workshop = Workshop.objects.get(title="Tablette pas à pas")
    assert set(workshop.organisers.all()) == {coordinator, helper}
    # A resident names the street in their listing; the places page says it.
    page.context.clear_cookies()
    resident = member_of(neighbourhood)
    log_in_without_script(page, resident.email)
    page.goto("/listings/new/")
    page.locator("input[name=kind][value=offer]").check()
    page.locator("input[name=category]").first.check()
    page.locator("#id_title").fill("Cours de tricot")
    page.locator("#id_landmark").select_option(label="Place de la Croix-Rousse")
    submit(page)  # the preview shows what will be published
    assert not Listing.objects.filter(title="Cours de tricot").exists()
    page.locator("main button[name=publish]").first.click()
    listing = Listing.objects.get(title="Cours de tricot")
    assert listing.landmark.name == "Place de la Croix-Rousse"
    expect(page.locator("main")).to_contain_text("Place de la Croix-Rousse")
    page.goto(f"/neighbourhoods/{slug}/places/")
    section = page.locator("section[aria-labelledby=listings-where]")
    expect(section).to_contain_text("Place de la Croix-Rousse")
    expect(section.get_by_role("link", name="Cours de tricot")).to_be_visible()


def test_the_pages_fit_a_small_phone(page, live_url, seed_categories):
    from exchanges import services as exchange_services
    from exchanges.models import Category
    from tests.browser.test_neighbourhood_journeys import log_in

    neighbourhood, coordinator = neighbourhood_with_charter(
        join_policy="approval", name="Croix-Rousse"
    )
    member_of(neighbourhood, "volunteer")
    landmark = exchange_services.save_landmark(
        by=coordinator,
        neighbourhood=neighbourhood,
        name="Place de la Croix-Rousse et son marché du dimanche matin",
    )
    exchange_services.create_listing(
        author=member_of(neighbourhood),
        neighbourhood=neighbourhood,
        kind="offer",
        title="Apprendre à envoyer des photos à ses petits-enfants",
        category=Category.objects.get(key="digital", neighbourhood=None),
        landmark=landmark,
    )
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, coordinator.email)
    slug = neighbourhood.slug
    for path in [
        f"/neighbourhoods/{slug}/manage/landmarks/",
        f"/neighbourhoods/{slug}/workshops/new/",
        f"/neighbourhoods/{slug}/places/",
        "/listings/new/",
    ]:
        page.goto(path)
        expect(page).to_have_url(f"{live_url}{path}")
        assert_fits_phone(page)
