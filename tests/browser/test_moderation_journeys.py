"""The journeys of moderation in a real browser, each person on a phone of their
own, with an accessibility scan on every page seen: a resident reports an
insult in her conversation; a moderator reads it in its context, hides it (it
leaves her open page at once) and warns its author, each time with a reason;
the author reads what was decided and why; the message is gone from her
conversation; the journal keeps both acts with their reasons, filtered and in
the spreadsheet. And the report form without JavaScript, sent empty, then
right, then twice.

The coordinator's dashboard and the notice-board poster, on a phone and in
print, are the journeys of test_indicator_journeys.py.

Members and their messages are set up with the factories and the messaging
services; everything after that is done in the browser. Where a check reads
words, they are the site's own, looked up in its French catalogue, so the
checks hold before and after the moderation pages are translated.
"""

import json
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from messaging import services as messaging_services
from moderation.forms import ACTION_LABELS, DecisionForm, ReportForm
from moderation.models import Case, Report
from moderation.services import Action
from neighbourhoods.models import JournalEntry
from notifications.models import Notification
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, STEP_TIMEOUT_MS, screenshot_if_failed
from tests.browser.test_journeys import submit
from tests.browser.test_neighbourhood_journeys import log_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    NeighbourhoodFactory,
    ProfileFactory,
)

# News over the socket takes milliseconds; allow for a busy machine.
LIVE_MS = 10_000

HELLO = "Bonjour, tu peux m'aider à brancher la box internet ?"
INSULT = "Tu es vraiment nul"
ELSEWHERE = "Le code de ma porte est le 4B, passe quand tu veux."
REPORT_TEXT = "Il m'insulte depuis que je lui ai demandé de l'aide."
HIDE_REASON = "Insulte, article 2 de la charte"
WARN_REASON = "On se parle avec respect : article 2 de la charte"


def fr(words) -> str:
    """The site's words as a French visitor reads them (the English source
    until a translation exists)."""
    with translation.override("fr"):
        return translation.gettext(words) if isinstance(words, str) else str(words)


# Set-up through the factories and the services


def member(place, pseudonym: str, role: str = "resident"):
    return MembershipFactory(
        user=ProfileFactory(pseudonym=pseudonym).user, neighbourhood=place, role=role
    ).user


def away_from_the_browser(work):
    """Run `work()` in a thread of its own and return what it returns.

    The messaging services announce what they keep on the channel layer through
    async_to_sync, which refuses to run in this thread, where Playwright's loop
    is marked as running. The thread's database connection is closed after."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # raised again below
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="services")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def say(user, conversation, text: str):
    return messaging_services.send_message(
        user=user, conversation=conversation, text=text, client_id=uuid.uuid4()
    )


def an_insult_in_a_conversation():
    """Bintou asked Anthony for help; he answered with an insult. He also wrote
    to Chantal, which no moderator has any reason to read. Karim moderates the
    neighbourhood. Returns (place, people, conversation, insult)."""
    place = NeighbourhoodFactory(name="Les Minguettes")
    people = {
        name: member(place, name, role)
        for name, role in (
            ("Bintou", "resident"),
            ("Anthony", "resident"),
            ("Chantal", "resident"),
            ("Karim", "moderator"),
        )
    }
    conversation = messaging_services.start_conversation(
        user=people["Bintou"], other=people["Anthony"], neighbourhood=place
    )
    elsewhere = messaging_services.start_conversation(
        user=people["Anthony"], other=people["Chantal"], neighbourhood=place
    )

    def write():
        say(people["Bintou"], conversation, HELLO)
        insult = say(people["Anthony"], conversation, INSULT)
        say(people["Anthony"], elsewhere, ELSEWHERE)
        return insult

    return place, people, conversation, away_from_the_browser(write)


# The phones


class Phone:
    """A person's phone: a browser context of its own, set up as the `page`
    fixture's, that keeps the frames its pages' sockets receive (to know when a
    page has joined its conversation, and what the site told it)."""

    def __init__(self, browser, live_url: str, *, javascript: bool):
        self.context = browser.new_context(
            base_url=live_url,
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="fr-FR",
            java_script_enabled=javascript,
        )
        self.context.set_default_timeout(STEP_TIMEOUT_MS)
        self.page = self.context.new_page()
        self.url = live_url
        self.frames: list[dict] = []
        self.scanner = None  # see scan_without_javascript
        self.page.on(
            "websocket",
            lambda socket: socket.on("framereceived", self._received),
        )

    def _received(self, payload) -> None:
        try:
            frame = json.loads(payload)
        except (TypeError, ValueError):
            return
        if isinstance(frame, dict):
            self.frames.append(frame)

    def received(self, kind: str) -> list[dict]:
        return [frame for frame in self.frames if frame.get("type") == kind]


@pytest.fixture
def open_phone(browser, live_url, request):
    """Make phones (`open_phone()`, or `open_phone(javascript=False)`), closed at
    the end of the test; on failure each leaves a screenshot in test-artifacts/."""
    phones: list[Phone] = []

    def open_(*, javascript: bool = True) -> Phone:
        phones.append(Phone(browser, live_url, javascript=javascript))
        return phones[-1]

    yield open_
    for number, phone in enumerate(phones, start=1):
        screenshot_if_failed(request, phone.page, f"-phone{number}")
        phone.context.close()
        if phone.scanner is not None:
            phone.scanner.context.close()


def wait_until(phone: Phone, condition, what: str) -> None:
    """Let the browser run until `condition()` holds, or fail saying what was
    awaited."""
    deadline = time.monotonic() + LIVE_MS / 1000
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {LIVE_MS} ms for {what}")
        phone.page.wait_for_timeout(50)


def open_conversation(phone: Phone, conversation) -> None:
    """Open a conversation's page and wait until its socket has joined it."""
    joined = len(phone.received("joined"))
    phone.page.goto(conversation.get_absolute_url())
    expect(phone.page.locator("#thread")).to_be_visible()
    wait_until(phone, lambda: len(phone.received("joined")) > joined, "the join")


def scan_without_javascript(phone: Phone) -> None:
    """The accessibility scan of the page a phone without JavaScript shows.

    axe-core cannot run there: it runs in the page, and the promise it returns
    never settles while scripts are off. So the page as it is (the HTML the
    site sent, after a post as well) is scanned on another phone, with
    JavaScript, at the same address and with the same stylesheets, whose
    requests for the site's scripts are refused: the DOM is the same."""
    if phone.scanner is None:
        context = phone.context.browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR"
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        phone.scanner = context.new_page()
    html = phone.page.content()

    def serve(route) -> None:
        kind = route.request.resource_type
        if kind == "document":
            route.fulfill(content_type="text/html; charset=utf-8", body=html)
        elif kind == "script":
            route.abort()
        else:
            route.continue_()

    phone.scanner.route("**/*", serve)
    try:
        phone.scanner.goto(phone.page.url.split("#")[0])
        assert phone.scanner.title() == phone.page.title()
        assert_accessible(phone.scanner)
    finally:
        phone.scanner.unroute("**/*", serve)


def log_in_without_javascript(phone: Phone, login: str) -> None:
    page = phone.page
    page.goto("/accounts/login/")
    scan_without_javascript(phone)
    page.locator("#id_login").fill(login)
    page.locator("#id_password").fill(PASSWORD)
    submit(page)
    expect(page.locator("#id_login")).to_have_count(0)


def notifications_badge(page):
    return page.locator("header [data-unread='notifications']")


# Browser helpers


def in_thread(page, message):
    return page.locator(f"#thread > li.chat-message[data-id='{message.pk}']")


def report_link(page, message):
    href = reverse("moderation_report", args=["message", message.pk])
    return in_thread(page, message).locator(f"a[href='{href}']")


def success(page):
    return page.locator(".messages .message--success")


def decide(page, action: str, reason: str) -> None:
    """Choose a decision on the case page, give its reason, confirm."""
    page.get_by_role("radio", name=fr(ACTION_LABELS[action]), exact=True).check()
    page.get_by_label(fr(DecisionForm.base_fields["reason"].label)).fill(reason)
    page.get_by_role("button", name=fr("Confirm the decision")).click()
    expect(success(page)).to_have_text(
        fr("Done. The member is told, and the journal keeps it.")
    )


def journal_entry(page, action, reason: str):
    return (
        page.locator("ol.journal > li")
        .filter(has_text=fr(JournalEntry.Action(action).label))
        .filter(has_text=reason)
    )


# The journeys


def test_a_reported_insult_is_hidden_its_author_warned_and_the_journal_keeps_it(
    open_phone,
):
    """Bintou reports Anthony's insult from their conversation and is thanked.
    Karim finds the case in the queue, reads the message in its conversation
    (and nothing of Anthony's other conversations), hides it with a reason:
    it leaves Bintou's open page without reload. He warns Anthony with
    another reason. Bintou's conversation no longer shows the message, and
    she is told that the moderators acted; Anthony, logging in, reads both
    decisions and their reasons; Karim's journal shows both, filtered and in
    the spreadsheet."""
    place, people, conversation, insult = an_insult_in_a_conversation()
    bintou, anthony, karim = people["Bintou"], people["Anthony"], people["Karim"]
    hers, his, desk = open_phone(), open_phone(), open_phone()

    # She opens their conversation and reports his message.
    log_in(hers.page, bintou.email)
    open_conversation(hers, conversation)
    expect(in_thread(hers.page, insult)).to_contain_text(INSULT)
    assert_accessible(hers.page)
    report_link(hers.page, insult).click()
    expect(hers.page).to_have_url(
        hers.url + reverse("moderation_report", args=["message", insult.pk])
    )
    expect(hers.page.locator("main")).to_contain_text(INSULT)
    assert_accessible(hers.page)
    hers.page.get_by_role(
        "radio", name=fr(Case.Reason.HARASSMENT.label), exact=True
    ).check()
    hers.page.get_by_label(fr(ReportForm.base_fields["text"].label)).fill(REPORT_TEXT)
    joined = len(hers.received("joined"))
    hers.page.get_by_role("button", name=fr("Send the report")).click()

    # Back in the conversation, thanked; her page listens to it again.
    expect(hers.page).to_have_url(hers.url + conversation.get_absolute_url())
    expect(success(hers.page)).to_have_text(
        fr(
            "Thank you. The moderators of the neighbourhood will look at it; "
            "you will be told when they have."
        )
    )
    wait_until(hers, lambda: len(hers.received("joined")) > joined, "her join")
    assert_accessible(hers.page)
    case = Case.objects.get()
    assert (case.status, case.message_id, case.person) == ("open", insult.pk, anthony)
    report = Report.objects.get(case=case)
    assert (report.reporter, report.reason, report.text) == (
        bintou,
        "harassment",
        REPORT_TEXT,
    )
    # From here her page is not reloaded until it is said.
    hers.page.evaluate("window.notReloaded = true")

    # The moderator finds the case in the queue and reads it in its context.
    log_in(desk.page, karim.email)
    desk.page.goto(reverse("moderation_queue", args=[place.slug]))
    assert_accessible(desk.page)
    desk.page.locator(f"main a[href='{case.get_absolute_url()}']").click()
    expect(desk.page).to_have_url(desk.url + case.get_absolute_url())
    context = desk.page.locator("section[aria-labelledby=content-title]")
    expect(context.locator(".chat-message--reported")).to_contain_text(INSULT)
    expect(context.locator(".chat-message")).to_have_count(2)
    expect(context).to_contain_text(HELLO)
    expect(desk.page.locator("main")).not_to_contain_text(ELSEWHERE)
    reports = desk.page.locator("section[aria-labelledby=reports-title]")
    expect(reports).to_contain_text(REPORT_TEXT)
    expect(reports).to_contain_text(fr(Case.Reason.HARASSMENT.label))
    assert_accessible(desk.page)

    # He hides it: it leaves her open page at once, her own message stays.
    hidden = len(hers.received("message.hidden"))
    decide(desk.page, Action.HIDE, HIDE_REASON)
    assert_accessible(desk.page)
    expect(in_thread(hers.page, insult)).to_have_count(0, timeout=LIVE_MS)
    assert [frame["id"] for frame in hers.received("message.hidden")[hidden:]] == [
        insult.pk
    ]
    assert hers.page.evaluate("window.notReloaded") is True
    expect(hers.page.locator("#thread")).to_contain_text(HELLO)
    assert_accessible(hers.page)

    # Then he warns its author, with a reason of its own.
    decide(desk.page, Action.WARN, WARN_REASON)
    history = desk.page.locator("section[aria-labelledby=history-title]")
    expect(history.locator("ol.journal > li")).to_have_count(2)
    expect(journal_entry(history, "content_hidden", HIDE_REASON)).to_have_count(1)
    expect(journal_entry(history, "member_warned", WARN_REASON)).to_have_count(1)
    assert_accessible(desk.page)

    # Reloaded, her conversation and her list of conversations no longer show
    # it; her notifications say that the moderators acted, in general terms.
    open_conversation(hers, conversation)
    expect(hers.page.locator("#thread")).not_to_contain_text(INSULT)
    expect(hers.page.locator("#thread > li.chat-message")).to_have_count(1)
    assert_accessible(hers.page)
    hers.page.goto(reverse("conversation_list"))
    expect(hers.page.locator("main")).to_contain_text("Anthony")
    expect(hers.page.locator("main")).not_to_contain_text(INSULT)
    assert_accessible(hers.page)
    outcome = Notification.objects.get(user=bintou, key=f"case:{case.pk}:outcome")
    hers.page.goto(reverse("notification_list"))
    expect(hers.page.locator("main .card-list")).to_contain_text(outcome.text)
    expect(hers.page.locator("main")).not_to_contain_text(HIDE_REASON)
    assert_accessible(hers.page)

    # He logs in: his header counts the news; his notifications tell him what
    # was decided about his message, and why.
    log_in(his.page, anthony.email)
    his.page.goto("/")
    unread = Notification.objects.filter(user=anthony, read_at__isnull=True)
    assert unread.filter(kind=Notification.Kind.MODERATION).count() == 2
    expect(notifications_badge(his.page)).to_be_visible()
    expect(notifications_badge(his.page).locator("[data-unread-number]")).to_have_text(
        str(unread.count())
    )
    assert_accessible(his.page)
    his.page.locator("header a[href='/notifications/']").click()
    expect(his.page).to_have_url(his.url + reverse("notification_list"))
    cards = his.page.locator("main .card-list > li")
    for reason in (HIDE_REASON, WARN_REASON):
        told = cards.filter(has_text=reason)
        expect(told).to_have_count(1)
        expect(told).to_contain_text(INSULT)
    assert_accessible(his.page)

    # The moderator's journal keeps both acts, with their reasons...
    desk.page.goto(reverse("manage_journal", args=[place.slug]))
    expect(journal_entry(desk.page, "content_hidden", HIDE_REASON)).to_contain_text(
        "Anthony"
    )
    expect(journal_entry(desk.page, "member_warned", WARN_REASON)).to_contain_text(
        "Anthony"
    )
    assert_accessible(desk.page)
    # ... filtered on what was done...
    desk.page.locator("main select[name=action]").select_option("content_hidden")
    desk.page.get_by_role("button", name=fr("Filter")).click()
    expect(desk.page.locator("ol.journal > li")).to_have_count(1)
    expect(journal_entry(desk.page, "content_hidden", HIDE_REASON)).to_have_count(1)
    assert_accessible(desk.page)
    # ... and in the spreadsheet, filtered the same way.
    link = desk.page.get_by_role("link", name=fr("Download as a spreadsheet (CSV)"))
    with desk.page.expect_download() as download:
        link.click()
    sheet = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert HIDE_REASON in sheet
    assert WARN_REASON not in sheet
    assert fr(JournalEntry.Action.CONTENT_HIDDEN.label) in sheet


def test_a_report_without_javascript(open_phone):
    """Without JavaScript she sends the report form empty (the form says what is
    missing, nothing is kept), then with a reason (thanked, one report), then
    once more (told she already did). The queue is not hers to open."""
    place, people, conversation, insult = an_insult_in_a_conversation()
    bintou = people["Bintou"]
    hers = open_phone(javascript=False)
    report_url = reverse("moderation_report", args=["message", insult.pk])

    log_in_without_javascript(hers, bintou.email)
    hers.page.goto(conversation.get_absolute_url())
    report_link(hers.page, insult).click()
    expect(hers.page).to_have_url(hers.url + report_url)
    send = hers.page.get_by_role("button", name=fr("Send the report"))
    send.click()
    expect(hers.page.locator(".field--error")).to_have_count(1)
    expect(hers.page.locator(".field--error input[name=reason]")).not_to_have_count(0)
    assert not Report.objects.exists()
    scan_without_javascript(hers)

    hers.page.get_by_role(
        "radio", name=fr(Case.Reason.HARASSMENT.label), exact=True
    ).check()
    send.click()
    expect(hers.page).to_have_url(hers.url + conversation.get_absolute_url())
    expect(success(hers.page)).to_be_visible()
    scan_without_javascript(hers)
    assert Report.objects.filter(reporter=bintou, reason="harassment").count() == 1

    hers.page.goto(report_url)
    hers.page.get_by_role("radio", name=fr(Case.Reason.SPAM.label), exact=True).check()
    send.click()
    expect(hers.page).to_have_url(hers.url + report_url)
    expect(hers.page.locator("main form")).to_contain_text(
        fr("You have already reported this. The moderators have it.")
    )
    scan_without_javascript(hers)
    assert Report.objects.count() == 1

    response = hers.page.goto(reverse("moderation_queue", args=[place.slug]))
    assert response.status == 403
    scan_without_javascript(hers)
