"""The project: settings, root URLs and WebSocket routing; no domain."""
