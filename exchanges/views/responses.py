"""The buttons of the answers to a listing: answer it, accept or decline an
answer, withdraw one's own, confirm the exchange is done, thank."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from messaging import services as messaging_services

from .. import services
from ..forms import ConfirmForm, ResponseForm, ThanksForm
from ._common import button, visible_listing, visible_response


@login_required
@require_POST
def listing_respond(request, pk):
    """ "I can help" / "I'm interested": the answer, and the conversation with
    the author opened with the helper's words as its first message, in one
    transaction; the helper lands in the conversation."""
    listing = visible_listing(request, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        errors = [error for field in form.errors.values() for error in field]
        messages.error(request, " ".join(errors))
        return redirect(listing)
    try:
        with transaction.atomic():
            response = services.respond(
                user=request.user, listing=listing, message=form.cleaned_data["message"]
            )
            conversation = messaging_services.start_with_message(
                user=request.user,
                other=listing.author,
                neighbourhood=listing.neighbourhood,
                listing=listing,
                text=response.message,
                client_id=uuid.uuid4(),
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(listing)
    messages.success(
        request, _("Your answer is sent. The author will tell you if it is agreed.")
    )
    return redirect(f"{conversation.get_absolute_url()}#latest")


response_accept = button(
    services.accept_response,
    _("Agreed! You can now arrange the meeting together."),
    find=visible_response,
)
response_decline = button(
    services.decline_response, _("The answer is declined."), find=visible_response
)
response_withdraw = button(
    services.withdraw_response, _("Your answer is withdrawn."), find=visible_response
)
response_done = button(
    services.confirm_done,
    _("Thank you: you confirmed it is done."),
    find=visible_response,
    form=ConfirmForm,
)
response_thanks = button(
    services.thank,
    _("Your thank-you is on their profile."),
    find=visible_response,
    form=ThanksForm,
)
