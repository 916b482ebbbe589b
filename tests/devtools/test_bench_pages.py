"""`manage.py bench_pages` (devtools/bench/pages.py) runs end to end with one
pair of members and prints one `name: value` line per figure, every page
answered without an error, skips without PostgreSQL, Redis or wrk, and leaves
nothing behind. This checks that the benchmark works, never how fast anything
is."""

import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from community.models import User
from exchanges.models import Listing

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "home",
    "listings",
    "listing",
    "search",
    "for_you",
    "conversations",
    "conversation",
    "notifications",
    "mixed",
]


def bench(*arguments: str) -> str:
    out = StringIO()
    call_command("bench_pages", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_without_redis_it_says_why_and_does_nothing():
    with override_settings(REDIS_URL=""):
        output = bench("--pairs", "1")
    assert output.startswith("pages_bench: skipped: the pages benchmark needs")
    assert not User.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql"
    or not settings.REDIS_URL
    or shutil.which("wrk") is None,
    reason="the pages benchmark needs PostgreSQL, Redis and wrk",
)
def test_prints_every_figure_and_leaves_nothing_behind():
    output = bench("--pairs", "1", "--concurrency", "2", "--seconds", "1")
    figures = dict(line.split(": ", 1) for line in output.splitlines())
    assert figures["pages_database"].startswith("postgresql ")
    for page in [*PAGES, "bare"]:
        assert float(figures[f"pages_{page}_rps"]) > 0, page
        assert figures[f"pages_{page}_errors"] == "0", page
        for share in ("p50", "p95", "p99"):
            assert float(figures[f"pages_{page}_{share}_ms"]) >= 0
    for page in PAGES:
        assert float(figures[f"pages_{page}_to_bare_rps"]) > 0, page
    assert not User.objects.exists()
    assert not Listing.objects.exists()
