"""Invitation codes: the moderators' list, making and withdrawing a code, and
the card to print with its QR code."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.navigation import add_service_errors

from .. import selectors, services
from ..forms import InvitationCodeForm
from ..models import InvitationCode
from .base import manage_context, moderated, neighbourhood_or_404


@login_required
def manage_codes(request, slug):
    neighbourhood = moderated(request, slug)
    form = InvitationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.create_invitation_code(
                moderator=request.user, neighbourhood=neighbourhood, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Code %(code)s created. Print its card below.")
                % {"code": invitation.display_code},
            )
            return redirect("manage_code_card", slug=slug, code_id=invitation.pk)
    return render(
        request,
        "neighbourhoods/manage_codes.html",
        manage_context(
            request,
            neighbourhood,
            form=form,
            codes=selectors.invitation_codes_of(
                moderator=request.user, neighbourhood=neighbourhood
            ),
        ),
    )


@login_required
@require_POST
def manage_code_revoke(request, slug, code_id):
    neighbourhood = neighbourhood_or_404(slug)
    invitation = get_object_or_404(
        InvitationCode, pk=code_id, neighbourhood=neighbourhood
    )
    services.revoke_invitation_code(moderator=request.user, invitation=invitation)
    messages.success(
        request, _("Code %(code)s withdrawn.") % {"code": invitation.display_code}
    )
    return redirect("manage_codes", slug=slug)


@login_required
def manage_code_card(request, slug, code_id):
    """A card to print and hand out: the neighbourhood, the code, the site's
    address and a QR code that opens the join page with the code filled in."""
    neighbourhood = moderated(request, slug)
    invitation = get_object_or_404(
        InvitationCode, pk=code_id, neighbourhood=neighbourhood
    )
    join_url = request.build_absolute_uri(
        f"{reverse('join_with_code')}?{urlencode({'code': invitation.code})}"
    )
    qr = segno.make(join_url, error="m")
    return render(
        request,
        "neighbourhoods/code_card.html",
        {
            "neighbourhood": neighbourhood,
            "invitation": invitation,
            "site_url": request.build_absolute_uri("/"),
            "join_url": join_url,
            "qr_svg": mark_safe(  # noqa: S308 - segno's own SVG, no user input in markup
                qr.svg_inline(scale=5, title=_("QR code to join"), border=2)
            ),
        },
    )
