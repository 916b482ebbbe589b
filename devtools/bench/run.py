"""Benchmark of the "for you" suggestions and of the search of listings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coupdemain_bench make bench

`run` fills the database with generated neighbourhoods, members and listings
(100 neighbourhoods, 10,000 members, then 1,000 listings, then 99,000 more so
that the same people see 100,000), times `exchanges.selectors.for_you` and one
page of `exchanges.selectors.search_listings` at each size, and prints one
`name: value` line per figure; progress goes to `log`.

The members timed are residents of the first `focus` neighbourhoods, where the
first 1,000 listings are published; the next ones go to every neighbourhood.
So both sizes time the same people on full pages, while their neighbourhood
grows (from 1,000 to about 2,000 listings) and the site grows a hundredfold.
With `focus=0`, every size is spread over all neighbourhoods and the members
timed live anywhere: at 1,000 listings their pages are nearly empty.

It is a benchmark, not a test: a missed target shows in the figures, never as a
failure. How to read them: docs/performance.md.

It refuses a database that holds accounts it did not create, and removes what
an earlier run left before it starts.
"""

import datetime
import math
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import (
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from taggit.models import Tag

from community.models import Profile, TaggedInterest, TaggedSkill, User
from community.selectors import pseudonym_key
from exchanges import selectors
from exchanges.models import Category, Listing, TaggedListing
from neighbourhoods import permissions
from neighbourhoods.models import Charter, Membership, Neighbourhood, Organisation
from neighbourhoods.permissions import Capability

BENCH_DOMAIN = "bench.coupdemain.invalid"
BENCH_SLUG = "bench-"
BENCH_ORGANISATION = "Centre social du banc d'essai"
NEIGHBOURHOODS_PER_ORGANISATION = 10
SECOND_NEIGHBOURHOOD_SHARE = 0.1  # members who also belong to the next one
LIFETIME_DAYS = 60
WARM_UP = 5
PAGE = 20
# The first size's listings all go to this many neighbourhoods, whose residents
# are the members timed: pages as full at the first size as at the last.
FOCUS = 1

# What people write about in a French neighbourhood: tags, titles and
# descriptions all draw from it, so that interests meet listings and searches
# find some. Each word has a slug of its own.
_WORDS = """
cuisine pâtisserie recettes confitures pain conserves couscous crêpes gâteaux
repas goûter pique-nique jardinage potager compost arrosage fleurs plantes semis
graines bricolage peinture plomberie électricité menuiserie perceuse outils
échelle tondeuse meubles montage déménagement réparation couture tricot broderie
crochet retouches vêtements repassage ménage rangement vélo mécanique voiture
covoiturage transport courses marché promenade balade randonnée marche football
basket pétanque yoga danse gymnastique natation boxe méditation relaxation
échecs scrabble belote jeux puzzle lecture livres bibliothèque écriture poésie
théâtre cinéma musique guitare piano chant chorale batterie dessin aquarelle
photographie vidéo informatique ordinateur smartphone tablette internet
messagerie imprimante scanner logiciel visioconférence sauvegarde démarches
impôts allocations retraite santé papiers formulaire dossier logement emploi cv
lettre entretien stage orientation devoirs mathématiques français anglais
espagnol arabe allemand italien portugais chinois turc wolof conversation
traduction alphabétisation orthographe grammaire histoire géographie physique
chimie biologie sciences philosophie révisions brevet baccalauréat soutien garde
enfants bébé poussette école sortie parc anniversaire fête compagnie visite
discussion café écoute voisinage solidarité aînés jeunes mentorat transmission
souvenirs généalogie animaux chien chat oiseaux recyclage réemploi
accompagnement rendez-vous médecin pharmacie hôpital banque budget prêt don
jouets vaisselle électroménager téléphone coiffure tricotage astronomie nature
observation lessive escalier ascenseur bénévolat association quartier numérique
administratif tutorat origami karaoké apiculture sophrologie calligraphie
ping-pong
"""
VOCABULARY = tuple(_WORDS.split())
SEARCH_WORDS = ("cuisine", "vélo", "devoirs", "jardinage", "couture", "ordinateur")

OFFER_TITLES = (
    "Je propose un coup de main : {a}",
    "Coup de main en {a} et {b}",
    "Atelier {a} ouvert à tous",
    "Je partage ma passion : {a} et {b}",
)
REQUEST_TITLES = (
    "Cherche de l'aide : {a}",
    "Besoin d'un coup de main en {a}",
    "Qui peut m'aider ? {a} et {b}",
    "Recherche voisin ou voisine pour {a}",
)
SENTENCES = (
    "Je m'intéresse à {c} et à {d}.",
    "On peut se retrouver au centre social pour parler de {c}.",
    "J'ai un peu d'expérience en {c}.",
    "Ce serait aussi l'occasion d'échanger sur {c} et {d}.",
)
MOMENTS = ("le samedi matin", "en semaine après 18 h", "le mercredi", "le dimanche")


class NotABenchDatabase(Exception):
    """The database holds accounts the benchmark did not create."""


@dataclass
class People:
    places: list[Neighbourhood]
    residents: dict[int, list[int]]  # neighbourhood id -> ids of those living there
    user_ids: list[int]
    memberships: int


def check_database(
    *, database: str = "coupdemain_bench", make: str = "make bench"
) -> None:
    """Refuse the developer's own SQLite file, and a database with accounts of
    its own: a benchmark fills the database it is given and empties it of its
    own data on the next run. `database` and `make` make the example of what
    to run instead."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and Path(str(name)) == Path(
        settings.BASE_DIR / "db.sqlite3"
    ):
        raise NotABenchDatabase(
            "The benchmarks fill the database they are given: name one of their "
            "own with DATABASE_URL (`make bench` uses a temporary SQLite file "
            "when DATABASE_URL is not set)."
        )
    others = User.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").count()
    if others:
        raise NotABenchDatabase(
            f"This database holds {others} account(s) that the benchmarks did not "
            "create: they will not fill it with generated data. Give it a database "
            f"of its own, e.g. `createdb {database}` and then "
            f"`DATABASE_URL=postgres://postgres@127.0.0.1:5432/{database} {make}`."
        )


def wipe(*, log) -> None:
    """Remove what an earlier run created."""
    bench_users = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
    if not bench_users.exists():
        return
    started = time.perf_counter()
    TaggedListing.objects.filter(content_object__author__in=bench_users).delete()
    Listing.objects.filter(author__in=bench_users).delete()
    TaggedInterest.objects.filter(content_object__user__in=bench_users).delete()
    TaggedSkill.objects.filter(content_object__user__in=bench_users).delete()
    Neighbourhood.objects.filter(slug__startswith=BENCH_SLUG).delete()
    bench_users.delete()
    Organisation.objects.filter(name__startswith=BENCH_ORGANISATION).delete()
    log.write(f"Removed the previous run's data in {_since(started):.1f} s\n")


def create_tags() -> dict[str, Tag]:
    Tag.objects.bulk_create(
        [Tag(name=word, slug=Tag().slugify(word)) for word in VOCABULARY],
        ignore_conflicts=True,
    )
    return {tag.name: tag for tag in Tag.objects.filter(name__in=VOCABULARY)}


def create_people(
    *, rng: random.Random, neighbourhoods: int, members: int, tags: dict[str, Tag]
) -> People:
    """Neighbourhoods with a charter, and members who accepted it, each with a
    profile naming a few interests and skills."""
    now = timezone.now()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"{BENCH_ORGANISATION} {number + 1}")
        for number in range(math.ceil(neighbourhoods / NEIGHBOURHOODS_PER_ORGANISATION))
    )
    places = Neighbourhood.objects.bulk_create(
        Neighbourhood(
            organisation=organisations[number // NEIGHBOURHOODS_PER_ORGANISATION],
            name=f"Quartier d'essai {number + 1:03d}",
            slug=f"{BENCH_SLUG}{number + 1:03d}",
            join_policy=Neighbourhood.JoinPolicy.OPEN,
            listing_lifetime_days=LIFETIME_DAYS,
            charter_version=1,
        )
        for number in range(neighbourhoods)
    )
    Charter.objects.bulk_create(
        Charter(neighbourhood=place, version=1, text="Bienveillance et respect.")
        for place in places
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(
                email=f"voisin{number:05d}@{BENCH_DOMAIN}",
                username=f"bench{number:05d}",
                password=password,
                language="fr",
                last_login=now - datetime.timedelta(days=rng.randint(0, 60))
                if rng.random() < 0.7
                else None,
            )
            for number in range(members)
        ),
        batch_size=2000,
    )
    profiles = Profile.objects.bulk_create(
        (
            Profile(
                user=user,
                pseudonym=f"Voisin d'essai {number:05d}",
                pseudonym_key=pseudonym_key(f"Voisin d'essai {number:05d}"),
                languages=["fr"]
                + (
                    [rng.choice(["ar", "en", "es", "pt", "wo"])]
                    if rng.random() < 0.3
                    else []
                ),
                age_group=rng.choice(Profile.AgeGroup.values),
                show_age_group=rng.random() < 0.5,
            )
            for number, user in enumerate(users)
        ),
        batch_size=2000,
    )
    TaggedInterest.objects.bulk_create(
        (
            TaggedInterest(content_object=profile, tag=tags[word])
            for profile in profiles
            for word in rng.sample(VOCABULARY, rng.randint(2, 5))
        ),
        batch_size=5000,
    )
    TaggedSkill.objects.bulk_create(
        (
            TaggedSkill(content_object=profile, tag=tags[word])
            for profile in profiles
            for word in rng.sample(VOCABULARY, rng.randint(1, 4))
        ),
        batch_size=5000,
    )
    residents: dict[int, list[int]] = {place.pk: [] for place in places}
    memberships = []
    for number, user in enumerate(users):
        home = places[number % len(places)]
        residents[home.pk].append(user.pk)
        joined = [home]
        neighbour = places[(number + 1) % len(places)]
        if neighbour != home and rng.random() < SECOND_NEIGHBOURHOOD_SHARE:
            joined.append(neighbour)
        memberships += [
            Membership(
                user=user,
                neighbourhood=place,
                status=Membership.Status.ACTIVE,
                joined_via=Membership.Via.OPEN,
                charter_version_accepted=1,
                charter_accepted_at=now,
            )
            for place in joined
        ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    return People(
        places=places,
        residents=residents,
        user_ids=[user.pk for user in users],
        memberships=len(memberships),
    )


def _listing(
    rng: random.Random,
    place: Neighbourhood,
    author_id: int,
    categories: Sequence[Category],
    now: datetime.datetime,
) -> tuple[Listing, list[str]]:
    words = rng.sample(VOCABULARY, rng.randint(1, 4))
    a = words[0]
    b = words[1] if len(words) > 1 else rng.choice(VOCABULARY)
    c, d = rng.sample(VOCABULARY, 2)
    kind = rng.choice(Listing.Kind.values)
    titles = OFFER_TITLES if kind == Listing.Kind.OFFER else REQUEST_TITLES
    description = " ".join(
        [
            "Bonjour !",
            rng.choice(SENTENCES).format(c=c, d=d),
            f"Je suis plutôt disponible {rng.choice(MOMENTS)}.",
            "Merci d'avance.",
        ]
    )
    listing = Listing(
        kind=kind,
        title=rng.choice(titles).format(a=a, b=b),
        description=description,
        category=rng.choice(categories),
        neighbourhood=place,
        author_id=author_id,
        place=rng.choice(Listing.Place.values),
        duration_minutes=rng.choice(Listing.Duration.values),
        status=Listing.Status.OPEN,
        expires_at=now + datetime.timedelta(days=rng.randint(1, LIFETIME_DAYS)),
    )
    return listing, words


def add_listings(
    *,
    rng: random.Random,
    people: People,
    tags: dict[str, Tag],
    count: int,
    places: Sequence[Neighbourhood] = (),
    chunk: int = 10_000,
) -> None:
    """`count` open listings with their tags (and their ids on the listing, as
    exchanges.services.set_listing_tags writes them), in the authors' own
    neighbourhoods among `places` (all by default), published over the last
    LIFETIME_DAYS."""
    categories = list(Category.objects.filter(neighbourhood=None))
    places = [place for place in places or people.places if people.residents[place.pk]]
    now = timezone.now()
    after = Listing.objects.aggregate(last=Max("pk"))["last"] or 0
    while count > 0:
        made = []
        for _ in range(min(count, chunk)):
            place = rng.choice(places)
            author_id = rng.choice(people.residents[place.pk])
            made.append(_listing(rng, place, author_id, categories, now))
        for listing, words in made:
            listing.tag_ids = sorted(tags[word].pk for word in words)
        listings = Listing.objects.bulk_create(
            [listing for listing, _words in made], batch_size=2000
        )
        TaggedListing.objects.bulk_create(
            (
                TaggedListing(content_object=listing, tag=tags[word])
                for listing, (_same, words) in zip(listings, made, strict=True)
                for word in words
            ),
            batch_size=5000,
        )
        count -= len(made)
    # bulk_create stamps them all with the same minute: spread them over the
    # listings' lifetime as on a live site, the same way on every run.
    minutes = LIFETIME_DAYS * 24 * 60
    age = ExpressionWrapper(
        (F("pk") * 7919 % minutes) * Value(datetime.timedelta(minutes=1)),
        output_field=DurationField(),
    )
    Listing.objects.filter(pk__gt=after).update(created_at=Value(now) - age)


def index_for_search() -> None:
    """The full-text index, as exchanges.services.listings._index_for_search
    writes it for one listing (in the listing's language; title and tags weigh
    A, description B), for every listing not indexed yet, in one statement per
    language. PostgreSQL only."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchVector

    words = (
        TaggedListing.objects.filter(content_object=OuterRef("pk"))
        .values("content_object")
        .annotate(words=StringAgg("tag__name", delimiter=" "))
        .values("words")
    )
    for language in selectors.SEARCH_CONFIGS:
        config = selectors.search_config(language)
        Listing.objects.filter(search_vector__isnull=True, language=language).update(
            search_vector=SearchVector("title", weight="A", config=config)
            + SearchVector(
                Coalesce(words, Value(""), output_field=TextField()),
                weight="A",
                config=config,
            )
            + SearchVector("description", weight="B", config=config)
        )


def analyze() -> None:
    """Fresh planner statistics; on PostgreSQL outside a transaction, VACUUM
    too, as autovacuum would have done on a live site."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def percentile(samples: Sequence[float], share: int) -> float:
    if share == 50:
        return statistics.median(samples)
    return statistics.quantiles(samples, n=100, method="inclusive")[share - 1]


def label(size: int) -> str:
    """1000 -> 1k, 100000 -> 100k, 50 -> 50."""
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def database_name() -> str:
    if connection.vendor == "postgresql":
        version = connection.pg_version
        return f"postgresql {version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        return f"sqlite {sqlite3.sqlite_version}"
    return connection.vendor


def _since(started: float) -> float:
    return time.perf_counter() - started


def _for_you(user: User, _word: str) -> list:
    return selectors.for_you(user=user)


def _search(user: User, word: str) -> list:
    return list(selectors.search_listings(user=user, text=word)[:PAGE])


MEASURED: dict[str, Callable[[User, str], list]] = {
    "for_you": _for_you,
    "search": _search,
}


def listings_seen(users: Sequence[User]) -> float:
    """Open listings in the neighbourhoods of these members, on average: how
    much each call has to choose from."""
    return statistics.fmean(
        Listing.objects.filter(
            status=Listing.Status.OPEN,
            neighbourhood__in=permissions.neighbourhoods_allowing(user, Capability.SEE),
        ).count()
        for user in users
    )


def time_calls(
    call: Callable[[User, str], list], cases: Sequence[tuple[User, str]]
) -> tuple[list[float], list[int]]:
    """Milliseconds of each call, and how many results each returned, after a
    few calls to warm the caches up."""
    for user, word in cases[:WARM_UP]:
        call(user, word)
    timings, results = [], []
    for user, word in cases:
        started = time.perf_counter()
        found = call(user, word)
        timings.append(_since(started) * 1000)
        results.append(len(found))
    return timings, results


def explain(cases: Sequence[tuple[User, str]], *, log) -> None:
    """Each query of one call of every measured function, with its time, and
    the plan of the slowest (EXPLAIN ANALYZE, PostgreSQL only)."""
    user, word = cases[0]
    for name, call in MEASURED.items():
        with CaptureQueriesContext(connection) as captured:
            call(user, word)
        log.write(f"--- {name}: {len(captured)} queries\n")
        for query in captured:
            log.write(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:160]}\n")
        if connection.vendor == "postgresql":
            slowest = max(captured, key=lambda query: float(query["time"]))
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            log.write(f"{slowest['sql']}\n{plan}\n")


def run(
    *,
    neighbourhoods: int = 100,
    members: int = 10_000,
    sizes: Sequence[int] = (1_000, 100_000),
    repeat: int = 100,
    seed: int = 1,
    focus: int = FOCUS,
    show_plans: bool = False,
    out=sys.stdout,
    log=sys.stderr,
) -> dict[str, str]:
    """Generate the data, grow the listings through `sizes`, time both
    functions `repeat` times at each size (different members, the same ones at
    every size, residents of the first `focus` neighbourhoods) and print the
    figures to `out`. Returns them too."""
    if len(sizes) < 2 or list(sizes) != sorted(set(sizes)):
        raise ValueError("sizes: at least two, increasing")
    if repeat < 2:
        raise ValueError("repeat: at least 2, for a percentile")
    if not 0 <= focus <= neighbourhoods:
        raise ValueError("focus: between 0 and the number of neighbourhoods")
    figures: dict[str, str] = {}

    def report(name: str, value) -> None:
        figures[name] = str(value)
        out.write(f"{name}: {value}\n")
        out.flush()

    # Query logging (DEBUG) would weigh on every query timed and on the inserts.
    with override_settings(DEBUG=False):
        check_database()
        wipe(log=log)
        rng = random.Random(seed)
        report("database", database_name())
        report("cpus", os.cpu_count())
        started = time.perf_counter()
        with transaction.atomic():
            tags = create_tags()
            people = create_people(
                rng=rng, neighbourhoods=neighbourhoods, members=members, tags=tags
            )
        report("neighbourhoods", neighbourhoods)
        report("members", members)
        report("memberships", people.memberships)
        report("generation_people_s", f"{_since(started):.1f}")
        focused = people.places[:focus]
        timed = (
            [user_id for place in focused for user_id in people.residents[place.pk]]
            if focused
            else people.user_ids
        )
        picked = rng.sample(timed, min(repeat, len(timed)))
        users = User.objects.in_bulk(picked)
        cases = [
            (
                users[picked[number % len(picked)]],
                SEARCH_WORDS[number % len(SEARCH_WORDS)],
            )
            for number in range(repeat)
        ]
        report("repetitions", repeat)
        p50, p95 = {}, {}
        existing = 0
        for size in sizes:
            log.write(f"Adding {size - existing} listings...\n")
            started = step = time.perf_counter()
            with transaction.atomic():
                add_listings(
                    rng=rng,
                    people=people,
                    tags=tags,
                    count=size - existing,
                    places=focused if existing == 0 else (),
                )
                log.write(f"  inserted in {_since(step):.1f} s\n")
                step = time.perf_counter()
                index_for_search()
                log.write(f"  indexed for search in {_since(step):.1f} s\n")
            step = time.perf_counter()
            analyze()
            log.write(f"  analysed in {_since(step):.1f} s\n")
            existing = size
            report(f"listings_{label(size)}", Listing.objects.count())
            report(f"generation_listings_s_{label(size)}", f"{_since(started):.1f}")
            seen = listings_seen(list(users.values()))
            report(f"listings_seen_mean_{label(size)}", f"{seen:.1f}")
            for name, call in MEASURED.items():
                log.write(f"Timing {name} at {size} listings...\n")
                timings, results = time_calls(call, cases)
                p50[name, size] = percentile(timings, 50)
                p95[name, size] = percentile(timings, 95)
                report(f"{name}_p50_ms_{label(size)}", f"{p50[name, size]:.1f}")
                report(f"{name}_p95_ms_{label(size)}", f"{p95[name, size]:.1f}")
                report(
                    f"{name}_results_mean_{label(size)}",
                    f"{statistics.fmean(results):.1f}",
                )
            if hasattr(os, "getloadavg"):
                # Other work on the machine shows in the timings: say how much.
                report(f"load_average_1m_{label(size)}", f"{os.getloadavg()[0]:.2f}")
        if show_plans:
            explain(cases, log=log)
        small, large = sizes[0], sizes[-1]
        for name in MEASURED:
            for share, values in (("p50", p50), ("p95", p95)):
                ratio = values[name, large] / max(values[name, small], 1e-6)
                report(f"{name}_ratio_{share}", f"{ratio:.2f}")
    return figures
