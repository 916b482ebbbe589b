"""`manage.py bench_dashboard` (devtools/bench/dashboard.py) runs end to end on a tiny
dataset, reuses it the second time, and prints one `name: value` line per
figure. This checks that the benchmark works, never how fast anything is."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from community.models import User
from exchanges.models import Listing, Response
from moderation.models import Case

pytestmark = pytest.mark.django_db

NAMES = [
    "dashboard_database",
    "dashboard_members",
    "dashboard_neighbourhoods",
    "dashboard_listings",
    "dashboard_generation_s",
    "dashboard_repetitions",
    "dashboard_neighbourhood_members",
    "dashboard_organisation_neighbourhoods",
    "dashboard_organisation_members",
    "dashboard_p50_ms",
    "dashboard_p95_ms",
    "dashboard_queries",
    "dashboard_organisation_p50_ms",
    "dashboard_organisation_p95_ms",
    "dashboard_organisation_queries",
]
if hasattr(os, "getloadavg"):
    NAMES.append("dashboard_load_average_1m")
ARGUMENTS = ["--neighbourhoods", "12", "--members", "60", "--listings", "80"]


def bench(*arguments: str) -> dict[str, str]:
    out = StringIO()
    call_command("bench_dashboard", *arguments, stdout=out, stderr=StringIO())
    lines = out.getvalue().splitlines()
    figures = dict(line.split(": ", 1) for line in lines)
    assert len(figures) == len(lines)
    return figures


def test_prints_every_figure_and_reuses_its_dataset():
    figures = bench(*ARGUMENTS, "--repeat", "2")

    assert list(figures) == NAMES
    for name, value in figures.items():
        if name != "dashboard_database":
            assert float(value) >= 0, name
    assert figures["dashboard_listings"] == "80"
    # Ten neighbourhoods make an organisation, as in devtools/bench/run.py.
    assert figures["dashboard_organisation_neighbourhoods"] == "10"
    assert int(figures["dashboard_queries"]) > 5
    assert Response.objects.exists() and Case.objects.exists()

    answers = Response.objects.count()
    again = bench(*ARGUMENTS, "--repeat", "2")
    assert again["dashboard_listings"] == "80"
    assert Response.objects.count() == answers
    assert again["dashboard_queries"] == figures["dashboard_queries"]


def test_refuses_a_database_with_someone_elses_account():
    User.objects.create_user("someone@example.org", "a-good-test-password")

    with pytest.raises(CommandError, match="did not create"):
        bench(*ARGUMENTS, "--repeat", "2")
    assert not Listing.objects.exists()


def test_after_the_exchanges_benchmark_it_takes_its_dataset_as_it_is():
    """As `make bench` runs it: on the data `manage.py bench` just made."""
    call_command(
        "bench",
        *("--neighbourhoods", "3", "--members", "30", "--sizes", "10", "20"),
        *("--repeat", "2"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    users = set(User.objects.values_list("pk", flat=True))

    figures = bench("--reuse", "--repeat", "2")

    assert figures["dashboard_members"] == "30"
    assert figures["dashboard_neighbourhoods"] == "3"
    assert figures["dashboard_listings"] == "20"
    # Only the dashboard's coordinator is new.
    assert len(set(User.objects.values_list("pk", flat=True)) - users) == 1
