"""Benchmark of the chat: pairs of members talking through two server processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coupdemain_chatbench \\
    REDIS_URL=redis://127.0.0.1:6379/3 make bench-chat

`run` creates one neighbourhood with two members per pair and one conversation
per pair, logs every member in (a session each), starts two daphne processes on
free ports of 127.0.0.1 sharing the database and Redis, and opens one WebSocket
per member: the first of each pair on the first server, the second on the
other, so every message crosses from one process to the other through Redis.
All pairs then talk at once, back and forth, each message written once the
previous one arrived: first with a pause (a person reading and answering),
then a burst without one, to find how many messages per second the servers
carry. Each message is timed from the moment its sender writes the frame to
the moment the other member's socket receives it.

Before the servers start, the same run measures the floor on the same
machine: a Redis PUBLISH received by a subscriber, and one message INSERT
committed in PostgreSQL. It prints one `name: value` line per figure (progress
goes to `log`). It is a benchmark, not a test: slow figures never fail it.
How to read them: docs/performance.md, "Chat".

Like run.py, it refuses a database holding accounts that no benchmark
created, removes what an earlier run left, and removes what it made at the end.
"""

import asyncio
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

import redis.asyncio
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from websockets.asyncio.client import connect

from community.models import Profile, User
from community.selectors import pseudonym_key
from devtools.bench.run import BENCH_DOMAIN, check_database
from messaging import services
from messaging.models import Conversation, Message
from neighbourhoods.models import Charter, Membership, Neighbourhood, Organisation

# Accounts `bavard0001@bench.coupdemain.invalid`, ...: the domain of run.py,
# so that each benchmark accepts a database holding the other's accounts.
EMAIL_PREFIX = "bavard"
USERNAME_PREFIX = "benchchat"
ORGANISATION = "Centre social du banc d'essai (messagerie)"
SLUG = "bench-chat"
SERVERS = 2
# One back-and-forth per pair before the clock starts: the first message of a
# connection pays for things the next ones do not (imports, caches).
WARM_UP_MESSAGES = 2
# The flood limit (20 messages per 30 s per person by default): a run must stay
# under it, or it would time refusals instead of messages.
FLOOD_LIMIT = 20
BASELINE_REPEAT = 1000
BASELINE_WARM_UP = 20
CONNECTING_AT_ONCE = 10
# Idle pages of logged-in members opened on one server to weigh a socket,
# after a few opened and closed first.
IDLE_SOCKETS = 400
WARM_UP_SOCKETS = 20
SETTLE_S = 1.0  # for the server to be quiet before reading its memory
CLOSE_SETTLE_S = 3.0
START_TIMEOUT_S = 60
MESSAGE_TIMEOUT_S = 60


class CannotRun(Exception):
    """The chat benchmark needs PostgreSQL and Redis, or other settings."""


def missing_services() -> str | None:
    """Why the chat benchmark cannot run here, or None."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        return (
            "skipped: the chat benchmark needs PostgreSQL "
            "(DATABASE_URL=postgres://...) and Redis (REDIS_URL=redis://...), "
            "shared by its two server processes"
        )
    return None


def _own_users():
    return User.objects.filter(
        email__startswith=EMAIL_PREFIX, email__endswith=f"@{BENCH_DOMAIN}"
    )


def wipe() -> None:
    """Remove what this benchmark made: its accounts and their sessions, its
    neighbourhood (with the conversations and messages in it)."""
    ids = {str(pk) for pk in _own_users().values_list("pk", flat=True)}
    if ids:
        Session.objects.filter(
            session_key__in=[
                session.session_key
                for session in Session.objects.iterator()
                if session.get_decoded().get(SESSION_KEY) in ids
            ]
        ).delete()
    Neighbourhood.objects.filter(slug=SLUG).delete()
    _own_users().delete()
    Organisation.objects.filter(name=ORGANISATION).delete()


@dataclass
class Pair:
    conversation: int
    cookies: tuple[str, str]


def create_pairs(count: int) -> tuple[list[Pair], int, int]:
    """`count` pairs of members of one neighbourhood (charter accepted), each
    pair with its conversation and each member with a session; and one more
    conversation and member for the insert baseline. Returns the pairs, that
    conversation and that member."""
    now = timezone.now()
    organisation = Organisation.objects.create(name=ORGANISATION)
    place = Neighbourhood.objects.create(
        organisation=organisation,
        name="Quartier d'essai de la messagerie",
        slug=SLUG,
        join_policy=Neighbourhood.JoinPolicy.OPEN,
        charter_version=1,
    )
    Charter.objects.create(neighbourhood=place, version=1, text="Bienveillance.")
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"{EMAIL_PREFIX}{number:04d}@{BENCH_DOMAIN}",
            username=f"{USERNAME_PREFIX}{number:04d}",
            password=password,
            language="fr",
        )
        # One more, who writes the insert baseline: the flood limit counts a
        # person's messages, and must not count those against a pair.
        for number in range(2 * count + 1)
    )
    Profile.objects.bulk_create(
        Profile(
            user=user,
            pseudonym=f"Bavard {number:04d}",
            pseudonym_key=pseudonym_key(f"Bavard {number:04d}"),
        )
        for number, user in enumerate(users)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            neighbourhood=place,
            status=Membership.Status.ACTIVE,
            joined_via=Membership.Via.OPEN,
            charter_version_accepted=1,
            charter_accepted_at=now,
        )
        for user in users
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    cookies = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    pairs = [
        Pair(
            conversation=services.start_conversation(
                user=users[2 * number],
                other=users[2 * number + 1],
                neighbourhood=place,
            ).pk,
            cookies=(cookies[2 * number], cookies[2 * number + 1]),
        )
        for number in range(count)
    ]
    baseline = Conversation.objects.create(
        neighbourhood=place, kind=Conversation.Kind.STAFF
    )
    return pairs, baseline.pk, users[-1].pk


# The floor: what one message costs at least, measured on the same machine.


def time_inserts(*, conversation: int, author: int, repeat: int) -> list[float]:
    """Seconds to save one message on its own, `repeat` times: one INSERT and
    its commit (autocommit), through the ORM but with nothing else around it."""
    timings = []
    for number in range(BASELINE_WARM_UP + repeat):
        started = time.perf_counter()
        Message.objects.create(
            conversation_id=conversation,
            author_id=author,
            client_id=uuid.uuid4(),
            text="Bonjour",
        )
        if number >= BASELINE_WARM_UP:
            timings.append(time.perf_counter() - started)
    return timings


async def time_pubsub(*, url: str, repeat: int) -> list[float]:
    """Seconds from a PUBLISH to its arrival at a subscriber, `repeat` times,
    one message at a time."""
    channel = f"bench.chat.{uuid.uuid4().hex}"
    publisher = redis.asyncio.from_url(url)
    subscriber = redis.asyncio.from_url(url)
    pubsub = subscriber.pubsub(ignore_subscribe_messages=True)
    timings = []
    try:
        await pubsub.subscribe(channel)
        for number in range(BASELINE_WARM_UP + repeat):
            started = time.perf_counter()
            await publisher.publish(channel, str(number))
            # None for the subscription's own confirmation, or when nothing came.
            while (await pubsub.get_message(timeout=5)) is None:
                if time.perf_counter() - started > MESSAGE_TIMEOUT_S:
                    raise CannotRun("Redis never delivered a published message.")
            if number >= BASELINE_WARM_UP:
                timings.append(time.perf_counter() - started)
        await pubsub.unsubscribe(channel)
    finally:
        await pubsub.aclose()
        await publisher.aclose()
        await subscriber.aclose()
    return timings


# The servers


# The ASGI servers the benchmark can run: daphne (the one deployed), and
# uvicorn with its fast loop and HTTP parser, to compare on the same measure.
# Each binds port 0 (a free port) and names it in its log.
SERVER_KINDS = {
    "daphne": ["-m", "daphne", "-b", "127.0.0.1", "-p", "0"],
    "uvicorn": ["-m", "uvicorn", "--host", "127.0.0.1", "--port", "0"]
    + ["--loop", "uvloop", "--http", "httptools", "--ws", "websockets-sansio"]
    + ["--no-access-log", "--lifespan", "off"],
}


class Server:
    """One server process (daphne unless told) serving asgi.application on a
    free port."""

    def __init__(
        self,
        *,
        env: dict[str, str],
        log_path: Path,
        application: str = "asgi:application",
        kind: str = "daphne",
    ):
        self.log_path = log_path
        self.kind = kind
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, *SERVER_KINDS[kind], application],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.port = 0

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]

    async def wait_until_healthy(self, deadline: float) -> None:
        """Until daphne says where it listens and /healthz answers 200."""
        last = "not listening yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CannotRun(
                    f"{self.kind} exited with {self.process.returncode}:\n"
                    f"{self.log_tail()}"
                )
            if not self.port:
                self.port = _listening_port(self.log_path.read_text(errors="replace"))
            if self.port:
                last = await _health(self.port)
                if last == "200":
                    return
            await asyncio.sleep(0.1)
        raise CannotRun(
            f"{self.kind} never became healthy ({last}):\n{self.log_tail()}"
        )

    def cpu_seconds(self) -> float:
        """CPU time the server used so far (Linux), 0 where unknown."""
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return 0.0
        # Fields after the command name; utime and stime are the 14th and 15th.
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def resident_kb(self) -> int:
        """The server's resident memory (Linux), in kilobytes; 0 where unknown."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _listening_port(log: str) -> int:
    # The server binds port 0 to a free port and names it: no race for a port.
    for marker in (
        "Listening on TCP address 127.0.0.1:",
        "running on http://127.0.0.1:",
    ):
        for line in log.splitlines():
            if marker in line:
                return int(line.split(marker, 1)[1].split()[0])
    return 0


async def _health(port: int) -> str:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as error:
        return repr(error)
    try:
        writer.write(
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        status = (await asyncio.wait_for(reader.readline(), 5)).split()
    except (OSError, TimeoutError) as error:
        return repr(error)
    finally:
        writer.close()
    return status[1].decode() if len(status) > 1 else "no status line"


def server_env() -> dict[str, str]:
    """The environment of the servers: this process's database (by its real
    name, which differs from DATABASE_URL's under the test suite) and Redis,
    production settings otherwise, and the key that signed the sessions."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "DATABASE_URL": url._replace(
            path=f"/{connection.settings_dict['NAME']}"
        ).geturl(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "INFO",
        # No task consumer runs beside the benchmark's servers: the little
        # background work (e-mail) runs at once, and /healthz does not wait
        # for a queue's heartbeat.
        "HUEY_IMMEDIATE": "true",
        "EMAIL_URL": "dummymail://",
    }


# The clients


class Closed(Exception):
    """The socket closed, or the server refused the message."""


class Member:
    """One member's open page: a WebSocket and the frames it waits for."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.waiting: dict[tuple[str, object], asyncio.Future] = {}
        self.reading = asyncio.create_task(self._read())

    def expect(self, kind: str, key) -> asyncio.Future:
        """A future for the arrival time of the frame `kind` about `key` (a
        client id, or a conversation for "joined")."""
        future = asyncio.get_running_loop().create_future()
        self.waiting[(kind, key)] = future
        return future

    async def _read(self) -> None:
        try:
            async for raw in self.websocket:
                arrived = time.perf_counter()
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "error":
                    future = self.waiting.pop(("ack", frame.get("client_id")), None)
                    if future is not None and not future.done():
                        future.set_exception(Closed(f"{frame}"))
                    continue
                key = frame.get("client_id", frame.get("conversation"))
                future = self.waiting.pop((kind, key), None)
                if future is not None and not future.done():
                    future.set_result(arrived)
        finally:
            for future in self.waiting.values():
                if not future.done():
                    future.set_exception(Closed("the socket closed"))
            self.waiting.clear()

    async def send(self, frame: dict) -> None:
        await self.websocket.send(json.dumps(frame))

    async def close(self) -> None:
        await self.websocket.close()
        await self.reading


async def open_member(server: Server, cookie: str, conversation: int) -> Member:
    websocket = await connect(
        f"ws://127.0.0.1:{server.port}/ws/",
        origin=f"http://127.0.0.1:{server.port}",
        additional_headers={"Cookie": cookie},
        proxy=None,
        open_timeout=MESSAGE_TIMEOUT_S,
        # The benchmark's own pauses are short; no keep-alive traffic in them.
        ping_interval=None,
    )
    member = Member(websocket)
    joined = member.expect("joined", conversation)
    await member.send({"type": "join", "conversation": conversation, "after": 0})
    await asyncio.wait_for(joined, MESSAGE_TIMEOUT_S)
    return member


@dataclass
class Tally:
    """What one phase measured."""

    name: str
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    acks: list[float] = field(default_factory=list)
    late: int = 0
    refused: int = 0
    reasons: set[str] = field(default_factory=set)
    seconds: float = 0.0

    def figures(self, prefix: str) -> dict[str, object]:
        figures: dict[str, object] = {
            f"{prefix}_messages": self.sent,
            f"{prefix}_delivered": len(self.latencies),
            f"{prefix}_late": self.late,
            f"{prefix}_refused": self.refused,
        }
        if self.latencies:
            figures |= {
                f"{prefix}_latency_p50_ms": _ms(percentile(self.latencies, 0.50)),
                f"{prefix}_latency_p95_ms": _ms(percentile(self.latencies, 0.95)),
                f"{prefix}_latency_p99_ms": _ms(percentile(self.latencies, 0.99)),
                f"{prefix}_latency_max_ms": _ms(max(self.latencies)),
                f"{prefix}_ack_p50_ms": _ms(percentile(self.acks, 0.50)),
                f"{prefix}_ack_p99_ms": _ms(percentile(self.acks, 0.99)),
                f"{prefix}_messages_per_s": f"{len(self.latencies) / self.seconds:.1f}",
            }
        return figures


async def converse(
    conversation: int,
    members: tuple[Member, Member],
    *,
    messages: int,
    pause: float,
    rng: random.Random,
    tally: Tally,
) -> None:
    """`messages` messages back and forth, each written once the previous one
    arrived, after a pause drawn between 0 and twice `pause` seconds (the
    time a person takes to read and answer)."""
    for number in range(messages):
        sender, reader = members if number % 2 == 0 else members[::-1]
        if pause:
            await asyncio.sleep(rng.uniform(0, 2 * pause))
        client_id = str(uuid.uuid4())
        delivered = reader.expect("message.new", client_id)
        acknowledged = sender.expect("ack", client_id)
        tally.sent += 1
        started = time.perf_counter()
        await sender.send(
            {
                "type": "send",
                "conversation": conversation,
                "text": f"Message {number} : on se retrouve au jardin ?",
                "client_id": client_id,
            }
        )
        try:
            acked_at = await asyncio.wait_for(acknowledged, MESSAGE_TIMEOUT_S)
            arrived_at = await asyncio.wait_for(delivered, MESSAGE_TIMEOUT_S)
        except Closed as error:
            delivered.cancel()
            tally.refused += 1
            tally.reasons.add(str(error))
            continue
        except TimeoutError:
            tally.late += 1
            continue
        tally.latencies.append(arrived_at - started)
        tally.acks.append(acked_at - started)


async def talk(
    *,
    servers: list[Server],
    pairs: list[Pair],
    messages: int,
    pause: float,
    burst: int,
    seed: int,
    log,
) -> tuple[float, Tally, Tally, float]:
    """Open every page, warm up, then time two phases, all pairs at once:
    `messages` per pair with pauses, then `burst` per pair without. Returns
    the seconds it took to open and join everything, the two tallies, and the
    CPU seconds the servers used in them."""
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)

    async def open_pair(pair: Pair) -> tuple[Member, Member]:
        async with gate:
            return tuple(
                await asyncio.gather(
                    *(
                        open_member(server, cookie, pair.conversation)
                        for server, cookie in zip(servers, pair.cookies, strict=True)
                    )
                )
            )

    started = time.perf_counter()
    opened = await asyncio.gather(
        *(open_pair(pair) for pair in pairs), return_exceptions=True
    )
    failures = [result for result in opened if isinstance(result, BaseException)]
    pages = [result for result in opened if not isinstance(result, BaseException)]
    try:
        if failures:
            raise CannotRun(
                f"{len(failures)} of {len(pairs)} pairs could not connect: "
                f"{failures[0]!r}. What the servers said last:\n"
                + "\n".join(server.log_tail() for server in servers)
            )
        connecting = time.perf_counter() - started
        log.write(f"{2 * len(pairs)} pages open in {connecting:.1f} s\n")
        rng = random.Random(seed)

        async def phase(tally: Tally, messages: int, pause: float) -> Tally:
            started = time.perf_counter()
            await asyncio.gather(
                *(
                    converse(
                        pair.conversation,
                        members,
                        messages=messages,
                        pause=pause,
                        rng=random.Random(rng.random()),
                        tally=tally,
                    )
                    for pair, members in zip(pairs, pages, strict=True)
                )
            )
            tally.seconds = time.perf_counter() - started
            log.write(
                f"{tally.name}: {tally.sent} messages in {tally.seconds:.1f} s, "
                f"{tally.late} late, {tally.refused} refused\n"
            )
            for reason in sorted(tally.reasons)[:5]:
                log.write(f"refused: {reason}\n")
            return tally

        await phase(Tally("warm-up"), WARM_UP_MESSAGES, 0)
        cpu = sum(server.cpu_seconds() for server in servers)
        paced = await phase(Tally("paced"), messages, pause)
        flat_out = await phase(Tally("burst"), burst, 0) if burst else Tally("burst")
        cpu = sum(server.cpu_seconds() for server in servers) - cpu
        return connecting, paced, flat_out, cpu
    finally:
        await asyncio.gather(
            *(member.close() for members in pages for member in members),
            return_exceptions=True,
        )


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of them at or
    below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:.1f}"


def run(
    *,
    pairs: int,
    messages: int,
    pause: float,
    burst: int,
    seed: int,
    baseline_repeat: int = BASELINE_REPEAT,
    idle_sockets: int = IDLE_SOCKETS,
    kinds: tuple[str, ...] = ("daphne",),
    out,
    log,
) -> None:
    """Check, fill, measure the floor, start two servers, time the pairs, and
    remove everything it made, whatever happens."""
    unknown = set(kinds) - set(SERVER_KINDS)
    if not kinds or unknown:
        raise ValueError(
            f"--servers names {', '.join(SERVER_KINDS)}, not {', '.join(unknown)}."
        )
    if min(pairs, messages, baseline_repeat) < 1 or pause < 0 or burst < 0:
        raise ValueError(
            "--pairs, --messages and --baseline-repeat must be at least 1, "
            "--pause and --burst at least 0."
        )
    per_person = math.ceil((WARM_UP_MESSAGES + messages + burst) / 2)
    if per_person > FLOOD_LIMIT:
        raise ValueError(
            f"Each member would send {per_person} messages: the flood limit of "
            f"{FLOOD_LIMIT} would refuse some. Use at most "
            f"{2 * FLOOD_LIMIT - WARM_UP_MESSAGES} messages and burst per pair."
        )
    check_database(
        database="coupdemain_chatbench",
        make="REDIS_URL=redis://127.0.0.1:6379/3 make bench-chat",
    )
    wipe()
    servers: list[Server] = []
    try:
        started = time.perf_counter()
        made, baseline_conversation, author = create_pairs(pairs)
        log.write(f"{pairs} pairs created in {time.perf_counter() - started:.1f} s\n")
        inserts = time_inserts(
            conversation=baseline_conversation, author=author, repeat=baseline_repeat
        )
        pubsub = asyncio.run(
            time_pubsub(url=settings.REDIS_URL, repeat=baseline_repeat)
        )
        measured = {}
        with tempfile.TemporaryDirectory(prefix="bench-chat-") as logs:
            env = server_env()
            for kind in kinds:
                servers = [
                    Server(
                        env=env,
                        log_path=Path(logs) / f"{kind}-{number}.log",
                        kind=kind,
                    )
                    for number in range(1, SERVERS + 1)
                ]
                measured[kind] = asyncio.run(
                    _serve_and_talk(
                        servers,
                        made,
                        messages=messages,
                        pause=pause,
                        burst=burst,
                        seed=seed,
                        idle_sockets=idle_sockets,
                        log=log,
                    )
                )
                for server in servers:
                    server.stop()
    finally:
        for server in servers:
            server.stop()
        wipe()

    figures = {
        "chat_database": f"{connection.vendor} {_server_version()}",
        "chat_cpus": os.cpu_count(),
        "chat_servers": SERVERS,
        "chat_pairs": pairs,
        "chat_connections": 2 * pairs,
        "chat_pause_ms": _ms(pause),
    }
    for number, kind in enumerate(kinds):
        # The first server kind's figures keep the plain names; another's are
        # named after it (chat_uvicorn_...), to read side by side.
        prefix = "chat" if number == 0 else f"chat_{kind}"
        figures |= _server_figures(prefix, *measured[kind], burst=burst)
    baseline_p99 = percentile(pubsub, 0.99) + percentile(inserts, 0.99)
    figures |= {
        "chat_redis_pubsub_p50_ms": _ms(percentile(pubsub, 0.50)),
        "chat_redis_pubsub_p99_ms": _ms(percentile(pubsub, 0.99)),
        "chat_insert_p50_ms": _ms(percentile(inserts, 0.50)),
        "chat_insert_p99_ms": _ms(percentile(inserts, 0.99)),
        "chat_baseline_p99_ms": _ms(baseline_p99),
    }
    for number, kind in enumerate(kinds):
        paced = measured[kind][1]
        if paced.latencies:
            ratio = percentile(paced.latencies, 0.99) / baseline_p99
            prefix = "chat" if number == 0 else f"chat_{kind}"
            figures[f"{prefix}_ratio_p99"] = f"{ratio:.1f}"
    if hasattr(os, "getloadavg"):
        figures["chat_load_average_1m"] = f"{os.getloadavg()[0]:.2f}"
    for name, value in figures.items():
        out.write(f"{name}: {value}\n")


def _server_figures(prefix, connecting, paced, flat_out, cpu, memory, *, burst):
    """The figures of one kind of server, named with `prefix`."""
    figures = {
        f"{prefix}_connect_s": f"{connecting:.1f}",
        **paced.figures(prefix),
    }
    if burst:
        figures |= flat_out.figures(f"{prefix}_burst")
    if cpu:
        # What a message costs the servers, whatever else the machine does.
        timed = paced.sent + flat_out.sent
        figures[f"{prefix}_server_cpu_ms_per_message"] = _ms(cpu / timed)
    return figures | {
        name.replace("chat", prefix, 1): value for name, value in memory.items()
    }


async def _serve_and_talk(
    servers, pairs, *, messages, pause, burst, seed, idle_sockets, log
):
    deadline = time.monotonic() + START_TIMEOUT_S
    for server in servers:
        await server.wait_until_healthy(deadline)
    log.write(f"{len(servers)} servers on ports {[s.port for s in servers]}\n")
    # Memory first, on a server that has served nothing else yet.
    memory = await idle_memory(servers[0], pairs, count=idle_sockets, log=log)
    talked = await talk(
        servers=servers,
        pairs=pairs,
        messages=messages,
        pause=pause,
        burst=burst,
        seed=seed,
        log=log,
    )
    return (*talked, memory)


async def _idle_page(server: Server, cookie: str):
    """A logged-in member's page that is not a conversation: its socket only
    hears the member's own news. Open once its counts arrived."""
    websocket = await connect(
        f"ws://127.0.0.1:{server.port}/ws/",
        origin=f"http://127.0.0.1:{server.port}",
        additional_headers={"Cookie": cookie},
        proxy=None,
        open_timeout=MESSAGE_TIMEOUT_S,
        ping_interval=None,
    )
    await asyncio.wait_for(websocket.recv(), MESSAGE_TIMEOUT_S)
    return websocket


async def idle_memory(server: Server, pairs: list[Pair], *, count: int, log) -> dict:
    """The server's resident memory with no socket, with `count` idle
    authenticated sockets, after they closed, and with as many open again; the
    kilobytes one costs.

    A few pages are opened and closed first: the first sockets of a fresh
    server pay once for what all the later ones share (code run for the first
    time, translations, connections to PostgreSQL and Redis), which is not what
    one more socket costs. Opening the same number again after they closed
    shows whether what they held is used again or lost."""
    if count < 1:
        return {}
    cookies = [cookie for pair in pairs for cookie in pair.cookies]
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)

    async def open_one(number):
        async with gate:
            return await _idle_page(server, cookies[number % len(cookies)])

    async def open_many(how_many: int) -> list:
        return await asyncio.gather(*(open_one(n) for n in range(how_many)))

    async def close_all(sockets) -> None:
        await asyncio.gather(*(websocket.close() for websocket in sockets))
        # The server ends a closed socket's application within a second or two.
        await asyncio.sleep(CLOSE_SETTLE_S)

    await close_all(await open_many(min(count, WARM_UP_SOCKETS)))
    before = server.resident_kb()
    sockets = await open_many(count)
    await asyncio.sleep(SETTLE_S)
    opened = server.resident_kb()
    await close_all(sockets)
    closed = server.resident_kb()
    sockets = await open_many(count)
    await asyncio.sleep(SETTLE_S)
    reopened = server.resident_kb()
    await close_all(sockets)
    log.write(
        f"{count} idle sockets: {before} -> {opened} -> closed {closed} "
        f"-> opened again {reopened} kB\n"
    )
    return {
        "chat_idle_sockets": count,
        "chat_server_rss_mb_0_sockets": f"{before / 1024:.1f}",
        "chat_server_rss_mb_idle_sockets": f"{opened / 1024:.1f}",
        "chat_server_rss_mb_after_close": f"{closed / 1024:.1f}",
        "chat_server_rss_mb_opened_again": f"{reopened / 1024:.1f}",
        "chat_kb_per_idle_socket": f"{(opened - before) / count:.1f}",
    }


def _server_version() -> str:
    version = connection.pg_version  # e.g. 150020
    return f"{version // 10000}.{version % 10000}"
