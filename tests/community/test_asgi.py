import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator

from asgi import application

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
