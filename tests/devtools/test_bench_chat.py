"""`manage.py bench_chat` (devtools/bench/chat.py) runs end to end with two pairs and
prints one `name: value` line per figure, skips without PostgreSQL and Redis,
and keeps to a database of its own. This checks that the benchmark works,
never how fast anything is."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from community.models import User
from messaging.models import Message
from neighbourhoods.models import Neighbourhood

pytestmark = pytest.mark.django_db(transaction=True)

needs_postgresql_and_redis = pytest.mark.skipif(
    connection.vendor != "postgresql" or not settings.REDIS_URL,
    reason="the chat benchmark needs PostgreSQL (DATABASE_URL) and Redis "
    "(REDIS_URL), shared by the two server processes it starts",
)

PHASE = [
    "messages",
    "delivered",
    "late",
    "refused",
    "latency_p50_ms",
    "latency_p95_ms",
    "latency_p99_ms",
    "latency_max_ms",
    "ack_p50_ms",
    "ack_p99_ms",
    "messages_per_s",
]


def server_figures(prefix: str) -> list[str]:
    return [
        f"{prefix}_connect_s",
        *(f"{prefix}_{name}" for name in PHASE),
        *(f"{prefix}_burst_{name}" for name in PHASE),
        *(
            [f"{prefix}_server_cpu_ms_per_message"]
            if Path("/proc/self/stat").exists()
            else []
        ),
        f"{prefix}_idle_sockets",
        f"{prefix}_server_rss_mb_0_sockets",
        f"{prefix}_server_rss_mb_idle_sockets",
        f"{prefix}_server_rss_mb_after_close",
        f"{prefix}_server_rss_mb_opened_again",
        f"{prefix}_kb_per_idle_socket",
    ]


HEAD = [
    "chat_database",
    "chat_cpus",
    "chat_servers",
    "chat_pairs",
    "chat_connections",
    "chat_pause_ms",
]
FLOOR = [
    "chat_redis_pubsub_p50_ms",
    "chat_redis_pubsub_p99_ms",
    "chat_insert_p50_ms",
    "chat_insert_p99_ms",
    "chat_baseline_p99_ms",
]
FIGURES = [
    *HEAD,
    *server_figures("chat"),
    *FLOOR,
    "chat_ratio_p99",
    "chat_load_average_1m",
]


def bench(*arguments: str) -> str:
    out = StringIO()
    call_command("bench_chat", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_without_redis_it_says_why_and_does_nothing():
    with override_settings(REDIS_URL=""):
        output = bench("--pairs", "2")
    assert output.startswith("chat_bench: skipped: the chat benchmark needs")
    assert len(output.splitlines()) == 1
    assert not User.objects.exists()


@needs_postgresql_and_redis
def test_prints_every_figure_and_leaves_nothing_behind():
    output = bench(
        *("--pairs", "2", "--messages", "4", "--pause", "0.01", "--burst", "2"),
        *("--baseline-repeat", "20", "--idle-sockets", "10"),
    )

    figures = dict(line.split(": ", 1) for line in output.splitlines())
    assert list(figures) == FIGURES
    assert figures["chat_database"].startswith("postgresql ")
    for name, value in figures.items():
        if name not in ("chat_database", "chat_kb_per_idle_socket"):
            assert float(value) >= 0, name
    assert figures["chat_idle_sockets"] == "10"
    assert float(figures["chat_server_rss_mb_idle_sockets"]) > 0
    assert figures["chat_connections"] == "4"
    # Whether every message came in time is for tests/messaging/test_workers.py;
    # here a slow machine only shows in the figures.
    for phase, sent in (("chat", 8), ("chat_burst", 4)):
        delivered, late = (int(figures[f"{phase}_{n}"]) for n in ("delivered", "late"))
        assert int(figures[f"{phase}_messages"]) == delivered + late == sent
        assert figures[f"{phase}_refused"] == "0"
    assert not User.objects.exists()
    assert not Neighbourhood.objects.exists()
    assert not Message.objects.exists()


@needs_postgresql_and_redis
def test_refuses_a_database_with_accounts_of_its_own():
    User.objects.create_user("someone@example.org", "a-good-test-password")
    with pytest.raises(CommandError, match="did not create"):
        bench("--pairs", "2", "--baseline-repeat", "20")
    assert User.objects.count() == 1
    assert not Neighbourhood.objects.exists()


@needs_postgresql_and_redis
def test_refuses_more_messages_than_the_flood_limit_allows():
    with pytest.raises(CommandError, match="flood limit"):
        bench("--pairs", "2", "--messages", "60")


@needs_postgresql_and_redis
def test_compares_two_servers_in_one_run():
    output = bench(
        *("--pairs", "2", "--messages", "2", "--pause", "0.01", "--burst", "2"),
        *("--baseline-repeat", "20", "--idle-sockets", "4"),
        *("--servers", "daphne,uvicorn"),
    )

    figures = dict(line.split(": ", 1) for line in output.splitlines())
    assert list(figures) == [
        *HEAD,
        *server_figures("chat"),
        *server_figures("chat_uvicorn"),
        *FLOOR,
        "chat_ratio_p99",
        "chat_uvicorn_ratio_p99",
        "chat_load_average_1m",
    ]
    for prefix in ("chat", "chat_uvicorn"):
        delivered = int(figures[f"{prefix}_delivered"])
        assert delivered + int(figures[f"{prefix}_late"]) == 4
        assert figures[f"{prefix}_refused"] == "0"
        assert float(figures[f"{prefix}_server_rss_mb_idle_sockets"]) > 0
    assert not User.objects.exists()


@needs_postgresql_and_redis
def test_refuses_a_server_it_does_not_know():
    with pytest.raises(CommandError, match="--servers"):
        bench("--pairs", "2", "--servers", "daphne,gunicorn")
    assert not User.objects.exists()
