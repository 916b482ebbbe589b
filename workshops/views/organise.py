"""The organisers' and moderators' pages: propose or create a workshop, edit
it, give it sessions, cancel or move one, take the attendance; the
moderators' list of proposals and of members who often do not come."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.navigation import add_service_errors, checked_id
from neighbourhoods import permissions as neighbourhood_permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from .. import permissions, selectors, services
from ..forms import (
    AttendanceForm,
    CancelSessionForm,
    MoveSessionForm,
    SessionsForm,
    WorkshopForm,
)


@login_required
def workshop_create(request, slug):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    manager = permissions.may_manage(request.user, neighbourhood)
    if not manager:
        permissions.check_propose(request.user, neighbourhood)
    form = WorkshopForm(
        request.POST or None,
        neighbourhood=neighbourhood,
        proposer=request.user,
        initial={
            "level": "discovery",
            "audience": "everyone",
            "registration": "session",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.create_workshop(
                by=request.user, neighbourhood=neighbourhood, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if manager:
                messages.success(
                    request, _("The workshop is created: add its sessions.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "Your proposal is sent: a moderator will approve it. "
                        "Add its sessions."
                    ),
                )
            return redirect("workshop_edit", slug=slug, pk=workshop.pk)
    return render(
        request,
        "workshops/workshop_form.html",
        {"neighbourhood": neighbourhood, "form": form, "manager": manager},
    )


@login_required
def workshop_edit(request, slug, pk):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    workshop = selectors.workshop_for(
        user=request.user, neighbourhood=neighbourhood, pk=pk
    )
    permissions.check_run(request.user, workshop)
    initial = {
        name: getattr(workshop, name)
        for name in WorkshopForm.base_fields
        if name not in ("category", "place", "organisers")
    }
    initial.update(
        category=workshop.category_id,
        place=workshop.place_id,
        organisers=[
            person.pk
            for person in workshop.organisers.all()
            if person.pk != workshop.proposed_by_id
        ],
    )
    form = WorkshopForm(
        request.POST or None,
        neighbourhood=neighbourhood,
        proposer=workshop.proposed_by,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_workshop(
                by=request.user, workshop=workshop, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The workshop is saved."))
            return redirect(workshop)
    return render(
        request,
        "workshops/workshop_form.html",
        {
            "neighbourhood": neighbourhood,
            "workshop": workshop,
            "form": form,
            "sessions_form": SessionsForm(),
            "sessions": selectors.sessions_of(workshop=workshop, user=request.user),
        },
    )


@login_required
@require_POST
def sessions_add(request, slug, pk):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    workshop = selectors.workshop_for(
        user=request.user, neighbourhood=neighbourhood, pk=pk
    )
    form = SessionsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = services.add_sessions(
                by=request.user,
                workshop=workshop,
                starts=services.weekly(data["first_start"], data["count"]),
                duration=datetime.timedelta(minutes=data["minutes"]),
                capacity=data["capacity"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(count)s sessions added.") % {"count": len(made)}
            )
            return redirect("workshop_edit", slug=slug, pk=pk)
    permissions.check_run(request.user, workshop)
    return render(
        request,
        "workshops/workshop_form.html",
        {
            "neighbourhood": neighbourhood,
            "workshop": workshop,
            "form": WorkshopForm(
                neighbourhood=neighbourhood, proposer=workshop.proposed_by
            ),
            "sessions_form": form,
            "sessions": selectors.sessions_of(workshop=workshop, user=request.user),
        },
        status=400,
    )


@login_required
@require_POST
def workshop_decide(request, slug, pk):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    workshop = selectors.workshop_for(
        user=request.user, neighbourhood=neighbourhood, pk=pk
    )
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_workshop(
            moderator=request.user, workshop=workshop, approve=approve
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The workshop is approved.")
            if approve
            else _("The proposal is declined."),
        )
    return redirect("manage_workshops", slug=slug)


@login_required
@require_POST
def session_cancel(request, pk):
    session = selectors.session_for(user=request.user, pk=pk)
    form = CancelSessionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.cancel_session(by=request.user, session=session, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is cancelled; everyone is told."))
    return redirect(session.get_absolute_url())


@login_required
def session_move(request, pk):
    session = selectors.session_for(user=request.user, pk=pk)
    permissions.check_run(request.user, session.workshop)
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    form = MoveSessionForm(
        request.POST or None,
        initial={"starts_at": session.starts_at, "minutes": minutes},
    )
    if request.method == "POST" and form.is_valid():
        start = form.cleaned_data["starts_at"]
        try:
            services.move_session(
                by=request.user,
                session=session,
                starts_at=start,
                ends_at=start
                + datetime.timedelta(minutes=form.cleaned_data["minutes"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session is moved; everyone is told."))
            return redirect(session.get_absolute_url())
    return render(
        request, "workshops/session_move.html", {"session": session, "form": form}
    )


@login_required
def attendance(request, pk):
    session = selectors.session_for(user=request.user, pk=pk)
    sheet = selectors.attendance_sheet(user=request.user, session=session)
    candidates = selectors.walk_in_candidates(user=request.user, session=session)
    present = [str(r.user_id) for r in sheet if r.state == "attended"]
    if not session.attendance_taken_at:
        present = [str(r.user_id) for r in sheet]
    form = AttendanceForm(
        request.POST or None,
        sheet=sheet,
        candidates=candidates,
        initial={"present": present, "walk_ins": session.walk_ins},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {checked_id(pk) for pk in data["walk_in_members"]}
        try:
            services.take_attendance(
                by=request.user,
                session=session,
                present={checked_id(pk) for pk in data["present"]},
                walk_in_members=[u for u in candidates if u.pk in chosen],
                walk_ins=data["walk_ins"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect("attendance", pk=session.pk)
    return render(
        request,
        "workshops/attendance.html",
        {"session": session, "form": form, "sheet": sheet},
    )


@login_required
def manage_workshops(request, slug):
    """The moderators' page: proposals to decide, members who often do not
    come (staff only), and every workshop to run."""
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    proposals = selectors.proposals(user=request.user, neighbourhood=neighbourhood)
    return render(
        request,
        "workshops/manage_workshops.html",
        {
            "neighbourhood": neighbourhood,
            "proposals": proposals,
            "no_shows": selectors.frequent_no_shows(
                user=request.user, neighbourhood=neighbourhood
            ),
            "workshops": selectors.workshops_run_by(
                user=request.user, neighbourhood=neighbourhood
            ),
            "can_coordinate": neighbourhood_permissions.can(
                request.user, Capability.COORDINATE, neighbourhood
            ),
        },
    )
