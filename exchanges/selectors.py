"""Reads for listings. Every selector keeps to the neighbourhoods the person may
see (neighbourhoods.permissions) inside its query, and loads what its page shows
in a fixed number of queries."""

import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from taggit.models import Tag

from community import selectors as community_selectors
from community.models import Profile, User
from neighbourhoods import permissions
from neighbourhoods.models import Membership, Neighbourhood
from neighbourhoods.permissions import Capability

from . import matching, text
from .models import (
    Category,
    Landmark,
    Listing,
    Response,
    TaggedListing,
    Thanks,
    ThesaurusWord,
)

SEARCH_CONFIG = "french_unaccent"
# The newest fitting candidates scored per page: enough for twenty good
# suggestions, few enough to keep the page fast in a busy neighbourhood.
FOR_YOU_POOL = 120
FOR_YOU_SIZE = 20
VISIBLE_STATUSES = (Listing.Status.OPEN, Listing.Status.AGREED, Listing.Status.DONE)


def _with_page_data(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    return (
        listings.defer("search_vector")
        # Whether it takes answers: not while its author is suspended, banned
        # or gone.
        .annotate(author_in_standing=permissions.listing_author_in_standing())
        # Few joins: PostgreSQL's planning time grows fast with each one.
        .select_related("category", "neighbourhood", "author__profile")
        # Tags through their join rows: taggit's own prefetch builds a query
        # per listing in Python, which dominated the cost of a page.
        .prefetch_related(
            "helped_by__profile",
            "landmark",
            Prefetch(
                "tagged_items",
                queryset=TaggedListing.objects.select_related("tag").order_by(
                    "tag__name"
                ),
            ),
        )
    )


def listings_visible_to(*, user: User) -> QuerySet[Listing]:
    """Listings of the neighbourhoods the person may see, not hidden, plus the
    person's own whatever their state."""
    if not user.is_authenticated:
        return Listing.objects.none()
    places = permissions.neighbourhoods_allowing(user, Capability.SEE)
    return Listing.objects.filter(
        Q(neighbourhood__in=places, hidden=False, status__in=VISIBLE_STATUSES)
        & community_selectors.not_blocked("author", user=user)
        | Q(author=user)
    )


def listing_for(*, user: User, pk: int) -> Listing:
    """One listing the person may see, with what its page shows
    (Listing.DoesNotExist otherwise)."""
    return _with_page_data(listings_visible_to(user=user)).get(pk=pk)


def responses_shown(*, user: User, listing: Listing) -> QuerySet[Response]:
    """The author (and the neighbourhood's moderators) see every response;
    anyone else only their own."""
    responses = (
        Response.objects.filter(listing=listing)
        .filter(community_selectors.not_blocked("responder", user=user))
        .select_related("responder__profile", "helped_by__profile")
    )
    if permissions.can(user, Capability.MODERATE, listing.neighbourhood) or (
        # An author banned or gone no longer reads the answers of others.
        permissions.is_author(user, listing)
        and permissions.can(user, Capability.SEE, listing.neighbourhood)
    ):
        return responses
    return responses.filter(responder=user)


def categories_for(*, neighbourhood: Neighbourhood | None) -> QuerySet[Category]:
    """The seed list, and the neighbourhood's own categories."""
    own = Q(neighbourhood=neighbourhood) if neighbourhood else Q(pk__in=[])
    return Category.objects.filter(Q(neighbourhood__isnull=True) | own)


def thesaurus_words(*, neighbourhood: Neighbourhood) -> QuerySet[ThesaurusWord]:
    """The words the neighbourhood's coordinators added to the thesaurus."""
    return ThesaurusWord.objects.filter(neighbourhood=neighbourhood)


def landmarks_of(*, neighbourhood: Neighbourhood) -> QuerySet[Landmark]:
    """The streets and landmarks the neighbourhood's moderators keep."""
    return Landmark.objects.filter(neighbourhood=neighbourhood).order_by("name", "pk")


def landmarks_with_listings(
    *, user: User, neighbourhood: Neighbourhood
) -> list[Landmark]:
    """The neighbourhood's landmarks, each with `open_listings`: the open
    listings there that `user` may see (listings_visible_to), newest first.
    Nobody's address: a listing is only placed at its landmark. Two queries."""
    permissions.check(user, Capability.SEE, neighbourhood)
    listings = (
        listings_visible_to(user=user)
        .filter(
            neighbourhood=neighbourhood,
            status=Listing.Status.OPEN,
            landmark__isnull=False,
        )
        .only("pk", "title", "kind", "landmark_id")
        .order_by("-created_at", "-pk")
    )
    return list(
        landmarks_of(neighbourhood=neighbourhood).prefetch_related(
            Prefetch("listings", queryset=listings, to_attr="open_listings")
        )
    )


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


def _person(profile: Profile | None, user: User | None = None) -> matching.Person:
    if profile is None:
        return matching.Person(last_active=user.last_login if user else None)
    return matching.Person(
        interests=frozenset(tag.name for tag in profile.interests.all()),
        skills=frozenset(tag.name for tag in profile.skills.all()),
        languages=frozenset(profile.languages),
        age_group=profile.age_group if _shared_for_matching(profile) else "",
        last_active=profile.user.last_login,
        portrait="" if profile.portrait_hidden else profile.portrait,
    )


def _shared_for_matching(profile: Profile) -> bool:
    """The member agreed that their age group helps the suggestions: kept
    private for that, or shown on their profile anyway."""
    return profile.show_age_group or profile.age_group_for_matching


def _sharing_a_tag(tag_ids: set[int]):
    """A filter on listings: those with at least one of these tags. On
    PostgreSQL, through the tag ids kept on the listing and their GIN index
    (open, visible listings by neighbourhood): it reads only the listings that
    fit. Elsewhere, through the tags' join rows."""
    if connection.vendor == "postgresql":
        return Q(tag_ids__overlap=sorted(tag_ids))
    return Exists(
        TaggedListing.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
    )


def _author(row) -> matching.Person:
    """The author's side of a listing, from a row of for_you."""
    return matching.Person(
        languages=frozenset(row["author__profile__languages"] or []),
        age_group=row["author__profile__age_group"] or ""
        if row["author__profile__show_age_group"]
        or row["author__profile__age_group_for_matching"]
        else "",
        last_active=row["author__last_login"],
    )


def for_you(*, user: User, now=None, limit: int = FOR_YOU_SIZE):
    """Open listings of the person's neighbourhoods that fit their interests,
    skills and languages, best first, each with the reasons: a list of
    (listing, Fit).

    The newest FOR_YOU_POOL listings sharing a word with the person are scored
    from plain values (a few narrow queries), and only the ones shown are loaded
    with everything their cards need: the cost stays flat however many listings
    a neighbourhood has.
    """
    now = now or timezone.now()
    profile = (
        Profile.objects.filter(user=user)
        .select_related("user")
        .prefetch_related("interests", "skills")
        .first()
    )
    person = _person(profile, user)
    if profile is None or not (person.interests or person.skills):
        return []
    word_ids = {tag.pk for tag in profile.interests.all()}
    word_ids |= {tag.pk for tag in profile.skills.all()}
    # Listings sharing a tag, and those of the categories the person's words
    # are about (the thesaurus): "smartphone" reaches a request for video calls.
    places = permissions.memberships_allowing(user, Capability.SEE).values(
        "neighbourhood_id"
    )
    thesaurus = thesaurus_for(neighbourhood_ids=places)
    about = Q(category__key__in=sorted(matching.concepts_of(person, thesaurus)))
    rows = list(
        Listing.objects.filter(
            _sharing_a_tag(word_ids) | about,
            neighbourhood_id__in=places,
            status=Listing.Status.OPEN,
            hidden=False,
        )
        .exclude(author=user)
        .filter(community_selectors.not_blocked("author", user=user))
        .order_by("-created_at", "-pk")
        .values(
            "pk",
            "kind",
            "title",
            "description",
            "category__key",
            "created_at",
            "tag_ids",
            # The author's side, joined on their keys: cheaper than a query.
            "author__last_login",
            "author__profile__languages",
            "author__profile__age_group",
            "author__profile__show_age_group",
            "author__profile__age_group_for_matching",
        )[:FOR_YOU_POOL]
    )
    if not rows:
        return []
    names = dict(
        Tag.objects.filter(
            pk__in={tag_id for row in rows for tag_id in row["tag_ids"]}
        ).values_list("pk", "name")
    )
    ranked = matching.rank(
        person=person,
        candidates=[
            (
                row["pk"],
                matching.Candidate(
                    kind=row["kind"],
                    tags=frozenset(
                        names[tag_id] for tag_id in row["tag_ids"] if tag_id in names
                    ),
                    category=row["category__key"],
                    created_at=row["created_at"],
                    author=_author(row),
                    title=row["title"],
                    description=row["description"],
                ),
            )
            for row in rows
        ],
        now=now,
        limit=limit,
        thesaurus=thesaurus,
    )
    shown = _with_page_data(
        Listing.objects.filter(pk__in=[pk for pk, _fit in ranked])
    ).in_bulk()
    return [(shown[pk], fit) for pk, fit in ranked if pk in shown]


def _candidate(listing: Listing, author: matching.Person | None = None):
    return matching.Candidate(
        kind=listing.kind,
        tags=frozenset(listing.tag_names),
        category=listing.category.key,
        created_at=listing.created_at,
        author=author or matching.Person(),
        title=listing.title,
        description=listing.description,
    )


def fit_between(*, member: User, listing: Listing, viewpoint=matching.PERSON, now=None):
    """How `listing` fits `member`, with the reasons naming both sides (to
    the member, or with `viewpoint` AUTHOR to the listing's author): what a
    proposal made from a suggestion says to explain itself."""
    profile = (
        Profile.objects.filter(user=member)
        .prefetch_related("interests", "skills")
        .select_related("user")
        .first()
    )
    author_profile = getattr(listing.author, "profile", None)
    return matching.score(
        person=_person(profile, member),
        listing=_candidate(listing, _person(author_profile, listing.author)),
        now=now or timezone.now(),
        viewpoint=viewpoint,
        thesaurus=thesaurus_for(neighbourhood_ids=[listing.neighbourhood_id]),
    )


# Members of a neighbourhood read for "who could answer": all of them in a
# neighbourhood of ordinary size.
PEOPLE_POOL = 500


def people_for_listing(
    *, listing: Listing, limit: int = 5, now=None, viewpoint=matching.AUTHOR
):
    """Members of the listing's neighbourhood whom it fits: for a request,
    those whose skills answer it; for an offer, those whose interests it
    answers; for an activity, interests on both sides. Best first, above the
    threshold: a list of (profile, Fit) whose reasons speak to the author (or,
    with `viewpoint` PERSON, to each member, as the alerts do)."""
    now = now or timezone.now()
    members = Membership.objects.filter(
        permissions.membership_filter(Capability.SEE),
        neighbourhood=listing.neighbourhood,
    ).values("user_id")
    profiles = (
        Profile.objects.filter(user__in=members)
        .filter(Q(skills__isnull=False) | Q(interests__isnull=False) | ~Q(portrait=""))
        .exclude(user=listing.author_id)
        .exclude(user__in=listing.responses.values("responder_id"))
        .filter(community_selectors.not_blocked("user", user=listing.author))
        .distinct()
        .order_by("-user__last_login", "pk")
        .select_related("user")
        .prefetch_related("interests", "skills")[:PEOPLE_POOL]
    )
    author = _person(getattr(listing.author, "profile", None), listing.author)
    candidate = _candidate(listing, author)
    thesaurus = thesaurus_for(neighbourhood_ids=[listing.neighbourhood_id])
    scored = []
    for profile in profiles:
        fit = matching.score(
            person=_person(profile),
            listing=candidate,
            now=now,
            viewpoint=viewpoint,
            thesaurus=thesaurus,
        )
        if fit.is_match:
            scored.append((fit.score, profile.pk, profile, fit))
    scored.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [(profile, fit) for _s, _pk, profile, fit in scored[:limit]]


# Open listings of the other kind read for the counterparts of one listing.
COUNTERPART_POOL = 300


def counterpart_listings(*, user: User, listing: Listing, limit: int = 5):
    """Open listings of the other kind in the same neighbourhood that answer
    this one: the offers that answer a request (the request read as the
    author's needs), the requests an offer answers. Each carries its Fit as
    `fit`."""
    words = frozenset([listing.title, *listing.tag_names])
    if listing.kind == Listing.Kind.REQUEST:
        other_kind = Listing.Kind.OFFER
        seeker = matching.Person(interests=words, portrait=listing.description)
    else:
        other_kind = Listing.Kind.REQUEST
        seeker = matching.Person(skills=words, portrait=listing.description)
    now = timezone.now()
    thesaurus = thesaurus_for(neighbourhood_ids=[listing.neighbourhood_id])
    return _ranked_listings(
        listings_visible_to(user=user)
        .filter(
            neighbourhood=listing.neighbourhood,
            status=Listing.Status.OPEN,
            kind=other_kind,
        )
        .exclude(pk=listing.pk),
        score=lambda candidate: matching.score(
            person=seeker, listing=candidate, now=now, thesaurus=thesaurus
        ),
        limit=limit,
        pool=COUNTERPART_POOL,
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


def my_listings(*, user: User) -> QuerySet[Listing]:
    return _with_page_data(
        Listing.objects.filter(author=user).annotate(
            waiting=Count(
                "responses", filter=Q(responses__status=Response.Status.WAITING)
            )
        )
    )


def my_responses(*, user: User) -> QuerySet[Response]:
    return Response.objects.filter(responder=user).select_related(
        "listing__author__profile", "listing__category"
    )


def _seen_by(viewer: User, person: User, *, neighbourhood_field: str) -> Q:
    """What of a person's exchanges a viewer may read: all of them for the
    person themself; for anyone else only those of neighbourhoods the viewer
    belongs to (a member of one organisation never reads another's)."""
    if viewer.pk == person.pk:
        return Q()
    return Q(
        **{
            f"{neighbourhood_field}__in": permissions.neighbourhoods_allowing(
                viewer, Capability.SEE
            ).values("pk")
        }
    )


def hours_of(*, user: User, viewer: User) -> dict[str, float]:
    """Hours given and received in exchanges both sides confirmed done: a
    record, not a currency. Counted over what `viewer` may read."""
    done = Response.objects.filter(
        _seen_by(viewer, user, neighbourhood_field="listing__neighbourhood"),
        status=Response.Status.ACCEPTED,
        author_confirmed_at__isnull=False,
        responder_confirmed_at__isnull=False,
    )
    given = done.filter(
        Q(listing__kind=Listing.Kind.OFFER, listing__author=user)
        | Q(listing__kind=Listing.Kind.REQUEST, responder=user)
    ).aggregate(total=Sum("minutes_spent"))["total"]
    received = done.filter(
        Q(listing__kind=Listing.Kind.OFFER, responder=user)
        | Q(listing__kind=Listing.Kind.REQUEST, listing__author=user)
    ).aggregate(total=Sum("minutes_spent"))["total"]
    return {"given": (given or 0) / 60, "received": (received or 0) / 60}


def thanks_for(*, user: User, viewer: User) -> QuerySet[Thanks]:
    """The thanks a member received, those `viewer` may read."""
    return (
        Thanks.objects.filter(
            _seen_by(
                viewer, user, neighbourhood_field="response__listing__neighbourhood"
            ),
            to_user=user,
        )
        .select_related("from_user__profile", "response__listing")
        .order_by("-created_at")
    )


def listings_expiring(*, now: datetime.datetime, within_days: int = 7):
    return Listing.objects.filter(
        status=Listing.Status.OPEN,
        expires_at__lte=now + datetime.timedelta(days=within_days),
        expires_at__gt=now,
        reminded_at__isnull=True,
        hidden=False,  # hidden by the moderators: nothing to keep open longer
    ).select_related("author")


def neighbourhoods_for(*, user: User) -> QuerySet[Neighbourhood]:
    return permissions.neighbourhoods_allowing(user, Capability.SEE).order_by("name")


def exchange_between(*, user: User, other: User, listing: Listing) -> Response | None:
    """The answer that ties two members over a listing (one is its author, the
    other answered it), as the conversation between them shows its steps."""
    if listing.author_id == user.pk:
        responder = other
    elif listing.author_id == other.pk:
        responder = user
    else:
        return None
    return (
        Response.objects.filter(listing=listing, responder=responder)
        .select_related("responder")
        .first()
    )
