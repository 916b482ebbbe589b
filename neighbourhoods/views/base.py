"""What the pages of a neighbourhood share: finding it by its slug, the
moderators' gate and the frame of their pages, and telling a person how a
service called from a button went."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from .. import permissions
from ..models import Neighbourhood
from ..permissions import Capability


def neighbourhood_or_404(slug) -> Neighbourhood:
    return get_object_or_404(
        Neighbourhood.objects.select_related("organisation"), slug=slug
    )


def moderated(request, slug) -> Neighbourhood:
    """The neighbourhood, when the person moderates it (NotAllowed otherwise)."""
    neighbourhood = neighbourhood_or_404(slug)
    permissions.check(request.user, Capability.MODERATE, neighbourhood)
    return neighbourhood


def manage_context(request, neighbourhood, **extra) -> dict:
    """The context of the moderators' pages (their menu shows the coordinators'
    pages to coordinators only)."""
    return {
        "neighbourhood": neighbourhood,
        "can_coordinate": permissions.can(
            request.user, Capability.COORDINATE, neighbourhood
        ),
        "runs_organisation": permissions.can_run_organisation(
            request.user, neighbourhood.organisation
        ),
        **extra,
    }


def tell_outcome(request, call: Callable[[], object], success: str) -> bool:
    """Run a service for a button that has no form: its refusal becomes an
    error message, else `success` is shown. True when the service went through."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True
