"""Every app's WebSocket routes, gathered for asgi.py."""

from messaging.routing import websocket_urlpatterns as messaging_routes

websocket_urlpatterns = [*messaging_routes]
