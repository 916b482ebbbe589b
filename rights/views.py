"""The member's pages about their data: take it, and leave for good."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.models import User
from community.navigation import add_service_errors
from neighbourhoods import permissions
from neighbourhoods.models import Membership, Neighbourhood
from neighbourhoods.permissions import Capability

from . import services
from .forms import DeleteAccountForm, DeskDeletionForm


@login_required
def my_data(request):
    """Take my data, and leave for good (confirmed by the password)."""
    form = DeleteAccountForm(request.POST or None)
    export = services.latest_export(user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            deletion = services.request_deletion(
                user=request.user, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            return render(
                request, "rights/deletion_requested.html", {"deletion": deletion}
            )
    return render(
        request,
        "rights/my_data.html",
        {
            "form": form,
            "grace_days": settings.ACCOUNT_DELETION_GRACE_DAYS,
            "link_hours": settings.DATA_EXPORT_LINK_HOURS,
            "export": export,
            "export_token": services.export_token(export=export)
            if export is not None and export.ready_at
            else "",
            "export_until": export.ready_at
            + datetime.timedelta(hours=settings.DATA_EXPORT_LINK_HOURS)
            if export is not None and export.ready_at
            else None,
            "has_password": request.user.has_usable_password(),
        },
    )


@login_required
def desk_deletion(request, slug, user_id):
    """At the desk: a moderator asks for the deletion of the account of a
    resident who is present and gave their consent."""
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check(request.user, Capability.MODERATE, neighbourhood)
    resident = get_object_or_404(
        User,
        pk=user_id,
        memberships__neighbourhood=neighbourhood,
        memberships__status__in=[Membership.Status.ACTIVE, Membership.Status.SUSPENDED],
    )
    permissions.check_act_for(request.user, resident, neighbourhood)
    form = DeskDeletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deletion = services.request_deletion_at_desk(
            helper=request.user, resident=resident, neighbourhood=neighbourhood
        )
        messages.success(
            request,
            _(
                "The account of %(name)s will be erased after %(date)s, unless "
                "they log in before."
            )
            % {
                "name": resident.display_name,
                "date": formats.date_format(
                    timezone.localtime(deletion.erase_after), "DATE_FORMAT"
                ),
            },
        )
        return redirect("manage_resident", slug=slug, user_id=user_id)
    return render(
        request,
        "rights/desk_deletion.html",
        {"neighbourhood": neighbourhood, "resident": resident, "form": form},
    )


@login_required
@require_POST
def export_request(request):
    """The member asks for their data: built in the task queue, the page says
    so and shows the link when it is ready."""
    services.request_export(user=request.user)
    messages.success(
        request,
        _(
            "Your file is being prepared. It appears on this page when it is "
            "ready, usually within a few minutes, and we send you an e-mail."
        ),
    )
    return redirect("rights_my_data")


@never_cache
@login_required
def export_download(request, token):
    """The ZIP, for the account the link names only, while the link is valid."""
    export = services.export_of_token(token, user=request.user)
    if export is None:
        raise PermissionDenied(
            _("This link has expired or is not yours. Ask for a new one.")
        )
    response = HttpResponse(bytes(export.content), content_type="application/zip")
    filename = f"coupdemain-{timezone.localdate(export.ready_at):%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
