"""The buttons of the answers to a listing: answer it, accept or decline an
answer, withdraw one's own, confirm the exchange is done, thank."""

from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import ConfirmForm, ResponseForm, ThanksForm
from ._common import button, visible_listing, visible_response

listing_respond = button(
    services.respond,
    _("Your answer is sent. The author will tell you if it is agreed."),
    find=visible_listing,
    form=ResponseForm,
)
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
