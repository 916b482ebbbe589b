"""Listings: publish (validated, tagged, indexed for search, held when the
watch list asks), change, close, renew, and show or hide as moderation
decides. Each write checks the person's permission in the listing's
neighbourhood; when a moderator acts for a resident, also the resident's
consent, and the act goes to the resident's history."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import services as community_services
from community.models import User, tag_label
from community.validators import validate_tags
from neighbourhoods import permissions, review
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from .. import selectors
from ..models import DESCRIPTION_MAX_LENGTH, MAX_PLACES, Category, Landmark, Listing
from ._common import check_acting, record_help
from .alerts import notify_matches


def _index_for_search(listing: Listing, tags: list[str]) -> None:
    """Keep the full-text index of the listing up to date (PostgreSQL), made
    in the listing's language (French or English stems and function words)."""
    if connection.vendor != "postgresql":
        return
    config = selectors.search_config(listing.language)
    Listing.objects.filter(pk=listing.pk).update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector(Value(" ".join(tags)), weight="A", config=config)
        + SearchVector("description", weight="B", config=config)
    )


def set_listing_tags(*, listing: Listing, tags: list[str]) -> Listing:
    """The one place that writes a listing's tags: their join rows (taggit),
    each with the spelling the author typed, and the copy of their ids on the
    listing (`Listing.tag_ids`) that "for you" searches. The caller has
    checked the permission and validated the tags."""
    rows = community_services.set_keywords(tags=listing.tags, names=tags)
    listing.tag_ids = sorted(row.tag_id for row in rows)
    listing.save(update_fields=["tag_ids"])
    return listing


def _validate(
    *,
    neighbourhood: Neighbourhood,
    title: str,
    category: Category,
    tags: list[str],
    places: int,
    starts_on,
    ends_on,
    description: str = "",
    landmark: Landmark | None = None,
) -> None:
    errors = {}
    if landmark is not None and landmark.neighbourhood_id != neighbourhood.pk:
        errors["landmark"] = _("Choose a street or landmark of this neighbourhood.")
    if not title.strip():
        errors["title"] = _("Give your listing a title, in a few words.")
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _(
            "The details can have at most %(max)d characters (they have %(length)d)."
        ) % {"max": DESCRIPTION_MAX_LENGTH, "length": len(description)}
    if category.neighbourhood_id not in (None, neighbourhood.pk):
        errors["category"] = _("This category belongs to another neighbourhood.")
    try:
        validate_tags(tags)
    except ValidationError as error:
        errors["tags"] = error.messages
    if not 1 <= places <= MAX_PLACES:
        errors["places"] = _("Choose between 1 and %(max)d people.") % {
            "max": MAX_PLACES
        }
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date comes before the start date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_listing(
    *,
    author: User,
    neighbourhood: Neighbourhood,
    kind: str,
    title: str,
    category: Category,
    description: str = "",
    tags: list[str] | None = None,
    place: str = Listing.Place.CENTRE,
    availability: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    duration_minutes: int = Listing.Duration.HOUR,
    places: int = 1,
    helped_by: User | None = None,
    landmark: Landmark | None = None,
    language: str = "",
) -> Listing:
    """Publish an offer or a request in one of the author's neighbourhoods.

    Precondition: the author may post there (active, charter accepted); with
    `helped_by`, that moderator has the author's consent, and the act is
    recorded in the author's history. After commit, the few members it fits
    best are notified (each once).
    """
    tags = [tag.strip() for tag in (tags or []) if tag.strip()]
    check_acting(
        capability=Capability.POST,
        person=author,
        neighbourhood=neighbourhood,
        helped_by=helped_by,
    )
    _validate(
        neighbourhood=neighbourhood,
        title=title,
        category=category,
        tags=tags,
        places=places,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        landmark=landmark,
    )
    listing = Listing(
        language=language or writers_language(author),
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        category=category,
        neighbourhood=neighbourhood,
        author=author,
        helped_by=helped_by,
        place=place,
        landmark=landmark,
        availability=availability.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        duration_minutes=duration_minutes,
        places=places,
        expires_at=timezone.now()
        + datetime.timedelta(days=neighbourhood.listing_lifetime_days),
    )
    listing.full_clean()
    listing.save()
    set_listing_tags(listing=listing, tags=tags)
    _index_for_search(listing, tags)
    held = _hold_if_watched(listing)
    record_help(
        helped_by=helped_by,
        resident=author,
        neighbourhood=neighbourhood,
        what="journal.posted",
        title=listing.title,
    )
    if not held:  # a held listing is announced when a moderator lets it through
        transaction.on_commit(lambda: notify_matches(listing=listing))
    return listing


def _hold_if_watched(listing: Listing) -> bool:
    """A listing that uses a word of the neighbourhood's watch list waits,
    hidden from the others, until a moderator looks at it. One already out of
    sight (held, or hidden by a decision) stays as it is."""
    if listing.hidden or not review.watched_words(
        neighbourhood=listing.neighbourhood,
        text=f"{listing.title}\n{listing.description}",
    ):
        return False
    listing.held = listing.hidden = True
    listing.save(update_fields=["held", "hidden", "updated_at"])
    review.hold(
        neighbourhood=listing.neighbourhood, person=listing.author, listing=listing
    )
    return True


def writers_language(author: User) -> str:
    """The language a member writes in when they do not say: the one they
    chose for the site, else the page's, else the site's."""
    languages = dict(settings.LANGUAGES)
    for language in (author.language, translation.get_language() or ""):
        code = language.split("-")[0]
        if code in languages:
            return code
    return settings.LANGUAGE_CODE


EDITABLE_FIELDS = {
    "language",
    "kind",
    "title",
    "description",
    "category",
    "place",
    "landmark",
    "availability",
    "starts_on",
    "ends_on",
    "duration_minutes",
    "places",
}


@transaction.atomic
def update_listing(*, user: User, listing: Listing, **fields) -> Listing:
    """The author changes an open listing; fields left out stay as they are.
    Only what the author wrote can change, never its state or its author."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_author(user, listing)
    permissions.check(user, Capability.POST, listing.neighbourhood)
    if listing.status != Listing.Status.OPEN:
        raise ValidationError(
            _("Only an open listing can be changed."), code="not_open"
        )
    tags = fields.pop("tags", None)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if tags is None:
        tags = [tag_label(row) for row in listing.tagged_items.select_related("tag")]
    tags = [tag.strip() for tag in tags if tag.strip()]
    _validate(
        neighbourhood=listing.neighbourhood,
        title=fields.get("title", listing.title),
        category=fields.get("category", listing.category),
        tags=tags,
        places=fields.get("places", listing.places),
        starts_on=fields.get("starts_on", listing.starts_on),
        ends_on=fields.get("ends_on", listing.ends_on),
        description=fields.get("description", listing.description),
        landmark=fields.get("landmark", listing.landmark),
    )
    for name, value in fields.items():
        setattr(listing, name, value.strip() if isinstance(value, str) else value)
    listing.full_clean()
    listing.save()
    set_listing_tags(listing=listing, tags=tags)
    _index_for_search(listing, tags)
    _hold_if_watched(listing)
    return listing


@transaction.atomic
def cancel_listing(*, user: User, listing: Listing) -> Listing:
    """The author closes their listing; it leaves every list."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_author(user, listing)
    if listing.status not in (Listing.Status.OPEN, Listing.Status.AGREED):
        raise ValidationError(_("This listing is already closed."), code="closed")
    listing.status = Listing.Status.CANCELLED
    listing.save(update_fields=["status", "updated_at"])
    return listing


def close_listings_of_departed(*, user: User, neighbourhood) -> int:
    """A member left the neighbourhood: their open listings there close, as if
    they had closed them (plugged into neighbourhoods.departures, called in
    the leaving's transaction). Returns how many closed."""
    return Listing.objects.filter(
        author=user, neighbourhood=neighbourhood, status=Listing.Status.OPEN
    ).update(status=Listing.Status.CANCELLED, updated_at=timezone.now())


@transaction.atomic
def renew_listing(*, user: User, listing: Listing) -> Listing:
    """One click keeps an open (or just expired) listing for another period."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_author(user, listing)
    permissions.check(user, Capability.POST, listing.neighbourhood)
    if listing.status not in (Listing.Status.OPEN, Listing.Status.EXPIRED):
        raise ValidationError(_("This listing cannot be renewed."), code="closed")
    if listing.hidden and not listing.held:
        # Hidden by the moderators: it is not kept longer out of sight.
        raise ValidationError(
            _("The moderators hid this listing: it cannot be kept open longer."),
            code="hidden",
        )
    listing.status = Listing.Status.OPEN
    listing.expires_at = timezone.now() + datetime.timedelta(
        days=listing.neighbourhood.listing_lifetime_days
    )
    listing.reminded_at = None
    listing.save(update_fields=["status", "expires_at", "reminded_at", "updated_at"])
    return listing


def set_listing_visibility(*, listing: Listing, visible: bool) -> Listing:
    """Show a listing or take it out of sight, as a moderation decision says
    (moderation checks who decides and keeps the case and the journal). A
    listing held by the watch list and now shown is announced as any new
    listing is."""
    was_held = listing.held
    listing.hidden = not visible
    listing.held = False
    listing.save(update_fields=["hidden", "held", "updated_at"])
    if visible and was_held:
        transaction.on_commit(lambda: notify_matches(listing=listing))
    return listing
