"""The places of a neighbourhood and the events of its agenda: written by its
moderators, each change kept in the journal."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from neighbourhoods import positions
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import JournalEntry, Neighbourhood

from .. import permissions
from ..models import Event, Place

PLACE_FIELDS = (
    "name",
    "address",
    "opening_hours",
    "help_offered",
    "accessibility",
    "latitude",
    "longitude",
)
EVENT_FIELDS = ("kind", "title", "description", "place", "starts_at", "ends_at")


def _check_place(place: Place | None, neighbourhood: Neighbourhood) -> None:
    if place is not None and place.neighbourhood_id != neighbourhood.pk:
        raise ValidationError({"place": _("Choose a place of this neighbourhood.")})


@transaction.atomic
def save_place(
    *, by: User, neighbourhood: Neighbourhood, place: Place | None = None, **values
) -> Place:
    """Create a place (no `place` given) or change one: name, address, opening
    hours, the help found there, accessibility. Moderators only."""
    permissions.check_manage(by, neighbourhood)
    if place is not None and place.neighbourhood_id != neighbourhood.pk:
        raise ValidationError(_("This place belongs to another neighbourhood."))
    unknown = set(values) - set(PLACE_FIELDS)
    assert not unknown, unknown
    name = values.get("name", place.name if place else "").strip()
    if not name or not values.get("address", place.address if place else "").strip():
        raise ValidationError(_("A place needs a name and an address."))
    clash = Place.objects.filter(neighbourhood=neighbourhood, name__iexact=name)
    if place is not None:
        clash = clash.exclude(pk=place.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("This neighbourhood has a place of this name.")}
        )
    place = place or Place(neighbourhood=neighbourhood)
    for field, value in values.items():
        setattr(place, field, value.strip() if isinstance(value, str) else value)
    positions.check_both_or_neither(place.latitude, place.longitude)
    place.save()
    neighbourhood_services.write_journal(
        neighbourhood=neighbourhood,
        actor=by,
        action=JournalEntry.Action.PLACE_EDITED,
        details=place.name,
    )
    return place


@transaction.atomic
def save_event(
    *, by: User, neighbourhood: Neighbourhood, event: Event | None = None, **values
) -> Event:
    """Put an event on the agenda (no `event` given) or change it: a fête de
    quartier, an information meeting, a repair café. Moderators only."""
    permissions.check_manage(by, neighbourhood)
    if event is not None and event.neighbourhood_id != neighbourhood.pk:
        raise ValidationError(_("This event belongs to another neighbourhood."))
    unknown = set(values) - set(EVENT_FIELDS)
    assert not unknown, unknown
    event = event or Event(neighbourhood=neighbourhood, created_by=by)
    for field, value in values.items():
        setattr(event, field, value)
    _check_place(event.place, neighbourhood)
    if not event.title.strip():
        raise ValidationError({"title": _("Give the event a title.")})
    if event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    event.save()
    neighbourhood_services.write_journal(
        neighbourhood=neighbourhood,
        actor=by,
        action=JournalEntry.Action.EVENT_EDITED,
        details=event.title,
    )
    return event


@transaction.atomic
def cancel_event(*, by: User, event: Event) -> Event:
    permissions.check_manage(by, event.neighbourhood)
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at", "updated_at"])
    neighbourhood_services.write_journal(
        neighbourhood=event.neighbourhood,
        actor=by,
        action=JournalEntry.Action.EVENT_EDITED,
        details=_("cancelled: %(title)s") % {"title": event.title},
    )
    return event
