"""Pages under load: logged-in members browsing through the same two daphne
processes as the chat benchmark, on PostgreSQL and Redis, driven by wrk (a
load tool written in C, so that the clients cost the 2-core machine little).

Each page is loaded for a few seconds by CONCURRENCY members at once (half on
each server), then the mixed browsing of them all; and, in the same run on the
same servers, a bare view that answers a fixed short page without touching
the database (devtools/bench/bare.py): the ratio of each page to it says what
the page costs beyond serving HTTP at all. It prints one `name: value` line
per figure, requests per second and p50/p95/p99 in milliseconds."""

import asyncio
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from exchanges import services as exchange_services
from exchanges.models import Category, Listing
from messaging import services as messaging_services
from messaging.models import Conversation

from .chat import (
    START_TIMEOUT_S,
    CannotRun,
    Server,
    _server_version,
    create_pairs,
    missing_services,
    server_env,
    wipe,
)
from .run import check_database

CONCURRENCY = 50
SECONDS = 5
WARM_UP_S = 1
BARE = "/bench/bare/"
LISTINGS_PER_MEMBER = 2

TITLES = [
    "Aide pour installer WhatsApp sur mon téléphone",
    "Cours de couture pour débutants",
    "Remplir le dossier de la CAF en ligne",
    "Partie d'échecs le mardi après-midi",
    "Réparer un vélo qui déraille",
    "Tondre la pelouse du jardin partagé",
]

SCRIPT = """
local cookies = {%(cookies)s}
local paths = {%(paths)s}
local counter = math.random(1, 1000)
request = function()
  counter = counter + 1
  local pick = (counter %% #paths) + 1
  local headers = {["Cookie"] = cookies[pick], ["Host"] = "127.0.0.1"}
  return wrk.format("GET", paths[pick], headers)
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "FIGURES {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50\\": %%d, " ..
    "\\"p95\\": %%d, \\"p99\\": %%d, \\"errors\\": %%d, \\"non2xx\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


def missing_tools() -> str | None:
    if reason := missing_services():
        return reason.replace("chat benchmark", "pages benchmark")
    if shutil.which("wrk") is None:
        return (
            "skipped: the pages benchmark drives the servers with wrk, which is "
            "not installed (Debian: apt-get install wrk; `make bench-pages` "
            "installs it when run as root)"
        )
    return None


def fill(pairs: int):
    """Members with their sessions, their listings and conversations: each
    member's cookie and conversation, and the pages they browse (each page's
    address for a member's own conversation)."""
    made, _baseline, _author = create_pairs(pairs)
    conversation = Conversation.objects.get(pk=made[0].conversation)
    place = conversation.neighbourhood
    category = Category.objects.filter(neighbourhood=None).order_by("pk").first()
    if category is None:  # a database emptied since it was migrated
        category = Category.objects.create(
            key="bench-pages", name="Entraide", icon="digital"
        )
    members = [
        participant.user
        for pair in made
        for participant in Conversation.objects.get(
            pk=pair.conversation
        ).participants.select_related("user")
    ]
    for number, member in enumerate(members):
        for copy in range(LISTINGS_PER_MEMBER):
            exchange_services.create_listing(
                author=member,
                neighbourhood=place,
                kind="request" if (number + copy) % 2 else "offer",
                title=TITLES[(number + copy) % len(TITLES)],
                category=category,
                tags=["entraide"],
            )
    for pair in made[:10]:
        talk = Conversation.objects.get(pk=pair.conversation)
        one, other = (p.user for p in talk.participants.select_related("user"))
        for text in ("Bonjour, toujours disponible ?", "Oui, mardi ?"):
            messaging_services.send_message(
                user=one, conversation=talk, text=text, client_id=os.urandom(16).hex()
            )
            one, other = other, one
    listing = Listing.objects.filter(neighbourhood=place).order_by("pk").first()
    # Each member loads the same pages, their own conversation included.
    members = [
        (cookie, f"/conversations/{pair.conversation}/")
        for pair in made
        for cookie in pair.cookies
    ]
    pages = {
        "home": lambda own: "/",
        "listings": lambda own: "/listings/",
        "listing": lambda own: listing.get_absolute_url(),
        "search": lambda own: "/listings/?q=aide+pour+mon+t%C3%A9l%C3%A9phone",
        "for_you": lambda own: "/for-you/",
        "conversations": lambda own: "/conversations/",
        "conversation": lambda own: own,
        "notifications": lambda own: "/notifications/",
    }
    return members, pages


def _script(requests: list[tuple[str, str]], name: str, folder: Path) -> Path:
    """The wrk script that loads these (cookie, address) requests in turn."""
    quoted = lambda values: ", ".join(json.dumps(v) for v in values)  # noqa: E731
    path = folder / f"load-{name}.lua"
    path.write_text(
        SCRIPT
        % {
            "cookies": quoted(cookie for cookie, _path in requests),
            "paths": quoted(address for _cookie, address in requests),
        }
    )
    return path


def _wrk(port: int, script: Path, *, connections: int, seconds: float):
    return subprocess.Popen(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{math.ceil(seconds)}s"]
        + ["--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}/"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def load(servers, script: Path, *, connections: int, seconds: float) -> dict:
    """`connections` members at once, half on each server, for `seconds`:
    requests per second (both servers), the worst server's percentiles."""
    share = max(1, connections // len(servers))
    runs = [
        _wrk(server.port, script, connections=share, seconds=seconds)
        for server in servers
    ]
    results = []
    for run in runs:
        output, _ = run.communicate(timeout=seconds + 60)
        line = next(
            (line for line in output.splitlines() if line.startswith("FIGURES ")),
            None,
        )
        if line is None:
            raise CannotRun(f"wrk printed no figures:\n{output[-2000:]}")
        results.append(json.loads(line.removeprefix("FIGURES ")))
    requests = sum(result["requests"] for result in results)
    duration = max(result["duration_us"] for result in results) / 1e6
    return {
        "rps": requests / duration if duration else 0.0,
        "p50": max(result["p50"] for result in results) / 1000,
        "p95": max(result["p95"] for result in results) / 1000,
        "p99": max(result["p99"] for result in results) / 1000,
        "errors": sum(result["errors"] + result["non2xx"] for result in results),
    }


def run(*, pairs: int, concurrency: int, seconds: float, out, log) -> None:
    """Fill, start two servers, load each page then the mix then the bare
    view, print the figures, and remove everything it made."""
    if pairs < 1 or concurrency < 2 or seconds <= 0:
        raise ValueError(
            "--pairs must be at least 1, --concurrency at least 2, --seconds "
            "more than 0."
        )
    check_database(
        database="coupdemain_pagesbench",
        make="REDIS_URL=redis://127.0.0.1:6379/3 make bench-pages",
    )
    wipe()
    servers: list[Server] = []
    figures: dict[str, object] = {
        "pages_database": f"{connection.vendor} {_server_version()}",
        "pages_cpus": os.cpu_count(),
        "pages_servers": 2,
        "pages_concurrency": concurrency,
    }
    try:
        members, pages = fill(pairs)
        with tempfile.TemporaryDirectory(prefix="bench-pages-") as folder:
            folder = Path(folder)
            # The site's settings, with one more address: the bare view.
            env = {
                **server_env(),
                "DJANGO_SETTINGS_MODULE": "devtools.bench.bare_settings",
                "BENCH_SITE_SETTINGS": settings.SETTINGS_MODULE,
            }
            # Production serves its static files from collectstatic's folder
            # (whitenoise, compressed, names with their hash): made here.
            env["DJANGO_STATIC_ROOT"] = str(folder / "static")
            collected = subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput"],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
            )
            if collected.returncode:
                raise CannotRun(f"collectstatic failed:\n{collected.stderr[-2000:]}")
            servers = [
                Server(env=env, log_path=folder / f"daphne-{number}.log")
                for number in (1, 2)
            ]
            asyncio.run(_healthy(servers))
            log.write(f"servers on ports {[s.port for s in servers]}\n")
            runs = {
                name: [(cookie, page(own)) for cookie, own in members]
                for name, page in pages.items()
            }
            runs["mixed"] = [
                (cookie, page(own))
                for cookie, own in members
                for page in pages.values()
            ]
            runs["bare"] = [(cookie, BARE) for cookie, _own in members]
            measured = {}
            for name, requests in runs.items():
                script = _script(requests, name, folder)
                load(servers, script, connections=2, seconds=WARM_UP_S)
                measured[name] = load(
                    servers, script, connections=concurrency, seconds=seconds
                )
                log.write(f"{name}: {measured[name]}\n")
            for server in servers:
                server.stop()
    finally:
        for server in servers:
            server.stop()
        wipe()
    bare_rps = measured["bare"]["rps"]
    for name, result in measured.items():
        figures[f"pages_{name}_rps"] = f"{result['rps']:.1f}"
        for share in ("p50", "p95", "p99"):
            figures[f"pages_{name}_{share}_ms"] = f"{result[share]:.1f}"
        figures[f"pages_{name}_errors"] = result["errors"]
        if name != "bare" and bare_rps:
            figures[f"pages_{name}_to_bare_rps"] = f"{result['rps'] / bare_rps:.2f}"
    if hasattr(os, "getloadavg"):
        figures["pages_load_average_1m"] = f"{os.getloadavg()[0]:.2f}"
    for name, value in figures.items():
        out.write(f"{name}: {value}\n")


async def _healthy(servers) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    for server in servers:
        await server.wait_until_healthy(deadline)
