"""The pages a person sees of a neighbourhood: finding one, joining it (openly,
on approval or with the code of a card), its charter, its members, leaving it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.navigation import add_service_errors, checked_id, safe_next_url

from .. import permissions, selectors, services
from ..forms import CodeForm, JoinForm, SearchForm
from ..models import Membership
from ..permissions import Capability
from .base import neighbourhood_or_404, tell_outcome


def neighbourhood_list(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "neighbourhoods/neighbourhood_list.html",
        {
            "form": form,
            "query": query,
            "neighbourhoods": selectors.search_neighbourhoods(query=query),
        },
    )


def _detail_context(request, neighbourhood, *, join_form=None):
    membership = permissions.membership_of(request.user, neighbourhood)
    join_refusal = permissions.join_refusal(membership)
    gone = membership is not None and membership.status in (
        Membership.Status.LEFT,
        Membership.Status.DECLINED,
    )
    return {
        "neighbourhood": neighbourhood,
        "charter": selectors.current_charter(neighbourhood=neighbourhood),
        "membership": membership,
        "is_suspended": permissions.is_suspended(membership),
        "can_see": permissions.allows(membership, Capability.SEE),
        "can_moderate": permissions.allows(membership, Capability.MODERATE),
        "status_message": (
            join_refusal[0]
            if gone and join_refusal
            else permissions.refusal(membership, Capability.POST)
            if membership
            and not permissions.allows(membership, Capability.POST)
            and membership.status != Membership.Status.LEFT
            else ""
        ),
        "join_form": join_form or JoinForm(),
        "may_join": join_refusal is None,
    }


def neighbourhood_detail(request, slug):
    neighbourhood = neighbourhood_or_404(slug)
    return render(
        request,
        "neighbourhoods/neighbourhood_detail.html",
        _detail_context(request, neighbourhood),
    )


@login_required
@require_POST
def neighbourhood_join(request, slug):
    neighbourhood = neighbourhood_or_404(slug)
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            membership = services.join_neighbourhood(
                user=request.user,
                neighbourhood=neighbourhood,
                accept_charter=form.cleaned_data["accept_charter"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if membership.status == Membership.Status.PENDING:
                messages.success(
                    request,
                    _(
                        "Your request is sent. A moderator of %(name)s will answer "
                        "soon; you will see the answer on your page."
                    )
                    % {"name": neighbourhood.name},
                )
            else:
                messages.success(
                    request,
                    _("Welcome to %(name)s!") % {"name": neighbourhood.name},
                )
            return redirect(neighbourhood)
    return render(
        request,
        "neighbourhoods/neighbourhood_detail.html",
        _detail_context(request, neighbourhood, join_form=form),
        status=400,
    )


@login_required
def join_with_code(request):
    """Step one: type the code from the card. Step two: read the charter of the
    neighbourhood it opens, accept it and join."""
    source = request.POST if request.method == "POST" else request.GET
    form = CodeForm(source or None)
    invitation = None
    join_form = JoinForm(request.POST or None)
    if form.is_valid():
        try:
            invitation = services.invitation_for_code(form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
    if invitation is not None and request.method == "POST" and join_form.is_valid():
        try:
            services.join_neighbourhood(
                user=request.user,
                neighbourhood=invitation.neighbourhood,
                accept_charter=join_form.cleaned_data["accept_charter"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            add_service_errors(join_form, error)
        else:
            messages.success(
                request,
                _("Welcome to %(name)s!") % {"name": invitation.neighbourhood.name},
            )
            return redirect(invitation.neighbourhood)
    return render(
        request,
        "neighbourhoods/neighbourhood_join_code.html",
        {
            "form": form,
            "join_form": join_form,
            "invitation": invitation,
            "charter": invitation
            and selectors.current_charter(neighbourhood=invitation.neighbourhood),
        },
    )


@login_required
@require_POST
def neighbourhood_leave(request, slug):
    neighbourhood = neighbourhood_or_404(slug)
    tell_outcome(
        request,
        lambda: services.leave_neighbourhood(
            user=request.user, neighbourhood=neighbourhood
        ),
        _("You have left %(name)s.") % {"name": neighbourhood.name},
    )
    return redirect(neighbourhood)


@login_required
def charter_accept(request, slug):
    neighbourhood = neighbourhood_or_404(slug)
    if request.method == "POST":
        version = request.POST.get("version", "")
        accepted = tell_outcome(
            request,
            lambda: services.accept_charter(
                user=request.user,
                neighbourhood=neighbourhood,
                version=checked_id(version),
            ),
            _("Thank you: the charter is accepted."),
        )
        if not accepted:
            return redirect(request.get_full_path())
        return redirect(safe_next_url(request, neighbourhood.get_absolute_url()))
    return render(
        request,
        "neighbourhoods/charter_accept.html",
        {
            "neighbourhood": neighbourhood,
            "charter": selectors.current_charter(neighbourhood=neighbourhood),
            "next": safe_next_url(request, ""),
        },
    )


@login_required
def neighbourhood_members(request, slug):
    neighbourhood = neighbourhood_or_404(slug)
    members = selectors.members_of(viewer=request.user, neighbourhood=neighbourhood)
    can_coordinate = permissions.can(request.user, Capability.COORDINATE, neighbourhood)
    return render(
        request,
        "neighbourhoods/neighbourhood_members.html",
        {
            "neighbourhood": neighbourhood,
            "members": members,
            "can_coordinate": can_coordinate,
            "can_moderate": permissions.can(
                request.user, Capability.MODERATE, neighbourhood
            ),
            "role_choices": Membership.Role.choices,
        },
    )
