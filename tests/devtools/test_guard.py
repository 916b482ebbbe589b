"""Every devtools command refuses to run with DEBUG off, as in production, and
writes nothing; forced with --i-know-this-is-not-production, it runs."""

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from community.models import User
from devtools.demo.people import PERSONAS, demo_email
from exchanges.models import Listing

FORCE = "--i-know-this-is-not-production"
# Tiny sizes, as in their own tests.
OPTIONS = {
    "seed_demo": {},
    "bench": {"neighbourhoods": 2, "members": 20, "sizes": [10, 20], "repeat": 2},
    "bench_dashboard": {
        "neighbourhoods": 12,
        "members": 60,
        "listings": 80,
        "repeat": 2,
    },
    "bench_chat": {"pairs": 2},
}


@pytest.fixture
def debug_off(monkeypatch):
    """As in production (DJANGO_DEBUG=false)."""
    monkeypatch.setattr(settings, "DEBUG", False)


def rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def run(command: str, *arguments: str) -> str:
    out = StringIO()
    call_command(command, *arguments, **OPTIONS[command], stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("command", OPTIONS)
def test_refuses_to_run_with_debug_off_and_writes_nothing(command, debug_off):
    before = rows()

    with pytest.raises(CommandError) as refused:
        run(command)

    message = str(refused.value)
    assert message.startswith(f"{command} refuses to run with DEBUG off")
    assert FORCE in message
    assert rows() == before


@pytest.mark.django_db
def test_seed_demo_runs_when_forced(debug_off):
    output = run("seed_demo", FORCE)

    assert output.startswith("Demo data ready (40 people created).")
    for persona in PERSONAS:
        assert User.objects.filter(email=demo_email(persona["login"])).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "first"),
    [("bench", "database"), ("bench_dashboard", "dashboard_database")],
)
def test_the_benchmarks_run_when_forced(command, first, debug_off):
    output = run(command, FORCE)

    assert output.splitlines()[0].startswith(f"{first}: ")
    assert Listing.objects.exists()


@pytest.mark.django_db
def test_the_chat_benchmark_gets_past_the_guard_when_forced(debug_off):
    """Without Redis it goes on to say why it skips, as on a laptop."""
    with override_settings(REDIS_URL=""):
        output = run("bench_chat", FORCE)

    assert output.startswith("chat_bench: skipped: the chat benchmark needs")
    assert not User.objects.exists()
