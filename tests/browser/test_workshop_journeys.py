"""A season's workshop in a real browser, on phones: an animateur creates a
series of four sessions capped at three; three residents register, one of them
at the desk; the fourth waits; one cancels and the waiting one is told live and
takes the seat; the animateur takes the attendance on a 360 px phone; the
coordinator's dashboard shows the figures. Every page is scanned for
accessibility and must fit the phone.

People are made with the factories and the neighbourhoods' services (the
consent given at the desk); everything else is done in the browser. Where a
check reads words it accepts the French the site shows and the English
source."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from exchanges.models import Category
from neighbourhoods import services as neighbourhood_services
from tests.browser import test_neighbourhood_journeys
from tests.browser.conftest import PHONE
from tests.browser.test_exchange_journeys import SMALL_PHONE
from tests.browser.test_journeys import submit
from tests.browser.test_neighbourhood_journeys import (
    assert_fits_phone,
    log_in,
    member_of,
    neighbourhood_with_charter,
)
from workshops.models import Registration, Session, Workshop

# Another person's phone (a fixture).
open_page = test_neighbourhood_journeys.open_page
TITLE = "Internet pour les seniors"


def badge(page):
    return page.locator("header [data-unread='notifications']")


def register_button(page, session):
    return page.locator(f"form[action='/sessions/{session.pk}/register/'] button")


def test_a_series_fills_up_a_seat_frees_and_the_attendance_is_taken(
    page, open_page, live_url, seed_categories
):
    place, coordinator = neighbourhood_with_charter(
        join_policy="open", name="Les Tilleuls"
    )
    animateur = member_of(place, "moderator")
    first, second, waiting, at_desk = (member_of(place) for _ in range(4))
    neighbourhood_services.record_consent(
        moderator=animateur,
        resident=at_desk,
        neighbourhood=place,
        purpose="Inscriptions aux ateliers",
    )
    digital = Category.objects.get(neighbourhood=None, key="digital")

    # The animateur creates the series on a small phone, from the agenda.
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, animateur.email)
    page.goto(f"/neighbourhoods/{place.slug}/agenda/")
    assert_fits_phone(page)
    page.locator(f"a[href='/neighbourhoods/{place.slug}/workshops/new/']").click()
    assert_fits_phone(page)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_category").select_option(str(digital.pk))
    page.locator("input[name=level][value=basic]").check()
    page.locator("#id_audience").select_option("seniors")
    page.locator("input[name=registration][value=series]").check()
    submit(page)
    workshop = Workshop.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(rf"/workshops/{workshop.pk}/edit/$"))
    start = timezone.localtime() + datetime.timedelta(days=3)
    page.locator("#id_first_start").fill(start.strftime("%Y-%m-%dT%H:00"))
    page.locator("#id_count").fill("4")
    page.locator("#id_minutes").fill("120")
    page.locator("#id_capacity").fill("3")
    page.locator("form[action$='/sessions/'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(re.compile("4 séances|4 sessions"))
    assert_fits_phone(page)
    sessions = list(workshop.sessions.order_by("starts_at"))
    assert [s.capacity for s in sessions] == [3, 3, 3, 3]
    opening = sessions[0]
    workshop_url = f"/neighbourhoods/{place.slug}/workshops/{workshop.pk}/"

    # Two residents register from their phones.
    phones = {}
    for person in (first, second, waiting):
        phones[person.pk] = open_page()
        log_in(phones[person.pk], person.email)
    for person in (first, second):
        phone = phones[person.pk]
        phone.goto(workshop_url)
        assert_fits_phone(phone)
        register_button(phone, opening).click()
        expect(
            phone.locator(f"form[action='/sessions/{opening.pk}/unregister/']")
        ).to_have_count(1)

    # The animateur registers a resident without a phone at the desk.
    page.goto(workshop_url)
    assert_fits_phone(page)
    page.locator(f"#resident-{opening.pk}").select_option(str(at_desk.pk))
    page.locator(f"form[action='/sessions/{opening.pk}/register-for/'] button").click()
    expect(page.locator("main")).to_contain_text(
        re.compile("3 places prises sur 3|3 of 3")
    )
    assert (
        Registration.objects.get(session=opening, user=at_desk).helped_by == animateur
    )

    # The fourth finds the series full and joins the waiting list.
    theirs = phones[waiting.pk]
    theirs.goto(workshop_url)
    expect(register_button(theirs, opening)).to_contain_text(
        re.compile("liste d’attente|waiting list")
    )
    register_button(theirs, opening).click()
    expect(theirs.locator("main")).to_contain_text(re.compile("n° 1|number 1"))
    assert_fits_phone(theirs)
    expect(badge(theirs)).to_be_hidden()

    # One gives her seat back: the waiting one is told at once, on the page
    # she has open, and takes the seat.
    leaving = phones[first.pk]
    leaving.goto(workshop_url)
    leaving.locator(f"form[action='/sessions/{opening.pk}/unregister/'] button").click()
    expect(badge(theirs)).to_be_visible()
    expect(badge(theirs).locator("[data-unread-number]")).to_have_text("1")
    theirs.reload()
    theirs.locator(f"form[action='/sessions/{opening.pk}/confirm/'] button").click()
    assert {
        r.state for r in Registration.objects.filter(user=waiting, session__in=sessions)
    } == {"registered"}
    assert_fits_phone(theirs)

    # The first session took place: the animateur ticks who came on a 360 px
    # phone, the second resident did not come, and one neighbour walked in.
    ended = timezone.now() - datetime.timedelta(minutes=10)
    Session.objects.filter(pk=opening.pk).update(
        starts_at=ended - datetime.timedelta(hours=2), ends_at=ended
    )
    page.set_viewport_size(PHONE)
    page.goto(f"/sessions/{opening.pk}/attendance/")
    assert_fits_phone(page)
    page.locator(f"input[name=present][value='{second.pk}']").uncheck()
    page.locator("#id_walk_ins").fill("1")
    submit(page)
    expect(page.locator("main")).to_contain_text(re.compile("enregistré|saved"))
    states = dict(
        Registration.objects.filter(session=opening).values_list("user", "state")
    )
    assert states == {
        first.pk: "cancelled",
        second.pk: "no_show",
        waiting.pk: "attended",
        at_desk.pk: "attended",
    }

    # The coordinator's dashboard shows the figures.
    dashboard = open_page()
    log_in(dashboard, coordinator.email)
    dashboard.goto(f"/neighbourhoods/{place.slug}/manage/indicators/")
    section = dashboard.locator("section[aria-labelledby=workshops-title]")
    expect(section).to_be_visible()
    assert_fits_phone(dashboard)

    def figure(label):
        return section.locator("tr", has=dashboard.locator("th", has_text=label))

    expect(
        figure(re.compile("Séances d’ateliers tenues|Workshop sessions held"))
    ).to_contain_text("1")
    expect(figure(re.compile("Taux de présence|attendance rate"))).to_contain_text("67")
    expect(
        figure(
            re.compile(
                "^Heures d’atelier × participants$|^Workshop hours × participants$"
            )
        )
    ).to_contain_text("6")


def test_the_other_pages_of_the_agenda_fit_a_small_phone(page, seed_categories):
    """The places and their form, an event's form, the moderators' page of
    workshops, moving a session, and a member's registrations with their
    calendar address: each readable at 320 px and accessible."""
    place, _coordinator = neighbourhood_with_charter(
        join_policy="open", name="Le Moulin"
    )
    animateur = member_of(place, "moderator")
    workshop = Workshop.objects.create(
        neighbourhood=place,
        title=TITLE,
        category=Category.objects.get(neighbourhood=None, key="digital"),
        status=Workshop.Status.APPROVED,
        proposed_by=animateur,
    )
    workshop.organisers.add(animateur)
    start = timezone.now() + datetime.timedelta(days=4)
    session = Session.objects.create(
        workshop=workshop,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=5,
    )
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, animateur.email)
    page.goto(f"/neighbourhoods/{place.slug}/places/new/")
    assert_fits_phone(page)
    page.locator("#id_name").fill("Espace public numérique")
    page.locator("#id_address").fill("5 avenue de la Gare")
    submit(page)
    expect(page.locator("main")).to_contain_text("5 avenue de la Gare")
    assert_fits_phone(page)
    for path in (
        f"/neighbourhoods/{place.slug}/events/new/",
        f"/neighbourhoods/{place.slug}/workshops/manage/",
        f"/sessions/{session.pk}/move/",
        "/me/workshops/",
    ):
        page.goto(path)
        assert_fits_phone(page)
