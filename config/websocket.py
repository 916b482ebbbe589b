"""The origin check of every WebSocket: only the site's own pages may open one.

The Origin header must name exactly the site the socket connects to (host and
port, as the Host header says) and that host must be one of ALLOWED_HOSTS: a
page served from another port of the same machine is another site."""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            try:
                return value.decode("latin1")
            except UnicodeDecodeError:
                return None
    return None


def _default_port(scheme: str) -> str:
    return "443" if scheme in ("https", "wss") else "80"


def same_origin(scope) -> bool:
    origin, host = _header(scope, b"origin"), _header(scope, b"host")
    if not origin or not host:
        return False
    try:
        parsed = urlsplit(origin)
        origin_host, origin_port = parsed.hostname, parsed.port
    except ValueError:
        return False
    if parsed.scheme not in ("http", "https") or not origin_host:
        return False
    domain, port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    origin_port = str(origin_port or _default_port(parsed.scheme))
    socket_port = port or _default_port("https" if origin_port == "443" else "http")
    return origin_host.lower() == domain.strip("[]").lower() and (
        origin_port == socket_port
    )


class SameOriginValidator:
    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not same_origin(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
