from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community.models import User

from . import links, selectors, services
from .forms import PreferencesForm
from .models import Frequency, Notification


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
        request.POST or None,
        current=selectors.preferences_of(user=request.user),
        frequencies=selectors.frequencies_of(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            user=request.user,
            channels=form.channels(),
            frequencies=form.frequencies(),
        )
        messages.success(request, _("Your choices are saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/notification_settings.html",
        {"form": form, "failing": selectors.failing_address(user=request.user)},
    )


SUMMARY_LABELS = {
    Frequency.DAILY: gettext_lazy("the daily summary"),
    Frequency.WEEKLY: gettext_lazy("the weekly summary"),
}


# Mail programs send the one-click POST of RFC 8058 without any cookie or CSRF
# token: the signed token in the address is what proves the right to it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop one kind of e-mail from the link in it, without logging in: GET
    asks to confirm (a form), POST (the form, or a mail program's one click)
    stops that kind only."""
    try:
        user_id, kind = links.read_unsubscribe_token(token)
        user = User.objects.get(pk=user_id, is_active=True)
        label = (
            Notification.Kind(kind).label
            if kind in Notification.Kind.values
            else SUMMARY_LABELS[Frequency(kind)]
        )
    except (signing.BadSignature, User.DoesNotExist, ValueError, KeyError) as error:
        raise Http404 from error
    done = request.method == "POST"
    if done:
        services.unsubscribe(user=user, kind=kind)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": label, "done": done},
    )
