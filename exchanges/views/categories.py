"""The coordinators' page of their neighbourhood's own categories."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community.navigation import saved
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from .. import selectors, services
from ..forms import CategoryForm


@login_required
def manage_categories(request, slug):
    """Coordinators add categories of their own neighbourhood."""
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check(request.user, Capability.COORDINATE, neighbourhood)
    form = CategoryForm(request.POST or None)
    add = partial(
        services.create_category, coordinator=request.user, neighbourhood=neighbourhood
    )
    if saved(request, form, add, done=_("The category is added.")):
        return redirect("manage_categories", slug=slug)
    return render(
        request,
        "exchanges/manage_categories.html",
        {
            "neighbourhood": neighbourhood,
            "can_coordinate": True,
            "form": form,
            "categories": selectors.categories_for(neighbourhood=neighbourhood),
        },
    )
