"""The journeys of the exchanges on a phone, in a real browser, with an
accessibility scan on every page seen: a senior's request answered by a young
volunteer through to the thank-yous and the hours on both profiles, a listing
posted at the desk by a moderator for a resident, a search that finds nothing
and offers to ask for it, and the exchange pages on the narrowest phones.

People, neighbourhoods and consents are set up with the factories and the
services, as the site itself would make them; everything after that is done in
the browser. Selectors use ids, names, form actions and hrefs; where a check
must read words, it accepts the French the site shows by default and the
English source, so it holds before and after the catalogue is translated.
"""

import re

import pytest
from django.utils.http import urlencode
from playwright.sync_api import expect

from exchanges import services
from exchanges.models import Category, Listing, Response, Thanks
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry
from tests.browser import test_neighbourhood_journeys
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import open_more_menu
from tests.browser.test_neighbourhood_journeys import (
    assert_fits_phone,
    log_in,
    member_of,
    neighbourhood_with_charter,
)
from tests.factories import MembershipFactory, ProfileFactory

# Another person's phone, as in the neighbourhood journeys.
open_page = test_neighbourhood_journeys.open_page

SMALL_PHONE = {"width": 320, "height": 740}

# What the pages say, in French or in the English source.
HELPED_BY = re.compile(r"Publié avec l'aide de|Posted with the help of")
DIGITAL_HELP = re.compile(r"Aide numérique|Digital help")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


# Set-up


def seed(key: str) -> Category:
    return Category.objects.get(key=key, neighbourhood=None)


# Browser helpers


def listing_path(listing: Listing) -> str:
    return listing.get_absolute_url()


def fill_in_listing(
    page,
    *,
    kind: str,
    category: Category,
    title: str,
    tags: str,
    description: str = "",
    place: str = "centre",
    availability: str = "",
    duration_minutes: int = 60,
) -> None:
    """Fill in the form of /listings/new/ as a person does, top to bottom."""
    page.locator(f"input[name=kind][value={kind}]").check()
    page.locator(f"input[name=category][value='{category.pk}']").check()
    page.locator("#id_title").fill(title)
    page.locator("#id_description").fill(description)
    page.locator("#id_tags").fill(tags)
    page.locator(f"input[name=place][value={place}]").check()
    page.locator("#id_availability").fill(availability)
    page.locator("#id_duration_minutes").select_option(str(duration_minutes))
    page.locator("#id_places").fill("1")


def press_continue(page) -> None:
    """Press "Continuer", the first button of the listing form: it shows what
    will be published, with the similar listings already open."""
    page.locator("main form button[name=preview]").click()


def listing_published(page, live_url: str, **filters) -> Listing:
    """The listing just published: the page is its own, with the success
    message, and its h1 is its title."""
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_url)}/listings/\d+/$"))
    listing = Listing.objects.get(**filters)
    expect(page).to_have_url(f"{live_url}{listing_path(listing)}")
    expect(page.locator("main .messages")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(listing.title)
    return listing


def answer_cards(page):
    """The cards of the answers on a listing's page: every answer for its
    author (and the moderators), one's own for anyone else."""
    return page.locator("section[aria-labelledby=responses-title] .card-list > li")


def category_label(page, category: Category):
    """The label of a category's radio button, with its icon and name."""
    radio = page.locator(f"input[name=category][value='{category.pk}']")
    return page.locator(f"label[for='{radio.get_attribute('id')}']")


def hours_on_profile(page) -> tuple[float, float]:
    """(hours given, hours received) as the profile's "Mutual aid" section says
    them, in that order, whatever the decimal separator of the language."""
    text = page.locator("section[aria-labelledby=hours-title] > p").first.inner_text()
    numbers = [float(n.replace(",", ".")) for n in NUMBER.findall(text)]
    assert len(numbers) == 2, f"expected hours given and received in {text!r}"
    return numbers[0], numbers[1]


# The journeys


def test_senior_request_answered_by_a_young_volunteer_until_thanks_and_hours(
    page, open_page, live_url, seed_categories
):
    """A senior who reads in larger text posts a request for help with her
    smartphone in "Aide numérique". A young volunteer who gave "smartphone" as a
    skill finds it in "For you", with the reason naming that word, opens it and
    offers help with a message. The senior reloads her listing, accepts him and
    says it is done; he says it is done too, giving the 90 minutes it took. Each
    thanks the other. Then his profile shows 1.5 hours given and her thank-you,
    hers 1.5 hours received and his."""
    neighbourhood, _coordinator = neighbourhood_with_charter(
        join_policy="approval", name="Les Gratte-Ciel", postcodes="69100"
    )
    senior = ProfileFactory(
        pseudonym="Jeanne des Gratte-Ciel",
        age_group="60_plus",
        show_age_group=True,
        larger_text=True,
    ).user
    volunteer = ProfileFactory(
        pseudonym="Yanis", age_group="18_25", show_age_group=True, skills=["smartphone"]
    ).user
    MembershipFactory(user=senior, neighbourhood=neighbourhood)
    MembershipFactory(user=volunteer, neighbourhood=neighbourhood, role="volunteer")
    digital = seed("digital")
    title = "Apprendre à faire des appels vidéo avec mon smartphone"
    answer = "Bonjour Jeanne, je peux passer mercredi après 17 h."
    senior_thanks = "Merci Yanis, j'ai pu voir mes petits-enfants en vidéo !"
    volunteer_thanks = "Merci Jeanne pour le café et votre patience."

    # The senior writes her request.
    log_in(page, senior.email)
    expect(page).to_have_url(f"{live_url}/")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
    assert_accessible(page)
    page.locator(".site-nav a[href='/listings/']").click()
    expect(page).to_have_url(f"{live_url}/listings/")
    assert_fits_phone(page)
    page.locator("main a[href='/listings/new/']").first.click()
    expect(page).to_have_url(f"{live_url}/listings/new/")
    assert_fits_phone(page)
    expect(category_label(page, digital)).to_contain_text(DIGITAL_HELP)
    fill_in_listing(
        page,
        kind="request",
        category=digital,
        title=title,
        description="Je voudrais appeler mes petits-enfants en vidéo.",
        tags="smartphone, visio",
        place="home",
        availability="Le mercredi après-midi",
    )
    # Nothing like it is open: the preview shows what will be published.
    press_continue(page)
    preview = page.locator(".listing-preview")
    expect(preview.locator("h2")).to_have_text(title)
    expect(preview.locator(".tags li")).to_have_text(["smartphone", "visio"])
    assert not Listing.objects.filter(author=senior).exists()
    assert_fits_phone(page)
    page.locator("main button[name=publish]").first.click()

    listing = listing_published(page, live_url, author=senior)
    assert (listing.kind, listing.category, listing.helped_by) == (
        "request",
        digital,
        None,
    )
    assert sorted(tag.name for tag in listing.tags.all()) == ["smartphone", "visio"]
    expect(page.locator("main ul.tags li")).to_have_count(2)
    assert sorted(page.locator("main ul.tags li").all_inner_texts()) == [
        "smartphone",
        "visio",
    ]
    assert_fits_phone(page)

    # On his own phone, the volunteer finds it among the listings for him.
    volunteer_page = open_page()
    log_in(volunteer_page, volunteer.email)
    open_more_menu(volunteer_page)
    volunteer_page.locator(".site-nav a[href='/for-you/']").click()
    expect(volunteer_page).to_have_url(f"{live_url}/for-you/")
    assert_fits_phone(volunteer_page)
    card = volunteer_page.locator(
        "main .listing-card",
        has=volunteer_page.locator(f"a[href='{listing_path(listing)}']"),
    )
    expect(card).to_have_count(1)
    expect(card.locator(".reasons")).to_contain_text("smartphone")
    card.locator(f"a[href='{listing_path(listing)}']").click()

    expect(volunteer_page).to_have_url(f"{live_url}{listing_path(listing)}")
    assert_fits_phone(volunteer_page)
    volunteer_page.locator("#id_message").fill(answer)
    volunteer_page.locator(
        "section[aria-labelledby=respond-title] button[type=submit]"
    ).click()

    # He lands in the conversation with her, his words its first message, the
    # reply box in view.
    expect(volunteer_page).to_have_url(
        re.compile(rf"^{re.escape(live_url)}/conversations/\d+/#latest$")
    )
    expect(volunteer_page.locator("main .messages")).to_be_visible()
    expect(volunteer_page.locator("#thread .chat-text")).to_have_text([answer])
    expect(
        volunteer_page.locator("#message-form button[type=submit]")
    ).to_be_in_viewport()
    assert_fits_phone(volunteer_page)
    response = Response.objects.get(listing=listing, responder=volunteer)
    volunteer_page.goto(listing_path(listing))
    expect(volunteer_page.locator("#id_message")).to_have_count(0)
    mine = answer_cards(volunteer_page)
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(answer)
    assert_fits_phone(volunteer_page)

    # The senior reloads her listing, sees his answer and accepts him.
    page.reload()
    answers = answer_cards(page)
    expect(answers).to_have_count(1)
    expect(answers).to_contain_text("Yanis")
    expect(answers).to_contain_text(answer)
    assert_fits_phone(page)
    answers.locator(f"form[action='/responses/{response.pk}/accept/'] button").click()

    expect(page).to_have_url(f"{live_url}{listing_path(listing)}")
    expect(page.locator("main .messages")).to_be_visible()
    expect(
        page.locator(f"form[action='/responses/{response.pk}/accept/']")
    ).to_have_count(0)
    done_form = page.locator(f"form[action='/responses/{response.pk}/done/']")
    expect(done_form).to_be_visible()
    assert_fits_phone(page)
    response.refresh_from_db()
    assert response.status == Response.Status.ACCEPTED

    # They meet; she says it is done, without saying how long it took.
    done_form.locator("button[type=submit]").click()
    expect(page.locator("main .messages")).to_be_visible()
    expect(done_form).to_have_count(0)
    expect(
        page.locator(f"form[action='/responses/{response.pk}/thanks/']")
    ).to_have_count(0)
    assert_fits_phone(page)

    # He says it is done too, with the time it really took.
    volunteer_page.reload()
    assert_fits_phone(volunteer_page)
    his_done_form = volunteer_page.locator(
        f"form[action='/responses/{response.pk}/done/']"
    )
    his_done_form.locator("input[name=minutes]").fill("90")
    his_done_form.locator("button[type=submit]").click()

    expect(volunteer_page.locator("main .messages")).to_be_visible()
    expect(his_done_form).to_have_count(0)
    response.refresh_from_db()
    assert response.is_done
    assert response.minutes_spent == 90
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DONE
    his_thanks_form = volunteer_page.locator(
        f"form[action='/responses/{response.pk}/thanks/']"
    )
    expect(his_thanks_form).to_be_visible()
    assert_fits_phone(volunteer_page)
    his_thanks_form.locator("textarea[name=text]").fill(volunteer_thanks)
    his_thanks_form.locator("button[type=submit]").click()

    expect(volunteer_page.locator("main .messages")).to_be_visible()
    expect(his_thanks_form).to_have_count(0)
    assert_fits_phone(volunteer_page)

    # She thanks him as well.
    page.reload()
    assert_fits_phone(page)
    expect(answer_cards(page)).to_contain_text("90")
    her_thanks_form = page.locator(f"form[action='/responses/{response.pk}/thanks/']")
    her_thanks_form.locator("textarea[name=text]").fill(senior_thanks)
    her_thanks_form.locator("button[type=submit]").click()

    expect(page.locator("main .messages")).to_be_visible()
    expect(her_thanks_form).to_have_count(0)
    assert_fits_phone(page)
    assert set(Thanks.objects.values_list("from_user", "to_user", "text")) == {
        (senior.pk, volunteer.pk, senior_thanks),
        (volunteer.pk, senior.pk, volunteer_thanks),
    }

    # His profile, as she opens it from his answer: hours given, her thanks.
    page.locator(
        f"section[aria-labelledby=responses-title] "
        f"a[href='{volunteer.profile.get_absolute_url()}']"
    ).click()
    expect(page).to_have_url(f"{live_url}{volunteer.profile.get_absolute_url()}")
    assert_fits_phone(page)
    assert hours_on_profile(page) == (1.5, 0)
    expect(page.locator(".thanks-list li")).to_have_count(1)
    expect(page.locator(".thanks-list blockquote")).to_have_text(senior_thanks)
    expect(page.locator(".thanks-list li")).to_contain_text("Jeanne des Gratte-Ciel")

    # Her own profile: hours received, his thanks.
    open_more_menu(page)
    page.locator(f".site-nav a[href='{senior.profile.get_absolute_url()}']").click()
    expect(page).to_have_url(f"{live_url}{senior.profile.get_absolute_url()}")
    assert_fits_phone(page)
    assert hours_on_profile(page) == (0, 1.5)
    expect(page.locator(".thanks-list blockquote")).to_have_text(volunteer_thanks)

    # And he sees the same on his own profile.
    open_more_menu(volunteer_page)
    volunteer_page.locator(
        f".site-nav a[href='{volunteer.profile.get_absolute_url()}']"
    ).click()
    expect(volunteer_page).to_have_url(
        f"{live_url}{volunteer.profile.get_absolute_url()}"
    )
    assert_fits_phone(volunteer_page)
    assert hours_on_profile(volunteer_page) == (1.5, 0)
    expect(volunteer_page.locator(".thanks-list blockquote")).to_have_text(
        senior_thanks
    )


def test_moderator_posts_a_listing_for_a_resident_at_the_desk(
    page, open_page, live_url, seed_categories
):
    """At the desk, with a resident who consented that the moderators act for
    her, a moderator opens her page, follows "Post a listing for them" and
    writes a request in her name; a neighbour's similar offer is shown first,
    and they publish all the same. The listing is hers and says it was posted
    with the help of the moderator; on her own phone, the resident finds the
    act in "Help at the desk" (/me/help/), with the moderator's name."""
    neighbourhood, _coordinator = neighbourhood_with_charter(
        join_policy="approval", name="La Duchère", postcodes="69009"
    )
    moderator = member_of(neighbourhood, "moderator")
    resident = member_of(neighbourhood)
    neighbourhood_services.record_consent(
        moderator=moderator,
        resident=resident,
        neighbourhood=neighbourhood,
        purpose="Publier mes demandes à l'accueil du centre",
    )
    market_offer = services.create_listing(
        author=member_of(neighbourhood, "volunteer"),
        neighbourhood=neighbourhood,
        kind="offer",
        title="Je fais mes courses au marché du samedi, venez avec moi",
        category=seed("company"),
        tags=["marché"],
    )
    moderator_name = moderator.profile.pseudonym
    resident_path = f"{neighbourhood.get_absolute_url()}manage/desk/{resident.pk}/"
    post_for_path = f"/listings/new/for/{neighbourhood.slug}/{resident.pk}/"
    title = "Quelqu'un pour m'accompagner au marché le samedi"

    log_in(page, moderator.email)
    page.goto(resident_path)
    assert_fits_phone(page)
    page.locator(f"main a[href='{post_for_path}']").click()

    expect(page).to_have_url(f"{live_url}{post_for_path}")
    # The moderator is told, before anything else, for whom they are writing.
    expect(page.locator("main [role=status]").first).to_contain_text(
        resident.profile.pseudonym
    )
    assert_fits_phone(page)
    fill_in_listing(
        page,
        kind="request",
        category=seed("company"),
        title=title,
        tags="courses, marché",
        availability="Le samedi matin",
    )
    press_continue(page)

    # A neighbour already offers something close: the site shows it first, and
    # the resident, having read it with the moderator, still wants her own.
    expect(page.locator("main form button[name=publish]")).to_be_visible()
    similar = page.locator("main section[aria-labelledby=similar-title]")
    expect(similar).to_be_visible()
    expect(similar.locator(f"a[href='{listing_path(market_offer)}']")).to_have_count(1)
    expect(page.locator("#id_title")).to_have_value(title)
    assert_fits_phone(page)
    page.locator("main form button[name=publish]").click()

    listing = listing_published(page, live_url, title=title)
    assert (listing.author, listing.helped_by) == (resident, moderator)
    byline = page.locator("article[aria-labelledby=listing-title] p.muted").first
    expect(byline).to_contain_text(resident.profile.pseudonym)
    expect(byline).to_contain_text(HELPED_BY)
    expect(byline).to_contain_text(moderator_name)
    assert_fits_phone(page)
    assert JournalEntry.objects.filter(
        actor=moderator, subject=resident, details__contains=title
    ).exists()

    resident_page = open_page()
    log_in(resident_page, resident.email)
    expect(resident_page).to_have_url(f"{live_url}/")
    assert_accessible(resident_page)
    resident_page.locator("main a[href='/me/help/']").click()
    expect(resident_page).to_have_url(f"{live_url}/me/help/")
    assert_fits_phone(resident_page)
    acts = resident_page.locator("section[aria-labelledby=history-title] li")
    posted = acts.filter(has_text=title)
    expect(posted).to_have_count(1)
    expect(posted).to_contain_text(moderator_name)

    # Her listing is hers: she may change or close it.
    resident_page.goto(listing_path(listing))
    expect(
        resident_page.locator("section[aria-labelledby=author-tools]")
    ).to_be_visible()
    expect(
        resident_page.locator("article[aria-labelledby=listing-title] p.muted").first
    ).to_contain_text(HELPED_BY)
    assert_fits_phone(resident_page)


def test_search_that_finds_nothing_offers_to_post_it_as_a_request(
    page, live_url, seed_categories
):
    """A member looks for someone to teach the accordion; nothing is open about
    it, so the page says so and offers to post it as a request; following that
    link opens the listing form as a request, titled with the words searched."""
    neighbourhood, _coordinator = neighbourhood_with_charter(
        join_policy="approval", name="Monplaisir", postcodes="69008"
    )
    neighbour = member_of(neighbourhood)
    services.create_listing(
        author=neighbour,
        neighbourhood=neighbourhood,
        kind="offer",
        title="Je prête ma perceuse",
        category=seed("company"),
        tags=["bricolage"],
    )
    person = member_of(neighbourhood)
    words = "cours d'accordéon"

    log_in(page, person.email)
    page.goto("/listings/")
    expect(page.locator("main .listing-card")).to_have_count(1)
    assert_fits_phone(page)
    page.locator("#id_q").fill(words)
    page.locator("main form[role=search] button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(live_url)}/listings/\?.*q="))
    expect(page.locator("#id_q")).to_have_value(words)
    expect(page.locator("main .listing-card")).to_have_count(0)
    assert_fits_phone(page)
    offer = page.locator(
        "main a[href^='/listings/new/?'][href*='kind=request'][href*='title=']"
    )
    expect(offer).to_have_count(1)
    expect(offer).to_have_attribute(
        "href", "/listings/new/?" + urlencode({"kind": "request", "title": words})
    )
    offer.click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(live_url)}/listings/new/\?"))
    expect(page.locator("#id_title")).to_have_value(words)
    expect(page.locator("input[name=kind][value=request]")).to_be_checked()
    assert_fits_phone(page)


@pytest.mark.parametrize("larger_text", [False, True], ids=["text", "larger-text"])
def test_exchange_pages_fit_a_small_phone(page, live_url, seed_categories, larger_text):
    """At 320 px wide, in normal and in larger text, the list of listings, the
    form to write one and a listing's page as its author sees it with an answer
    waiting all fit the screen and pass the scan."""
    neighbourhood, _coordinator = neighbourhood_with_charter(
        join_policy="approval", name="Vaise", postcodes="69009"
    )
    author = ProfileFactory(larger_text=larger_text).user
    MembershipFactory(user=author, neighbourhood=neighbourhood)
    listing = services.create_listing(
        author=author,
        neighbourhood=neighbourhood,
        kind="request",
        title="Remplir ma déclaration de revenus en ligne sur impots.gouv.fr",
        description="J'ai reçu un courrier et je ne comprends pas la démarche.",
        category=seed("paperwork"),
        tags=["démarches", "impôts", "administration"],
        availability="Le lundi ou le jeudi, avant 16 h",
    )
    services.respond(
        user=member_of(neighbourhood, "volunteer"),
        listing=listing,
        message="Je travaillais aux impôts, je peux vous aider jeudi.",
    )

    page.set_viewport_size(SMALL_PHONE)
    log_in(page, author.email)
    expect(page.locator("html.text-large")).to_have_count(int(larger_text))
    for path in ["/listings/", "/listings/new/", listing_path(listing)]:
        page.goto(path)
        expect(page).to_have_url(f"{live_url}{path}")
        assert_fits_phone(page)
    # The author's view of the listing, the widest of the three, was measured.
    expect(page.locator("form[action$='/accept/'] button")).to_be_visible()
