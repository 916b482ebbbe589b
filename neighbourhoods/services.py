"""Writes for organisations and neighbourhoods."""

from django.db import transaction

from .models import Neighbourhood, Organisation


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
