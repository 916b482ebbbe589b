"""The week's agenda, a member's registrations, and the places."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from exchanges import selectors as exchange_selectors
from neighbourhoods.models import Neighbourhood

from .. import permissions, selectors, services
from ..forms import AgendaFilterForm


@login_required
def agenda(request, slug):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    form = AgendaFilterForm(request.GET or None, neighbourhood=neighbourhood)
    chosen = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    start = selectors.week_start(chosen.get("week") or today)
    filters = {
        "category": chosen["category"].pk if chosen.get("category") else None,
        "level": chosen.get("level") or "",
        "audience": chosen.get("audience") or "",
    }
    week = selectors.agenda(
        user=request.user, neighbourhood=neighbourhood, start=start, **filters
    )
    query = request.GET.copy()
    query.pop("week", None)
    return render(
        request,
        "workshops/agenda.html",
        {
            "neighbourhood": neighbourhood,
            "agenda": week,
            "form": form,
            "previous_week": start - datetime.timedelta(days=7),
            "next_week": start + datetime.timedelta(days=7),
            "filters": query.urlencode(),
            "may_propose": permissions.may_register(request.user, neighbourhood),
            "may_manage": permissions.may_manage(request.user, neighbourhood),
        },
    )


@login_required
def my_registrations(request):
    feed = services.calendar_feed_of(user=request.user)
    return render(
        request,
        "workshops/my_registrations.html",
        {
            "registrations": selectors.my_registrations(user=request.user),
            "feed": feed,
        },
    )


@login_required
def place_list(request, slug):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    places = list(selectors.places_of(user=request.user, neighbourhood=neighbourhood))
    # Where the listings are, roughly: at the street or landmark they name,
    # only those the viewer may see.
    landmarks = [
        landmark
        for landmark in exchange_selectors.landmarks_with_listings(
            user=request.user, neighbourhood=neighbourhood
        )
        if landmark.open_listings
    ]
    return render(
        request,
        "workshops/place_list.html",
        {
            "neighbourhood": neighbourhood,
            "places": places,
            "landmarks": landmarks,
            "may_manage": permissions.may_manage(request.user, neighbourhood),
            # The map only with a tile server set and something to put on it.
            "tiles": settings.MAP_TILES_URL
            if any(item.on_map for item in [*places, *landmarks])
            else "",
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        },
    )
