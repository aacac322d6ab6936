"""A cap on request bodies (JSON and forms; blob chunks have their own limit), checked before anything is parsed.

Without it a client could send a body of any size and the server would read it whole into memory. A declared
`Content-Length` over the cap is refused at once; a chunked body is read up to the cap and refused when it goes over.
Either way the answer is 413 `request_too_large` and nothing is changed.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.errors import error_response

_METHODS = frozenset({"POST", "PUT", "PATCH"})
BLOB_PREFIX = "/api/blobs/"  # chunks stream to storage under the blob size limit (routes/blobs.py)


class BodyLimit:
    """`larger`: path prefix -> a higher cap for that route (the imports take a district's whole export file)."""

    def __init__(self, app: ASGIApp, limit: int, larger: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _METHODS or scope["path"].startswith(BLOB_PREFIX):
            await self.app(scope, receive, send)
            return
        limit = next((cap for prefix, cap in self.larger.items() if scope["path"].startswith(prefix)), self.limit)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, receive, send, limit)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # nobody is listening
            body += message.get("body", b"")
            if len(body) > limit:
                await self._refuse(scope, receive, send, limit)
                return
            if not message.get("more_body"):
                break
        replay: list[Message] = [{"type": "http.request", "body": bytes(body), "more_body": False}]

        async def receive_again() -> Message:
            return replay.pop() if replay else await receive()

        await self.app(scope, receive_again, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        message = f"请求过大（上限 {limit} 字节） / the request is too large (limit {limit} bytes)"
        await error_response(413, "request_too_large", message)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
