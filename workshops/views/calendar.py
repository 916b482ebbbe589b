"""Calendar files: one session's, a member's private feed (at a secret
address they may change), a neighbourhood's feed for its members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neighbourhoods.models import Neighbourhood

from .. import ical, selectors, services

CALENDAR = "text/calendar; charset=utf-8"


def _ics(body: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR)
    if attachment:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def session_calendar(request, pk):
    session = selectors.session_for(user=request.user, pk=pk)
    return _ics(ical.session_ics(session), f"session-{pk}.ics", attachment=True)


def member_calendar(request, token):
    """Read by calendar applications, which do not log in: the secret in the
    address is the key."""
    user, registrations = selectors.calendar_registrations(token=token)
    name = _("My workshops") + f" · {user.display_name}"
    return _ics(ical.member_ics(name, registrations), "workshops.ics", attachment=False)


@login_required
def neighbourhood_calendar(request, slug):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    sessions, events = selectors.feed_of(user=request.user, neighbourhood=neighbourhood)
    return _ics(
        ical.neighbourhood_ics(neighbourhood, sessions, events),
        f"{slug}.ics",
        attachment=True,
    )


@login_required
@require_POST
def calendar_reset(request):
    services.reset_calendar_token(user=request.user)
    messages.success(
        request, _("Your calendar has a new address: the old one no longer works.")
    )
    return redirect("my_registrations")
