"""A mentoring pair in a real browser, on phones: a senior asks for help with
video calls; a volunteer of 17 who knows how is suggested and proposed; the
pair waits for the guardian's consent, recorded at the desk, then for the
animateur's approval; the first meeting is held at the centre and marked by
the animateur, which shows the contact details; both sides write what they
did; the volunteer makes an attestation whose code a stranger checks. Every
page is scanned for accessibility and must fit the phone.

People are made with the factories; everything else is done in the browser.
Where a check reads words it accepts the French the site shows and the
English source."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from exchanges import services as exchange_services
from exchanges.models import Category, Listing
from mentoring.models import Attestation, Log, MentoringSettings, Pair
from tests.browser import test_neighbourhood_journeys
from tests.browser.test_journeys import submit
from tests.browser.test_neighbourhood_journeys import (
    assert_fits_phone,
    log_in,
    member_of,
    neighbourhood_with_charter,
)
from workshops.models import Place

open_page = test_neighbourhood_journeys.open_page
PURPOSE = "Apprendre les appels vidéo"


def profiled(user, *, age_group, skills=()):
    profile = user.profile
    profile.age_group = age_group
    profile.age_group_for_matching = True
    profile.save(update_fields=["age_group", "age_group_for_matching"])
    profile.skills.add(*skills)
    return user


def test_a_senior_and_a_young_volunteer_from_request_to_attestation(
    page, open_page, live_url, seed_categories
):
    place, _coordinator = neighbourhood_with_charter(
        join_policy="open", name="Les Tilleuls"
    )
    MentoringSettings.objects.create(neighbourhood=place, first_meeting_at_centre=True)
    centre = Place.objects.create(
        neighbourhood=place,
        name="Centre social des Tilleuls",
        address="3 rue des Tilleuls",
        opening_hours="Du lundi au vendredi, 9 h – 18 h",
    )
    animateur = member_of(place, "moderator")
    senior = profiled(member_of(place), age_group="60_plus")
    young = profiled(
        member_of(place, "volunteer"), age_group="under_18", skills=["visio"]
    )
    listing = exchange_services.create_listing(
        author=senior,
        neighbourhood=place,
        kind=Listing.Kind.REQUEST,
        title=PURPOSE,
        category=Category.objects.get(neighbourhood=None, key="mentoring"),
        tags=["visio"],
    )

    # The senior sees the volunteer among the neighbours who could answer,
    # and proposes a pair, told why it fits.
    log_in(page, senior.email)
    page.goto(listing.get_absolute_url())
    assert_fits_phone(page)
    page.locator(f"a[href^='/mentoring/with/{young.profile.pk}/']").click()
    assert_fits_phone(page)
    expect(page.locator("main .reasons")).to_contain_text(
        re.compile("générations|generations")
    )
    submit(page)
    pair = Pair.objects.get()
    expect(page).to_have_url(re.compile(rf"/mentoring/pairs/{pair.pk}/$"))
    assert (pair.mentor, pair.mentee) == (young, senior)

    # The volunteer accepts: as a minor, the pair waits for consent.
    theirs = open_page()
    log_in(theirs, young.email)
    theirs.goto("/mentoring/")
    assert_fits_phone(theirs)
    theirs.locator(f"a[href='/mentoring/pairs/{pair.pk}/']").click()
    assert_fits_phone(theirs)
    theirs.locator(f"form[action='/mentoring/pairs/{pair.pk}/accept/'] button").click()
    expect(theirs.locator("main")).to_contain_text(re.compile("tuteur|guardian"))
    pair.refresh_from_db()
    assert pair.state == "accepted"

    # At the desk, the animateur records the guardian's consent, then
    # approves the pair.
    desk = open_page()
    log_in(desk, animateur.email)
    desk.goto(f"/mentoring/follow/{place.slug}/")
    assert_fits_phone(desk)
    desk.locator("#id_consent-member").select_option(str(young.pk))
    desk.locator("#id_consent-guardian_name").fill("Mme Haddad")
    desk.locator("input[name=consent-how][value=in_person]").check()
    desk.locator("#id_consent-given_on").fill(timezone.localdate().isoformat())
    desk.locator(
        f"form[action='/mentoring/follow/{place.slug}/consent/'] button"
    ).click()
    expect(desk.locator("main")).to_contain_text("Mme Haddad")
    pair.refresh_from_db()
    assert pair.state == "awaiting"
    desk.goto(f"/mentoring/pairs/{pair.pk}/")
    assert_fits_phone(desk)
    desk.locator("input[name=decision][value=approve] + button").click()
    pair.refresh_from_db()
    assert pair.state == "active"

    # Both sides see the safety rules; the first meeting is at the centre,
    # and the contact details wait for it.
    theirs.goto(f"/mentoring/pairs/{pair.pk}/")
    assert_fits_phone(theirs)
    expect(theirs.locator("main")).to_contain_text("119")
    theirs.locator("#id_contact").fill("06 12 34 56 78")
    theirs.locator(f"form[action='/mentoring/pairs/{pair.pk}/contact/'] button").click()
    page.goto(f"/mentoring/pairs/{pair.pk}/")
    assert_fits_phone(page)
    expect(page.locator("main")).not_to_contain_text("06 12 34 56 78")
    start = timezone.localtime() - datetime.timedelta(minutes=30)
    page.locator("#id_starts_at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_minutes").fill("60")
    page.locator("#id_place").select_option(str(centre.pk))
    page.locator(f"form[action='/mentoring/pairs/{pair.pk}/meetings/'] button").click()
    meeting = pair.meetings.get()

    # The animateur, there, during the opening hours, marks it held; the
    # contact details show.
    desk.goto(f"/mentoring/pairs/{pair.pk}/")
    desk.locator(f"#open-{meeting.pk}").check()
    desk.locator(
        f"form[action='/mentoring/meetings/{meeting.pk}/held/'] button"
    ).click()
    expect(desk.locator(f"#meeting-{meeting.pk}")).to_contain_text(
        re.compile("Tenue|Held")
    )
    meeting.refresh_from_db()
    assert meeting.animateur_present == animateur
    page.goto(f"/mentoring/pairs/{pair.pk}/")
    expect(page.locator("main")).to_contain_text("06 12 34 56 78")

    # Both write what they did.
    for phone, done, learnt in (
        (page, "Premier appel avec ma petite-fille", "Décrocher et raccrocher"),
        (theirs, "Installer l'application", "Expliquer lentement"),
    ):
        phone.goto(f"/mentoring/pairs/{pair.pk}/")
        assert_fits_phone(phone)
        phone.locator(f"#id_log{meeting.pk}_done").fill(done)
        phone.locator(f"#id_log{meeting.pk}_learnt").fill(learnt)
        phone.locator(
            f"form[action='/mentoring/meetings/{meeting.pk}/log/'] button"
        ).click()
        expect(phone.locator(f"#meeting-{meeting.pk}")).to_contain_text(done)
    assert Log.objects.count() == 2

    # The volunteer makes an attestation of their volunteering.
    theirs.goto("/mentoring/attestations/")
    assert_fits_phone(theirs)
    theirs.locator("input[name=kind][value=volunteering]").check()
    theirs.locator("#id_holder_name").fill("Yasmine Haddad")
    submit(theirs)
    attestation = Attestation.objects.get()
    expect(theirs).to_have_url(
        re.compile(rf"/mentoring/attestations/{attestation.code}/$")
    )
    assert_fits_phone(theirs)
    expect(theirs.locator("main")).to_contain_text(attestation.code)
    pdf = theirs.request.get(f"/mentoring/attestations/{attestation.code}.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # Anyone checks the code.
    stranger = open_page()
    stranger.goto("/mentoring/verify/")
    assert_fits_phone(stranger)
    stranger.locator("#id_code").fill(attestation.code.lower())
    submit(stranger)
    expect(stranger.locator("main")).to_contain_text("Yasmine Haddad")
    assert_fits_phone(stranger)
