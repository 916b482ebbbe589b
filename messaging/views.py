from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def notification_list(request):
    return render(
        request,
        "messaging/notification_list.html",
        {"notifications": selectors.notifications_of(user=request.user)[:100]},
    )


@login_required
@require_POST
def notifications_read(request):
    services.mark_all_read(user=request.user)
    return redirect("notification_list")
