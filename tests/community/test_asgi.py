import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import HttpCommunicator, WebsocketCommunicator
from django.conf import settings
from django.test import Client

from asgi import application
from community.models import User
from config.websocket import SessionLogin
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def test_websocket_from_another_site_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/", headers=[(b"origin", b"https://elsewhere.example")]
    )
    connected, _subprotocol = await communicator.connect()
    assert connected is False
    await communicator.disconnect()


async def test_websocket_without_an_origin_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/")
    connected, _subprotocol = await communicator.connect()
    assert connected is False
    await communicator.disconnect()


async def test_http_goes_to_django_through_the_asgi_application():
    communicator = HttpCommunicator(
        application, "GET", "/", headers=[(b"host", b"testserver")]
    )
    response = await communicator.get_response()
    assert response["status"] == 200
    assert b'<main id="content"' in response["body"]


# The login of a socket (config.websocket.SessionLogin)


def _scope_of_a_page(cookie: str | None = None) -> dict:
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    return {"type": "websocket", "path": "/ws/", "headers": headers}


async def _scope_seen_inside(cookie: str | None) -> dict:
    seen = {}

    async def inner(scope, receive, send):
        seen.update(scope)

    await SessionLogin(inner)(_scope_of_a_page(cookie), None, None)
    return seen


def _cookie_of(user) -> tuple[str, str]:
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={key}; autre=valeur", key


async def test_a_socket_keeps_the_member_and_the_session_s_key_not_the_session():
    member = await database_sync_to_async(ProfileFactory)()
    cookie, key = await sync_to_async(_cookie_of)(member.user)
    scope = await _scope_seen_inside(cookie)
    assert scope["user"] == member.user
    assert scope["session_key"] == key
    # Neither the session (its data, its store) nor the cookies stay in memory
    # for as long as the page is open.
    assert "session" not in scope
    assert "cookies" not in scope
    assert scope["headers"] == _scope_of_a_page(cookie)["headers"]


@pytest.mark.parametrize(
    "cookie",
    [None, "autre=valeur", f"{settings.SESSION_COOKIE_NAME}=n1mporte9uoi4xyz"],
)
async def test_without_a_session_a_socket_has_nobody(cookie):
    scope = await _scope_seen_inside(cookie)
    assert scope["user"].is_anonymous
    assert scope["session_key"] is None


async def test_a_session_of_an_account_no_longer_active_has_nobody():
    member = await database_sync_to_async(ProfileFactory)()
    cookie, _key = await sync_to_async(_cookie_of)(member.user)
    await database_sync_to_async(User.objects.filter(pk=member.user.pk).update)(
        is_active=False
    )
    scope = await _scope_seen_inside(cookie)
    assert scope["user"].is_anonymous


async def test_a_page_not_logged_in_is_refused_by_the_chat():
    communicator = WebsocketCommunicator(
        application, "/ws/", headers=_scope_of_a_page("autre=valeur")["headers"]
    )
    connected, code = await communicator.connect()
    assert (connected, code) == (False, 4401)
    await communicator.disconnect()
