"""The coordinator's dashboard and the notice-board poster in a real browser:
reached from the management pages, on the narrowest phones, with the keyboard
for the period, and in print, each with an accessibility scan.

People and activity are made with the factories and the exchanges services;
everything after that is done in the browser. Where a check reads words it
accepts the French the site shows by default and the English source."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.test_exchange_journeys import SMALL_PHONE
from tests.browser.test_neighbourhood_journeys import (
    assert_fits_phone,
    log_in,
    neighbourhood_with_charter,
)
from tests.indicators.conftest import answer, listing, person

PERIOD_ERROR = re.compile(r"ends before it starts|se termine avant")


def with_activity():
    """A neighbourhood whose young volunteer helped a senior last week, and a
    few open listings: its coordinator and moderator. Written directly in the
    tables, dated by hand (the services would announce each step on the
    channel layer, which cannot run beside Playwright's loop)."""
    place, coordinator = neighbourhood_with_charter(
        join_policy="open", name="La Croix-Rousse"
    )
    moderator = person(place, role="moderator")
    senior = person(place, age="60_plus")
    young = person(place, role="volunteer", age="18_25")
    last_week = timezone.now() - datetime.timedelta(days=7)
    request = listing(
        place,
        senior,
        title="Appeler mes petits-enfants en vidéo",
        created=last_week,
        status="done",
    )
    answer(request, young, done=(last_week, last_week), minutes_spent=90)
    listing(
        place,
        young,
        kind="offer",
        title="Je monte vos meubles en kit",
        category="diy",
        created=last_week,
    )
    listing(
        place,
        senior,
        kind="offer",
        title="Leçons de tricot le jeudi",
        category="hobbies",
        created=last_week,
    )
    return place, coordinator, moderator


def test_a_coordinator_reads_the_figures_on_a_small_phone_and_prints_them(
    page,
    live_url,
    seed_categories,
):
    place, coordinator, _moderator = with_activity()
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, coordinator.email)

    page.goto(f"/neighbourhoods/{place.slug}/manage/")
    page.locator(f"a[href='/neighbourhoods/{place.slug}/manage/indicators/']").click()
    expect(page.locator(".key-figures")).to_be_visible()
    assert_fits_phone(page)
    expect(page.locator("svg[role=img]")).to_have_count(3)

    # A period that ends before it starts, typed with the keyboard: the
    # message stands by the field and nothing is shown.
    today = timezone.localdate()
    page.locator("#id_start").fill(today.isoformat())
    page.locator("#id_end").fill((today - datetime.timedelta(days=7)).isoformat())
    page.locator("#id_end").press("Enter")
    expect(page.locator(".field--error")).to_contain_text(PERIOD_ERROR)
    expect(page.locator(".key-figures")).to_have_count(0)
    assert_fits_phone(page)

    page.locator("#id_start").fill((today - datetime.timedelta(days=30)).isoformat())
    page.locator("#id_end").fill(today.isoformat())
    page.locator("main form button[type=submit]").click()
    figures = page.locator(".key-figures dd")
    expect(figures.nth(4)).to_have_text("1")  # exchanges done
    expect(figures.nth(5)).to_have_text(re.compile(r"1[,.]5"))  # hours given
    expect(figures.nth(6)).to_have_text("1")  # intergenerational

    # In print: no menus and no form, the figures stay.
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator("form.period-form")).to_be_hidden()
    expect(page.locator(".key-figures")).to_be_visible()
    assert_accessible(page)


def test_a_moderator_prints_the_poster_of_the_open_listings(
    page,
    live_url,
    seed_categories,
):
    place, _coordinator, moderator = with_activity()
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, moderator.email)

    page.goto(f"/neighbourhoods/{place.slug}/manage/")
    page.locator(f"a[href='/neighbourhoods/{place.slug}/manage/poster/']").click()
    poster = page.locator("article.poster")
    expect(poster.locator("h2")).to_have_count(2)
    expect(poster).to_contain_text("Je monte vos meubles en kit")
    expect(poster).to_contain_text("Leçons de tricot le jeudi")
    expect(poster).not_to_contain_text("Appeler mes petits-enfants")  # done
    expect(poster.locator(".qr svg")).to_be_visible()
    assert_fits_phone(page)

    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(poster.locator(".qr svg")).to_be_visible()
    assert_accessible(page)


def test_a_resident_cannot_open_the_dashboard(
    page,
    live_url,
    seed_categories,
):
    place, _coordinator, _moderator = with_activity()
    resident = person(place)
    log_in(page, resident.email)

    response = page.goto(f"/neighbourhoods/{place.slug}/manage/indicators/")

    assert response.status == 403
    assert_accessible(page)


def test_the_poster_prints_on_one_a4_page(page, live_url, seed_categories):
    """As full as it gets (the newest listings it holds, long titles, in
    several categories), the poster prints on one A4 page with its QR code
    and the site's address."""
    place, _coordinator, moderator = with_activity()
    author = person(place)
    categories = ["digital", "diy", "gardening", "cooking", "paperwork", "transport"]
    for number in range(20):
        listing(
            place,
            author,
            title=f"Annonce n°{number} : un coup de main intergénérationnel "
            "pour les démarches administratives du quotidien",
            category=categories[number % len(categories)],
        )
    log_in(page, moderator.email)
    page.goto(f"/neighbourhoods/{place.slug}/manage/poster/")
    expect(page.locator("article.poster .qr svg")).to_be_visible()
    page.emulate_media(media="print")
    # An A4 sheet at 96 dpi, less the 15 mm margins: nothing is cut off.
    page.set_viewport_size({"width": 680, "height": 1009})
    clipped = page.evaluate(
        "() => { const p = document.querySelector('article.poster');"
        " return p.scrollHeight - p.clientHeight; }"
    )
    assert clipped <= 1, f"{clipped} px of the poster do not fit the page"
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the poster prints on {pages} A4 pages"
