"""The journeys a person takes on a phone, in a real browser, with an accessibility
scan on every page they see.

Selectors use input ids and stable roles, never translated labels, so the tests
hold in French and in English and before and after the catalogues are compiled.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible

# What allauth says after a wrong password, in French or in English.
WRONG_CREDENTIALS = re.compile(r"incorrect|not correct", re.IGNORECASE)
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^/\s]+/")


def submit(page) -> None:
    """Press the main form's submit button; the header's language and log-out
    buttons are forms too, so the button is looked for inside <main> only."""
    page.locator("main form button[type=submit]").click()


def confirmation_link_sent_to(address: str) -> str:
    """The link in the confirmation e-mail. The server thread sends it through the
    locmem backend of this same process, so it is in mail.outbox."""
    messages = [message for message in mail.outbox if address in message.to]
    assert len(messages) == 1, f"expected one e-mail to {address}, got {mail.outbox}"
    match = CONFIRMATION_LINK.search(messages[0].body)
    assert match, f"no confirmation link in:\n{messages[0].body}"
    return match.group()


def open_more_menu(page) -> None:
    """The header keeps its less used links behind a "More" disclosure, as a
    phone user would open it."""
    menu = page.locator(".site-nav .more details")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def assert_no_horizontal_scroll(page) -> None:
    """Content wider than the screen makes people scroll sideways to read each
    line, which is the first thing that breaks on small phones."""
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"], (
        f"{page.url} scrolls sideways at {widths['client']} px: "
        f"its content is {widths['scroll']} px wide"
    )


def assert_stylesheet_applied(page) -> None:
    """Unstyled HTML flows to any width, so a layout check on a page whose CSS did
    not load (WhiteNoise serving /static/ through Django) would prove nothing."""
    loaded = page.evaluate(
        "() => [...document.styleSheets].some(sheet =>"
        " sheet.href && sheet.href.endsWith('/static/css/site.css')"
        " && sheet.cssRules.length > 0)"
    )
    assert loaded, f"site.css is not applied on {page.url}"


def test_sign_up_confirm_email_and_fill_in_profile(page, live_url):
    """A newcomer signs up with a pseudonym, confirms their e-mail from the link
    they receive, lands on the welcome form, gives interests and a portrait, and
    sees their own profile: pseudonym and interests shown, e-mail never."""
    email = "camille.newcomer@example.org"
    pseudonym = "Camille du 3e"

    page.goto("/accounts/signup/")
    assert_accessible(page)
    page.locator("#id_pseudonym").fill(pseudonym)
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill("un-mot-de-passe-solide-42")
    page.locator("#id_password2").fill("un-mot-de-passe-solide-42")
    submit(page)

    expect(page).to_have_url(f"{live_url}/accounts/confirm-email/")
    assert_accessible(page)

    page.goto(confirmation_link_sent_to(email))
    assert_accessible(page)
    submit(page)

    expect(page).to_have_url(f"{live_url}/profile/welcome/")
    assert_accessible(page)
    # Greeted by the pseudonym they chose, never by a login name.
    expect(page.get_by_role("heading", level=1)).to_contain_text(pseudonym)
    expect(page.locator("#id_pseudonym")).to_have_value(pseudonym)
    page.locator("#id_interests").fill("jardinage, échecs")
    page.locator("#id_portrait").fill("Retraitée, j'ai un balcon plein de tomates.")
    submit(page)

    expect(page).to_have_url(re.compile(rf"^{re.escape(live_url)}/members/\d+/$"))
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(pseudonym)
    interests = page.locator("[aria-labelledby=interests-title] li")
    expect(interests).to_have_count(2)
    assert set(interests.all_inner_texts()) == {"jardinage", "échecs"}
    expect(page.locator(".portrait")).to_contain_text("balcon plein de tomates")
    assert email not in page.content()


def test_wrong_password_is_explained_then_right_one_logs_in(
    page, live_url, member, password
):
    """A member who mistypes their password is told so, keeps the e-mail they
    typed, and with the right password lands on their own home page."""
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill("not-my-password")
    submit(page)

    expect(page.locator("main .errorlist")).to_contain_text(WRONG_CREDENTIALS)
    expect(page.locator("#id_login")).to_have_value(member.email)
    assert_accessible(page)

    page.locator("#id_password").fill(password)
    submit(page)

    expect(page).to_have_url(f"{live_url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        member.profile.pseudonym
    )
    assert_accessible(page)


def test_switch_to_english_and_back(page):
    """A visitor presses "English" in the header and reads the page in English,
    then presses "Français" and is back in French, on the same page."""
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert_accessible(page)
    # Whatever the French catalogue holds, coming back must show the same words.
    french_heading = page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Help each other, close to home"
    )
    expect(page.get_by_role("button", name="English")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Français").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(french_heading)
    expect(page.get_by_role("button", name="Français")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/accounts/signup/"])
def test_no_horizontal_scroll_on_a_small_phone(page, path):
    """At 320 px wide, the narrowest phones still in use, the page fits the
    screen: nothing makes the reader scroll sideways."""
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(path)
    assert_accessible(page)
    assert_stylesheet_applied(page)
    assert_no_horizontal_scroll(page)


def test_account_pages_are_accessible_and_fit_a_small_phone(page, member, password):
    """Every account page a member may open (password reset, e-mail, password
    change, profile edit with an error, log out) passes the scan at 320 px."""
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto("/accounts/password/reset/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    page.goto("/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(password)
    submit(page)
    for path in ["/accounts/email/", "/accounts/password/change/", "/profile/edit/"]:
        page.goto(path)
        assert_accessible(page)
        assert_no_horizontal_scroll(page)

    page.locator("#id_pseudonym").fill("x")
    submit(page)
    expect(page.locator("#id_pseudonym")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#form-errors")).to_be_focused()
    assert_accessible(page)

    page.goto("/accounts/logout/")
    assert_accessible(page)
    submit(page)
    expect(
        page.get_by_role("link", name=re.compile("connecter|Log in"))
    ).to_be_visible()
