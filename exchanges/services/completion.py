"""The end of an exchange: each side confirms it is done (the time spent is
kept for the hours given), then each may thank the other."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error
from neighbourhoods import permissions

from ..models import MAX_MINUTES_SPENT, MIN_MINUTES_SPENT, Listing, Response, Thanks
from ._common import record_help


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
    record_help(
        helped_by=helped_by,
        resident=user,
        neighbourhood=listing.neighbourhood,
        what="journal.done",
        title=listing.title,
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
