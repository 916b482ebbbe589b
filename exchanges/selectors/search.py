"""The search box and the similar listings while writing: whole words, stems
and the thesaurus, ranked (PostgreSQL's full text, Python on SQLite), each
listing read in its language (French or English)."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from taggit.models import Tag

from community.models import User
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from .. import matching, text
from ..models import Category, Listing, TaggedListing, ThesaurusWord
from .listings import _with_page_data, listings_visible_to

# PostgreSQL's text search configuration for a listing's language
# (exchanges/migrations/0003_french_search.py, 0010_english_search.py).
SEARCH_CONFIGS = {text.FRENCH: "french_unaccent", text.ENGLISH: "english_unaccent"}


def search_config(language: str) -> str:
    """The configuration a listing's search vector is made with."""
    return SEARCH_CONFIGS[text.language_of(language)]


def thesaurus_for(*, neighbourhood_ids) -> text.Thesaurus | None:
    """The thesaurus of these neighbourhoods: the one kept in the repository
    and their coordinators' words (one query); None when they added none."""
    entries = ThesaurusWord.objects.filter(
        neighbourhood_id__in=neighbourhood_ids
    ).values_list("phrase", "category")
    return text.thesaurus_with(tuple(sorted(set(entries))))


# What matching reads of a listing, as plain values: many listings in one
# query, without loading them (_candidate_of).
CANDIDATE_FIELDS = (
    "pk",
    "kind",
    "title",
    "description",
    "language",
    "category__key",
    "created_at",
)


def _candidate_of(row, tags, author: matching.Person | None = None):
    """The matching.Candidate of a row of CANDIDATE_FIELDS, read in its
    language."""
    return matching.Candidate(
        kind=row["kind"],
        tags=frozenset(tags),
        category=row["category__key"],
        created_at=row["created_at"],
        author=author or matching.Person(),
        title=row["title"],
        description=row["description"],
        language=row["language"],
    )


def search_listings(
    *,
    user: User,
    text: str = "",
    kind: str = "",
    category: Category | None = None,
    tag: str = "",
    neighbourhood: Neighbourhood | None = None,
    order: str = "relevance",
    world: str = "",
) -> QuerySet[Listing]:
    """Open listings the person may see, filtered and sorted. A text finds
    the listings with any of its words (whole words, stems, accents ignored)
    or a subject of the thesaurus it names, the best matches first."""
    # The neighbourhood condition at the top level lets PostgreSQL narrow the
    # scan to the person's neighbourhoods (inside listings_visible_to's OR it
    # cannot). Search shows open listings of one's neighbourhoods only.
    places = permissions.memberships_allowing(user, Capability.SEE).values(
        "neighbourhood_id"
    )
    listings = listings_visible_to(user=user).filter(
        status=Listing.Status.OPEN, neighbourhood_id__in=places
    )
    if kind:
        listings = listings.filter(kind=kind)
    if world:  # services (coups de main) or shared passions
        listings = listings.filter(category__world=world)
    if category is not None:
        listings = listings.filter(category=category)
    if tag:
        listings = listings.filter(tags__name__iexact=tag)
    if neighbourhood is not None:
        listings = listings.filter(neighbourhood=neighbourhood)
    text = text.strip()
    ranked = bool(text)
    if text:
        listings = _matching_text(
            listings, text, thesaurus_for(neighbourhood_ids=places)
        )
    if ranked and order == "relevance":
        listings = listings.order_by("-rank", "-created_at", "-pk")
    else:
        listings = listings.order_by("-created_at", "-pk")
    return _with_page_data(listings)


SIMILAR_POOL = 300


# SQLite reads this many of the newest listings to rank them in Python.
SEARCH_POOL = 1000


def _full_text_query(typed: str) -> SearchQuery | None:
    """PostgreSQL's query for the words of `typed` (None without any): each
    content word under the French configuration OR under the English one, so
    that the vectors of both languages match; one tsquery, that the GIN index
    on the search vector serves."""
    query = None
    for language, config in SEARCH_CONFIGS.items():
        for _stem, word in text.words(typed, language):
            one = SearchQuery(word, config=config, search_type="plain")
            query = one if query is None else query | one
    return query


def _matching_text(
    listings: QuerySet[Listing], typed: str, thesaurus=None
) -> QuerySet[Listing]:
    """The listings that have any word of `typed` (whole words, stems) or a
    subject of the thesaurus it names, annotated with their `rank`.
    PostgreSQL: its full-text search (accents off, stems; _full_text_query),
    ranked by SearchRank, with the thesaurus's categories a little behind.
    Elsewhere: exchanges.text and matching in Python.

    The typed words are read in both languages, and each listing in its own:
    a typed word finds a listing when their stems, made the listing's way,
    are the same. Not in the reader's language only: people type words of
    the other language as often as not ("WhatsApp", "computer" on a French
    page, "visio" on an English one), and a word stemmed the wrong way misses
    ("computers" is "computer" to the French stemmer, "comput" to the English
    one, as an English listing's "computer" is)."""
    query_terms = matching.query_terms(typed, thesaurus)
    categories = sorted(
        {
            text.category_of(concept)
            for terms in query_terms.values()
            for concept in terms.concepts
        }
    )
    if connection.vendor == "postgresql":
        query = _full_text_query(typed)
        if query is None and not categories:
            return listings.none().annotate(rank=Value(0.0))
        in_category = Q(category__key__in=categories)
        category_rank = Case(
            When(in_category, then=Value(0.01)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        if query is None:
            return listings.filter(in_category).annotate(rank=category_rank)
        return listings.filter(Q(search_vector=query) | in_category).annotate(
            # F(): rank the stored, weighted vector (a plain name would
            # make Django rebuild it from the text and lose the weights).
            rank=SearchRank(F("search_vector"), query) + category_rank
        )
    if not any(query_terms.values()):
        return listings.none().annotate(rank=Value(0.0))
    rows = list(
        listings.order_by("-created_at", "-pk").values(*CANDIDATE_FIELDS)[:SEARCH_POOL]
    )
    names = _tag_names(rows)
    by_rank: dict[float, list[int]] = {}
    for row in rows:
        relevance = matching.search_relevance(
            thesaurus=thesaurus,
            query=query_terms,
            candidate=_candidate_of(row, names.get(row["pk"], ())),
        )
        if relevance > 0:
            by_rank.setdefault(round(relevance, 2), []).append(row["pk"])
    if not by_rank:
        return listings.none().annotate(rank=Value(0.0))
    return listings.filter(
        pk__in=[pk for pks in by_rank.values() for pk in pks]
    ).annotate(
        rank=Case(
            *(When(pk__in=pks, then=Value(rank)) for rank, pks in by_rank.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )


def similar_listings(
    *,
    user: User,
    neighbourhood: Neighbourhood,
    title: str,
    tags: list[str],
    language: str = "",
    limit=5,
) -> list[Listing]:
    """Open listings of the neighbourhood that look like the one being written
    (subjects, stems and whole words of the title and tags in common), so the
    person can answer one instead of posting the same thing again. Best first,
    above the threshold; each carries its Fit, with the reason, as `fit`.
    The title is read in `language` (the one chosen on the form), by default
    the writer's."""
    written = matching.Candidate(
        kind="",
        tags=frozenset(t for t in tags if t),
        category="",
        created_at=timezone.now(),
        author=matching.Person(),
        title=title,
        language=language or matching.language_of_person(user.language),
    )
    thesaurus = thesaurus_for(neighbourhood_ids=[neighbourhood.pk])
    head, _body = matching.listing_terms(written, thesaurus)
    if not head:
        return []
    return _ranked_listings(
        listings_visible_to(user=user)
        .filter(neighbourhood=neighbourhood, status=Listing.Status.OPEN)
        .exclude(author=user),
        score=lambda candidate: matching.similarity(
            written=written, other=candidate, thesaurus=thesaurus
        ),
        limit=limit,
        pool=SIMILAR_POOL,
    )


def _ranked_listings(listings, *, score, limit: int, pool: int) -> list[Listing]:
    """The newest `pool` of `listings` read as plain values, scored, and the
    best `limit` above the threshold loaded for their cards (two queries and
    the cards' prefetches); each carries its Fit as `fit`."""
    rows = list(
        listings.order_by("-created_at", "-pk").values(*CANDIDATE_FIELDS, "tag_ids")[
            :pool
        ]
    )
    if not rows:
        return []
    names = _tag_names(rows)
    scored = []
    for row in rows:
        fit = score(_candidate_of(row, names.get(row["pk"], ())))
        if fit.is_match:
            scored.append((fit.relevance, row["created_at"], row["pk"], fit))
    scored.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    scored = scored[:limit]
    shown = _with_page_data(
        Listing.objects.filter(pk__in=[pk for _r, _c, pk, _f in scored])
    ).in_bulk()
    found = []
    for _relevance, _created, pk, fit in scored:
        if pk in shown:
            shown[pk].fit = fit
            found.append(shown[pk])
    return found


def _tag_names(rows) -> dict[int, list[str]]:
    """Each listing's tag names, from the ids kept on it (PostgreSQL) or from
    the join rows (elsewhere the ids may be missing): one query."""
    if connection.vendor == "postgresql":
        names = dict(
            Tag.objects.filter(
                pk__in={tag_id for row in rows for tag_id in row["tag_ids"]}
            ).values_list("pk", "name")
        )
        return {
            row["pk"]: [names[i] for i in row["tag_ids"] if i in names] for row in rows
        }
    by_listing: dict[int, list[str]] = {}
    for listing_id, name in TaggedListing.objects.filter(
        content_object_id__in=[row["pk"] for row in rows]
    ).values_list("content_object_id", "tag__name"):
        by_listing.setdefault(listing_id, []).append(name)
    return by_listing
