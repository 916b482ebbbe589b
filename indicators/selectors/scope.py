"""Who may read which neighbourhoods' figures: the coordinators of a
neighbourhood see its own; an organisation's dashboard covers the
neighbourhoods of it that the reader coordinates."""

from django.utils.translation import gettext as _

from community.models import User
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood, Organisation
from neighbourhoods.permissions import Capability, NotAllowed


def neighbourhood_scope(*, user: User, neighbourhood: Neighbourhood):
    """The neighbourhoods a dashboard of this one covers: itself, for its
    coordinators; NotAllowed for anyone else, with the reason."""
    permissions.check(user, Capability.COORDINATE, neighbourhood)
    return [neighbourhood]


def organisation_scope(*, user: User, organisation: Organisation):
    """The neighbourhoods of the organisation that this person coordinates:
    an organisation's dashboard covers those only, so that nobody reads the
    figures of a neighbourhood they do not run. NotAllowed when there are
    none."""
    places = list(
        permissions.neighbourhoods_allowing(user, Capability.COORDINATE)
        .filter(organisation=organisation)
        .select_related("organisation")
        .order_by("name")
    )
    if not places:
        raise NotAllowed(
            _(
                "Only the coordinators of the neighbourhoods of %(name)s can see "
                "its indicators."
            )
            % {"name": organisation.name}
        )
    return places
