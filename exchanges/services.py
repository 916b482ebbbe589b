"""Writes for listings, responses, completion and thanks. Each service checks
the person's permission in the listing's neighbourhood (neighbourhoods.permissions)
before it writes; when a moderator acts for a resident, it also checks the
resident's consent and records the act in the resident's history."""

import datetime
from functools import partial

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community.models import User
from community.services import field_error
from community.validators import validate_tags
from neighbourhoods import permissions, review
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability
from notifications import services as notification_services
from notifications.models import Notification

from . import selectors
from .models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_MINUTES_SPENT,
    MAX_PLACES,
    MIN_MINUTES_SPENT,
    Category,
    Listing,
    Response,
    Thanks,
)

MATCHES_NOTIFIED = 3


def _acting_check(
    *, capability: Capability, person: User, neighbourhood, helped_by: User | None
) -> None:
    """The person may do this; and a helper acting for them has their consent."""
    permissions.check(person, capability, neighbourhood)
    if helped_by is not None:
        permissions.check_act_for(helped_by, person, neighbourhood)


def _index_for_search(listing: Listing, tags: list[str]) -> None:
    """Keep the French full-text index of the listing up to date (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    config = selectors.SEARCH_CONFIG
    Listing.objects.filter(pk=listing.pk).update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector(Value(" ".join(tags)), weight="A", config=config)
        + SearchVector("description", weight="B", config=config)
    )


def set_listing_tags(*, listing: Listing, tags: list[str]) -> Listing:
    """The one place that writes a listing's tags: their join rows (taggit) and
    the copy of their ids on the listing (`Listing.tag_ids`) that "for you"
    searches. The caller has checked the permission and validated the tags."""
    listing.tags.set(tags)
    listing.tag_ids = sorted(listing.tagged_items.values_list("tag_id", flat=True))
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
) -> None:
    errors = {}
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
) -> Listing:
    """Publish an offer or a request in one of the author's neighbourhoods.

    Precondition: the author may post there (active, charter accepted); with
    `helped_by`, that moderator has the author's consent, and the act is
    recorded in the author's history. After commit, the few members it fits
    best are notified (each once).
    """
    tags = [tag.strip() for tag in (tags or []) if tag.strip()]
    _acting_check(
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
    )
    listing = Listing(
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        category=category,
        neighbourhood=neighbourhood,
        author=author,
        helped_by=helped_by,
        place=place,
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
    if helped_by is not None:
        neighbourhood_services.record_assisted_action(
            helper=helped_by,
            resident=author,
            neighbourhood=neighbourhood,
            what=_("posted “%(title)s”") % {"title": listing.title},
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


def notify_matches(*, listing: Listing) -> int:
    """Tell the members a new listing fits best, at most MATCHES_NOTIFIED, each
    once, as their notification settings allow. Returns how many were told."""
    listing = Listing.objects.select_related("author__profile", "category").get(
        pk=listing.pk
    )
    told = 0
    for profile, _fit in selectors.people_for_listing(
        listing=listing, limit=MATCHES_NOTIFIED
    ):
        if notification_services.notify(
            user=profile.user,
            kind=Notification.Kind.MATCH,
            text=lambda: (
                _("New in your neighbourhood: %(title)s") % {"title": listing.title}
            ),
            url=listing.get_absolute_url(),
            key=f"listing:{listing.pk}",
        ):
            told += 1
    return told


EDITABLE_FIELDS = {
    "kind",
    "title",
    "description",
    "category",
    "place",
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
        tags = list(listing.tags.names())
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


@transaction.atomic
def renew_listing(*, user: User, listing: Listing) -> Listing:
    """One click keeps an open (or just expired) listing for another period."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    permissions.check_author(user, listing)
    permissions.check(user, Capability.POST, listing.neighbourhood)
    if listing.status not in (Listing.Status.OPEN, Listing.Status.EXPIRED):
        raise ValidationError(_("This listing cannot be renewed."), code="closed")
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


@transaction.atomic
def respond(
    *, user: User, listing: Listing, message: str, helped_by: User | None = None
) -> Response:
    """ "I can help" to a request, "I'm interested" to an offer, with a message.
    The author is notified; the conversation opens with the messaging issue."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _acting_check(
        capability=Capability.RESPOND,
        person=user,
        neighbourhood=listing.neighbourhood,
        helped_by=helped_by,
    )
    if permissions.is_author(user, listing):
        raise ValidationError(
            _("This is your own listing: you cannot answer it."), code="own_listing"
        )
    if listing.status != Listing.Status.OPEN or listing.hidden:
        raise ValidationError(
            _("This listing is closed: it no longer takes answers."), code="closed"
        )
    if community_selectors.is_blocked_between(one=user, other=listing.author):
        # Said without telling who blocked whom: blocking is silent.
        raise ValidationError(_("You cannot answer this listing."), code="blocked")
    message = message.strip()
    if not message:
        raise field_error(
            "message", _("Write a few words to introduce yourself."), code="required"
        )
    if Response.objects.filter(listing=listing, responder=user).exists():
        raise ValidationError(
            _("You have already answered this listing."), code="already_answered"
        )
    response = Response(
        listing=listing, responder=user, message=message, helped_by=helped_by
    )
    response.full_clean()
    response.save()
    if helped_by is not None:
        neighbourhood_services.record_assisted_action(
            helper=helped_by,
            resident=user,
            neighbourhood=listing.neighbourhood,
            what=_("answered “%(title)s”") % {"title": listing.title},
        )
    author = listing.author

    def text():  # in the author's language
        return _("%(name)s answered your listing “%(title)s”") % {
            "name": user.display_name,
            "title": listing.title,
        }

    transaction.on_commit(
        lambda: notification_services.notify(
            user=author,
            kind=Notification.Kind.RESPONSE,
            text=text,
            url=reverse("listing_detail", kwargs={"pk": listing.pk}),
            key=f"response:{response.pk}",
        )
    )
    return response


@transaction.atomic
def accept_response(
    *, user: User, response: Response, helped_by: User | None = None
) -> Response:
    """The author accepts someone; when every place is taken, the listing is
    agreed and takes no more answers."""
    listing = Listing.objects.select_for_update().get(pk=response.listing_id)
    response = Response.objects.select_for_update().get(pk=response.pk)
    permissions.check_author(user, listing, helped_by)
    if listing.status != Listing.Status.OPEN:
        raise ValidationError(_("This listing is no longer open."), code="not_open")
    if response.status != Response.Status.WAITING:
        raise ValidationError(
            _("This answer has already been dealt with."), code="not_waiting"
        )
    response.status = Response.Status.ACCEPTED
    response.save(update_fields=["status", "updated_at"])
    accepted = listing.responses.filter(status=Response.Status.ACCEPTED).count()
    if accepted >= listing.places:
        listing.status = Listing.Status.AGREED
        listing.save(update_fields=["status", "updated_at"])
    if helped_by is not None:
        neighbourhood_services.record_assisted_action(
            helper=helped_by,
            resident=user,
            neighbourhood=listing.neighbourhood,
            what=_("accepted %(name)s for “%(title)s”")
            % {"name": response.responder.display_name, "title": listing.title},
        )
    responder = response.responder

    def text():  # in the language of the one accepted
        return _("%(name)s accepted your answer to “%(title)s”") % {
            "name": user.display_name,
            "title": listing.title,
        }

    transaction.on_commit(
        lambda: notification_services.notify(
            user=responder,
            kind=Notification.Kind.EXCHANGE,
            text=text,
            url=listing.get_absolute_url(),
            key=f"accepted:{response.pk}",
        )
    )
    return response


@transaction.atomic
def confirm_done(
    *,
    user: User,
    response: Response,
    minutes: int | None = None,
    helped_by: User | None = None,
) -> Response:
    """One side of an accepted exchange says it is done. When both have, the time
    spent is recorded (the author's estimate unless someone gave the real
    time), and the listing is done once every accepted exchange is."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    listing = Listing.objects.select_for_update().get(pk=response.listing_id)
    permissions.check_exchange_party(
        user, listing, response, act="confirm", helped_by=helped_by
    )
    if response.status != Response.Status.ACCEPTED:
        raise ValidationError(
            _("This answer was not accepted: there is nothing to confirm."),
            code="not_accepted",
        )
    if minutes is not None and not MIN_MINUTES_SPENT <= minutes <= MAX_MINUTES_SPENT:
        raise field_error(
            "minutes",
            _("Give a time between 5 minutes and 24 hours."),
            code="minutes_range",
        )
    now = timezone.now()
    field = (
        "author_confirmed_at"
        if user.pk == listing.author_id
        else "responder_confirmed_at"
    )
    if getattr(response, field):
        raise ValidationError(
            _("You have already confirmed this exchange."), code="already_confirmed"
        )
    setattr(response, field, now)
    if minutes is not None:
        response.minutes_spent = minutes
    if response.is_done and response.minutes_spent is None:
        response.minutes_spent = listing.duration_minutes
    response.save(update_fields=[field, "minutes_spent", "updated_at"])
    open_exchanges = listing.responses.filter(status=Response.Status.ACCEPTED).exclude(
        author_confirmed_at__isnull=False, responder_confirmed_at__isnull=False
    )
    # A listing with places left stays open for others.
    if (
        response.is_done
        and listing.status == Listing.Status.AGREED
        and not open_exchanges.exists()
    ):
        listing.status = Listing.Status.DONE
        listing.save(update_fields=["status", "updated_at"])
    if helped_by is not None:
        neighbourhood_services.record_assisted_action(
            helper=helped_by,
            resident=user,
            neighbourhood=listing.neighbourhood,
            what=_("confirmed “%(title)s” done") % {"title": listing.title},
        )
    return response


@transaction.atomic
def thank(*, user: User, response: Response, text: str) -> Thanks:
    """After a done exchange, each side may thank the other, once."""
    response = Response.objects.select_related("listing").get(pk=response.pk)
    listing = response.listing
    permissions.check_exchange_party(user, listing, response, act="thank")
    if not response.is_done:
        raise ValidationError(
            _("You can say thank you once both of you confirmed it is done."),
            code="not_done",
        )
    text = text.strip()
    if not text:
        raise field_error("text", _("Write a few words of thanks."), code="required")
    if Thanks.objects.filter(response=response, from_user=user).exists():
        raise ValidationError(
            _("You have already said thank you for this exchange."),
            code="already_thanked",
        )
    other = response.responder if user.pk == listing.author_id else listing.author
    thanks = Thanks(response=response, from_user=user, to_user=other, text=text)
    thanks.full_clean()
    thanks.save()
    return thanks


def _closing_soon(listing: Listing) -> str:
    return _(
        "Your listing “%(title)s” closes on %(date)s. Keep it open in one click."
    ) % {
        "title": listing.title,
        "date": date_format(timezone.localtime(listing.expires_at), "DATE_FORMAT"),
    }


@transaction.atomic
def expire_listings(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Close the listings past their date, and remind authors a week before.
    Run daily by `manage.py expire_listings`."""
    now = now or timezone.now()
    expired = Listing.objects.filter(
        status=Listing.Status.OPEN, expires_at__lte=now
    ).update(status=Listing.Status.EXPIRED, updated_at=now)
    reminded = 0
    for listing in selectors.listings_expiring(now=now):
        notification_services.notify(
            user=listing.author,
            kind=Notification.Kind.LISTING,
            text=partial(_closing_soon, listing),
            url=listing.get_absolute_url(),
            key=f"expiring:{listing.pk}:{listing.expires_at.date()}",
        )
        Listing.objects.filter(pk=listing.pk).update(reminded_at=now)
        reminded += 1
    return {"expired": expired, "reminded": reminded}


@transaction.atomic
def create_category(
    *,
    coordinator: User,
    neighbourhood: Neighbourhood,
    name: str,
    icon: str,
    world: str,
    description: str = "",
) -> Category:
    """A category of the neighbourhood's own, beside the shared seed list."""
    permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    name = name.strip()
    if not name:
        raise field_error("name", _("Give the category a name."), code="required")
    taken = Category.objects.filter(neighbourhood=neighbourhood, name__iexact=name)
    shared_names = {
        name.casefold()
        for category in Category.objects.filter(neighbourhood__isnull=True)
        for name in (category.name, str(category.label))
    }
    if taken.exists() or name.casefold() in shared_names:
        raise field_error(
            "name", _("A category already has this name."), code="duplicate"
        )
    category = Category(
        neighbourhood=neighbourhood,
        name=name,
        description=description.strip(),
        icon=icon,
        world=world,
    )
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def decline_response(*, user: User, response: Response) -> Response:
    """The author says "not this time" to an answer that waits."""
    response = Response.objects.select_related("listing").get(pk=response.pk)
    permissions.check_author(user, response.listing)
    if response.status != Response.Status.WAITING:
        raise ValidationError(
            _("This answer has already been dealt with."), code="not_waiting"
        )
    response.status = Response.Status.DECLINED
    response.save(update_fields=["status", "updated_at"])
    return response


@transaction.atomic
def withdraw_response(*, user: User, response: Response) -> Response:
    """The person who answered takes their answer back while it waits."""
    response = Response.objects.get(pk=response.pk)
    permissions.check_responder(user, response)
    if response.status != Response.Status.WAITING:
        raise ValidationError(
            _("This answer has already been dealt with."), code="not_waiting"
        )
    response.status = Response.Status.WITHDRAWN
    response.save(update_fields=["status", "updated_at"])
    return response
