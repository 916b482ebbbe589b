"""A resident's phone at 320 and 360 px: the header takes little of the first
screen, a conversation opens at its latest message with the reply box in view,
every tap target is at least 44 px high (the inline "Report", author and
profile links included), "Aa" turns larger text on in one tap, and long words
break with hyphens in their text's language, at its hyphenation points even
where the browser has no dictionary for it."""

import re
import uuid
from itertools import accumulate, pairwise

import pytest
from playwright.sync_api import expect

from community.templatetags.hyphens import hyphenate
from exchanges import services as exchange_services
from exchanges.models import Category
from messaging import services as messaging_services
from messaging.models import Conversation, Message
from tests.browser import test_messaging_journeys
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import assert_no_horizontal_scroll
from tests.browser.test_neighbourhood_journeys import log_in
from tests.factories import MembershipFactory, NeighbourhoodFactory, ProfileFactory

# The phones of the messaging journeys (without JavaScript too).
open_phone = test_messaging_journeys.open_phone
sign_in = test_messaging_journeys.sign_in

WIDTHS = [320, 360]
HEIGHT = 640


def neighbours(*names):
    neighbourhood = NeighbourhoodFactory(name="La Duchère")
    return neighbourhood, [
        MembershipFactory(
            user=ProfileFactory(pseudonym=name).user, neighbourhood=neighbourhood
        ).user
        for name in names
    ]


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not on screen at {page.url}"
    return found


def too_small_targets(page, selector: str) -> list[str]:
    """The visible elements of `selector` less than 44 px high."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(e => e.offsetParent !== null)
            .filter(e => e.getBoundingClientRect().height < 44)
            .map(e => e.outerHTML.slice(0, 120))""",
        selector,
    )


@pytest.fixture
def conversation(transactional_db):
    neighbourhood, (fatima, lucas) = neighbours("Fatima", "Lucas")
    conversation = messaging_services.start_conversation(
        user=fatima, other=lucas, neighbourhood=neighbourhood
    )
    # Written straight in the database: the services would tell the (absent)
    # open pages through the channel layer.
    for number in range(8):
        Message.objects.create(
            conversation=conversation,
            author=fatima if number % 2 else lucas,
            client_id=uuid.uuid4(),
            seq=number + 1,
            text=f"Message numéro {number}: on se retrouve jeudi au centre social, "
            "près de la salle intergénérationnelle ?",
        )
    Conversation.objects.filter(pk=conversation.pk).update(last_seq=8)
    return conversation, fatima, lucas


@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_is_compact(page, width, conversation):
    _conversation, fatima, _lucas = conversation
    page.set_viewport_size({"width": width, "height": HEIGHT})
    log_in(page, fatima.email)
    for path in ["/", "/listings/", "/conversations/", "/notifications/"]:
        page.goto(path)
        height = box(page, "header.site-header")["height"]
        assert height <= HEIGHT / 4, f"the header takes {height} px of {path}"
        assert_no_horizontal_scroll(page)
    # The rest is behind "More", open by keyboard too.
    page.locator(".site-nav .more summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".site-nav .more a[href='/for-you/']")).to_be_visible()
    assert not too_small_targets(page, "header a, header button, header summary")
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("javascript", [True, False])
def test_a_conversation_opens_at_its_latest_message_with_the_reply_box_in_view(
    open_phone, width, javascript, conversation
):
    conversation, fatima, _lucas = conversation
    phone = open_phone(javascript=javascript)
    page = phone.page
    page.set_viewport_size({"width": width, "height": HEIGHT})
    sign_in(phone, fatima.email)
    page.goto(conversation.get_absolute_url())
    # Measured by the browser itself (no script of the page needed): the reply
    # box and the latest message are on the first screen.
    for selector in (
        "#message-form button[type=submit]",
        "#message-form textarea",
        "#thread > li.chat-message:last-child",
    ):
        found = box(page, selector)
        assert found["y"] >= 0 and found["y"] + found["height"] <= HEIGHT, (
            f"{selector} is out of the first screen: {found}"
        )
    expect(page.locator("#thread > li.chat-message").last).to_contain_text(
        "Message numéro 7"
    )
    if javascript:
        # The "Report" links and the author's links are real tap targets.
        assert not too_small_targets(page, "main a, main button, main summary")
        assert_no_horizontal_scroll(page)
    phone.assert_accessible()


# A title as a centre social writes them: at 320 px with larger text, its long
# word does not fit a line.
LONG_TITLE = "Atelier intergénérationnel d'informatique"
LONG_WORD = "intergénérationnel"
SOFT_HYPHEN = "\u00ad"


@pytest.fixture
def workshop_listing(conversation, seed_categories):
    conversation, _fatima, lucas = conversation
    return exchange_services.create_listing(
        author=lucas,
        neighbourhood=conversation.neighbourhood,
        kind="offer",
        title=LONG_TITLE,
        description="Pour les grands-parents et leurs petits-enfants.",
        category=Category.objects.get(key="digital", neighbourhood=None),
        language="fr",
    )


def lines_of_letters(page, selector: str) -> list[tuple[str, int | None]]:
    """Each character of the element's text with the top of the line the
    browser laid it on (a Range over the character alone); None for a
    character drawn without width, as a soft hyphen where no line breaks."""
    return [
        (found["char"], found["top"])
        for found in page.evaluate(
            """selector => {
                const element = document.querySelector(selector);
                const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
                const found = [];
                for (let node = texts.nextNode(); node; node = texts.nextNode()) {
                    for (let i = 0; i < node.data.length; i++) {
                        const range = document.createRange();
                        range.setStart(node, i);
                        range.setEnd(node, i + 1);
                        // The last box: a character first on its line may
                        // also get one at the end of the line before.
                        const drawn = [...range.getClientRects()]
                            .filter(rect => rect.width > 0).pop();
                        const top = drawn ? Math.round(drawn.top) : null;
                        found.push({char: node.data[i], top: top});
                    }
                }
                return found;
            }""",
            selector,
        )
    ]


def breaks_in_word(
    letters: list[tuple[str, int | None]], word: str
) -> list[tuple[str, str]]:
    """Where the browser broke `word` across lines: for each break, the text
    before it (soft hyphens taken out) and the character just before the
    break in the page, which a hyphenation point makes a soft hyphen."""
    shown = [(i, char) for i, (char, _top) in enumerate(letters) if char != SOFT_HYPHEN]
    text = "".join(char for _i, char in shown)
    start = text.index(word)
    breaks = []
    inside = shown[start : start + len(word)]
    for count, ((before, _), (after, _)) in enumerate(pairwise(inside), start=1):
        if letters[after][1] != letters[before][1]:
            breaks.append((word[:count], letters[after - 1][0]))
    return breaks


def elements_wider_than_the_screen(page) -> list[str]:
    """The elements that reach out of the screen or whose content overflows
    them sideways (a word too long for its line), but the skip link waiting
    above the page for the keyboard."""
    return page.evaluate(
        """() => {
            const screen = document.documentElement.clientWidth;
            const wide = e => {
                const box = e.getBoundingClientRect();
                // One pixel wide: hidden for the eyes, kept for screen readers.
                return box.width > 1 && (box.left < -0.5 || box.right > screen + 0.5
                    || e.scrollWidth > e.clientWidth + 1);
            };
            return [...document.body.querySelectorAll("*")]
                .filter(e => !e.closest(".skip-link") && wide(e))
                .map(e => e.outerHTML.slice(0, 120));
        }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_larger_text_in_one_tap_and_long_words_break_with_hyphens(
    page, width, conversation, workshop_listing
):
    conversation, fatima, _lucas = conversation
    page.set_viewport_size({"width": width, "height": HEIGHT})
    log_in(page, fatima.email)
    page.goto(conversation.get_absolute_url())
    expect(page.locator("html.text-large")).to_have_count(0)
    page.locator("form.text-size button").click()
    expect(page.locator("html.text-large")).to_have_count(1)
    expect(page).to_have_url(
        f"{page.url.split('/conversations/')[0]}{conversation.get_absolute_url()}"
    )
    expect(page.locator("form.text-size button")).to_have_attribute(
        "aria-pressed", "true"
    )
    fatima.profile.refresh_from_db()
    assert fatima.profile.larger_text
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.querySelector('.chat-text'));
            return {hyphens: s.hyphens || s.webkitHyphens, wrap: s.overflowWrap,
                    lang: document.documentElement.lang};
        }"""
    )
    assert style == {"hyphens": "auto", "wrap": "anywhere", "lang": "fr"}
    expect(page.locator("#message-form button[type=submit]")).to_be_in_viewport()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    # The long word of a listing's title breaks at one of the points French
    # allows (in-ter-gé-né-ra-tion-nel), whatever dictionaries the browser
    # has, and nothing overflows the screen.
    page.goto(workshop_listing.get_absolute_url())
    expect(page.locator("html.text-large")).to_have_count(1)
    expect(page.locator("#listing-title")).to_have_attribute("lang", "fr")
    breaks = breaks_in_word(lines_of_letters(page, "#listing-title"), LONG_WORD)
    pieces = hyphenate(LONG_WORD, "fr").split(SOFT_HYPHEN)[:-1]
    hyphenation_points = set(accumulate(len(piece) for piece in pieces))
    if width == 320:
        assert breaks, f"{LONG_WORD} fits a line: the test proves nothing"
    for before, mark in breaks:
        assert mark == SOFT_HYPHEN, (
            f"{LONG_WORD} is cut after {before!r}, not at a hyphenation point"
        )
        assert len(before) in hyphenation_points
    assert not elements_wider_than_the_screen(page)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    # And off again in one tap.
    page.locator("form.text-size button").click()
    expect(page.locator("html.text-large")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_keywords_are_chips_that_can_be_taken_out(page, width, conversation):
    _conversation, fatima, _lucas = conversation
    page.set_viewport_size({"width": width, "height": HEIGHT})
    log_in(page, fatima.email)
    page.goto("/listings/new/")
    field = page.locator("#id_tags")
    field.fill("Appel vidéo, pain maison, appel vidéo")
    chips = page.locator("ul.chips li.chip")
    expect(chips).to_have_count(2)
    expect(chips.locator("span")).to_have_text(["Appel vidéo", "pain maison"])
    assert not too_small_targets(page, "ul.chips button")
    chips.first.locator("button").click()
    expect(field).to_have_value("pain maison")
    expect(chips).to_have_count(1)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_password_can_be_shown_and_the_login_hint_is_not_a_placeholder(page, width):
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.goto("/accounts/login/")
    login = page.locator("#id_login")
    expect(login).not_to_have_attribute("placeholder", re.compile(".*"))
    expect(page.locator("#id_login_helptext")).to_be_visible()
    expect(login).to_have_attribute("aria-describedby", "id_login_helptext")
    password = page.locator("#id_password")
    password.fill("mon-secret")
    page.locator("#show-password").check()
    expect(password).to_have_attribute("type", "text")
    page.locator("#show-password").uncheck()
    expect(password).to_have_attribute("type", "password")
    # The buttons, the checkboxes' labels and the hint's link ("Forgot your
    # password?"); a link inside a sentence is exempt.
    targets = "main button, main .checkbox-row label, main .helptext a"
    assert not too_small_targets(page, targets)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
