"""The installed app in a real browser: the service worker registers from the
page (the strict CSP allows it), takes charge of the site, and with the
connection gone a page opens as the friendly offline page."""

from playwright.sync_api import expect


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
        # Its stylesheet came from the worker's cache.
        assert page.evaluate(
            "getComputedStyle(document.body).fontFamily !== 'Times New Roman'"
        )
    finally:
        page.context.set_offline(False)
    assert refused == []
