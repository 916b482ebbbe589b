"""The installed app in a real browser: the service worker registers from the
page (the strict CSP allows it), takes charge of the site, and with the
connection gone a page opens as the friendly offline page."""

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible


def test_the_service_worker_takes_charge_and_shows_the_offline_page(page):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto("/")
    assert_accessible(page)
    scope = page.evaluate(
        "navigator.serviceWorker.ready.then(function (r) { return r.scope; })"
    )
    assert scope.endswith("/")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    try:
        page.goto("/listings/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Pas de connexion pour l’instant"
        )
        assert_accessible(page)
        # Its stylesheet came from the worker's cache.
        brand = page.evaluate(
            "getComputedStyle(document.documentElement)"
            ".getPropertyValue('--brand').trim()"
        )
        assert brand == "#0b5d4b"
    finally:
        page.context.set_offline(False)
    assert refused == []


def test_the_push_control_replaces_the_no_script_notice(page, settings):
    from notifications import push
    from tests.browser.test_journeys import submit
    from tests.factories import PASSWORD, ProfileFactory

    settings.VAPID_PRIVATE_KEY = push.make_keys()[0]
    member = ProfileFactory().user
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    submit(page)
    page.goto("/notifications/settings/")
    # With JavaScript: the button, and no word of needing it.
    expect(
        page.get_by_role("button", name="Activer le push sur cet appareil")
    ).to_be_visible()
    expect(page.locator("[data-push-needs-script]")).to_be_hidden()
    assert_accessible(page)
    # At 320 px nothing runs off the screen.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
