"""The moderators' pages for the places of a neighbourhood and the events of
its agenda."""

import datetime
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.navigation import add_service_errors, saved
from neighbourhoods.models import Neighbourhood

from .. import permissions, services
from ..forms import EventForm, PlaceForm
from ..models import Place


@login_required
def place_edit(request, slug, pk=None):
    """Add a place (no pk) or change one."""
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check_manage(request.user, neighbourhood)
    place = None
    if pk is not None:
        place = get_object_or_404(Place, neighbourhood=neighbourhood, pk=pk)
    initial = {}
    if place is not None:
        initial = {name: getattr(place, name) for name in PlaceForm.base_fields}
    form = PlaceForm(request.POST or None, initial=initial)
    save = partial(
        services.save_place, by=request.user, neighbourhood=neighbourhood, place=place
    )
    if saved(request, form, save, done=_("The place is saved.")):
        return redirect("place_list", slug=slug)
    return render(
        request,
        "workshops/place_form.html",
        {"neighbourhood": neighbourhood, "form": form, "place": place},
    )


@login_required
def event_create(request, slug):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check_manage(request.user, neighbourhood)
    form = EventForm(request.POST or None, neighbourhood=neighbourhood)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start = data["starts_at"]
        try:
            services.save_event(
                by=request.user,
                neighbourhood=neighbourhood,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                place=data["place"],
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=data["minutes"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is on the agenda."))
            week = timezone.localdate(start).isoformat()
            return redirect(f"{reverse('agenda', args=[slug])}?week={week}")
    return render(
        request,
        "workshops/event_form.html",
        {"neighbourhood": neighbourhood, "form": form},
    )
