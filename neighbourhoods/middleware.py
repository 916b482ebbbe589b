from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from community.middleware import ALWAYS_OPEN_PREFIXES

from . import selectors


def charter_acceptance_required(get_response):
    """When a neighbourhood publishes a new charter, its members are asked to
    accept it on their next visit, before anything else."""

    def middleware(request):
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(
                (*ALWAYS_OPEN_PREFIXES, "/accounts/", "/neighbourhoods/")
            )
        ):
            neighbourhood = selectors.charter_to_accept(user=user)
            if neighbourhood is not None:
                url = reverse("charter_accept", kwargs={"slug": neighbourhood.slug})
                return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return get_response(request)

    return middleware
