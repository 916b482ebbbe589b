from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community.models import User

from . import links, push, selectors, services
from .forms import PreferencesForm, PushSubscriptionForm
from .models import Frequency, Notification, PushSubscription


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
    pushing = push.enabled()
    form = PreferencesForm(
        request.POST or None,
        current=selectors.preferences_of(user=request.user),
        frequencies=selectors.frequencies_of(user=request.user),
        pushes=selectors.pushes_of(user=request.user) if pushing else None,
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            user=request.user,
            channels=form.channels(),
            frequencies=form.frequencies(),
            pushes=form.pushes(),
        )
        messages.success(request, _("Your choices are saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/notification_settings.html",
        {
            "form": form,
            "failing": selectors.failing_address(user=request.user),
            "pushing": pushing,
            "push_key": push.public_key() if pushing else "",
            "devices": selectors.push_subscriptions_of(user=request.user),
        },
    )


@login_required
@require_POST
def push_subscribe(request):
    """The settings page's script posts the subscription its browser made
    (CSRF-protected like every form); answered in JSON."""
    form = PushSubscriptionForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("This subscription is not valid.")}, status=400)
    try:
        services.turn_push_on(
            user=request.user,
            user_agent=request.headers.get("user-agent", ""),
            **form.cleaned_data,
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    messages.success(request, _("Push notifications are on for this device."))
    return JsonResponse({"ok": True}, status=201)


@login_required
@require_POST
def push_unsubscribe(request, pk):
    """No more pushes to one of the member's devices (a form)."""
    try:
        services.turn_push_off(user=request.user, device_id=pk)
    except PushSubscription.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("Push notifications are off for that device."))
    return redirect("notification_settings")


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
