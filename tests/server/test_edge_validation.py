"""Validation at the edge: every hostile value of issue 10 is refused with a 4xx `ErrorBody` and writes nothing.

Each attack was a 500 before (most on PostgreSQL, where a NUL byte cannot reach a text or JSON column and an integer
beyond 64 bits cannot reach a BIGINT); both databases run every test. The last test provokes a real internal error
in the server process and reuses the same keep-alive connection afterwards.
"""

from __future__ import annotations

import http.client
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.models import ENTITY_MODELS, Inspection
from app.models.ids import new_id
from app.models.limits import ID_MAX, INT64_MAX, LONG_TEXT_MAX, VERSION_MAX
from app.models.wire import ErrorBody
from server.codes import CodeUseRow
from server.db.tables import ChangeRow, MutationRow, TokenRow
from tests.helpers.live_server import PASSWORD, LiveServer, seeded_server
from tests.server.codes_world import complete_inspection, issued, ready
from tests.server.test_public_page import _rate
from tests.server.world import CHANGNING, World, mutation, target

NUL = "\u0000"
SURROGATE = "\ud800"


def _refused(response: Any, status: int = 422) -> ErrorBody:
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate(response.json())
    assert " / " in body.message  # bilingual
    return body


def _written(world: World) -> tuple[int, ...]:
    """Rows of every table a refused request could have written."""
    with world.client.app.state.sessions() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table))
            for table in (ChangeRow, MutationRow, TokenRow, CodeUseRow)
        )


@contextmanager
def _unchanged(world: World) -> Iterator[None]:
    """The block's requests write nothing (the caller is logged in first: its token is not the attack's)."""
    world["zhang"]
    counts = _written(world)
    yield
    assert _written(world) == counts, "a refused request wrote something"


def _raw_json(world: World, path: str, text: str) -> Any:
    """POST a JSON text as it is (json.dumps would escape what the attack needs: NaN, deep nesting)."""
    headers = {**world["zhang"].headers, "Content-Type": "application/json"}
    return world.client.post(path, content=text.encode("utf-8", "surrogatepass"), headers=headers)


@pytest.mark.parametrize("since", [2**63, 2**64, 10**30, -1])
def test_pull_since_beyond_the_sequence_is_refused(world: World, since: int) -> None:
    response = world.client.get("/api/sync/pull", params={"since": since}, headers=world["zhang"].headers)
    assert _refused(response).code == "invalid_request"


def test_pull_since_at_the_largest_sequence_answers(world: World) -> None:
    page = world["zhang"].pull(since=INT64_MAX)
    assert page["changes"] == [] and page["cursor"] == INT64_MAX and not page["has_more"]


@pytest.mark.parametrize(
    "body",
    [
        {"username": f"zhang{NUL}", "password": PASSWORD, "device_id": "d"},
        {"username": "zhang", "password": PASSWORD, "device_id": f"laptop{NUL}"},
        {"username": "zhang", "password": f"{PASSWORD}{NUL}", "device_id": "d"},
        {"username": "z" * 101, "password": PASSWORD, "device_id": "d"},
        {"username": "zhang", "password": PASSWORD, "device_id": "d" * 101},
    ],
    ids=["nul-username", "nul-device", "nul-password", "long-username", "long-device"],
)
def test_login_with_a_nul_byte_or_an_overlong_name_is_refused(world: World, body: dict) -> None:
    with _unchanged(world):
        assert _refused(world.client.post("/api/auth/login", json=body)).code == "invalid_request"


@pytest.mark.parametrize(
    "attack",
    [
        "nul-device",
        "long-device",
        "nul-record-id",
        "long-record-id",
        "nul-mutation-id",
        "nul-entity",
        "nul-field-name",
        "nul-code-id",
        "surrogate-code-id",
        "nul-nested-value",
        "nul-nested-key",
        "surrogate-nested-value",
        "huge-base-version",
    ],
)
def test_push_with_a_hostile_value_is_refused_whole(world: World, attack: str) -> None:
    good = mutation(target(CHANGNING))
    bad = mutation(world.inspection("zhang", "li"))
    device = "dev-1"
    match attack:
        case "nul-device":
            device = f"dev{NUL}"
        case "long-device":
            device = "d" * 101
        case "nul-record-id":
            bad["id"] = bad["fields"]["id"] = f"id{NUL}"
        case "long-record-id":
            bad["id"] = bad["fields"]["id"] = "x" * (ID_MAX + 1)
        case "nul-mutation-id":
            bad["mutation_id"] = f"m{NUL}"
        case "nul-entity":
            bad["entity"] = f"inspections{NUL}"
        case "nul-field-name":
            bad["fields"][f"findings{NUL}"] = "x"
        case "nul-code-id":  # the value that made every public page answer 500 until it was changed back
            bad["fields"]["code_id"] = f"code{NUL}"
        case "surrogate-code-id":
            bad["fields"]["code_id"] = f"code{SURROGATE}"
        case "nul-nested-value":  # SamplingDraw.inputs holds free JSON: checked all the way down
            bad = mutation(entity="sampling_draws", record_id="d1", fields={"inputs": {"targets": {"pool": [NUL]}}})
        case "nul-nested-key":
            bad = mutation(entity="sampling_draws", record_id="d1", fields={"inputs": {"targets": {NUL: 1}}})
        case "surrogate-nested-value":
            bad = mutation(entity="sampling_draws", record_id="d1", fields={"inputs": {"a": {"b": [SURROGATE]}}})
        case "huge-base-version":
            bad["base_version"] = VERSION_MAX + 1
    body = json.dumps({"device_id": device, "mutations": [good, bad]})  # ASCII: lone surrogates as \ud800
    with _unchanged(world):
        assert _refused(_raw_json(world, "/api/sync/push", body)).code == "invalid_request"


@pytest.mark.parametrize(
    "text",
    [
        '{"inputs": {"targets": {"ratio": NaN}}}',
        '{"inputs": {"targets": {"ratio": Infinity}}}',
        '{"inputs": {"targets": {"n": 1' + "0" * 30 + "}}}",
        '{"inputs": {"targets": {"deep": ' + "[" * 100 + "]" * 100 + "}}}",
    ],
    ids=["nan", "infinity", "beyond-64-bits", "deep"],
)
def test_push_of_json_no_column_can_hold_is_refused(world: World, text: str) -> None:
    batch = f'{{"device_id": "d", "mutations": [{{"mutation_id": "m1", "entity": "sampling_draws", "id": "d1", "base_version": 0, "fields": {text}}}]}}'  # noqa: E501
    with _unchanged(world):
        assert _refused(_raw_json(world, "/api/sync/push", batch)).code == "invalid_request"


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"device_id": "\xff\xfe", "mutations": []}'],
    ids=["deeper-than-the-parser", "not-utf8"],
)
def test_a_body_the_parser_cannot_read_is_refused(world: World, body: bytes) -> None:
    headers = {**world["zhang"].headers, "Content-Type": "application/json"}
    with _unchanged(world):
        response = world.client.post("/api/sync/push", content=body, headers=headers)
        assert _refused(response, 400).code == "malformed_body"


@pytest.mark.parametrize(
    ("field", "limit"),
    [("findings", LONG_TEXT_MAX), ("code_id", ID_MAX)],
)
def test_text_over_its_limit_is_rejected_and_not_written(world: World, field: str, limit: int) -> None:
    inspection = world.inspection("zhang", "li")
    fields = {**mutation(inspection)["fields"], field: "字" * (limit + 1)}
    changes = _written(world)[0]
    [result] = world["zhang"].push(mutation(entity="inspections", record_id=inspection.id, fields=fields))
    assert result["status"] == "rejected" and result["error"] == "invalid_record"
    assert field in result["message"]
    assert _written(world)[0] == changes


def test_a_huge_request_is_refused_before_it_is_read(world: World) -> None:
    limit = world.client.app.state.settings.max_request_bytes
    text = json.dumps({"device_id": "d", "mutations": [{"findings": "x" * limit}]})
    with _unchanged(world):
        assert _refused(_raw_json(world, "/api/sync/push", text), 413).code == "request_too_large"


@pytest.mark.parametrize(
    "task_ids",
    [[f"task{NUL}"], ["x" * (ID_MAX + 1)], ["t"] * 21, []],
    ids=["nul", "long", "too-many", "none"],
)
def test_code_request_with_hostile_task_ids_is_refused(world: World, task_ids: list[str]) -> None:
    with _unchanged(world):
        response = world.client.post("/api/codes", json={"task_ids": task_ids}, headers=world["zhang"].headers)
        assert _refused(response).code == "invalid_request"


@pytest.mark.parametrize("code_id", ["%00", "code%00", "x" * (ID_MAX + 1)], ids=["nul", "nul-inside", "long"])
def test_code_ids_in_urls_are_refused(world: World, code_id: str) -> None:
    headers = world["lead"].headers
    use = {"id": "u1", "used_at": "2026-01-01T08:00:00+08:00"}
    with _unchanged(world):
        for response in (
            world.client.post(f"/api/codes/{code_id}/revoke", json={"reason": "错误 / wrong"}, headers=headers),
            world.client.post(f"/api/codes/{code_id}/uses", json=use, headers=headers),
            world.client.get(f"/api/codes/{code_id}/uses", headers=headers),
        ):
            assert _refused(response).code == "invalid_request"


@pytest.mark.parametrize(
    "body",
    [
        {"reason": f"错误{NUL}"},
        {"reason": "x" * 501},
    ],
)
def test_revoke_reason_with_a_nul_byte_or_too_long_is_refused(world: World, body: dict) -> None:
    headers = world["lead"].headers
    with _unchanged(world):
        response = world.client.post("/api/codes/c1/revoke", json=body, headers=headers)
        assert _refused(response).code == "invalid_request"


@pytest.mark.parametrize(
    "use",
    [
        {"id": f"u{NUL}", "used_at": "2026-01-01T08:00:00+08:00"},
        {"id": "u1", "used_at": "2026-01-01T08:00:00+08:00", "location": f"长宁路{NUL}"},
        {"id": "u1", "used_at": "0001-01-01T00:00:00+01:00"},
        {"id": "u1", "used_at": "9999-12-31T23:59:59-23:59"},
    ],
    ids=["nul-id", "nul-location", "year-1", "year-9999"],
)
def test_a_hostile_use_report_is_refused(world: World, use: dict) -> None:
    with _unchanged(world):
        response = world.client.post("/api/codes/c1/uses", json=use, headers=world["zhang"].headers)
        assert _refused(response).code == "invalid_request"


def test_a_nul_code_id_cannot_break_the_public_page_of_a_genuine_code(world: World) -> None:
    """The attack: an inspection pushed under `code_id` "\\u0000" made every public page and evaluation answer 500."""
    task, _ = ready(world)
    code = issued(world["zhang"], [task.id])
    poisoned = Inspection(
        code_id=code["id"], target_id=code["target_id"], task_ids=code["task_ids"], inspector_ids=code["inspector_ids"]
    )
    hostile = mutation(poisoned)
    hostile["fields"]["code_id"] = NUL
    with _unchanged(world):
        assert _refused(world["zhang"].push_raw(hostile)).code == "invalid_request"
    page = world.client.get(f"/c/{code['short_code']}")
    assert page.status_code == 200 and "检查码真实有效" in page.text
    assert world.client.get(f"/c/{code['short_code']}/evaluation").status_code < 500


@pytest.mark.parametrize("short_code", ["%00", "A" * 200], ids=["nul", "long"])
def test_public_pages_with_a_hostile_short_code_are_not_errors(world: World, short_code: str) -> None:
    assert world.client.get(f"/c/{short_code}").status_code < 500
    assert world.client.post(f"/c/{short_code}/evaluation", data={"score": "5"}).status_code < 500


# --- an unexpected error over a real connection ----------------------------------------------------------------


@pytest.fixture(scope="module")
def breakable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live server of its own on SQLite: the test breaks its database."""
    with seeded_server(tmp_path_factory.mktemp("breakable")) as server:
        yield server


def _request(conn: http.client.HTTPConnection, method: str, path: str, body: dict | None = None, **headers: str):
    payload = json.dumps(body).encode() if body is not None else None
    if payload is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=payload, headers=headers)
    response = conn.getresponse()
    return response.status, response.read(), response


def test_an_internal_error_answers_json_and_keeps_the_connection(breakable_server: LiveServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", breakable_server.port, timeout=30)
    try:
        status, body, _ = _request(
            conn, "POST", "/api/auth/login", {"username": "zhang", "password": PASSWORD, "device_id": "d"}
        )
        assert status == 200, body
        token = json.loads(body)["token"]
        local_port = conn.sock.getsockname()[1]
        _break_the_change_log(breakable_server.db_path)

        status, body, response = _request(conn, "GET", "/api/sync/pull", Authorization=f"Bearer {token}")

        assert status == 500, body
        assert ErrorBody.model_validate(json.loads(body)).code == "internal_error"
        assert response.getheader("content-type") == "application/json"
        assert not response.will_close
        status, body, _ = _request(conn, "GET", "/healthz")  # the same keep-alive connection
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        assert conn.sock.getsockname()[1] == local_port
    finally:
        conn.close()


def _break_the_change_log(db: Path) -> None:
    """An honest internal error: the change log's table is gone from under the running server."""
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE changes RENAME TO changes_gone")


@pytest.mark.parametrize("value", [["x"], {"a": 1}, 1.5, True, None, 2**40], ids=repr)
def test_every_field_of_every_entity_with_a_value_of_the_wrong_kind_is_answered(world: World, value: Any) -> None:
    """Push reads some fields (parents, codes) before the model checks them: a list where an id belongs was a 500."""
    batch = [
        mutation(entity=entity, record_id=new_id(), fields={name: value})
        for entity, model in ENTITY_MODELS.items()
        for name in model.model_fields
        if name not in ("id", "version")
    ]
    results = world["lead"].push(*batch)
    assert len(results) == len(batch)
    assert all(r["status"] == "rejected" for r in results), [r for r in results if r["status"] != "rejected"]


@pytest.mark.parametrize("comment", [f"很好{NUL}", NUL])
def test_an_evaluation_comment_with_a_nul_byte_is_refused_in_words(world: World, comment: str) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    complete_inspection(world["zhang"], code)
    with _unchanged(world):
        response = _rate(world, code, score="5", comment=comment)
        assert response.status_code == 422, response.text
        assert "空字符" in response.text
