"""What a public site sends with every page, and who the client is behind the
reverse proxy. Settings are in config/settings.py and docs/operations.md."""

import ipaddress
import logging

from django.conf import settings
from django.utils.cache import patch_cache_control


def member_pages_private(get_response):
    """A member's pages stay out of every cache: a shared computer in the
    centre's free-access room must not show the next person what the last one
    read."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def permissions_policy(get_response):
    """The browser features no page of the site uses are switched off."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the person, for the limits keyed on it. Behind the
    documented reverse proxy every request comes from the proxy: the
    address it adds to X-Forwarded-For is believed, and only when the request
    does come from a trusted proxy (TRUSTED_PROXIES), counting
    TRUSTED_PROXY_COUNT proxies from the right. Anything else in the header
    (what the client wrote there itself) changes nothing."""
    peer = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    peer_address = _address(peer)
    trusted = peer_address is not None and any(
        peer_address in network for network in settings.TRUSTED_PROXIES
    )
    forwarded = request.headers.get("x-forwarded-for", "")
    if count > 0 and trusted and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            address = _address(hops[-count])
            if address is not None:
                return str(address)
    return str(peer_address) if peer_address is not None else peer


class RefusalsInOneLine(logging.Filter):
    """A refused or missing page is logged as one line, not a traceback: a
    probe of the site otherwise fills the logs with thousands of them."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status in (403, 404) and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
