"""The moderators' and coordinators' pages for members: requests to join and
their answer, roles, and the coordinators' edits of the neighbourhood and its
charter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.navigation import add_service_errors

from .. import permissions, selectors, services
from ..forms import CharterForm, DecisionForm, NeighbourhoodForm, RoleForm
from ..models import Membership
from ..permissions import Capability
from .base import manage_context, moderated, neighbourhood_or_404, tell_outcome


@login_required
def manage_home(request, slug):
    neighbourhood = moderated(request, slug)
    pending = selectors.pending_requests(
        moderator=request.user, neighbourhood=neighbourhood
    )
    checklist = selectors.setup_checklist(
        user=request.user, neighbourhood=neighbourhood
    )
    return render(
        request,
        "neighbourhoods/manage_home.html",
        manage_context(
            request,
            neighbourhood,
            pending=pending,
            decision_form=DecisionForm(),
            checklist=checklist,
        ),
    )


def _membership(slug, membership_id) -> Membership:
    return get_object_or_404(
        Membership, pk=membership_id, neighbourhood=neighbourhood_or_404(slug)
    )


@login_required
@require_POST
def manage_decide(request, slug, membership_id):
    membership = _membership(slug, membership_id)
    form = DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["message"]))
        return redirect("manage_home", slug=slug)
    tell_outcome(
        request,
        lambda: services.decide_request(
            moderator=request.user,
            membership=membership,
            approve=approve,
            message=form.cleaned_data["message"],
        ),
        (
            _("%(name)s is now a member.")
            if approve
            else _("%(name)s's request is declined.")
        )
        % {"name": membership.user.display_name},
    )
    return redirect("manage_home", slug=slug)


@login_required
@require_POST
def manage_role(request, slug, membership_id):
    membership = _membership(slug, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        tell_outcome(
            request,
            lambda: services.change_role(
                coordinator=request.user, membership=membership, role=role
            ),
            _("%(name)s is now: %(role)s.")
            % {
                "name": membership.user.display_name,
                "role": Membership.Role(role).label,
            },
        )
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("neighbourhood_members", slug=slug)


@login_required
def manage_edit(request, slug):
    neighbourhood = neighbourhood_or_404(slug)
    permissions.check(request.user, Capability.COORDINATE, neighbourhood)
    charter = selectors.current_charter(neighbourhood=neighbourhood)
    form = NeighbourhoodForm(
        request.POST if "save_neighbourhood" in request.POST else None,
        initial=NeighbourhoodForm.initial_from(neighbourhood),
    )
    charter_form = CharterForm(
        request.POST if "publish_charter" in request.POST else None,
        initial={"text": charter.text if charter else ""},
    )
    if request.method == "POST":
        try:
            if form.is_bound and form.is_valid():
                services.update_neighbourhood(
                    coordinator=request.user,
                    neighbourhood=neighbourhood,
                    **form.cleaned_data,
                )
                messages.success(request, _("The neighbourhood is saved."))
                return redirect("manage_edit", slug=slug)
            if charter_form.is_bound and charter_form.is_valid():
                new = services.publish_charter(
                    coordinator=request.user,
                    neighbourhood=neighbourhood,
                    text=charter_form.cleaned_data["text"],
                )
                messages.success(
                    request,
                    _(
                        "Version %(version)d of the charter is published. Members "
                        "will be asked to accept it on their next visit."
                    )
                    % {"version": new.version},
                )
                return redirect("manage_edit", slug=slug)
        except ValidationError as error:
            add_service_errors(charter_form if charter_form.is_bound else form, error)
    return render(
        request,
        "neighbourhoods/manage_edit.html",
        manage_context(
            request,
            neighbourhood,
            form=form,
            charter_form=charter_form,
            charter=charter,
        ),
    )
