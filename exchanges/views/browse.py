"""Pages to find listings: browse and search, "for you", and the member's own
listings and answers."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from .. import selectors
from ..forms import SearchForm
from ..models import Category

PAGE_SIZE = 20


@login_required
def listing_list(request):
    places = selectors.neighbourhoods_for(user=request.user)
    form = SearchForm(request.GET or None, neighbourhoods=places)
    filters = form.cleaned_data if form.is_valid() else {}
    listings = selectors.search_listings(
        user=request.user,
        text=filters.get("q", ""),
        kind=filters.get("kind", ""),
        world=filters.get("world", ""),
        category=filters.get("category"),
        tag=filters.get("tag", ""),
        neighbourhood=filters.get("neighbourhood"),
        order=filters.get("order") or "relevance",
    )
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchanges/listing_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query.urlencode(),
            "text": filters.get("q", ""),
            "world": filters.get("world", ""),
            "worlds": Category.World.choices,
            "new_request_url": reverse("listing_create")
            + "?"
            + urlencode({"kind": "request", "title": filters.get("q", "")}),
        },
    )


@login_required
def for_you(request):
    return render(
        request,
        "exchanges/for_you.html",
        {"suggestions": selectors.for_you(user=request.user)},
    )


@login_required
def my_exchanges(request):
    return render(
        request,
        "exchanges/my_exchanges.html",
        {
            "listings": selectors.my_listings(user=request.user),
            "responses": selectors.my_responses(user=request.user),
        },
    )
