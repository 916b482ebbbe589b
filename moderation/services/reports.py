"""Reports: a member reports a listing, a message or a profile; several
reports of the same thing make one case, which the moderators decide."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error
from exchanges import selectors as listing_selectors
from exchanges.models import Listing
from messaging.models import Message
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability, NotAllowed
from notifications import services as notification_services
from notifications.models import Notification

from .. import selectors
from ..models import REPORT_TEXT_MAX_LENGTH, SEVERITY, Case, Report


@transaction.atomic
def report(
    *,
    reporter: User,
    reason: str,
    text: str = "",
    listing: Listing | None = None,
    message: Message | None = None,
    person: User | None = None,
    neighbourhood: Neighbourhood | None = None,
) -> Report:
    """A member reports a listing, a message, or a member's profile (in a
    neighbourhood they share). Several reports of the same thing make one
    case; the same member reports it once. The reporter gets an
    acknowledgement."""

    if reason not in Case.Reason.values or reason == Case.Reason.WATCHLIST:
        raise field_error("reason", _("Choose what is wrong."), code="reason_missing")
    text = text.strip()
    check_length("text", text, REPORT_TEXT_MAX_LENGTH)
    target, neighbourhood, person = _target(
        reporter, listing=listing, message=message, person=person, place=neighbourhood
    )
    if person.pk == reporter.pk:
        raise ValidationError(
            _("This is yours: you cannot report it."), code="own_content"
        )
    # The open case of the same thing, or a new one; get_or_create falls back
    # on the other's case when someone reports it at the same moment.
    case, _created = Case.objects.select_for_update().get_or_create(
        neighbourhood=neighbourhood,
        target=target,
        listing=listing if target == Case.Target.LISTING else None,
        message=message if target == Case.Target.MESSAGE else None,
        person=person,
        status=Case.Status.OPEN,
        defaults={"severity": SEVERITY[reason]},
    )
    if SEVERITY[reason] > case.severity:
        case.severity = SEVERITY[reason]
        case.save(update_fields=["severity"])
    try:
        with transaction.atomic():
            made = Report.objects.create(
                case=case, reporter=reporter, reason=reason, text=text
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have already reported this. The moderators have it."),
            code="already_reported",
        ) from error
    notification_services.notify(
        user=reporter,
        kind=Notification.Kind.MODERATION,
        message="report.received",
        params={"name": neighbourhood.name},
        key=f"report:{made.pk}",
    )
    return made


def check_length(field: str, text: str, limit: int) -> None:
    """Refuse a text longer than `limit`, next to its field."""
    if len(text) > limit:
        raise field_error(
            field,
            _("At most %(max)d characters, please (this has %(n)d).")
            % {"max": limit, "n": len(text)},
            code="too_long",
        )


def _target(reporter, *, listing, message, person, place):
    """What is reported, where, and whose it is; refused if the reporter may not
    see it."""
    if listing is not None:
        permissions.check(reporter, Capability.SEE, listing.neighbourhood)
        if (
            not listing_selectors.listings_visible_to(user=reporter)
            .filter(pk=listing.pk)
            .exists()
        ):
            raise NotAllowed(_("You cannot see this listing."))
        return Case.Target.LISTING, listing.neighbourhood, listing.author
    if message is not None:
        shown = (
            selectors.messages_reportable_by(user=reporter)
            .select_related("conversation__neighbourhood")
            .filter(pk=message.pk)
            .first()
        )
        if shown is None:
            raise NotAllowed(_("You cannot read this message."))
        return Case.Target.MESSAGE, shown.conversation.neighbourhood, message.author
    if person is None or place is None:
        raise ValidationError(_("Say what you are reporting."), code="no_target")
    permissions.check(reporter, Capability.SEE, place)
    if not permissions.can(person, Capability.SEE, place):
        raise NotAllowed(_("This person is not a member of this neighbourhood."))
    return Case.Target.PROFILE, place, person
