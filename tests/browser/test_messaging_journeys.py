"""The journeys of messaging on two phones, in a real browser, with an
accessibility scan on every state of every page seen: a message typed on one
phone appears on the other without reload and its sender sees "read"; the
header's counts and the news follow on another page; a phone whose line is
cut gets every message exactly once when it comes back, and what it sent while
cut goes out once; and the same conversation without JavaScript.

Each phone reaches the site through a line of its own (`Line`, a TCP relay in
front of Daphne) so that a test can cut it as a tunnel cuts 3G. Chromium's own
offline mode (`context.set_offline`) cannot do this: tried here, it keeps an
open WebSocket open, holds its frames both ways and delivers them all when
back online, so the page never sees its socket close and never reconnects.

Members and conversations are set up with the factories and the services;
everything after that is done in the browser. Words the live client shows
(read, writing, connection lost) are read from the page's data attributes,
where the template puts them in the page's language.
"""

import contextlib
import json
import re
import socket
import threading
import time
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import connections
from playwright.sync_api import expect

from messaging import services
from messaging.models import Message
from notifications.models import Notification
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, STEP_TIMEOUT_MS, screenshot_if_failed
from tests.browser.test_journeys import assert_stylesheet_applied, submit
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    NeighbourhoodFactory,
    ProfileFactory,
)

# News over the socket takes milliseconds; a reconnect waits for the client's
# backoff (1 s, 2 s, 4 s... while the line is cut), hence a longer bound.
LIVE_MS = 10_000
RECONNECT_MS = 20_000


# The phones' lines


class Line:
    """A phone's own line to the site: a TCP relay on a port of its own between
    the browser and Daphne. While it is up, bytes pass both ways untouched.

    - `hold()` stops bytes in one or both directions, as a signal that fades
      without the phone noticing: the page's socket still looks open.
    - `cut()` closes every connection through the line (what was held is lost)
      and refuses new ones until `restore()`: the browser's socket closes
      abnormally and its reconnects fail, as when the signal is gone.
    """

    def __init__(self, site: tuple[str, int]):
        self._site = site
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._state = threading.Condition()
        self._up = True
        self._held = {"up": False, "down": False}
        self._connections: list[tuple[socket.socket, socket.socket]] = []
        self._closed = False
        threading.Thread(target=self._accept, name="line", daemon=True).start()

    def hold(self, *, up: bool = True, down: bool = True) -> None:
        with self._state:
            self._held["up"] = self._held["up"] or up
            self._held["down"] = self._held["down"] or down

    def cut(self) -> None:
        with self._state:
            self._up = False
            dropped, self._connections = self._connections, []
            self._state.notify_all()
        for connection in dropped:
            self._shut(connection)

    def restore(self) -> None:
        with self._state:
            self._up = True
            self._held = {"up": False, "down": False}
            self._state.notify_all()

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                browser, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            browser.settimeout(None)
            with self._state:
                up = self._up
            if not up:
                browser.close()  # no signal: the connection fails at once
                continue
            try:
                site = socket.create_connection(self._site)
            except OSError:
                browser.close()
                continue
            connection = (browser, site)
            with self._state:
                self._connections.append(connection)
            for source, sink, direction in (
                (browser, site, "up"),
                (site, browser, "down"),
            ):
                threading.Thread(
                    target=self._pump,
                    args=(connection, source, sink, direction),
                    daemon=True,
                ).start()

    def _pump(self, connection, source, sink, direction) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                break
            if not data:
                break
            with self._state:
                self._state.wait_for(
                    lambda: (
                        connection not in self._connections or not self._held[direction]
                    )
                )
                if connection not in self._connections:
                    break  # cut while held: these bytes never arrive
            try:
                sink.sendall(data)
            except OSError:
                break
        with self._state:
            if connection in self._connections:
                self._connections.remove(connection)
        self._shut(connection)
        source.close()

    @staticmethod
    def _shut(connection) -> None:
        for end in connection:
            with contextlib.suppress(OSError):  # already closed
                end.shutdown(socket.SHUT_RDWR)


class Phone:
    """A person's phone: a browser context of its own on its own line, set up as
    the `page` fixture's, that also keeps the frames its pages' sockets
    receive, to know when a page has joined its conversation (again)."""

    def __init__(self, browser, site: tuple[str, int], *, javascript: bool):
        self.line = Line(site)
        self._options = {
            "base_url": self.line.url,
            "viewport": PHONE,
            "is_mobile": True,
            "has_touch": True,
            "locale": "fr-FR",
        }
        self.context = browser.new_context(
            **self._options, java_script_enabled=javascript
        )
        self._inspector = None
        self._seen = ("", "")
        self.context.set_default_timeout(STEP_TIMEOUT_MS)
        self.page = self.context.new_page()
        self.javascript = javascript
        self.sockets = 0
        self.frames: list[dict] = []
        self.page.on("websocket", self._watch)

    def assert_accessible(self) -> None:
        """The axe scan of the page as it is now. axe runs as JavaScript and
        waits on timers, which never fire in a page whose scripts are disabled
        (the scan would wait for ever): there, the page as this phone shows it
        is scanned in a second tab that runs axe but none of the site's
        scripts, with the site's stylesheets."""
        if self.javascript:
            assert_accessible(self.page)
            return
        if self._inspector is None:
            context = self.context.browser.new_context(**self._options)
            context.set_default_timeout(STEP_TIMEOUT_MS)
            context.route("**/*", self._as_seen)
            self._inspector = context.new_page()
        self._seen = (urldefrag(self.page.url).url, self.page.content())
        self._inspector.goto(self.page.url)
        assert_stylesheet_applied(self._inspector)
        assert_accessible(self._inspector)

    def _as_seen(self, route) -> None:
        url, html = self._seen
        if route.request.url == url:
            route.fulfill(content_type="text/html; charset=utf-8", body=html)
        elif route.request.resource_type == "script":
            route.abort()
        else:
            route.continue_()

    def _watch(self, websocket) -> None:
        self.sockets += 1
        websocket.on("framereceived", self._received)

    def _received(self, payload) -> None:
        try:
            self.frames.append(json.loads(payload))
        except (TypeError, ValueError):
            self.frames.append({"type": "?"})

    def received(self, kind: str) -> list[dict]:
        return [frame for frame in self.frames if frame.get("type") == kind]

    def heard(self) -> str:
        """What this phone's sockets heard, for a failure's message."""
        kinds = [frame.get("type") for frame in self.frames]
        return f"{self.page.url}: {self.sockets} socket(s) opened, heard {kinds}"

    def close(self) -> None:
        # The line first: a socket whose bytes are held would keep the
        # browser waiting for its closing handshake.
        self.line.close()
        self.context.close()
        if self._inspector is not None:
            self._inspector.context.close()


@pytest.fixture
def open_phone(browser, live_url, request):
    """Make phones (`open_phone()`, or `open_phone(javascript=False)`), closed at
    the end of the test; on failure each leaves a screenshot in test-artifacts/."""
    address = urlsplit(live_url)
    site = (address.hostname, address.port)
    phones: list[Phone] = []

    def open_(*, javascript: bool = True) -> Phone:
        phones.append(Phone(browser, site, javascript=javascript))
        return phones[-1]

    yield open_
    for number, phone in enumerate(phones, start=1):
        screenshot_if_failed(request, phone.page, f"-phone{number}")
        phone.close()


# Set-up


def neighbours(*names: str):
    """Members of one neighbourhood with these pseudonyms; (neighbourhood, users)."""
    neighbourhood = NeighbourhoodFactory(name="La Duchère")
    users = [
        MembershipFactory(
            user=ProfileFactory(pseudonym=name).user, neighbourhood=neighbourhood
        ).user
        for name in names
    ]
    return neighbourhood, users


# Browser helpers


def sign_in(phone: Phone, login: str, password: str = PASSWORD) -> None:
    """Log in from the login page, as `log_in` of the neighbourhood journeys
    does, with the phone's own accessibility scan."""
    phone.page.goto("/accounts/login/")
    phone.assert_accessible()
    phone.page.locator("#id_login").fill(login)
    phone.page.locator("#id_password").fill(password)
    submit(phone.page)
    expect(phone.page.locator("#id_login")).to_have_count(0)


def wait_until(phone: Phone, condition, what: str, timeout_ms: int = LIVE_MS):
    """Let the browser run until `condition()` holds, or fail saying what was
    awaited."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout_ms} ms for {what}; {phone.heard()}")
        phone.page.wait_for_timeout(50)


def open_conversation(phone: Phone, conversation) -> None:
    """Open a conversation's page and wait until its socket has joined it."""
    joined = len(phone.received("joined"))
    phone.page.goto(conversation.get_absolute_url())
    expect(phone.page.locator("#thread")).to_be_visible()
    wait_until(phone, lambda: len(phone.received("joined")) > joined, "the join")


def listening(phone: Phone, user) -> None:
    """Wait until a page that joins no conversation hears the member's news:
    the site tells the member's open pages their unread counts (which changes
    nothing on screen) until this page has heard it."""
    heard = len(phone.received("unread"))
    deadline = time.monotonic() + LIVE_MS / 1000
    while len(phone.received("unread")) == heard:
        if time.monotonic() > deadline:
            pytest.fail(f"{phone.page.url} never listened to its member's news")
        tell_unread_counts(user)
        phone.page.wait_for_timeout(100)


def tell_unread_counts(user) -> None:
    """What the site does when a member's counts change, from a thread of its
    own: this one has Playwright's event loop, where Channels may not send."""

    def tell():
        try:
            services.announce_unread(user=user)  # no transaction: sent at once
        finally:
            connections.close_all()

    worker = threading.Thread(target=tell, name="tell-unread-counts")
    worker.start()
    worker.join()


def write(page, text: str) -> None:
    """Type a message and press "Send", as a person does."""
    form = page.locator("#message-form")
    form.locator("textarea").fill(text)
    form.locator("button[type=submit]").click()


def messages_saying(page, text: str):
    """The messages of the thread whose text is exactly `text`."""
    return page.locator("#thread > li.chat-message").filter(
        has=page.locator(".chat-text").get_by_text(text, exact=True)
    )


def sent(page, text: str) -> None:
    """The message is in the sender's thread, acknowledged by the server (it has
    its id, it is no longer pending), and the box is empty for the next one."""
    message = messages_saying(page, text)
    expect(message).to_have_count(1, timeout=LIVE_MS)
    expect(message).to_have_attribute("data-id", re.compile(r"^\d+$"), timeout=LIVE_MS)
    expect(message).not_to_have_class(re.compile(r"\bis-pending\b"))
    expect(page.locator("#message-form textarea")).to_have_value("")


def thread_ids(page) -> list[str]:
    return page.locator("#thread > li.chat-message").evaluate_all(
        "items => items.map(item => item.dataset.id || '')"
    )


def assert_each_once(page, texts) -> None:
    """Every message of the thread is a saved one (it has its id), no id twice,
    and each text once."""
    ids = thread_ids(page)
    assert all(ids), f"messages without an id (never saved) on {page.url}: {ids}"
    assert len(ids) == len(set(ids)), f"a message shown twice on {page.url}: {ids}"
    for text in texts:
        expect(messages_saying(page, text)).to_have_count(1)


def badge(page, name: str):
    """The header's count of unread "messages" or "notifications"."""
    return page.locator(f"header [data-unread='{name}']")


def assert_badge(page, name: str, number: int, timeout: int = LIVE_MS) -> None:
    if number:
        expect(badge(page, name)).to_be_visible(timeout=timeout)
        expect(badge(page, name).locator("[data-unread-number]")).to_have_text(
            str(number), timeout=timeout
        )
    else:
        expect(badge(page, name)).to_be_hidden(timeout=timeout)


def label(page, selector: str, attribute: str) -> str:
    """A word the live client shows, as the template gives it in the page's
    language."""
    words = page.locator(selector).get_attribute(attribute)
    assert words, f"{selector} has no {attribute} on {page.url}"
    return words


def status(page):
    return page.locator("#chat-status")


def sees_read(phone: Phone) -> None:
    """The sender's page says "read": the other side's open page read the
    messages. On failure, says what the page's sockets heard."""
    read = label(phone.page, "#thread", "data-read-label")
    try:
        expect(status(phone.page)).to_have_text(read, timeout=LIVE_MS)
        # ... and "read" stands next to the latest message it concerns.
        latest = phone.page.locator("#thread .chat-message--mine").last
        expect(latest.locator(".chat-read")).to_have_text(f" · {read}")
        expect(phone.page.locator("#thread .chat-read")).to_have_count(1)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{phone.heard()}") from None


# The journeys


def test_a_message_appears_on_the_other_phone_and_its_sender_sees_read(open_phone):
    """Fatima writes to Lucas from his profile; he opens their conversation
    from his messages. Her message appears on his phone without reload, and
    because his open page reads it at once she sees "Lu", and his header counts
    nothing unread. While he types she sees that he is writing; his answer
    reaches her, and he sees "Lu" in turn."""
    _neighbourhood, (fatima, lucas) = neighbours("Fatima", "Lucas")
    hello = "Bonjour Lucas, pouvez-vous m'aider avec mon téléphone ?"
    answer = "Oui, jeudi à l'atelier du centre social."
    her, him = open_phone(), open_phone()

    # She writes to him from his profile: the conversation opens.
    sign_in(her, fatima.email)
    her.page.goto(lucas.profile.get_absolute_url())
    expect(her.page.locator("html")).to_have_attribute("lang", "fr")
    her.assert_accessible()
    joined = len(her.received("joined"))
    her.page.locator("main form[action='/conversations/new/'] button").click()
    expect(her.page).to_have_url(re.compile(r"/conversations/\d+/$"))
    conversation = lucas.participations.get().conversation
    wait_until(her, lambda: len(her.received("joined")) > joined, "her join")
    expect(her.page.locator("#thread [data-empty]")).to_be_visible()
    her.assert_accessible()

    # He opens it from his messages.
    sign_in(him, lucas.email)
    him.page.locator(".site-nav a[href='/conversations/']").click()
    expect(him.page).to_have_url(re.compile(r"/conversations/$"))
    him.assert_accessible()
    joined = len(him.received("joined"))
    him.page.locator(f"main a[href='{conversation.get_absolute_url()}']").click()
    wait_until(him, lambda: len(him.received("joined")) > joined, "his join")
    him.assert_accessible()

    # She writes: the page stays (no form post), the message is saved...
    write(her.page, hello)
    sent(her.page, hello)
    expect(her.page).not_to_have_url(re.compile("#latest"))
    message = Message.objects.get(conversation=conversation, text=hello)
    assert message.author == fatima
    # ... it appears on his phone without reload...
    expect(messages_saying(him.page, hello)).to_have_count(1, timeout=LIVE_MS)
    expect(messages_saying(him.page, hello)).to_have_attribute(
        "data-id", str(message.pk)
    )
    expect(him.page.locator("#thread [data-empty]")).to_have_count(0)
    # ... with its time and its "Report" link, as after a reload.
    arrived = messages_saying(him.page, hello)
    expect(arrived.locator(".chat-meta time")).to_have_count(1)
    expect(arrived.locator(".chat-report a")).to_have_attribute(
        "href", f"/report/message/{message.pk}/"
    )
    # ... and his open page read it, so she sees "Lu".
    assert label(her.page, "#thread", "data-read-label") == "Lu"
    sees_read(her)
    her.assert_accessible()

    # Read at once: his header counts nothing, now and after a reload.
    assert_badge(him.page, "messages", 0)
    assert_badge(him.page, "notifications", 0)
    counts = him.received("unread")[-1]
    assert (counts["messages"], counts["notifications"]) == (0, 0)
    assert conversation.participants.get(user=lucas).last_read_id == message.pk
    assert not Notification.objects.filter(user=lucas, read_at__isnull=True).exists()
    him.assert_accessible()

    # He starts typing: she sees that he is writing.
    him.page.locator("#message-form textarea").fill("Oui, jeudi")
    writing = label(her.page, "#live-news", "data-typing-label")
    expect(her.page.locator("#chat-typing")).to_have_text(
        f"Lucas {writing}", timeout=LIVE_MS
    )
    her.assert_accessible()

    # His answer reaches her (the typing line goes) and he sees "Lu".
    write(him.page, answer)
    sent(him.page, answer)
    expect(messages_saying(her.page, answer)).to_have_count(1, timeout=LIVE_MS)
    expect(her.page.locator("#chat-typing")).to_have_text("")
    sees_read(him)
    him.assert_accessible()
    her.assert_accessible()
    assert_badge(her.page, "messages", 0)

    # Reloaded, both pages show the same two messages, once each, in order.
    for phone in (her, him):
        open_conversation(phone, conversation)
        assert_each_once(phone.page, [hello, answer])
        assert phone.page.locator("#thread .chat-text").all_inner_texts() == [
            hello,
            answer,
        ]
        assert_badge(phone.page, "messages", 0)
        phone.assert_accessible()


def test_the_header_counts_and_the_news_follow_on_another_page(open_phone):
    """Lucas is on his home page when Fatima writes to him: without reload his
    header counts one unread message and one notification, and the news says
    who wrote, with a link that opens the conversation, where both counts go
    back to nothing."""
    neighbourhood, (fatima, lucas) = neighbours("Fatima", "Lucas")
    conversation = services.start_conversation(
        user=fatima, other=lucas, neighbourhood=neighbourhood
    )
    hello = "Bonsoir Lucas, merci pour l'aide de jeudi !"
    her, him = open_phone(), open_phone()

    sign_in(him, lucas.email)
    him.page.goto("/")
    listening(him, lucas)
    assert_badge(him.page, "messages", 0)
    assert_badge(him.page, "notifications", 0)
    expect(him.page.locator("#live-news")).to_have_text("")
    him.assert_accessible()

    sign_in(her, fatima.email)
    open_conversation(her, conversation)
    her.assert_accessible()
    write(her.page, hello)
    sent(her.page, hello)
    her.assert_accessible()

    # His home page, not reloaded: the counts and the news.
    notification = Notification.objects.get(user=lucas)
    assert_badge(him.page, "messages", 1)
    assert_badge(him.page, "notifications", 1)
    news = him.page.locator("#live-news")
    expect(news).to_contain_text(notification.text, timeout=LIVE_MS)
    expect(news).to_contain_text(label(him.page, "#live-news", "data-new-label"))
    link = news.locator(f"a[href='{conversation.get_absolute_url()}']")
    expect(link).to_have_text(notification.text)
    expect(him.page).to_have_url(f"{him.line.url}/")
    him.assert_accessible()

    # The news's link opens the conversation: read, nothing counted any more.
    link.click()
    expect(him.page).to_have_url(f"{him.line.url}{conversation.get_absolute_url()}")
    expect(messages_saying(him.page, hello)).to_have_count(1)
    assert_badge(him.page, "messages", 0)
    assert_badge(him.page, "notifications", 0)
    him.assert_accessible()
    sees_read(her)


def test_the_header_counts_are_right_after_a_cut_line(open_phone):
    """Lucas is on his home page when his line is cut, and Fatima writes to him
    meanwhile. When his line comes back and his page reconnects, his header
    counts the unread message and the notification, as a reload would."""
    neighbourhood, (fatima, lucas) = neighbours("Fatima", "Lucas")
    conversation = services.start_conversation(
        user=fatima, other=lucas, neighbourhood=neighbourhood
    )
    hello = "Lucas, je vous ai écrit pendant votre trajet."
    her, him = open_phone(), open_phone()
    sign_in(him, lucas.email)
    him.page.goto("/")
    listening(him, lucas)
    sign_in(her, fatima.email)
    open_conversation(her, conversation)

    sockets = him.sockets
    him.line.cut()
    write(her.page, hello)
    sent(her.page, hello)
    assert_badge(him.page, "messages", 0)
    restored = him.sockets
    him.line.restore()
    # His page opens a new socket once its backoff lets it try again...
    wait_until(
        him,
        lambda: him.sockets > restored,
        "his page to try again",
        timeout_ms=RECONNECT_MS,
    )
    assert him.sockets > sockets
    try:
        assert_badge(him.page, "messages", 1)
        counted = True
    except AssertionError:
        counted = False
    # ... and it is connected: it hears the member's news again.
    listening(him, lucas)
    assert counted, (
        "back on line, the header still counted no unread message: the page "
        "was not told what changed while its line was cut"
    )
    assert_badge(him.page, "notifications", 1)
    him.assert_accessible()


def in_conversation(open_phone):
    """Fatima and Lucas, each on their own phone, both on their conversation's
    page; (conversation, her phone, his phone)."""
    neighbourhood, (fatima, lucas) = neighbours("Fatima", "Lucas")
    conversation = services.start_conversation(
        user=fatima, other=lucas, neighbourhood=neighbourhood
    )
    her, him = open_phone(), open_phone()
    sign_in(her, fatima.email)
    open_conversation(her, conversation)
    her.assert_accessible()
    sign_in(him, lucas.email)
    open_conversation(him, conversation)
    him.assert_accessible()
    return conversation, her, him


def test_a_cut_line_loses_nothing_and_doubles_nothing(open_phone):
    """Lucas's line is cut while his conversation is open: his page says so.
    Fatima sends three messages meanwhile. When his line comes back his page
    reconnects, asks for what it missed, and shows each of the three exactly
    once; she sees that he read them."""
    conversation, her, him = in_conversation(open_phone)
    while_he_is_cut = [
        "Je passe vers 18 h.",
        "J'apporte le chargeur.",
        "Mon code d'entrée est le 4B.",
    ]
    offline = label(him.page, "#thread", "data-offline-label")

    # His line is cut: his page says that it lost the connection.
    joined = len(him.received("joined"))
    him.line.cut()
    expect(status(him.page)).to_have_text(offline, timeout=LIVE_MS)
    him.assert_accessible()

    # She writes three messages while he is cut: all saved, none reaches him.
    for text in while_he_is_cut:
        write(her.page, text)
        sent(her.page, text)
    her.assert_accessible()
    assert conversation.messages.count() == 3
    for text in while_he_is_cut:
        expect(messages_saying(him.page, text)).to_have_count(0)

    # His line is back: the page reconnects and shows each message once (the
    # server sends what was missed before it says "joined").
    him.line.restore()
    wait_until(
        him,
        lambda: len(him.received("joined")) > joined,
        "his page to join again",
        timeout_ms=RECONNECT_MS,
    )
    assert_each_once(him.page, while_he_is_cut)
    assert him.page.locator("#thread .chat-text").all_inner_texts() == while_he_is_cut
    expect(status(him.page)).not_to_have_text(offline)
    assert_badge(him.page, "messages", 0)
    him.assert_accessible()
    sees_read(her)
    her.assert_accessible()

    # Reloaded, his thread holds the same three messages, once each.
    open_conversation(him, conversation)
    assert him.page.locator("#thread .chat-text").all_inner_texts() == while_he_is_cut
    assert_each_once(him.page, while_he_is_cut)


def test_what_is_sent_while_the_signal_fades_goes_out_once(open_phone):
    """Fatima's signal fades while she writes: one message reaches the site but
    its acknowledgement is lost, the next one never leaves her line, then the
    line is cut. Both stay on her screen, pending, and her page says the
    connection is lost. When her line comes back her page sends both again:
    each is kept once and shown once, on her phone and on Lucas's."""
    conversation, her, him = in_conversation(open_phone)
    half_sent = "Je suis dans l'ascenseur."
    unsent = "Il y a du réseau chez vous ?"
    offline = label(her.page, "#thread", "data-offline-label")
    pending = her.page.locator("#thread > li.chat-message.is-pending")

    # What the site sends her no longer arrives: her message is kept and
    # reaches him, but her page never hears that it was.
    joined = len(her.received("joined"))
    her.line.hold(up=False, down=True)
    write(her.page, half_sent)
    expect(messages_saying(him.page, half_sent)).to_have_count(1, timeout=LIVE_MS)
    him.assert_accessible()
    expect(pending).to_have_count(1)
    # Then nothing leaves her phone either, and the line is cut.
    her.line.hold(up=True, down=True)
    write(her.page, unsent)
    expect(pending).to_have_count(2)
    her.line.cut()
    expect(status(her.page)).to_have_text(offline, timeout=LIVE_MS)
    # Both stay on her screen; only the first was kept. (The accessibility of
    # pending messages is the journey below.)
    expect(messages_saying(her.page, half_sent)).to_have_count(1)
    expect(messages_saying(her.page, unsent)).to_have_count(1)
    assert conversation.messages.filter(text=half_sent).count() == 1
    assert not conversation.messages.filter(text=unsent).exists()

    # Her line is back: both go out again; each is kept once and shown once.
    her.line.restore()
    wait_until(
        her,
        lambda: len(her.received("joined")) > joined,
        "her page to join again",
        timeout_ms=RECONNECT_MS,
    )
    for text in (half_sent, unsent):
        sent(her.page, text)
        expect(messages_saying(him.page, text)).to_have_count(1, timeout=LIVE_MS)
    expect(pending).to_have_count(0)
    expect(status(her.page)).not_to_have_text(offline)
    both = [half_sent, unsent]
    for text in both:
        assert conversation.messages.filter(text=text).count() == 1
    assert conversation.messages.count() == 2
    for phone in (her, him):
        assert_each_once(phone.page, both)
        phone.assert_accessible()

    # Reloaded, both threads hold the two messages in the order they were kept.
    for phone in (her, him):
        open_conversation(phone, conversation)
        assert phone.page.locator("#thread .chat-text").all_inner_texts() == both
        assert_each_once(phone.page, both)


def test_a_pending_message_stays_readable(open_phone):
    """A message waiting for the site (the signal is gone) stays on screen and
    must stay readable: the person checks what they wrote while they wait."""
    _conversation, her, _him = in_conversation(open_phone)
    her.line.hold()
    write(her.page, "Le réseau passe mal ici.")
    expect(her.page.locator("#thread > li.chat-message.is-pending")).to_have_count(1)
    her.assert_accessible()


def test_a_conversation_without_javascript(open_phone):
    """Without JavaScript, Fatima opens her messages, then her conversation with
    Lucas, and sends with the plain form: after the redirect her message is on
    the page. Lucas (no JavaScript either) sees nothing new until he reloads his
    messages: then the conversation and his header count one unread message,
    which he reads by opening it, and answers; she sees the answer on reload."""
    neighbourhood, (fatima, lucas) = neighbours("Fatima", "Lucas")
    conversation = services.start_conversation(
        user=fatima, other=lucas, neighbourhood=neighbourhood
    )
    hello = "Bonjour Lucas, c'est Fatima de l'atelier."
    answer = "Bonjour Fatima, à jeudi !"
    her, him = open_phone(javascript=False), open_phone(javascript=False)
    conversation_url = conversation.get_absolute_url()
    card = f"main .card-list > li:has(a[href='{conversation_url}'])"

    # He looks at his messages before she writes: nothing unread.
    sign_in(him, lucas.email)
    him.page.locator(".site-nav a[href='/conversations/']").click()
    expect(him.page.locator(card)).to_have_count(1)
    expect(him.page.locator(f"{card} .badge")).to_have_count(0)
    assert_badge(him.page, "messages", 0)
    him.assert_accessible()

    # She opens her messages, then the conversation, and sends with the form.
    sign_in(her, fatima.email)
    her.page.locator(".site-nav a[href='/conversations/']").click()
    expect(her.page).to_have_url(f"{her.line.url}/conversations/")
    her.assert_accessible()
    her.page.locator(f"{card} a[href='{conversation_url}']").click()
    expect(her.page).to_have_url(f"{her.line.url}{conversation_url}")
    her.assert_accessible()
    write(her.page, hello)
    expect(her.page).to_have_url(f"{her.line.url}{conversation_url}#latest")
    expect(messages_saying(her.page, hello)).to_have_count(1)
    expect(her.page.locator("#message-form textarea")).to_have_value("")
    her.assert_accessible()
    message = Message.objects.get(conversation=conversation)
    assert (message.author, message.text) == (fatima, hello)

    # Nothing moves on his page without JavaScript...
    assert_badge(him.page, "messages", 0)
    # ... until he reloads it: the conversation and his header count it.
    him.page.reload()
    expect(him.page.locator(f"{card} .badge")).to_contain_text("1")
    expect(him.page.locator(card)).to_contain_text(hello)
    assert_badge(him.page, "messages", 1)
    assert_badge(him.page, "notifications", 1)
    him.assert_accessible()

    # He opens it: the message is there, and nothing is counted any more.
    him.page.locator(f"{card} a[href='{conversation_url}']").click()
    expect(messages_saying(him.page, hello)).to_have_count(1)
    assert_badge(him.page, "messages", 0)
    assert_badge(him.page, "notifications", 0)
    him.assert_accessible()

    # He answers with the form; she sees it when she reloads.
    write(him.page, answer)
    expect(him.page).to_have_url(f"{him.line.url}{conversation_url}#latest")
    expect(messages_saying(him.page, answer)).to_have_count(1)
    him.assert_accessible()
    her.page.reload()
    expect(messages_saying(her.page, answer)).to_have_count(1)
    assert her.page.locator("#thread .chat-text").all_inner_texts() == [hello, answer]
    assert_badge(her.page, "messages", 0)
    her.assert_accessible()

    # Back in his list, the conversation is read.
    him.page.locator(".site-nav a[href='/conversations/']").click()
    expect(him.page.locator(f"{card} .badge")).to_have_count(0)
    him.assert_accessible()
    assert conversation.messages.count() == 2
    # And no page opened a socket: JavaScript stayed off throughout.
    assert (her.sockets, him.sockets) == (0, 0)
