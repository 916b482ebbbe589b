"""What stands before every WebSocket: the origin check and the login.

Only the site's own pages may open one: the Origin header must name exactly
the site the socket connects to (host and port, as the Host header says) and
that host must be one of ALLOWED_HOSTS: a page served from another port of the
same machine is another site.

The login reads the page's session once, on connect, and keeps of it only what
a socket needs for its whole life: the member and the session's key. An open
page costs the server memory as long as it stays open, and a city keeps
thousands open (docs/performance.md, "Memory per idle socket")."""

from importlib import import_module
from urllib.parse import urlsplit

from channels.auth import get_user
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http import parse_cookie
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

    def __call__(self, scope, receive, send):
        # Not a coroutine of its own: it hands over the one of the application
        # it lets through, so that this frame is not kept for as long as the
        # socket stays open.
        if scope["type"] == "websocket" and not same_origin(scope):
            return WebsocketDenier()(scope, receive, send)
        return self.application(scope, receive, send)


def _session_cookie(scope) -> str | None:
    cookie = _header(scope, b"cookie")
    return parse_cookie(cookie).get(settings.SESSION_COOKIE_NAME) if cookie else None


class SessionLogin:
    """Sets scope["user"] (AnonymousUser when the page is not logged in) and
    scope["session_key"] (None without a session) from the page's session
    cookie, as Channels' AuthMiddlewareStack does, with the same checks
    (channels.auth.get_user: the backend, the user, the session's hash of the
    password); but the session itself, its data and the cookies are not kept
    in the scope for the socket's life."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        # The session is read in a call of its own: this frame lives as long
        # as the socket and keeps nothing of it.
        return await self.application(await _logged_in(scope), receive, send)


async def _logged_in(scope) -> dict:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    session = store(_session_cookie(scope))
    user = await get_user({"session": session})
    return {**scope, "user": user, "session_key": session.session_key}
