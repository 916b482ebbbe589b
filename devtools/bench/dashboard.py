"""Benchmark of the coordinators' dashboard (the indicators for funders).

    createdb -h 127.0.0.1 -U postgres coupdemain_dashbench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coupdemain_dashbench \\
    make bench-dashboard

`run` works on the dataset of run.py (100 neighbourhoods in 10
organisations, 10,000 members, their listings): it reuses it when `make bench`
has just made it in the same database, and otherwise makes it the same way,
with the same functions. It then gives that dataset a year of life, once:
members who joined over the last twelve months, listings published over them,
answers, exchanges done with the time given, conversations, moderation cases;
and a coordinator of every neighbourhood of the first organisation.

It times the dashboard page as that coordinator opens it (the default period,
the last twelve months): the whole request through Django's test client,
permission, figures, charts and template, `repeat` times after a warm-up; for
one neighbourhood, then for the organisation's ten. It prints one
`name: value` line per figure (progress goes to `log`), among them
`dashboard_p50_ms`, `dashboard_p95_ms` and `dashboard_queries`. It is a
benchmark, not a test: a slow figure never fails it. How to read them:
docs/performance.md, "Dashboard".

Like run.py, it refuses a database holding accounts no benchmark
created; run.py's own clean-up removes everything it adds.
"""

import datetime
import os
import random
import sys
import time
import uuid
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Value,
)
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from community.models import User
from devtools.bench.run import (
    BENCH_DOMAIN,
    BENCH_SLUG,
    NotABenchDatabase,
    People,
    add_listings,
    analyze,
    check_database,
    create_people,
    create_tags,
    database_name,
    percentile,
    wipe,
)
from exchanges.models import Listing, Response
from messaging.models import Conversation, Message, Participant
from moderation.models import Case
from neighbourhoods.models import Membership, Neighbourhood

__all__ = ["NotABenchDatabase", "run"]

YEAR_MINUTES = 365 * 24 * 60
WARM_UP = 3
COORDINATOR_EMAIL = f"coordination@{BENCH_DOMAIN}"
# Shares of the listings that get an answer, of the answers accepted, of the
# accepted ones done, and of the accepted ones followed by a conversation.
ANSWERED, ACCEPTED, DONE, TALKED = 0.6, 0.6, 0.7, 0.5
MESSAGES_PER_CONVERSATION = 6
CASES_PER_NEIGHBOURHOOD = 8


def _since(started: float) -> float:
    return time.perf_counter() - started


def _spread(pk: int, now: datetime.datetime, prime: int) -> datetime.datetime:
    """The moment _spread_update gives to the row `pk`, computed in Python."""
    return now - datetime.timedelta(minutes=pk * prime % YEAR_MINUTES)


def _spread_update(queryset, field: str, now: datetime.datetime, prime: int) -> None:
    """Spread the rows over the last twelve months by their id, the same way
    on every run and every database (run.py does so over 60 days)."""
    age = ExpressionWrapper(
        (F("pk") * prime % YEAR_MINUTES) * Value(datetime.timedelta(minutes=1)),
        output_field=DurationField(),
    )
    queryset.update(**{field: Value(now) - age})


def _bench_places():
    return Neighbourhood.objects.filter(slug__regex=rf"^{BENCH_SLUG}[0-9]+$").order_by(
        "slug"
    )


def existing_people(
    *, neighbourhoods: int | None, members: int | None
) -> People | None:
    """The people run.py left in this database, if it made as many as
    asked (None: any number): reused as they are."""
    places = list(_bench_places().select_related("organisation"))
    user_ids = list(
        User.objects.filter(
            email__startswith="voisin", email__endswith=f"@{BENCH_DOMAIN}"
        ).values_list("pk", flat=True)
    )
    if not places or not user_ids:
        return None
    if neighbourhoods is not None and len(places) != neighbourhoods:
        return None
    if members is not None and len(user_ids) != members:
        return None
    residents: dict[int, list[int]] = {place.pk: [] for place in places}
    memberships = Membership.objects.filter(neighbourhood__in=places).exclude(
        role=Membership.Role.COORDINATOR
    )
    count = 0
    for user_id, place_id in memberships.values_list("user_id", "neighbourhood_id"):
        residents[place_id].append(user_id)
        count += 1
    return People(
        places=places, residents=residents, user_ids=user_ids, memberships=count
    )


def make_people(*, rng, neighbourhoods: int, members: int, listings: int, log):
    """run.py's dataset, made by its own functions."""
    wipe(log=log)
    with transaction.atomic():
        tags = create_tags()
        people = create_people(
            rng=rng, neighbourhoods=neighbourhoods, members=members, tags=tags
        )
        add_listings(rng=rng, people=people, tags=tags, count=listings)
    return people


def _coordinator(people: People) -> tuple[User, list[Neighbourhood]]:
    """A coordinator of every neighbourhood of the first organisation."""
    first = people.places[0].organisation_id
    places = [place for place in people.places if place.organisation_id == first]
    user, _created = User.objects.get_or_create(
        email=COORDINATOR_EMAIL, defaults={"username": "benchcoordination"}
    )
    now = timezone.now()
    for place in places:
        Membership.objects.update_or_create(
            user=user,
            neighbourhood=place,
            defaults={
                "role": Membership.Role.COORDINATOR,
                "status": Membership.Status.ACTIVE,
                "joined_via": Membership.Via.APPOINTED,
                "charter_version_accepted": place.charter_version,
                "charter_accepted_at": now,
            },
        )
    return user, places


def add_a_year(*, rng, people: People, log) -> None:
    """Memberships and listings spread over the last twelve months, then
    answers, exchanges done, conversations and moderation cases. Done once:
    a second run finds the answers and leaves everything as it is."""
    if Response.objects.filter(listing__neighbourhood__in=people.places).exists():
        log.write("Reusing the year of activity already there\n")
        return
    started = time.perf_counter()
    now = timezone.now()
    _spread_update(
        Membership.objects.filter(neighbourhood__in=people.places),
        "created_at",
        now,
        7919,
    )
    listings_ = Listing.objects.filter(neighbourhood__in=people.places)
    _spread_update(listings_, "created_at", now, 7919)
    responses = []
    for pk, place_id, author_id, minutes in listings_.values_list(
        "pk", "neighbourhood_id", "author_id", "duration_minutes"
    ).order_by("pk"):
        if rng.random() >= ANSWERED:
            continue
        others = people.residents[place_id]
        responder_id = rng.choice(others)
        if responder_id == author_id:
            continue
        response = Response(
            listing_id=pk,
            responder_id=responder_id,
            message="Je peux vous aider.",
            status=Response.Status.WAITING,
        )
        if rng.random() < ACCEPTED:
            response.status = Response.Status.ACCEPTED
            if rng.random() < DONE:
                done = min(
                    _spread(pk, now, 7919)
                    + datetime.timedelta(hours=rng.randint(2, 24 * 14)),
                    now,
                )
                response.author_confirmed_at = done
                response.responder_confirmed_at = done
                response.minutes_spent = minutes
        responses.append((response, place_id, author_id))
    Response.objects.bulk_create(
        [response for response, _place, _author in responses], batch_size=5000
    )
    # Each answer comes a few hours after its listing (bulk_create stamps
    # them all with the same moment).
    wait = ExpressionWrapper(
        (F("pk") * 31 % (72 * 60)) * Value(datetime.timedelta(minutes=1)),
        output_field=DurationField(),
    )
    published = Listing.objects.filter(pk=OuterRef("listing_id")).values("created_at")
    Response.objects.filter(listing__neighbourhood__in=people.places).update(
        created_at=ExpressionWrapper(
            Subquery(published) + wait, output_field=DateTimeField()
        )
    )
    log.write(f"  {len(responses)} answers in {_since(started):.1f} s\n")
    _talk(rng=rng, responses=responses, now=now)
    _cases(rng=rng, people=people, now=now)
    log.write(f"Added a year of activity in {_since(started):.1f} s\n")


def _talk(*, rng, responses, now) -> None:
    """Conversations between the two sides of some accepted answers."""
    talks = [
        (place_id, author_id, response.responder_id)
        for response, place_id, author_id in responses
        if response.status == Response.Status.ACCEPTED and rng.random() < TALKED
    ]
    conversations = Conversation.objects.bulk_create(
        (Conversation(neighbourhood_id=place_id) for place_id, _a, _r in talks),
        batch_size=5000,
    )
    Participant.objects.bulk_create(
        (
            Participant(conversation=conversation, user_id=user_id)
            for conversation, (_place, author_id, responder_id) in zip(
                conversations, talks, strict=True
            )
            for user_id in (author_id, responder_id)
        ),
        batch_size=5000,
    )
    Message.objects.bulk_create(
        (
            Message(
                conversation=conversation,
                author_id=(author_id, responder_id)[number % 2],
                client_id=uuid.UUID(int=rng.getrandbits(128)),
                text="Bonjour, c'est d'accord pour mardi ?",
                hidden=rng.random() < 0.01,
            )
            for conversation, (_place, author_id, responder_id) in zip(
                conversations, talks, strict=True
            )
            for number in range(MESSAGES_PER_CONVERSATION)
        ),
        batch_size=5000,
    )
    _spread_update(
        Message.objects.filter(conversation__in=[c.pk for c in conversations]),
        "created_at",
        now,
        104729,
    )


def _cases(*, rng, people: People, now) -> None:
    """A few moderation cases in every neighbourhood, half of them closed."""
    # One open case per profile at a time: different people.
    cases = Case.objects.bulk_create(
        Case(neighbourhood=place, target=Case.Target.PROFILE, person_id=person_id)
        for place in people.places
        for person_id in rng.sample(
            people.residents[place.pk],
            min(CASES_PER_NEIGHBOURHOOD, len(people.residents[place.pk])),
        )
    )
    ids = [case.pk for case in cases]
    _spread_update(Case.objects.filter(pk__in=ids), "opened_at", now, 7919)
    Case.objects.filter(pk__in=ids[::2]).update(
        status=Case.Status.CLOSED,
        closed_at=F("opened_at") + Value(datetime.timedelta(days=2)),
    )


def time_page(client: Client, url: str, *, repeat: int) -> tuple[list[float], int]:
    """Milliseconds of each request after a warm-up, and the queries of one."""
    for _ in range(WARM_UP):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Read now: the next request empties the log the capture points into.
    queries = len(captured)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(_since(started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings, queries


def run(
    *,
    neighbourhoods: int = 100,
    members: int = 10_000,
    listings: int = 100_000,
    repeat: int = 30,
    seed: int = 1,
    reuse: bool = False,
    out=sys.stdout,
    log=sys.stderr,
) -> dict[str, str]:
    """Reuse or make the dataset, add its year of activity, time both
    dashboards and print the figures to `out`. Returns them too.

    With `reuse`, whatever dataset run.py left is taken as it is, of
    any size (`make bench` runs this after it, with its own options)."""
    if repeat < 2:
        raise ValueError("repeat: at least 2, for a percentile")
    figures: dict[str, str] = {}

    def report(name: str, value) -> None:
        figures[name] = str(value)
        out.write(f"{name}: {value}\n")
        out.flush()

    # Query logging (DEBUG) would weigh on every query timed and on the
    # inserts; the test client's requests come from "testserver".
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
        check_database(database="coupdemain_dashbench", make="make bench-dashboard")
        rng = random.Random(seed)
        started = time.perf_counter()
        people = existing_people(
            neighbourhoods=None if reuse else neighbourhoods,
            members=None if reuse else members,
        )
        if people is None:
            log.write("Making the dataset of devtools/bench/run.py...\n")
            people = make_people(
                rng=rng,
                neighbourhoods=neighbourhoods,
                members=members,
                listings=listings,
                log=log,
            )
        else:
            log.write("Reusing the dataset of devtools/bench/run.py\n")
        with transaction.atomic():
            add_a_year(rng=rng, people=people, log=log)
            coordinator, places = _coordinator(people)
        analyze()
        report("dashboard_database", database_name())
        report("dashboard_members", len(people.user_ids))
        report("dashboard_neighbourhoods", len(people.places))
        report(
            "dashboard_listings",
            Listing.objects.filter(neighbourhood__in=people.places).count(),
        )
        report("dashboard_generation_s", f"{_since(started):.1f}")
        report("dashboard_repetitions", repeat)

        client = Client()
        client.force_login(coordinator)
        pages = {
            "dashboard": reverse("indicators_neighbourhood", args=[places[0].slug]),
            "dashboard_organisation": reverse(
                "indicators_organisation", args=[places[0].organisation_id]
            ),
        }
        counts = _members_of(places)
        report("dashboard_neighbourhood_members", counts[places[0].pk])
        report("dashboard_organisation_neighbourhoods", len(places))
        report("dashboard_organisation_members", sum(counts.values()))
        for name, url in pages.items():
            log.write(f"Timing {url}...\n")
            timings, queries = time_page(client, url, repeat=repeat)
            report(f"{name}_p50_ms", f"{percentile(timings, 50):.1f}")
            report(f"{name}_p95_ms", f"{percentile(timings, 95):.1f}")
            report(f"{name}_queries", queries)
        if hasattr(os, "getloadavg"):
            # Other work on the machine shows in the timings: say how much.
            report("dashboard_load_average_1m", f"{os.getloadavg()[0]:.2f}")
        client.logout()
    return figures


def _members_of(places) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for place_id in Membership.objects.filter(neighbourhood__in=places).values_list(
        "neighbourhood_id", flat=True
    ):
        counts[place_id] += 1
    return counts
