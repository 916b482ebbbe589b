"""Setting up in the site: the operators' and coordinators' pages of an
organisation, creating its neighbourhoods, and accepting an invitation to
coordinate one."""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from community.navigation import add_service_errors

from .. import permissions, selectors, services
from ..forms import (
    CoordinatorCodeForm,
    CoordinatorInvitationForm,
    NeighbourhoodForm,
    OrganisationForm,
)
from ..models import Organisation


@login_required
def organisation_list(request):
    """The organisations the person runs; an operator also creates one here."""
    is_operator = permissions.is_operator(request.user)
    form = (
        OrganisationForm(request.POST or None, request.FILES or None)
        if is_operator
        else None
    )
    if request.method == "POST":
        permissions.check_operator(request.user)
        if form.is_valid():
            try:
                organisation = services.create_organisation(
                    operator=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is created. Now invite its first coordinator.")
                    % {"name": organisation.name},
                )
                return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request,
        "neighbourhoods/organisation_list.html",
        {
            "organisations": selectors.organisations_for(user=request.user),
            "form": form,
            "is_operator": is_operator,
        },
    )


def _invitation_link(request, invitation) -> str:
    """The link to send: on the site's configured address, as every e-mail."""
    path = reverse("coordinator_accept") + f"?code={invitation.code}"
    return settings.SITE_URL.rstrip("/") + path


@login_required
def organisation_detail(request, pk):
    """The organisation's details to edit, its neighbourhoods, its coordinators
    and the invitations to coordinate it."""
    organisation = selectors.organisation_for(user=request.user, pk=pk)
    saving = "save_organisation" in request.POST
    form = OrganisationForm(
        request.POST if saving else None,
        request.FILES if saving else None,
        instance=organisation,
    )
    invite_form = CoordinatorInvitationForm(
        request.POST if "invite" in request.POST else None
    )
    if request.method == "POST":
        try:
            if form.is_bound and form.is_valid():
                services.update_organisation(
                    coordinator=request.user,
                    organisation=organisation,
                    **{
                        name: form.cleaned_data[name]
                        for name in form.Meta.fields
                        if name != "logo" or name in form.changed_data
                    },
                )
                messages.success(request, _("The organisation is saved."))
                return redirect("organisation_detail", pk=pk)
            if invite_form.is_bound and invite_form.is_valid():
                invitation = services.invite_coordinator(
                    inviter=request.user,
                    organisation=organisation,
                    email=invite_form.cleaned_data["email"],
                    link=lambda invitation: _invitation_link(request, invitation),
                )
                messages.success(
                    request,
                    _("Invitation %(code)s is ready.")
                    % {"code": invitation.display_code},
                )
                return redirect("organisation_detail", pk=pk)
        except ValidationError as error:
            add_service_errors(invite_form if invite_form.is_bound else form, error)
    page = selectors.organisation_page(user=request.user, organisation=organisation)
    invitations = [
        (invitation, _invitation_link(request, invitation))
        for invitation in page.pop("invitations")
    ]
    return render(
        request,
        "neighbourhoods/organisation_detail.html",
        {
            "organisation": organisation,
            "form": form,
            "invite_form": invite_form,
            "invitations": invitations,
            **page,
        },
    )


@login_required
def neighbourhood_create(request, pk):
    organisation = selectors.organisation_for(user=request.user, pk=pk)
    permissions.check_create_neighbourhood(request.user, organisation)
    form = NeighbourhoodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            neighbourhood = services.create_neighbourhood(
                coordinator=request.user,
                organisation=organisation,
                name=data.pop("name"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is created. Write its charter to open it.")
                % {"name": neighbourhood.name},
            )
            return redirect("manage_home", slug=neighbourhood.slug)
    return render(
        request,
        "neighbourhoods/neighbourhood_create.html",
        {"organisation": organisation, "form": form},
    )


@login_required
def coordinator_accept(request):
    """Accept an invitation to coordinate an organisation: the link of the
    e-mail fills the code in; a printed code is typed."""
    source = request.POST if request.method == "POST" else request.GET
    form = CoordinatorCodeForm(source or None)
    invitation = None
    if form.is_valid():
        try:
            if request.method != "POST":
                invitation = services.coordinator_invitation_for_code(
                    form.cleaned_data["code"]
                )
            else:
                role = services.accept_coordinator_invitation(
                    user=request.user, code=form.cleaned_data["code"]
                )
                messages.success(
                    request,
                    _("You are now a coordinator of %(name)s.")
                    % {"name": role.organisation.name},
                )
                return redirect("organisation_detail", pk=role.organisation_id)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "neighbourhoods/coordinator_accept.html",
        {"form": form, "invitation": invitation},
    )


def organisation_logo(request, pk):
    """The organisation's logo: public, like its name and address."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if not organisation.logo:
        raise Http404
    content_type = mimetypes.guess_type(organisation.logo.name)[0]
    if content_type not in ("image/png", "image/jpeg", "image/webp"):
        raise Http404
    return FileResponse(organisation.logo.open("rb"), content_type=content_type)
