from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Pages a person must still reach while they are asked to do something first.
ALWAYS_OPEN_PREFIXES = (
    "/static/",
    "/healthz",
    "/language/",
    "/admin/",
    # The installed app's manifest, service worker and offline page.
    "/manifest.webmanifest",
    "/sw.js",
    "/offline/",
)


def password_change_required(get_response):
    """An account made at the desk has a one-time password: before anything
    else, its owner chooses their own."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (
                reverse("account_change_password"),
                reverse("account_logout"),
            )
            if request.path not in allowed and not request.path.startswith(
                ALWAYS_OPEN_PREFIXES
            ):
                messages.info(
                    request,
                    _(
                        "Welcome! Choose your own password now: the one on your "
                        "sheet works only once."
                    ),
                )
                return redirect("account_change_password")
        return get_response(request)

    return middleware
