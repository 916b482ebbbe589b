"""Organisations and neighbourhoods: setting them up, and the coordinators'
edits of a neighbourhood's description, postcodes and way of joining."""

from django.db import transaction

from community.models import User

from .. import permissions
from ..models import JournalEntry, Neighbourhood, Organisation
from ..permissions import Capability
from .journal import write_journal

# What the coordinators of a neighbourhood set, at its creation and after.
NEIGHBOURHOOD_FIELDS = (
    "name",
    "description",
    "postcodes",
    "welcome_address",
    "opening_hours",
    "join_policy",
    "listing_lifetime_days",
    "message_limit",
    "message_window_seconds",
    "keep_messages_of_former_members",
)


@transaction.atomic
def ensure_organisation(*, name: str, kind: str, **details) -> Organisation:
    """The organisation of that name, created with these details if it is new."""
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, **details}
    )
    return organisation


@transaction.atomic
def ensure_neighbourhood(
    *, organisation: Organisation, slug: str, name: str, **details
) -> Neighbourhood:
    """The neighbourhood with that slug, created in the organisation if it is new."""
    neighbourhood, _created = Neighbourhood.objects.get_or_create(
        slug=slug, defaults={"organisation": organisation, "name": name, **details}
    )
    return neighbourhood


@transaction.atomic
def update_neighbourhood(
    *, coordinator: User, neighbourhood: Neighbourhood, **changes
) -> Neighbourhood:
    """Change what the coordinators set: any of setup.NEIGHBOURHOOD_FIELDS
    (name, description, postcodes, welcome place, join mode, listing lifetime,
    flood limit)."""
    permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    unknown = set(changes) - set(NEIGHBOURHOOD_FIELDS)
    if unknown:
        raise TypeError(f"unknown neighbourhood fields: {sorted(unknown)}")
    neighbourhood = Neighbourhood.objects.select_related("organisation").get(
        pk=neighbourhood.pk
    )
    for field, value in changes.items():
        if field == "postcodes":
            value = " ".join(value.replace(",", " ").split())
        elif isinstance(value, str):
            value = value.strip()
        setattr(neighbourhood, field, value)
    neighbourhood.full_clean()
    neighbourhood.save(update_fields=[*changes, "updated_at"])
    write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.NEIGHBOURHOOD_EDITED,
    )
    return neighbourhood
