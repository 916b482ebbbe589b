"""Small pieces every app's views share: where to go back to, and how a
service's errors reach the form. (Refusals need nothing: a service's
NotAllowed is a PermissionDenied, which Django turns into templates/403.html
with the reason.)"""

from django.contrib import messages
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


def saved(request, form, save, *, done: str) -> bool:
    """A posted form, once valid, given to its service (`save`, called with
    the cleaned data): True when it is saved, and `done` is said to the
    person; False otherwise, the service's refusal shown beside the fields
    and nothing typed lost."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(**form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, done)
    return True


# The largest id a database column holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def checked_id(value) -> int | None:
    """A number typed in an address or a form, as an id: plain ASCII digits
    within what the database holds, else None. ("²".isdigit() is true and
    int("²") fails; a number too large for the database fails in the query.)"""
    value = getattr(value, "pk", value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value <= MAX_ID else None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if number <= MAX_ID else None
