"""The moderators' page of their neighbourhood's streets and landmarks, that
listings name as where they are, roughly."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.navigation import saved
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from .. import selectors, services
from ..forms import LandmarkForm


@login_required
def manage_landmarks(request, slug, pk=None):
    """The list, and the form to add one (no pk) or change one."""
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check(request.user, Capability.MODERATE, neighbourhood)
    landmarks = selectors.landmarks_of(neighbourhood=neighbourhood)
    landmark = None if pk is None else get_object_or_404(landmarks, pk=pk)
    initial = {}
    if landmark is not None:
        initial = {name: getattr(landmark, name) for name in LandmarkForm.base_fields}
    form = LandmarkForm(request.POST or None, initial=initial)
    save = partial(
        services.save_landmark,
        by=request.user,
        neighbourhood=neighbourhood,
        landmark=landmark,
    )
    if saved(request, form, save, done=_("The landmark is saved.")):
        return redirect("manage_landmarks", slug=slug)
    return render(
        request,
        "exchanges/manage_landmarks.html",
        {
            "neighbourhood": neighbourhood,
            "can_coordinate": permissions.can(
                request.user, Capability.COORDINATE, neighbourhood
            ),
            "form": form,
            "landmark": landmark,
            "landmarks": landmarks,
        },
    )


@login_required
@require_POST
def manage_landmark_remove(request, slug, pk):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check(request.user, Capability.MODERATE, neighbourhood)
    landmark = get_object_or_404(
        selectors.landmarks_of(neighbourhood=neighbourhood), pk=pk
    )
    services.remove_landmark(by=request.user, landmark=landmark)
    messages.success(request, _("The landmark is removed."))
    return redirect("manage_landmarks", slug=slug)
