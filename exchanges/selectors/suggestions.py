"""Suggestions: "for you", the neighbours who could answer a listing, the
counterpart listings, and the fit between one member and one listing, scored
by exchanges.matching."""

from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Q,
)
from django.utils import timezone
from taggit.models import Tag

from community import selectors as community_selectors
from community.models import Profile, User
from neighbourhoods import permissions
from neighbourhoods.models import Membership
from neighbourhoods.permissions import Capability

from .. import matching
from ..models import (
    Listing,
    TaggedListing,
)
from .listings import _with_page_data, listings_visible_to
from .search import CANDIDATE_FIELDS, _candidate_of, _ranked_listings, thesaurus_for

# The newest fitting candidates scored per page: enough for twenty good
# suggestions, few enough to keep the page fast in a busy neighbourhood.
FOR_YOU_POOL = 120


FOR_YOU_SIZE = 20


def _person(profile: Profile | None, user: User | None = None) -> matching.Person:
    """A member as matching reads them; their keywords and portrait in the
    language they use on the site (matching.language_of_person)."""
    if profile is None:
        return matching.Person(
            last_active=user.last_login if user else None,
            language=matching.language_of_person(user.language if user else ""),
        )
    return matching.Person(
        language=matching.language_of_person(profile.user.language, profile.languages),
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
            *CANDIDATE_FIELDS,
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
                _candidate_of(
                    row,
                    [names[tag_id] for tag_id in row["tag_ids"] if tag_id in names],
                    _author(row),
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
        language=listing.language,
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
    said = {"portrait": listing.description, "language": listing.language}
    if listing.kind == Listing.Kind.REQUEST:
        other_kind = Listing.Kind.OFFER
        seeker = matching.Person(interests=words, **said)
    else:
        other_kind = Listing.Kind.REQUEST
        seeker = matching.Person(skills=words, **said)
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
