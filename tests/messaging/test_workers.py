"""Several workers: two real daphne processes share the channel layer (Redis) and
the database (PostgreSQL). A message sent through one arrives through the other,
a reader who was away finds what they missed exactly once when they come back,
and a page with nothing to hear for a while stays open.

The servers run the test settings against the test database that pytest-django
made, so every row they must see is committed first (a transactional test)."""

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from websockets.asyncio.client import connect

from messaging import services
from tests.factories import MembershipFactory, NeighbourhoodFactory

ON_POSTGRESQL_AND_REDIS = connection.vendor == "postgresql" and bool(settings.REDIS_URL)

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRESQL_AND_REDIS,
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): two server "
        "processes can share neither SQLite's in-memory test database nor the "
        "in-memory channel layer",
    ),
    pytest.mark.django_db(transaction=True),
]

# Two servers start in a few seconds, even on a busy two-core machine.
START_TIMEOUT_S = 60
# Local frames take milliseconds: waiting longer than this is a failure.
FRAME_TIMEOUT_S = 10
# Longer than the channel layer's blocking wait for the next event (5 s in
# channels-redis), which a Redis client with a short read timeout mistakes for
# a dead server.
QUIET_S = 7
# Frames about messages; others (typing, unread counts, notifications) may
# arrive in between and are not what these tests are about.
MESSAGE_FRAMES = {"message.new", "ack", "joined", "error"}


class Worker:
    """One daphne process serving asgi.application on a port of 127.0.0.1."""

    def __init__(self, *, env: dict[str, str], log_path):
        self.port = _free_port()
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "asgi:application",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def socket_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    def wait_until_healthy(self, deadline: float) -> None:
        """Until /healthz answers 200: the database and the channel layer both
        work from inside this process."""
        # No proxy from the environment: the servers are on this machine.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"daphne on port {self.port} exited with "
                    f"{self.process.returncode}:\n{self.log()}"
                )
            try:
                with opener.open(f"{self.origin}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
                    last = f"HTTP {response.status}"
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code}: {error.read()[:300]!r}"
            except OSError as error:
                last = repr(error)
            time.sleep(0.1)
        pytest.fail(f"daphne on port {self.port} never healthy ({last}):\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _test_database_url() -> str:
    """DATABASE_URL, naming the test database instead of the one it names."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path=f"/{connection.settings_dict['NAME']}").geturl()


@pytest.fixture(scope="module")
def workers(django_db_setup, tmp_path_factory):
    """Two servers for the tests of this module, stopped whatever happens."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        # As in production, and with the key that signed the test's sessions.
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    logs = tmp_path_factory.mktemp("workers")
    started = []
    try:
        for number in (1, 2):
            started.append(Worker(env=env, log_path=logs / f"daphne-{number}.log"))
        deadline = time.monotonic() + START_TIMEOUT_S
        for worker in started:
            worker.wait_until_healthy(deadline)
        yield started
    finally:
        for worker in started:
            worker.stop()


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


@pytest.fixture
def talk():
    """Two members of a neighbourhood, their conversation and their logins."""
    neighbourhood = NeighbourhoodFactory()
    one = MembershipFactory(neighbourhood=neighbourhood).user
    other = MembershipFactory(neighbourhood=neighbourhood).user
    conversation = services.start_conversation(
        user=one, other=other, neighbourhood=neighbourhood
    )
    return {
        "conversation": conversation.pk,
        "one": one.pk,
        "one_cookie": _session_cookie(one),
        "other_cookie": _session_cookie(other),
    }


class Page:
    """The socket of one open conversation page."""

    def __init__(self, websocket):
        self.websocket = websocket

    async def send(self, frame: dict) -> None:
        await self.websocket.send(json.dumps(frame))

    async def next_frame(self) -> dict:
        """The next frame about messages; an error frame fails the test."""
        while True:
            raw = await asyncio.wait_for(self.websocket.recv(), FRAME_TIMEOUT_S)
            frame = json.loads(raw)
            if frame.get("type") == "error":
                pytest.fail(f"error frame: {frame}")
            if frame.get("type") in MESSAGE_FRAMES:
                return frame

    async def join(self, conversation: int, after: int = 0) -> list[dict]:
        """Join; returns the messages sent back as missed, up to "joined"."""
        await self.send({"type": "join", "conversation": conversation, "after": after})
        missed = []
        while (frame := await self.next_frame())["type"] != "joined":
            missed.append(frame)
        assert frame["conversation"] == conversation
        return missed

    async def write(self, conversation: int, text: str) -> tuple[dict, dict]:
        """Send a message; returns the acknowledgement and this page's own copy
        of the message, whatever order they come in."""
        client_id = str(uuid.uuid4())
        await self.send(
            {
                "type": "send",
                "conversation": conversation,
                "text": text,
                "client_id": client_id,
            }
        )
        seen = {}
        while len(seen) < 2:
            frame = await self.next_frame()
            assert frame["type"] in ("ack", "message.new"), frame
            assert frame["client_id"] == client_id, frame
            seen[frame["type"]] = frame
        return seen["ack"], seen["message.new"]


@contextlib.asynccontextmanager
async def open_page(worker: Worker, cookie: str):
    async with connect(
        worker.socket_url,
        origin=worker.origin,
        additional_headers={"Cookie": cookie},
        proxy=None,
        open_timeout=FRAME_TIMEOUT_S,
        close_timeout=FRAME_TIMEOUT_S,
    ) as websocket:
        yield Page(websocket)


async def test_a_message_sent_through_one_worker_arrives_through_the_other(
    workers, talk
):
    first, second = workers
    conversation = talk["conversation"]
    async with (
        open_page(first, talk["one_cookie"]) as sender,
        open_page(second, talk["other_cookie"]) as reader,
    ):
        assert await sender.join(conversation) == []
        assert await reader.join(conversation) == []

        ack, _copy = await sender.write(conversation, "Bonjour, je passe à 18 h")

        received = await reader.next_frame()
        assert received["type"] == "message.new"
        assert received["id"] == ack["id"]
        assert received["client_id"] == ack["client_id"]
        assert received["conversation"] == conversation
        assert received["author"] == talk["one"]
        assert received["text"] == "Bonjour, je passe à 18 h"


async def test_messages_sent_while_the_reader_is_away_arrive_once_on_return(
    workers, talk
):
    first, second = workers
    conversation = talk["conversation"]
    async with open_page(first, talk["one_cookie"]) as sender:
        await sender.join(conversation)
        async with open_page(second, talk["other_cookie"]) as reader:
            await reader.join(conversation)
            ack, _copy = await sender.write(conversation, "Un")
            assert (await reader.next_frame())["id"] == ack["id"]
            last_seen = ack["seq"]  # the number received in order

        # The reader's page is closed: these are stored and announced to nobody
        # on the second server.
        away = [
            (await sender.write(conversation, text))[0] for text in ("Deux", "Trois")
        ]

        async with open_page(second, talk["other_cookie"]) as reader:
            missed = await reader.join(conversation, after=last_seen)
            assert [frame["type"] for frame in missed] == ["message.new"] * 2
            assert [frame["id"] for frame in missed] == [a["id"] for a in away]
            assert [frame["text"] for frame in missed] == ["Deux", "Trois"]

            # Nothing comes twice: the next message frame is the next message.
            ack, _copy = await sender.write(conversation, "Quatre")
            following = await reader.next_frame()
            assert (following["type"], following["id"]) == ("message.new", ack["id"])


async def test_a_page_left_quiet_stays_open_and_hears_the_next_message(workers, talk):
    first, second = workers
    conversation = talk["conversation"]
    async with (
        open_page(first, talk["one_cookie"]) as sender,
        open_page(second, talk["other_cookie"]) as reader,
    ):
        await sender.join(conversation)
        await reader.join(conversation)
        # Nothing to say for a while: neither server may drop its socket.
        closing = [
            asyncio.ensure_future(page.websocket.wait_closed())
            for page in (sender, reader)
        ]
        await asyncio.wait(closing, timeout=QUIET_S)
        for waiting in closing:
            waiting.cancel()
        codes = (sender.websocket.close_code, reader.websocket.close_code)
        assert codes == (None, None), "a server closed a quiet socket"
        ack, _copy = await sender.write(conversation, "Toujours là ?")
        assert (await reader.next_frame())["id"] == ack["id"]
