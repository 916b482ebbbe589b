"""What the marketplace's pages share: the listing or answer a member may
see (404 otherwise), and the buttons that post one service on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from community.navigation import safe_next_url

from .. import selectors
from ..models import Listing, Response


def visible_listing(request, pk) -> Listing:
    try:
        return selectors.listing_for(user=request.user, pk=pk)
    except Listing.DoesNotExist as error:
        raise Http404 from error


def visible_response(request, pk) -> Response:
    response = get_object_or_404(Response.objects.select_related("listing"), pk=pk)
    visible_listing(request, response.listing_id)  # 404 unless the listing is seen
    return response


def button(service, done: str, *, find, form=None):
    """The view of a button on a listing's page that posts one service.
    `find(request, pk)` gives the listing or the answer the button is about;
    the service gets it by its name (`listing=` or `response=`), the member
    as `user=`, and the fields of `form`, if any. The member is sent back to
    the listing's page (or to `next`, a page of this site: the conversation
    the button was on) with `done`, or with what was wrong."""

    @login_required
    @require_POST
    def view(request, pk):
        found = find(request, pk)
        listing = found.listing if isinstance(found, Response) else found
        filled = form(request.POST) if form is not None else None
        if filled is not None and not filled.is_valid():
            errors = [error for field in filled.errors.values() for error in field]
            messages.error(request, " ".join(errors))
            return redirect(safe_next_url(request, listing.get_absolute_url()))
        fields = filled.cleaned_data if filled is not None else {}
        try:
            service(user=request.user, **{found._meta.model_name: found}, **fields)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(safe_next_url(request, listing.get_absolute_url()))

    return view
