"""`manage.py bench_matching` (devtools/bench/matching.py) runs end to end on the
labelled set, prints one `name: value` line per figure for the site and the
baseline, and leaves nothing in the database. The figures themselves are for
docs/performance.md; this only checks that the benchmark works and measures
what it says."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.models import User
from devtools.bench import matching as bench
from exchanges.models import Listing

pytestmark = pytest.mark.django_db

FIGURES = [
    "for_you_precision_at_5",
    "for_you_ndcg_at_10",
    "for_you_coverage",
    "neighbours_precision_at_3",
    "neighbours_requests_left_empty",
    "neighbours_requests_with_an_answer",
    "similar_precision_at_3",
]


def test_the_benchmark_prints_every_figure_and_leaves_nothing():
    out = StringIO()
    call_command("bench_matching", stdout=out, stderr=StringIO())

    printed = dict(
        line.split(": ", 1) for line in out.getvalue().splitlines() if ": " in line
    )
    for who in ("site", "baseline"):
        for name in FIGURES:
            assert f"{who}.{name}" in printed
    assert "for_you_ndcg_at_10_over_baseline" in printed
    assert not User.objects.exists()
    assert not Listing.objects.exists()


def test_the_set_is_as_large_as_promised_and_every_topic_has_a_field():
    data = bench.load()
    assert len(data["members"]) >= 40
    assert len(data["listings"]) >= 80
    topics = {t for item in data["listings"] + data["drafts"] for t in item["topics"]}
    for member in data["members"]:
        topics |= set(member["can"]) | set(member["wants"]) | set(member["likes"])
    assert topics <= set(data["fields"])


def test_the_grades_follow_the_sets_rules():
    data = {
        "activities": ["chess"],
        "fields": {"caf": "paperwork", "pension": "paperwork", "chess": "chess"},
    }
    helper = {"id": "a", "can": ["caf"], "wants": [], "likes": []}
    player = {"id": "b", "can": [], "wants": [], "likes": ["chess"]}

    def listing(kind, topics, author="z"):
        return {"id": "x", "kind": kind, "topics": topics, "author": author}

    assert bench.for_you_grade(data, helper, listing("request", ["caf"])) == 2
    assert bench.for_you_grade(data, helper, listing("request", ["pension"])) == 1
    assert bench.for_you_grade(data, helper, listing("offer", ["caf"])) == 0
    assert bench.for_you_grade(data, helper, listing("request", ["caf"], "a")) == 0
    assert bench.for_you_grade(data, player, listing("request", ["chess"])) == 2


def test_precision_counts_what_is_shown_and_an_empty_list_as_nothing():
    assert bench.precision(["a", "b"], {"a"}, 3) == 0.5
    assert bench.precision([], {"a"}, 3) == 0.0
    assert bench.ndcg(["a"], {"a": 2}, 10) == 1.0
    assert bench.ndcg(["b", "a"], {"a": 2}, 10) < 1.0
