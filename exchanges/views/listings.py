"""Pages of one listing: write it (for oneself, or for a resident at the
desk), read it, change it, close or renew it, and a moderator's hiding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.models import User
from community.navigation import add_service_errors, checked_id
from moderation import selectors as moderation_selectors
from moderation import services as moderation_services
from moderation.models import DECISION_REASON_MAX_LENGTH
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability, NotAllowed

from .. import selectors, services
from ..forms import ConfirmForm, ListingForm, ResponseForm, ThanksForm
from ..models import Listing, Response
from ._common import button, visible_listing


def _create(request, *, author: User, helped_by: User | None, neighbourhoods):
    """Write a listing: without JavaScript, a first press shows the similar
    listings (the preview step) and a second press publishes."""
    initial = {
        "kind": request.GET.get("kind", "request"),
        "title": request.GET.get("title", "")[:120],
        "place": "centre",
        "language": services.writers_language(author),
    }
    form = ListingForm(
        request.POST or None, initial=initial, neighbourhoods=neighbourhoods
    )
    similar = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        similar = selectors.similar_listings(
            user=author,
            neighbourhood=data["neighbourhood"],
            title=data["title"],
            tags=data["tags"],
            language=data["language"] or services.writers_language(author),
        )
        # "Continue" shows what will be published (and the similar listings)
        # first; "Publish" publishes.
        if "publish" in request.POST or not (similar or "preview" in request.POST):
            try:
                listing = services.create_listing(
                    author=author, helped_by=helped_by, **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if helped_by is None:
                    messages.success(request, _("Your listing is published."))
                else:
                    messages.success(
                        request,
                        _("The listing of %(name)s is published.")
                        % {"name": author.display_name},
                    )
                return redirect(listing)
    return render(
        request,
        "exchanges/listing_form.html",
        {
            "form": form,
            "similar": similar,
            "previewed": request.method == "POST" and form.is_valid(),
            "for_user": author if helped_by else None,
        },
    )


@login_required
def listing_create(request):
    neighbourhoods = permissions.neighbourhoods_allowing(
        request.user, Capability.POST
    ).order_by("name")
    if not neighbourhoods.exists():
        raise NotAllowed(
            _(
                "To post, join a neighbourhood first (and accept its charter "
                "if it changed)."
            )
        )
    return _create(
        request, author=request.user, helped_by=None, neighbourhoods=neighbourhoods
    )


@login_required
def listing_create_for(request, slug, user_id):
    """A moderator posts for a resident who is present and consented."""
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    resident = get_object_or_404(User, pk=user_id)
    permissions.check_act_for(request.user, resident, neighbourhood)
    return _create(
        request,
        author=resident,
        helped_by=request.user,
        neighbourhoods=Neighbourhood.objects.filter(pk=neighbourhood.pk),
    )


@login_required
def listing_similar(request):
    """The similar listings, as a fragment the page shows while one types."""
    neighbourhood = Neighbourhood.objects.filter(
        pk__in=permissions.neighbourhoods_allowing(request.user, Capability.SEE),
        pk=checked_id(request.GET.get("neighbourhood")) or 0,
    ).first()
    similar = []
    if neighbourhood is not None:
        similar = selectors.similar_listings(
            user=request.user,
            neighbourhood=neighbourhood,
            title=request.GET.get("title", "")[:120],
            tags=[t.strip() for t in request.GET.get("tags", "").split(",")][:15],
            # The language chosen on the form, or the writer's.
            language=request.GET.get("language", "")[:8]
            or services.writers_language(request.user),
        )
    return render(request, "exchanges/_similar.html", {"similar": similar})


@login_required
def listing_detail(request, pk):
    listing = visible_listing(request, pk)
    user = request.user
    # The member's standing in the listing's neighbourhood, read once for
    # every permission of the page (and read again at the next request).
    membership = permissions.membership_of(user, listing.neighbourhood)
    is_author = permissions.is_author(user, listing)
    # An author suspended, banned or gone acts on nothing, and is told why.
    author_refusal = permissions.standing_refusal_of(membership) if is_author else None
    responses = list(
        selectors.responses_shown(user=user, listing=listing, membership=membership)
    )
    own_response = next((r for r in responses if r.responder_id == user.pk), None)
    thanked = set(
        listing.responses.filter(thanks__from_user=user).values_list("pk", flat=True)
    )
    hidden_reason = (
        moderation_selectors.hiding_reason(listing=listing)
        if is_author and listing.hidden and not listing.held
        else ""
    )
    return render(
        request,
        "exchanges/listing_detail.html",
        {
            "listing": listing,
            "is_author": is_author,
            "author_refusal": author_refusal,
            "responses": responses,
            "own_response": own_response,
            "thanked": thanked,
            "hidden_reason": hidden_reason,
            "exchanged": [r for r in responses if r.status == Response.Status.ACCEPTED]
            if is_author
            else [],
            "can_respond": not is_author
            and own_response is None
            and listing.is_open
            and listing.author_in_standing
            and permissions.allows(membership, Capability.RESPOND),
            "author_away": listing.is_open and not listing.author_in_standing,
            "can_moderate": permissions.allows(membership, Capability.MODERATE),
            "reason_max_length": DECISION_REASON_MAX_LENGTH,
            "response_form": ResponseForm(),
            "confirm_form": ConfirmForm(),
            "thanks_form": ThanksForm(),
            "people": selectors.people_for_listing(listing=listing)
            if is_author
            and listing.is_open
            and not listing.hidden
            and not author_refusal
            else [],
            "counterparts": selectors.counterpart_listings(user=user, listing=listing)
            if listing.is_open and not listing.hidden
            else [],
        },
    )


@login_required
def listing_edit(request, pk):
    listing = visible_listing(request, pk)
    permissions.check_author(request.user, listing)
    initial = {
        "kind": listing.kind,
        "neighbourhood": listing.neighbourhood_id,
        "category": listing.category_id,
        "title": listing.title,
        "language": listing.language,
        "description": listing.description,
        "tags": listing.tag_names,
        "place": listing.place,
        "landmark": listing.landmark_id,
        "availability": listing.availability,
        "starts_on": listing.starts_on,
        "ends_on": listing.ends_on,
        "duration_minutes": listing.duration_minutes,
        "places": listing.places,
    }
    form = ListingForm(
        request.POST or None,
        initial=initial,
        neighbourhoods=Neighbourhood.objects.filter(pk=listing.neighbourhood_id),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("neighbourhood")
        if not data["language"]:
            data.pop("language")
        try:
            services.update_listing(user=request.user, listing=listing, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your listing is saved."))
            return redirect(listing)
    return render(
        request,
        "exchanges/listing_form.html",
        {"form": form, "listing": listing, "editing": True, "previewed": True},
    )


listing_cancel = button(
    services.cancel_listing,
    gettext_lazy("Your listing is closed."),
    find=visible_listing,
)
listing_renew = button(
    services.renew_listing,
    gettext_lazy("Your listing stays open for another period."),
    find=visible_listing,
)


@login_required
@require_POST
def listing_hide(request, pk):
    listing = get_object_or_404(Listing, pk=pk)
    hidden = request.POST.get("hidden") != "0"
    try:
        moderation_services.hide_listing(
            moderator=request.user,
            listing=listing,
            hidden=hidden,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(listing)
    if hidden:
        messages.success(request, _("The listing is hidden. Its author is told why."))
        return redirect("listing_list")
    messages.success(request, _("The listing is visible again."))
    return redirect(listing)
