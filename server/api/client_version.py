"""Outdated desktop clients are told to update (426 `client_outdated`) instead of failing in odd ways.

The client sends its version in `X-Client-Version` on every request; `FI_MIN_CLIENT_VERSION` is the oldest release
this server accepts (unset: any). Requests without the header (the public page, browsers, tools) are not judged.
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version
from starlette.types import ASGIApp, Receive, Scope, Send

from server.api.errors import error_response

HEADER = b"x-client-version"


class ClientVersionGate:
    def __init__(self, app: ASGIApp, minimum: str | None) -> None:
        self.app = app
        self.minimum = Version(minimum) if minimum else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        sent = dict(scope["headers"]).get(HEADER) if scope["type"] == "http" and self.minimum else None
        if sent is not None and _older(sent.decode("latin-1"), self.minimum):
            shown = sent.decode("latin-1")[:40]  # said back, never at any length
            message = (
                f"客户端版本过旧（{shown}），请更新到 {self.minimum} 或更高版本后再同步 / "
                f"this client ({shown}) is outdated: update to {self.minimum} or later to sync"
            )
            await error_response(426, "client_outdated", message)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _older(sent: str, minimum: Version | None) -> bool:
    try:
        return minimum is not None and Version(sent) < minimum
    except InvalidVersion:
        return True  # not a version we ever shipped
