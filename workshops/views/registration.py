"""A workshop's page and its buttons: register, cancel or give a seat on,
confirm an offered seat, say how it was."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.navigation import checked_id
from neighbourhoods.models import Neighbourhood

from .. import permissions, selectors, services
from ..forms import CancelSessionForm, SatisfactionForm
from ..models import Registration


@login_required
def workshop_detail(request, slug, pk):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    workshop = selectors.workshop_for(
        user=request.user, neighbourhood=neighbourhood, pk=pk
    )
    sessions = selectors.sessions_of(workshop=workshop, user=request.user)
    for session in sessions:
        mine = session.mine
        if mine is not None and mine.state == Registration.State.WAITING:
            session.position = selectors.waiting_position(mine)
    may_run = permissions.may_run(request.user, workshop)
    now = timezone.now()
    # A series is registered for from its next session (for all that remain).
    upcoming = [s for s in sessions if s.starts_at > now and s.cancelled_at is None]
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "neighbourhood": neighbourhood,
            "workshop": workshop,
            "sessions": sessions,
            "may_register": permissions.may_register(request.user, neighbourhood),
            "may_run": may_run,
            "may_manage": permissions.may_manage(request.user, neighbourhood),
            "summary": (
                selectors.satisfaction_summary(user=request.user, workshop=workshop)
                if may_run
                else None
            ),
            "satisfaction_form": SatisfactionForm(),
            "cancel_form": CancelSessionForm(),
            "now": now,
            "series_opening": upcoming[0].pk if upcoming else None,
            "desk_residents": selectors.desk_residents(
                user=request.user, neighbourhood=neighbourhood
            ),
        },
    )


def _session_button(service, done):
    @login_required
    @require_POST
    def view(request, pk):
        session = selectors.session_for(user=request.user, pk=pk)
        try:
            service(user=request.user, session=session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(session.get_absolute_url())

    return view


@login_required
@require_POST
def registration_create(request, pk):
    session = selectors.session_for(user=request.user, pk=pk)
    try:
        registration = services.register(user=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.state == Registration.State.WAITING:
            messages.info(
                request, _("The session is full: you are on the waiting list.")
            )
        else:
            messages.success(request, _("You are registered."))
    return redirect(session.get_absolute_url())


registration_cancel = _session_button(
    services.cancel_registration, gettext_lazy("Your registration is cancelled.")
)
registration_confirm = _session_button(
    services.confirm_offer, gettext_lazy("The seat is yours: see you there.")
)


@login_required
@require_POST
def satisfaction(request, pk):
    session = selectors.session_for(user=request.user, pk=pk)
    form = SatisfactionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a face."))
    else:
        try:
            services.answer_satisfaction(
                user=request.user, session=session, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your answer."))
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def registration_for(request, pk):
    """At the desk: a moderator registers a present resident who consented."""
    session = selectors.session_for(user=request.user, pk=pk)
    neighbourhood = session.workshop.neighbourhood
    residents = {
        resident.pk: resident
        for resident in selectors.desk_residents(
            user=request.user, neighbourhood=neighbourhood
        )
    }
    resident = residents.get(checked_id(request.POST.get("resident")))
    if resident is None:
        messages.error(request, _("Choose a resident who gave their consent."))
        return redirect(session.get_absolute_url())
    try:
        registration = services.register(
            user=resident, session=session, helped_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s: %(state)s.")
            % {
                "name": resident.display_name,
                "state": registration.get_state_display(),
            },
        )
    return redirect(session.get_absolute_url())
