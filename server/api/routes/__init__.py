"""One router per resource; `server.api.app` includes them."""
