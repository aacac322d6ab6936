"""`server.access`: one line per request with method, path, status and milliseconds, also for a request that raised."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from server.api.access_log import AccessLog


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [r.fields for r in caplog.records if r.name == "server.access"]


def test_each_request_is_logged_once_with_its_status_and_duration(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", "server.access")
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/sync/pull").status_code == 401
    lines = _lines(caplog)
    assert [(f["method"], f["path"], f["status"]) for f in lines] == [
        ("GET", "/healthz", 200),
        ("GET", "/api/sync/pull", 401),
    ]
    assert all(isinstance(f["ms"], float) and f["ms"] >= 0 for f in lines)


def _call(app: AccessLog) -> list[dict]:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app({"type": "http", "method": "POST", "path": "/api/sync/push", "headers": []}, receive, send))
    return sent


def test_a_request_that_raised_is_logged_as_500_and_the_error_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", "server.access")

    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        _call(AccessLog(broken))
    assert [(f["path"], f["status"]) for f in _lines(caplog)] == [("/api/sync/push", 500)]


def test_a_streamed_answer_is_logged_once_at_its_start(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", "server.access")

    async def streaming(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 206, "headers": []})
        for last in (False, False, True):
            await send({"type": "http.response.body", "body": b"x", "more_body": not last})

    sent = _call(AccessLog(streaming))
    assert len(sent) == 4  # every message passed on
    assert [f["status"] for f in _lines(caplog)] == [206]
