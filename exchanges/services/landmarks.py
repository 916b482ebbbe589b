"""The streets and landmarks a neighbourhood's moderators keep, that a
listing may name as where it is, roughly (never an address); each change in
the journal."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error
from neighbourhoods import permissions, positions
from neighbourhoods.models import JournalEntry, Neighbourhood
from neighbourhoods.permissions import Capability
from neighbourhoods.services import write_journal

from ..models import Landmark


@transaction.atomic
def save_landmark(
    *,
    by: User,
    neighbourhood: Neighbourhood,
    name: str,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    landmark: Landmark | None = None,
) -> Landmark:
    """Add a street or landmark (no `landmark` given) or change one: its name
    and, for the map, its position (both or neither). Moderators only; the
    journal keeps it."""
    permissions.check(by, Capability.MODERATE, neighbourhood)
    if landmark is not None and landmark.neighbourhood_id != neighbourhood.pk:
        raise field_error(
            "name", _("This landmark belongs to another neighbourhood."), code="other"
        )
    name = " ".join(name.split())
    if not name:
        raise field_error(
            "name", _("Give the street or landmark a name."), code="empty"
        )
    clash = Landmark.objects.filter(neighbourhood=neighbourhood, name__iexact=name)
    if landmark is not None:
        clash = clash.exclude(pk=landmark.pk)
    if clash.exists():
        raise field_error(
            "name",
            _("This neighbourhood has a landmark of this name."),
            code="duplicate",
        )
    positions.check_both_or_neither(latitude, longitude)
    landmark = landmark or Landmark(neighbourhood=neighbourhood)
    landmark.name, landmark.latitude, landmark.longitude = name, latitude, longitude
    landmark.full_clean()
    landmark.save()
    write_journal(
        neighbourhood=neighbourhood,
        actor=by,
        action=JournalEntry.Action.NEIGHBOURHOOD_EDITED,
        details=_("Landmark: “%(name)s” saved.") % {"name": name},
    )
    return landmark


@transaction.atomic
def remove_landmark(*, by: User, landmark: Landmark) -> None:
    """The listings that named it keep no landmark. Moderators only."""
    permissions.check(by, Capability.MODERATE, landmark.neighbourhood)
    write_journal(
        neighbourhood=landmark.neighbourhood,
        actor=by,
        action=JournalEntry.Action.NEIGHBOURHOOD_EDITED,
        details=_("Landmark: “%(name)s” removed.") % {"name": landmark.name},
    )
    landmark.delete()
