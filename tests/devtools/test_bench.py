"""`manage.py bench` (devtools/bench/run.py) runs end to end on a tiny dataset
and prints one `name: value` line per figure. This checks that the benchmark
works, never how fast anything is."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from community.models import User
from exchanges.models import Listing

pytestmark = pytest.mark.django_db

TIMED = ["for_you", "search"]


def expected_names(sizes: list[str]) -> list[str]:
    names = ["database", "cpus", "neighbourhoods", "members", "memberships"]
    names += ["generation_people_s", "repetitions"]
    for size in sizes:
        names += [f"listings_{size}", f"generation_listings_s_{size}"]
        names.append(f"listings_seen_mean_{size}")
        for timed in TIMED:
            names += [
                f"{timed}_p50_ms_{size}",
                f"{timed}_p95_ms_{size}",
                f"{timed}_results_mean_{size}",
            ]
        if hasattr(os, "getloadavg"):
            names.append(f"load_average_1m_{size}")
    names += [f"{timed}_ratio_{share}" for timed in TIMED for share in ("p50", "p95")]
    return names


def bench(*arguments: str) -> str:
    out = StringIO()
    call_command("bench", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_prints_every_figure_as_a_number_and_keeps_to_its_own_database():
    arguments = ["--neighbourhoods", "2", "--members", "20", "--sizes", "10", "50"]
    output = bench(*arguments, "--repeat", "3")

    lines = output.splitlines()
    figures = dict(line.split(": ", 1) for line in lines)
    assert list(figures) == expected_names(["10", "50"])
    assert len(lines) == len(figures)
    assert figures["database"].split()[0] in ("sqlite", "postgresql")
    for name, value in figures.items():
        if name != "database":
            assert float(value) >= 0, name
    assert figures["listings_10"] == "10"
    assert figures["listings_50"] == "50"
    # The members timed live where the first listings were published.
    assert figures["listings_seen_mean_10"] == "10.0"
    assert figures["members"] == "20"
    assert Listing.objects.count() == 50

    # A second run starts again from its own data, not on top of the first.
    output = bench(*arguments, "--repeat", "2")
    figures = dict(line.split(": ", 1) for line in output.splitlines())
    assert figures["listings_50"] == "50"
    assert User.objects.count() == 20

    # A database with someone's account is not the benchmark's to fill.
    User.objects.create_user("someone@example.org", "a-good-test-password")
    with pytest.raises(CommandError, match="did not create"):
        bench(*arguments, "--repeat", "2")
    assert Listing.objects.count() == 50


def test_refuses_the_developers_own_sqlite_file(monkeypatch, settings):
    """The guard reads only the database's name, so pretending that the test
    database is the developer's `db.sqlite3` shows it refusing before it
    writes anything."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the developer's own file is an SQLite database")
    monkeypatch.setitem(
        connection.settings_dict, "NAME", str(settings.BASE_DIR / "db.sqlite3")
    )
    with pytest.raises(CommandError, match="temporary SQLite file"):
        bench("--neighbourhoods", "2", "--members", "20", "--sizes", "10", "50")
    monkeypatch.undo()
    assert User.objects.count() == 0
