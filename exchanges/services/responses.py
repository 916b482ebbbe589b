"""Answers to a listing: a member answers ("I can help", "I'm interested"),
the author accepts or declines, the one who answered withdraws."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community import selectors as community_selectors
from community.models import User
from community.services import field_error
from neighbourhoods import permissions
from neighbourhoods.permissions import Capability
from notifications.models import Notification

from ..models import Listing, Response
from ._common import check_acting, notify_on_commit, record_help


@transaction.atomic
def respond(
    *, user: User, listing: Listing, message: str, helped_by: User | None = None
) -> Response:
    """ "I can help" to a request, "I'm interested" to an offer, with a message.
    The author is notified; the conversation opens with the messaging issue."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    check_acting(
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
    if not permissions.is_active(
        permissions.membership_of(listing.author, listing.neighbourhood)
    ):
        # Its author is suspended, banned or gone: said without telling which.
        raise ValidationError(
            _("This listing takes no answers for now."), code="author_away"
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
    record_help(
        helped_by=helped_by,
        resident=user,
        neighbourhood=listing.neighbourhood,
        what="journal.answered",
        title=listing.title,
    )

    notify_on_commit(
        user=listing.author,
        kind=Notification.Kind.RESPONSE,
        message="response.new",
        params={"name": str(user.display_name), "title": listing.title},
        url=listing.get_absolute_url(),
        key=f"response:{response.pk}",
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
    _check_waiting(response)
    response.status = Response.Status.ACCEPTED
    response.save(update_fields=["status", "updated_at"])
    accepted = listing.responses.filter(status=Response.Status.ACCEPTED).count()
    if accepted >= listing.places:
        listing.status = Listing.Status.AGREED
        listing.save(update_fields=["status", "updated_at"])
    responder = response.responder
    record_help(
        helped_by=helped_by,
        resident=user,
        neighbourhood=listing.neighbourhood,
        what="journal.accepted",
        name=str(responder.display_name),
        title=listing.title,
    )

    notify_on_commit(
        user=responder,
        kind=Notification.Kind.EXCHANGE,
        message="response.accepted",
        params={"name": str(user.display_name), "title": listing.title},
        url=listing.get_absolute_url(),
        key=f"accepted:{response.pk}",
    )
    return response


@transaction.atomic
def decline_response(*, user: User, response: Response) -> Response:
    """The author says "not this time" to an answer that waits."""
    response = Response.objects.select_related("listing").get(pk=response.pk)
    permissions.check_author(user, response.listing)
    _check_waiting(response)
    response.status = Response.Status.DECLINED
    response.save(update_fields=["status", "updated_at"])
    return response


@transaction.atomic
def withdraw_response(*, user: User, response: Response) -> Response:
    """The person who answered takes their answer back while it waits."""
    response = Response.objects.get(pk=response.pk)
    permissions.check_responder(user, response)
    _check_waiting(response)
    response.status = Response.Status.WITHDRAWN
    response.save(update_fields=["status", "updated_at"])
    return response


def _check_waiting(response: Response) -> None:
    """An answer is accepted, declined or withdrawn once, while it waits."""
    if response.status != Response.Status.WAITING:
        raise ValidationError(
            _("This answer has already been dealt with."), code="not_waiting"
        )
