"""The search box and the similar listings while writing: whole words, stems
and the thesaurus, ranked (PostgreSQL's full text, Python on SQLite)."""

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

SEARCH_CONFIG = "french_unaccent"


def thesaurus_for(*, neighbourhood_ids) -> text.Thesaurus | None:
    """The thesaurus of these neighbourhoods: the one kept in the repository
    and their coordinators' words (one query); None when they added none."""
    entries = ThesaurusWord.objects.filter(
        neighbourhood_id__in=neighbourhood_ids
    ).values_list("phrase", "category")
    return text.thesaurus_with(tuple(sorted(set(entries))))


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


def _matching_text(
    listings: QuerySet[Listing], typed: str, thesaurus=None
) -> QuerySet[Listing]:
    """The listings that have any word of `typed` (whole words, stems) or a
    subject of the thesaurus it names, annotated with their `rank`.
    PostgreSQL: its French full-text search (accents off, stems), ranked by
    SearchRank, with the thesaurus's categories a little behind. Elsewhere:
    exchanges.text and matching in Python."""
    terms = text.analyse(typed, thesaurus, broader=True)
    categories = sorted({text.category_of(concept) for concept in terms.concepts})
    if connection.vendor == "postgresql":
        query = None
        for _stem, word in text.words(typed):
            one = SearchQuery(word, config=SEARCH_CONFIG, search_type="plain")
            query = one if query is None else query | one
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
    if not terms:
        return listings.none().annotate(rank=Value(0.0))
    rows = list(
        listings.order_by("-created_at", "-pk").values(
            "pk", "kind", "title", "description", "category__key", "created_at"
        )[:SEARCH_POOL]
    )
    names = _tag_names(rows)
    by_rank: dict[float, list[int]] = {}
    for row in rows:
        relevance = matching.search_relevance(
            thesaurus=thesaurus,
            query=terms,
            candidate=matching.Candidate(
                kind=row["kind"],
                tags=frozenset(names.get(row["pk"], ())),
                category=row["category__key"],
                created_at=row["created_at"],
                author=matching.Person(),
                title=row["title"],
                description=row["description"],
            ),
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
    *, user: User, neighbourhood: Neighbourhood, title: str, tags: list[str], limit=5
) -> list[Listing]:
    """Open listings of the neighbourhood that look like the one being written
    (subjects, stems and whole words of the title and tags in common), so the
    person can answer one instead of posting the same thing again. Best first,
    above the threshold; each carries its Fit, with the reason, as `fit`."""
    written = matching.Candidate(
        kind="",
        tags=frozenset(t for t in tags if t),
        category="",
        created_at=timezone.now(),
        author=matching.Person(),
        title=title,
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
        listings.order_by("-created_at", "-pk").values(
            "pk",
            "kind",
            "title",
            "description",
            "category__key",
            "created_at",
            "tag_ids",
        )[:pool]
    )
    if not rows:
        return []
    names = _tag_names(rows)
    scored = []
    for row in rows:
        fit = score(
            matching.Candidate(
                kind=row["kind"],
                tags=frozenset(names.get(row["pk"], ())),
                category=row["category__key"],
                created_at=row["created_at"],
                author=matching.Person(),
                title=row["title"],
                description=row["description"],
            )
        )
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
