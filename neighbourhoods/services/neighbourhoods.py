"""Organisations and neighbourhoods: setting them up, and the coordinators'
edits of a neighbourhood's description, postcodes and way of joining."""

from django.db import transaction

from community.models import User

from .. import permissions
from ..models import JournalEntry, Neighbourhood, Organisation
from ..permissions import Capability
from .journal import write_journal


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
    *,
    coordinator: User,
    neighbourhood: Neighbourhood,
    description: str,
    postcodes: str,
    join_policy: str,
) -> Neighbourhood:
    permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    neighbourhood = Neighbourhood.objects.get(pk=neighbourhood.pk)
    neighbourhood.description = description.strip()
    neighbourhood.postcodes = " ".join(postcodes.replace(",", " ").split())
    neighbourhood.join_policy = join_policy
    neighbourhood.full_clean()
    neighbourhood.save(
        update_fields=["description", "postcodes", "join_policy", "updated_at"]
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.NEIGHBOURHOOD_EDITED,
    )
    return neighbourhood
