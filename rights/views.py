"""The member's pages about their data: take it, and leave for good."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .export import build_export


@login_required
def my_data(request):
    return render(request, "rights/my_data.html", {})


@login_required
@require_POST
def export_request(request):
    """A fresh signed link to the member's data, valid a few hours."""
    return redirect(
        "rights_export_download", token=services.export_token(user=request.user)
    )


@never_cache
@login_required
def export_download(request, token):
    """The ZIP, for the account the link names only, while the link is valid."""
    if services.user_of_export_token(token) != request.user.pk:
        raise PermissionDenied(
            _("This link has expired or is not yours. Ask for a new one.")
        )
    response = HttpResponse(
        build_export(user=request.user), content_type="application/zip"
    )
    filename = f"coupdemain-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
