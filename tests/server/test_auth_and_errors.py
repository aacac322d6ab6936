"""Login, tokens and bad input: every refusal is a 4xx `ErrorBody` and changes nothing."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from app.models.wire import MAX_PUSH_BATCH, ErrorBody
from app.rules.codes import key_id_for
from server.api.app import create_app
from server.core.config import Settings
from server.db.tables import ChangeRow, MutationRow, TokenRow, UserRow
from tests.server.world import CHANGNING, PUBLIC, World, login, mutation, target


def _error(response, status: int, code: str) -> ErrorBody:
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate(response.json())
    assert body.code == code
    assert " / " in body.message  # bilingual
    return body


def _log_size(world: World) -> tuple[int, int]:
    with world.client.app.state.sessions() as session:
        return session.scalar(select(func.count()).select_from(ChangeRow)), session.scalar(
            select(func.count()).select_from(MutationRow)
        )


def test_login_returns_the_user_and_the_public_key_to_pin(world: World) -> None:
    response = world.client.post(
        "/api/auth/login", json={"username": "zhang", "password": "pw-123456", "device_id": "laptop-7"}
    )
    body = response.json()
    keys = world.client.app.state.keys
    assert body["key_id"] == keys.current_id
    assert len(base64.b64decode(body["public_key"])) == 32
    assert body["public_keys"] == {body["key_id"]: body["public_key"]}
    assert body["public_keys"] == {k["key_id"]: k["public_key"] for k in body["signing_keys"]}
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(body["public_key"]))
    assert body["key_id"] == key_id_for(public)  # one key-id rule on both sides
    assert body["user"]["role"] == "inspector" and body["user"]["district"] == CHANGNING
    assert body["user"]["inspector_id"] and body["user"]["team"] == PUBLIC and body["user"]["username"] == "zhang"
    assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)


def test_wrong_password_is_refused(world: World) -> None:
    response = world.client.post("/api/auth/login", json={"username": "zhang", "password": "nope", "device_id": "d"})
    _error(response, 401, "bad_credentials")


@pytest.mark.parametrize(
    ("header", "code"),
    [(None, "not_authenticated"), ("Bearer forged-token", "token_invalid"), ("Basic abc", "not_authenticated")],
)
def test_requests_without_a_valid_token_are_refused(world: World, header: str | None, code: str) -> None:
    headers = {"Authorization": header} if header else {}
    _error(world.client.get("/api/sync/pull", headers=headers), 401, code)


def test_expired_token_is_refused_and_nothing_changes(world: World) -> None:
    api = world["zhang"]
    with world.client.app.state.sessions() as session:
        session.execute(update(TokenRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        session.commit()
    before = _log_size(world)
    _error(api.push_raw(mutation(target(CHANGNING))), 401, "token_expired")
    assert _log_size(world) == before


def test_logout_ends_the_token(world: World) -> None:
    api = login(world.client, "li")
    assert world.client.post("/api/auth/logout", headers=api.headers).status_code == 204
    _error(world.client.get("/api/sync/pull", headers=api.headers), 401, "token_invalid")


def test_malformed_json_is_refused(world: World) -> None:
    before = _log_size(world)
    response = world.client.post(
        "/api/sync/push",
        content=b'{"device_id": "d", "mutations": [',
        headers={**world["zhang"].headers, "Content-Type": "application/json"},
    )
    _error(response, 400, "malformed_json")
    assert _log_size(world) == before


@pytest.mark.parametrize(
    "body",
    [
        {"device_id": "d", "mutations": [], "extra": 1},  # unknown field
        {"device_id": "d", "mutations": [{**mutation(target(CHANGNING)), "surprise": True}]},  # unknown field inside
        {"device_id": "d", "mutations": [{**mutation(target(CHANGNING)), "base_version": "one"}]},  # wrong type
        {"device_id": "d", "mutations": "all of them"},  # wrong type
        {"mutations": [mutation(target(CHANGNING))]},  # missing field
    ],
)
def test_invalid_requests_are_refused_and_change_nothing(world: World, body: dict) -> None:
    before = _log_size(world)
    response = world.client.post("/api/sync/push", json=body, headers=world["zhang"].headers)
    _error(response, 422, "invalid_request")
    assert _log_size(world) == before


def test_a_batch_over_the_limit_is_refused_whole(world: World) -> None:
    before = _log_size(world)
    batch = [mutation(target(CHANGNING)) for _ in range(MAX_PUSH_BATCH + 1)]
    body = _error(world["zhang"].push_raw(*batch), 413, "batch_too_large")
    assert str(MAX_PUSH_BATCH) in body.message
    assert _log_size(world) == before


def test_pull_limit_over_the_cap_is_refused(world: World) -> None:
    response = world.client.get("/api/sync/pull", params={"limit": 10**6}, headers=world["zhang"].headers)
    _error(response, 422, "invalid_request")


def test_unknown_path_is_a_json_404(world: World) -> None:
    _error(world.client.get("/api/nothing-here"), 404, "not_found")


def test_health_readiness_and_openapi(world: World) -> None:
    assert world.client.get("/healthz").json() == {"status": "ok"}
    assert world.client.get("/readyz").json() == {"status": "ready"}
    paths = world.client.get("/openapi.json").json()["paths"]
    assert {"/api/sync/pull", "/api/sync/push", "/api/auth/login", "/api/blobs/{sha256}"} <= set(paths)


def test_a_disabled_accounts_token_is_refused(world: World) -> None:
    api = world["li"]
    with world.client.app.state.sessions() as session:
        session.execute(update(UserRow).where(UserRow.username == "li").values(active=False))
        session.commit()
    before = _log_size(world)
    _error(api.push_raw(mutation(target(CHANGNING))), 401, "token_invalid")
    assert _log_size(world) == before


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/api/auth/login", b'{"username": "zhang", "password": ', 400, "malformed_json"),
        ("/api/auth/login", b'{"username": 7, "password": "x", "device_id": "d"}', 422, "invalid_request"),
        ("/api/auth/login", b'{"username": "zhang", "password": "x", "device_id": "d", "admin": true}', 422,
         "invalid_request"),
        ("/api/codes", b'{"task_ids": [', 400, "malformed_json"),
        ("/api/codes", b'{"task_ids": "t-1"}', 422, "invalid_request"),
        ("/api/codes", b'{"task_ids": ["t-1"], "valid_until": "tomorrow"}', 422, "invalid_request"),
    ],
)  # fmt: skip
def test_bad_input_to_login_and_code_requests_is_refused(
    world: World, path: str, body: bytes, status: int, code: str
) -> None:
    before = _log_size(world)
    headers = {**world["zhang"].headers, "Content-Type": "application/json"}
    _error(world.client.post(path, content=body, headers=headers), status, code)
    assert _log_size(world) == before


@pytest.fixture
def small_limit_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(replace(settings, max_request_bytes=20_000))) as client:
        yield client


def test_a_body_over_the_request_cap_is_refused_before_parsing(small_limit_client: TestClient) -> None:
    world = World.build(small_limit_client)
    before = _log_size(world)
    big = [mutation(target(CHANGNING)) for _ in range(60)]
    declared = world["zhang"].push_raw(*big)
    streamed = small_limit_client.post(  # chunked: no Content-Length to go by
        "/api/sync/push",
        content=iter(
            [json.dumps({"device_id": "d", "mutations": big}).encode()[i : i + 4096] for i in range(0, 40_000, 4096)]
        ),
        headers={**world["zhang"].headers, "Content-Type": "application/json"},
    )
    for response in (declared, streamed):
        assert str(20_000) in _error(response, 413, "request_too_large").message
    assert _log_size(world) == before
    assert world["lead"].push(mutation(target(CHANGNING)))[0]["status"] == "accepted"  # under the cap: served
