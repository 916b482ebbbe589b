import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community.models import User
from exchanges import selectors as exchange_selectors
from exchanges.models import Listing
from mentoring import selectors as mentoring_selectors
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood

from . import selectors, services
from .forms import MessageForm, StartForm
from .models import Conversation

# Conversations


@login_required
def conversation_list(request):
    return render(
        request,
        "messaging/conversation_list.html",
        {"conversations": selectors.conversations_of(user=request.user)},
    )


@login_required
def conversation_detail(request, pk):
    """The history (newest page, older ones by a link) and a plain form that
    posts a message without JavaScript."""
    try:
        conversation = selectors.conversation_for(user=request.user, pk=pk)
    except Conversation.DoesNotExist as error:
        raise Http404 from error
    form = MessageForm(request.POST or None, initial={"client_id": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            services.send_message(
                user=request.user,
                conversation=conversation,
                text=form.cleaned_data["text"],
                client_id=form.cleaned_data["client_id"],
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            return redirect(f"{conversation.get_absolute_url()}#latest")
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        before = None
    page, has_older = selectors.messages_page(
        conversation=conversation, before=before, reader=request.user
    )
    if page and not before:
        services.mark_read(
            user=request.user, conversation=conversation, up_to=page[-1].pk
        )
    others = [
        p.user for p in conversation.participants.all() if p.user_id != request.user.pk
    ]
    return render(
        request,
        "messaging/conversation_detail.html",
        {
            "conversation": conversation,
            "messages_page": page,
            "has_older": has_older,
            "form": form,
            "others": others,
            # Two members of a mentoring pair talking: "I am uncomfortable"
            # is one link away, as on the pair's page.
            "mentoring_pairs": mentoring_selectors.pairs_with(
                user=request.user, others=others
            )
            if conversation.kind != "staff"
            else [],
            **_exchange_steps(request.user, conversation, others),
        },
    )


def _exchange_steps(user, conversation, others) -> dict:
    """The steps of the exchange this conversation is about (accept, done,
    thanks), taken here as on the listing's page: the answer that ties the two
    members over the listing, when the member may still see the listing."""
    if conversation.listing_id is None or len(others) != 1:
        return {}
    try:
        listing = exchange_selectors.listing_for(user=user, pk=conversation.listing_id)
    except Listing.DoesNotExist:
        return {}
    response = exchange_selectors.exchange_between(
        user=user, other=others[0], listing=listing
    )
    if response is None:
        return {}
    is_author = listing.author_id == user.pk
    author_refusal = None
    if is_author:
        try:
            permissions.check_standing(user, listing.neighbourhood)
        except permissions.NotAllowed as refusal:
            author_refusal = refusal.message
    return {
        "exchange": response,
        "listing": listing,
        "is_author": is_author,
        "author_refusal": author_refusal,
        "thanked": set(
            listing.responses.filter(
                pk=response.pk, thanks__from_user=user
            ).values_list("pk", flat=True)
        ),
    }


@login_required
@require_POST
def conversation_start(request):
    """Open (or find) the conversation with a member, about a listing or not."""
    form = StartForm(request.POST)
    if not form.is_valid():
        raise Http404
    other = get_object_or_404(User, pk=form.cleaned_data["user"])
    listing = None
    if form.cleaned_data.get("listing"):
        listing = get_object_or_404(Listing, pk=form.cleaned_data["listing"])
        neighbourhood = listing.neighbourhood
    else:
        neighbourhood = get_object_or_404(
            Neighbourhood, pk=form.cleaned_data.get("neighbourhood") or 0
        )
    try:
        conversation = services.start_conversation(
            user=request.user, other=other, neighbourhood=neighbourhood, listing=listing
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("conversation_list")
    return redirect(conversation)


@login_required
def staff_room(request, slug):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    room = services.staff_room(moderator=request.user, neighbourhood=neighbourhood)
    return redirect(room)
