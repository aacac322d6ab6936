"""The client-version gate refuses older, malformed and oversized versions with 426 in words; newer ones and
requests without the header (the public page, browsers) pass."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from server.api.client_version import ClientVersionGate


@pytest.fixture
def client() -> TestClient:
    inner = Starlette(routes=[Route("/", lambda _request: PlainTextResponse("ok"))])
    return TestClient(ClientVersionGate(inner, minimum="1.2"))


@pytest.mark.parametrize("sent", ["1.1.9", "0.1.0", "not-a-version", "1.2\x00", "9" * 10_000 + "x"])
def test_older_or_malformed_versions_are_told_to_update(client: TestClient, sent: str) -> None:
    answer = client.get("/", headers={"X-Client-Version": sent})
    assert answer.status_code == 426
    assert answer.json()["code"] == "client_outdated" and "1.2" in answer.json()["message"]


@pytest.mark.parametrize("headers", [{"X-Client-Version": "1.2"}, {"X-Client-Version": "2.0.1"}, {}])
def test_current_versions_and_requests_without_the_header_pass(client: TestClient, headers: dict[str, str]) -> None:
    assert client.get("/", headers=headers).text == "ok"
