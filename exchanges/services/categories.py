"""The categories a neighbourhood's coordinators add beside the shared list."""

from django.db import transaction
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from ..models import Category


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
