from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import PreferencesForm


@login_required
def notification_list(request):
    return render(
        request,
        "notifications/notification_list.html",
        {"notifications": selectors.notifications_of(user=request.user)[:100]},
    )


@login_required
@require_POST
def notifications_read(request):
    services.mark_all_read(user=request.user)
    return redirect("notification_list")


@login_required
def notification_settings(request):
    form = PreferencesForm(
        request.POST or None, current=selectors.preferences_of(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, channels=form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/notification_settings.html",
        {"form": form, "failing": selectors.failing_address(user=request.user)},
    )
