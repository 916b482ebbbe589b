"""Opening a page's socket in a test, through the routed application that
asgi.py serves, as a member logged in with a real session cookie."""

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from asgi import application


def _session_cookie(user) -> bytes:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


async def _connect(user):
    communicator = await _connect_raw(user)
    # Every page first hears its member's unread counts.
    counts = await communicator.receive_json_from()
    assert counts["type"] == "unread"
    return communicator


async def _connect_raw(user):
    cookie = await database_sync_to_async(_session_cookie)(user)
    communicator = WebsocketCommunicator(
        application,
        "/ws/",
        headers=[
            (b"origin", b"http://localhost"),
            (b"host", b"localhost"),
            (b"cookie", cookie),
        ],
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator
