"""Reads of listings, answers and exchanges as a person may see them: every
selector keeps to the neighbourhoods the person may see
(neighbourhoods.permissions) inside its query, and loads what its page shows in
a fixed number of queries."""

import datetime

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Lower

from community import selectors as community_selectors
from community.models import User
from neighbourhoods import permissions
from neighbourhoods.models import Membership, Neighbourhood
from neighbourhoods.permissions import Capability

from ..models import (
    Category,
    Landmark,
    Listing,
    Response,
    TaggedListing,
    Thanks,
    ThesaurusWord,
)

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
                    Lower("tag__name")
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


def responses_shown(
    *, user: User, listing: Listing, membership: Membership | None = None
) -> QuerySet[Response]:
    """The author (and the neighbourhood's moderators) see every response;
    anyone else only their own. `membership`: the person's membership of the
    listing's neighbourhood when the page has already read it (in this
    request); read here otherwise."""
    responses = (
        Response.objects.filter(listing=listing)
        .filter(community_selectors.not_blocked("responder", user=user))
        .select_related("responder__profile", "helped_by__profile")
    )
    if membership is None:
        membership = permissions.membership_of(user, listing.neighbourhood)
    if permissions.allows(membership, Capability.MODERATE) or (
        # An author banned or gone no longer reads the answers of others.
        permissions.is_author(user, listing)
        and permissions.allows(membership, Capability.SEE)
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
