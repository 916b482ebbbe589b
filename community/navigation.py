"""Small pieces every app's views share: where to go back to, and how a
service's errors reach the form. (Refusals need nothing: a service's
NotAllowed is a PermissionDenied, which Django turns into templates/403.html
with the reason.)"""

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, fallback: str) -> str:
    """The `next` the page asked for, if it stays on this site; else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's errors next to the fields they are about, the rest on
    top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
