"""Every app's WebSocket routes, gathered for asgi.py.

Apps with sockets add their `websocket_urlpatterns` here as their issues land.
"""

websocket_urlpatterns: list = []
