"""Harness for the browser journeys: the site served by Daphne in a thread of the
test process, and the system Chromium driven by Playwright on a phone-sized screen.

One process on purpose: the journeys read the e-mails the site sends from
django.core.mail.outbox (the locmem backend), and the server sees the rows the tests
create because both use the same test database (transactional_db: nothing is
hidden in a transaction that the server's own connections could not see).
"""

import importlib
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import Error, sync_playwright

BROWSER_TESTS = Path(__file__).resolve().parent
ARTIFACTS = BROWSER_TESTS.parents[1] / "test-artifacts"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_MISSING = (
    "Chromium not found: install Debian's chromium package "
    "(make test does this when run as root)"
)
# The machine has no network: without these, Chromium keeps trying to reach
# Google's services and floods the log with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
# Local pages answer in milliseconds: a step that waits longer is a failure, and
# should say so quickly rather than after Playwright's default 30 s.
STEP_TIMEOUT_MS = 5_000
SERVER_START_TIMEOUT_S = 10

_PHASE_REPORTS = pytest.StashKey[dict]()


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test, so `-m "not browser"` leaves
    them all out without each module having to say so."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so the page fixture knows whether to
    save a screenshot of what the browser showed when it failed."""
    report = yield
    item.stash.setdefault(_PHASE_REPORTS, {})[report.when] = report
    return report


def find_chromium() -> str | None:
    """CHROMIUM_PATH first (another distribution, a developer's own build), then
    where Debian and Ubuntu put it."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


@pytest.fixture(scope="package")
def browser():
    """The system Chromium, headless, shared by the journeys of this folder.

    Playwright's sync API marks an asyncio loop as running in the test thread for
    as long as it is started, so Django would refuse every ORM call made by the
    tests and their fixtures (factories, transactional_db's flush) with
    SynchronousOnlyOperation. That loop never runs Django code, so the refusal is a
    false alarm: DJANGO_ALLOW_ASYNC_UNSAFE is set for exactly the time Playwright
    is started, and Playwright is stopped when this folder is done, so the rest of
    the suite runs with neither.
    """
    executable = find_chromium()
    if executable is None:
        pytest.skip(CHROMIUM_MISSING)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            try:
                chromium = playwright.chromium.launch(
                    executable_path=executable, headless=True, args=CHROMIUM_ARGS
                )
            except Error as error:
                # The first line says what failed; the rest is Playwright's log.
                reason = str(error).splitlines()[0]
                pytest.skip(f"Playwright could not launch {executable}: {reason}")
            yield chromium
            chromium.close()


@pytest.fixture(scope="session")
def _daphne_url():
    """The site served by Daphne, the server used in production, in a daemon
    thread on a free port of 127.0.0.1, for the whole session.

    Twisted's reactor cannot be restarted once stopped, hence one server for the
    session, stopped at the end. It serves asgi.application unchanged: static files
    come through WhiteNoise's middleware, as in production.
    """
    from daphne.server import Server
    from twisted.internet import reactor

    from asgi import application

    server = Server(
        application,
        endpoints=["tcp:port=0:interface=127.0.0.1"],
        signal_handlers=False,  # signals can only be handled in the main thread
        verbosity=0,
    )
    thread = threading.Thread(target=server.run, name="daphne", daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.listening_addresses:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("Daphne did not start listening for the browser tests")
        time.sleep(0.01)
    host, port = server.listening_addresses[0]
    yield f"http://{host}:{port}"
    reactor.callFromThread(server.stop)
    thread.join(timeout=SERVER_START_TIMEOUT_S)


@pytest.fixture
def live_url(_daphne_url, transactional_db):
    """Base URL of the running site, with a test database the server can see."""
    return _daphne_url


@pytest.fixture
def page(browser, live_url, request):
    """A fresh phone-sized browser tab in French, in a context of its own (no
    cookies from the previous test), that opens relative URLs on the live site.

    On failure it leaves a full-page screenshot in test-artifacts/.
    """
    context = browser.new_context(
        base_url=live_url,
        viewport=PHONE,
        is_mobile=True,  # honours <meta name="viewport">, as a phone does
        has_touch=True,
        locale="fr-FR",
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    screenshot_if_failed(request, tab)
    context.close()


def screenshot_if_failed(request, page, suffix: str = "") -> None:
    """If the test itself failed, a full-page screenshot of what `page` shows,
    in test-artifacts/, named after the test (then `suffix`, such as
    "-phone2" where a test drives several phones)."""
    reports = request.node.stash.get(_PHASE_REPORTS, {})
    if "call" not in reports or not reports["call"].failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    page.screenshot(path=ARTIFACTS / f"{name}{suffix}.png", full_page=True)


@pytest.fixture
def seed_categories(transactional_db):
    """The seed list of categories, made again by the data migration's own
    function: the flush that ends every browser journey empties all tables,
    the rows written by migrations included."""
    migration = importlib.import_module("exchanges.migrations.0002_seed_categories")
    migration.add_seed_categories(apps, None)
