"""The coordinators' page of their neighbourhood's own categories."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community.navigation import add_service_errors
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
    if request.method == "POST" and form.is_valid():
        try:
            services.create_category(
                coordinator=request.user,
                neighbourhood=neighbourhood,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The category is added."))
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
