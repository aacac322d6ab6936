"""Every API route × every kind of caller, and every kind of write × every signed-in caller, expected from the table.

The expected answers are computed here from `server.sync.authz.GRANTS` and each caller's relation to the records of
one scenario (a task of 公共场所科 assigned to zhang and sun, its code, zhang's inspection under it, a result), not
from the server's own judgement; the test then drives the real app and compares. New routes must be added to
`ROUTE_CELLS` (the test fails on a route of the OpenAPI schema it does not know). The cell count is printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from app.models import ENTITY_MODELS, Checklist, InspectionCode, ItemResult, Task
from app.models.domain import Complaint, Recusal
from app.models.ids import new_id
from app.store.migrations import SCHEMA_VERSION
from server.db.tables import TokenRow
from server.sync import authz
from server.sync.authz import Relation
from tests.server.codes_world import extra_task, issued, ready
from tests.server.world import CHANGNING, MEDICAL, PUBLIC, World, login, mutation, plan, target

INVALID = ("no_token", "garbage", "logged_out", "expired")
SIGNED_IN = ("on_code", "same_team", "other_team", "other_team_lead", "own_lead", "admin", "other_district")
USERNAMES = {
    "on_code": "zhang",
    "same_team": "li",
    "other_team": "wang",
    "other_team_lead": "lead2",
    "own_lead": "lead",
    "admin": "admin",
    "other_district": "zhao",
}
IN_CHANGNING = {"on_code", "same_team", "other_team", "other_team_lead", "own_lead", "admin"}
SEES_PUBLIC_TEAM = {"on_code", "same_team", "own_lead", "admin"}  # 公共场所科, and the district's admin


@dataclass
class Scenario:
    world: World
    task: Task
    second_task: Task
    code: InspectionCode
    inspection_id: str
    result_id: str
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def roles(self, identity: str) -> str:
        return self.world[USERNAMES[identity]].user["role"]


def _relations(identity: str, subject: str) -> set[Relation]:
    """How the caller stands to each kind of record of the scenario (worked out by hand from the world)."""
    relations = {Relation.SHARED}
    if identity in IN_CHANGNING:
        relations.add(Relation.DISTRICT)
    own_team = identity in ("on_code", "same_team", "own_lead", "admin")  # the admin is of 公共场所科 too
    if subject in ("task", "team_record") and own_team:
        relations.add(Relation.OWN_TEAM)
    if subject == "task" and identity == "on_code":
        relations.add(Relation.OWN_TASK)
    if subject == "site" and identity == "on_code":
        relations.add(Relation.ON_CODE)
    if subject == "own_recusal":  # made in the caller's own team and district, about herself
        relations |= {Relation.SELF, Relation.OWN_TEAM, Relation.DISTRICT}
    return relations


def _granted(role: str, entity: str, op: str, fields: set[str], relations: set[Relation], after: dict) -> bool:
    """What the table says, read directly: some grant covers every changed field for this role and relation."""
    if op == authz.CREATE:  # a new record's server-only fields at the model's defaults are nothing the caller set
        model = ENTITY_MODELS[entity].model_fields
        fields = {
            f
            for f in fields
            if f not in authz.server_only(entity) or after.get(f) != model[f].get_default(call_default_factory=True)
        }
    for name in fields or {authz.ALL}:
        ok = False
        for g in authz.GRANTS:
            if g.entity != entity or op not in g.ops or role not in g.roles or g.relation not in relations:
                continue
            groups = authz.FIELD_GROUPS.get(entity, {})
            apart = set().union(*(groups[a] for a in authz.SET_APART.get(entity, ())))
            if not (name in groups.get(g.fields, set()) or (g.fields == authz.ALL and name not in apart)):
                continue
            if name in g.values and after.get(name) not in g.values[name]:
                continue
            if any(after.get(k) in v for k, v in g.barred.items()):
                continue
            ok = True
        if not ok:
            return False
    return True


# --- the writes -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteCase:
    name: str
    entity: str
    op: str
    subject: str  # which relation set applies (see _relations)
    make: Callable[[Scenario, str, int, dict[str, int]], dict[str, Any]]  # (scenario, identity, n, versions)

    def fields(self, m: dict[str, Any]) -> set[str]:
        return set() if self.op == authz.DELETE else set(m["fields"]) - authz.BOOKKEEPING


def _update(entity: str, record_id: Callable[[Scenario], str], **values: Callable[[int], Any]):
    def make(s: Scenario, _identity: str, n: int, versions: dict[str, int]) -> dict[str, Any]:
        rid = record_id(s)
        fields = {k: f(n) for k, f in values.items()}
        return mutation(entity=entity, record_id=rid, base_version=versions[rid], fields=fields)

    return make


def _create(build: Callable[[Scenario, str], Any]):
    return lambda s, identity, _n, _v: mutation(build(s, identity))


def _recusal(s: Scenario, identity: str) -> Recusal:
    user = s.world[USERNAMES[identity]].user
    return Recusal(
        inspector_id=user["inspector_id"],
        target_id=s.task.target_id,
        reason="亲属任职",
        team=user["team"],
        district=user["district"],
    )


WRITES = (
    WriteCase(
        "target site facts",
        "targets",
        authz.UPDATE,
        "target",
        _update("targets", lambda s: s.task.target_id, address=lambda n: f"长宁路{n}号"),
    ),
    WriteCase(
        "target grade reasons",
        "targets",
        authz.UPDATE,
        "target",
        _update("targets", lambda s: s.task.target_id, grade_reasons=lambda n: [f"理由{n}"]),
    ),
    WriteCase("new target", "targets", authz.CREATE, "target", _create(lambda s, i: target(CHANGNING))),
    WriteCase(
        "task assignment",
        "tasks",
        authz.UPDATE,
        "task",
        _update("tasks", lambda s: s.task.id, due_on=lambda n: f"2026-12-{n + 1:02d}"),
    ),
    WriteCase(
        "task on-site status",
        "tasks",
        authz.UPDATE,
        "task",
        _update("tasks", lambda s: s.task.id, completed_on=lambda n: f"2026-11-{n + 1:02d}"),
    ),
    WriteCase(
        "new task",
        "tasks",
        authz.CREATE,
        "team_record",
        _create(
            lambda s, i: Task(plan_id=s.task.plan_id, target_id=s.task.target_id, category="campaign", team=PUBLIC)
        ),
    ),
    WriteCase("new plan", "plans", authz.CREATE, "team_record", _create(lambda s, i: plan(PUBLIC))),
    WriteCase("own recusal", "recusals", authz.CREATE, "own_recusal", _create(_recusal)),
    WriteCase(
        "complaint",
        "complaints",
        authz.CREATE,
        "target",
        _create(lambda s, i: Complaint(target_id=s.task.target_id, received_on="2026-11-01", summary="投诉")),
    ),
    WriteCase(
        "checklist",
        "checklists",
        authz.CREATE,
        "shared",
        _create(lambda s, i: Checklist(code=f"X-{new_id()[-6:]}", name="检查表", industry="hotel")),
    ),
    WriteCase(
        "findings of the inspection",
        "inspections",
        authz.UPDATE,
        "site",
        _update("inspections", lambda s: s.inspection_id, findings=lambda n: f"发现{n}"),
    ),
    WriteCase(
        "note of a result",
        "item_results",
        authz.UPDATE,
        "site",
        _update("item_results", lambda s: s.result_id, note=lambda n: f"备注{n}"),
    ),
    WriteCase(
        "new result",
        "item_results",
        authz.CREATE,
        "site",
        _create(
            lambda s, i: ItemResult(
                inspection_id=s.inspection_id,
                code_id=s.code.id,
                item_id=s.code.checklist_item_ids[-1],
                result="compliant",
            )
        ),
    ),
    WriteCase(
        "a code",
        "inspection_codes",
        authz.CREATE,
        "site",
        _create(lambda s, i: s.code.model_copy(update={"id": new_id(), "short_code": "QQQQ-QQQQ"})),
    ),
)


# --- the routes -------------------------------------------------------------------------------------------------

RouteCall = Callable[[Scenario, dict[str, str]], Any]


def _allowed_code_action(s: Scenario, identity: str, op: str, subject: str) -> bool:
    return _granted(s.roles(identity), "inspection_codes", op, set(), _relations(identity, subject), {})


def _expect_code_route(op: str, subject: str, done: set[int]) -> Callable[[Scenario, str, Any], None]:
    def check(s: Scenario, identity: str, response: Any) -> None:
        if _allowed_code_action(s, identity, op, subject):
            assert response.status_code in done, (identity, response.text)
        else:
            assert response.status_code == 403, (identity, response.text)

    return check


def _ok(_s: Scenario, _identity: str, response: Any) -> None:
    assert response.status_code == 200, response.text


def _pull_check(s: Scenario, identity: str, response: Any) -> None:
    assert response.status_code == 200, response.text
    seen = {(c["entity"], c["id"]) for c in response.json()["changes"]}
    assert (("inspections", s.inspection_id) in seen) is (identity in SEES_PUBLIC_TEAM), identity
    assert (("tasks", s.task.id) in seen) is (identity in SEES_PUBLIC_TEAM), identity


def _no_snapshot_for_a_small_log(_s: Scenario, _identity: str, response: Any) -> None:
    assert response.status_code == 204 and response.content == b"", response.status_code  # pages are quick then


def _blob_head_check(s: Scenario, identity: str, response: Any) -> None:
    assert response.status_code == 404, (identity, response.status_code)  # nobody declared it: nothing to tell


def _blob_write_check(s: Scenario, identity: str, response: Any) -> None:
    assert response.status_code in (403, 404, 409, 422), (identity, response.status_code)  # no record of theirs


def _expect_inbox(op: str, done: set[int]) -> Callable[[Scenario, str, Any], None]:
    """The conflict inbox: each caller asks about his own team's (a lead) or district's (an admin) entries."""

    def check(s: Scenario, identity: str, response: Any) -> None:
        own = {Relation.OWN_TEAM, Relation.DISTRICT}
        if _granted(s.roles(identity), authz.CONFLICTS, op, set(), own, {}):
            assert response.status_code in done, (identity, response.text)
        else:
            assert response.status_code == 403, (identity, response.text)

    return check


def _expect_devices(op: str, done: set[int]) -> Callable[[Scenario, str, Any], None]:
    """Signed-in devices: an admin manages his own district's; anyone else is refused."""

    def check(s: Scenario, identity: str, response: Any) -> None:
        if _granted(s.roles(identity), authz.DEVICES, op, set(), {Relation.DISTRICT}, {}):
            assert response.status_code in done, (identity, response.text)
        else:
            assert response.status_code == 403, (identity, response.text)

    return check


def _expect_imports(op: str) -> Callable[[Scenario, str, Any], None]:
    """Imports: an admin previews a file into his own district; anyone else is refused."""

    def check(s: Scenario, identity: str, response: Any) -> None:
        if _granted(s.roles(identity), authz.IMPORTS, op, set(), {Relation.DISTRICT, Relation.SHARED}, {}):
            assert response.status_code == 200, (identity, response.text)
            assert response.json()["dry_run"] is True
        else:
            assert response.status_code == 403, (identity, response.text)

    return check


def _import_preview(kind: str, body: bytes) -> RouteCall:
    return lambda s, h: s.world.client.post(
        f"/api/imports/{kind}",
        params={"dry_run": "true"},
        content=body,
        headers={**h, "Content-Type": "application/octet-stream"},
    )


def _expect_catalogue_edit(s: Scenario, identity: str, response: Any) -> None:
    """The catalogue edited item by item: an admin (the shared catalogue's), told the checklist is not there; anyone
    else is refused."""
    if _granted(s.roles(identity), authz.IMPORTS, authz.IMPORT_CATALOGUE, set(), {Relation.SHARED}, {}):
        assert response.status_code == 404, (identity, response.text)
    else:
        assert response.status_code == 403, (identity, response.text)


def _file_signal(s: Scenario, h: dict[str, str]) -> Any:
    """A credit repair filed for a target of its own (the scenario's target keeps its grade for the other cells)."""
    fresh = target(CHANGNING, name="信用修复宾馆")
    s.world.insert_directly(fresh)
    body = {"name": "credit_repairs", "value": 1, "note": "信用平台"}
    return s.world.client.post(f"/api/targets/{fresh.id}/signals", json=body, headers=h)


def _expect_signal_filing(s: Scenario, identity: str, response: Any) -> None:
    """Grading signals: an admin files them for his own district's targets; anyone else is refused."""
    if _granted(s.roles(identity), authz.GRADE_SIGNALS, authz.FILE, set(), _relations(identity, "target"), {}):
        assert response.status_code == 201, (identity, response.text)
        assert [c["after"] for c in response.json()["changes"]] == ["A"]
    else:
        assert response.status_code == 403, (identity, response.text)


UNKNOWN_BLOB = "ab" * 32
ROUTE_CELLS: dict[tuple[str, str], tuple[RouteCall, Callable[[Scenario, str, Any], None]]] = {
    ("get", "/healthz"): (lambda s, h: s.world.client.get("/healthz", headers=h), _ok),
    ("get", "/readyz"): (lambda s, h: s.world.client.get("/readyz", headers=h), _ok),
    ("get", "/api/keys"): (lambda s, h: s.world.client.get("/api/keys", headers=h), _ok),
    ("get", "/api/sync/pull"): (
        lambda s, h: s.world.client.get("/api/sync/pull", params={"limit": 2000}, headers=h),
        _pull_check,
    ),
    ("get", "/api/sync/snapshot"): (  # scoped as pull is: tests/e2e/test_snapshot_e2e.py, per role
        lambda s, h: s.world.client.get("/api/sync/snapshot", params={"schema": SCHEMA_VERSION}, headers=h),
        _no_snapshot_for_a_small_log,
    ),
    ("post", "/api/codes"): (
        lambda s, h: s.world.client.post("/api/codes", json={"task_ids": [s.second_task.id]}, headers=h),
        _expect_code_route(authz.REQUEST, "task", {201, 409}),
    ),
    ("get", "/api/codes/{code_id}/uses"): (
        lambda s, h: s.world.client.get(f"/api/codes/{s.code.id}/uses", headers=h),
        _expect_code_route(authz.READ_USES, "task", {200}),
    ),
    ("post", "/api/codes/{code_id}/uses"): (
        lambda s, h: s.world.client.post(
            f"/api/codes/{s.code.id}/uses",
            json={"id": new_id(), "used_at": datetime.now(UTC).isoformat()},
            headers=h,
        ),
        _expect_code_route(authz.LOG_USE, "site", {201}),
    ),
    ("get", "/api/conflicts"): (
        lambda s, h: s.world.client.get("/api/conflicts", headers=h),
        _expect_inbox(authz.LIST, {200}),
    ),
    ("post", "/api/conflicts/{entry_id}/resolve"): (
        lambda s, h: s.world.client.post(f"/api/conflicts/{new_id()}/resolve", json={"choice": "kept"}, headers=h),
        _expect_inbox(authz.RESOLVE, {404}),  # no such entry in his team
    ),
    ("get", "/api/devices"): (
        lambda s, h: s.world.client.get("/api/devices", headers=h),
        _expect_devices(authz.LIST, {200}),
    ),
    ("post", "/api/devices/{username}/{device_id}/revoke"): (
        lambda s, h: s.world.client.post(f"/api/devices/zhang/{new_id()}/revoke", headers=h),
        _expect_devices(authz.REVOKE, {404}),  # no sign-in of that device: nothing revoked by the matrix
    ),
    ("post", "/api/imports/targets"): (
        _import_preview("targets", "名称,统一社会信用代码,地址,街道,行业\n".encode()),
        _expect_imports(authz.IMPORT_TARGETS),
    ),
    ("post", "/api/imports/catalogue"): (
        _import_preview("catalogue", "检查表编号,检查表名称,行业,事项编号,检查事项,法律依据\n".encode()),
        _expect_imports(authz.IMPORT_CATALOGUE),
    ),
    ("post", "/api/imports/users"): (
        _import_preview("users", "姓名,用户名,科室\n".encode()),
        _expect_imports(authz.IMPORT_USERS),
    ),
    ("post", "/api/catalogue/items"): (
        lambda s, h: s.world.client.post(
            "/api/catalogue/items",
            json={"checklist_id": new_id(), "code": "X-1", "title": "检查事项", "legal_basis": "依据"},
            headers=h,
        ),
        _expect_catalogue_edit,
    ),
    ("post", "/api/targets/{target_id}/signals"): (_file_signal, _expect_signal_filing),
    ("head", "/api/blobs/{sha256}"): (
        lambda s, h: s.world.client.head(f"/api/blobs/{UNKNOWN_BLOB}", headers=h),
        _blob_head_check,
    ),
    ("post", "/api/blobs/{sha256}"): (
        lambda s, h: s.world.client.post(f"/api/blobs/{UNKNOWN_BLOB}", headers={**h, "Upload-Length": "1"}),
        _blob_write_check,
    ),
    ("patch", "/api/blobs/{sha256}"): (
        lambda s, h: s.world.client.patch(
            f"/api/blobs/{UNKNOWN_BLOB}",
            content=b"x",
            headers={**h, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        ),
        _blob_write_check,
    ),
}
# Judged apart: the push (every write case below), revocation (changes the code), login and logout (last).
SPECIAL = {
    ("post", "/api/sync/push"),
    ("post", "/api/codes/{code_id}/revoke"),
    ("post", "/api/auth/login"),
    ("post", "/api/auth/logout"),
}
PUBLIC_ROUTES = {("get", "/healthz"), ("get", "/readyz"), ("get", "/api/keys"), ("post", "/api/auth/login")}


def _scenario(world: World) -> Scenario:
    world.add_users({"sun": ("inspector", PUBLIC, CHANGNING), "lead2": ("team_lead", MEDICAL, CHANGNING)})
    task, items = ready(world, "zhang", "sun")
    second = extra_task(
        world,
        category="campaign",
        inspector_ids=[world.inspector_id(u) for u in ("zhang", "sun")],
        visit_override_reason="专项：同一对象本年第二次检查",  # past the grade's yearly cap (issue 16)
    )
    code = InspectionCode.model_validate(issued(world["lead"], [task.id]))
    inspection = world.inspection("zhang", "sun", code=code)
    result = ItemResult(inspection_id=inspection.id, code_id=code.id, item_id=items[0].id, result="compliant")
    assert [r["status"] for r in world["zhang"].push(mutation(inspection), mutation(result))] == ["accepted"] * 2
    scenario = Scenario(world, task, second, code, inspection.id, result.id)
    scenario.headers = _identities(world)
    return scenario


def _identities(world: World) -> dict[str, dict[str, str]]:
    headers = {"no_token": {}, "garbage": {"Authorization": "Bearer not-a-token"}}
    logged_out = login(world.client, "li")
    assert world.client.post("/api/auth/logout", headers=logged_out.headers).status_code in (200, 204)
    headers["logged_out"] = logged_out.headers
    expired = login(world.client, "li")
    with world.client.app.state.sessions() as session:  # before its first use: no process has checked it yet
        session.execute(
            update(TokenRow)
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
            .where(TokenRow.username == "li", TokenRow.device_id == "dev-1")
        )
        session.commit()
    headers["expired"] = expired.headers
    for identity in SIGNED_IN:
        headers[identity] = world[USERNAMES[identity]].headers
    return headers


def test_every_route_and_write_for_every_caller(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    s = _scenario(world)
    schema_routes = {(method, path) for path, ops in world.client.app.openapi()["paths"].items() for method in ops}
    assert schema_routes - set(ROUTE_CELLS) - SPECIAL == set(), "add the new routes to ROUTE_CELLS"
    cells = 0
    for (method, path), (call, check) in ROUTE_CELLS.items():
        for identity in INVALID + SIGNED_IN:
            response = call(s, s.headers[identity])
            if identity in INVALID and (method, path) not in PUBLIC_ROUTES:
                assert response.status_code == 401, (method, path, identity, response.status_code)
            else:
                check(s, identity, response)
            cells += 1
    cells += _push_cells(s) + _revoke_cells(s) + _login_logout_cells(s)
    with capsys.disabled():
        print(f"\nauthorization matrix: {cells} cells ({world.client.app.state.engine.dialect.name})")


def _push_cells(s: Scenario) -> int:
    cells = 0
    for identity in INVALID:
        body = {"device_id": "dev-1", "mutations": [mutation(target(CHANGNING))]}
        assert s.world.client.post("/api/sync/push", json=body, headers=s.headers[identity]).status_code == 401
        cells += 1
    for n, identity in enumerate(SIGNED_IN):
        api = s.world[USERNAMES[identity]]
        versions = {rid: change["version"] for (_e, rid), change in s.world["admin"].pull_all()[0].items()}
        for case in WRITES:
            m = case.make(s, identity, n, versions)
            expected = _granted(
                s.roles(identity),
                case.entity,
                case.op,
                case.fields(m),
                _relations(identity, case.subject),
                m["fields"],
            )
            [answer] = api.push(m)
            assert (answer["status"] == "accepted") is expected, (identity, case.name, answer)
            assert answer["status"] != "conflict", (identity, case.name, answer)
            cells += 1
    return cells


def _revoke_cells(s: Scenario) -> int:
    """Last of the code routes: a code of the second task is revoked by the first caller allowed to."""
    codes = [c for (e, _i), c in s.world["admin"].pull_all()[0].items() if e == "inspection_codes"]
    second = next(c["id"] for c in codes if c["data"]["task_ids"] == [s.second_task.id])
    check = _expect_code_route(authz.REVOKE, "task", {200, 409})
    for identity in INVALID + SIGNED_IN:
        response = s.world.client.post(
            f"/api/codes/{second}/revoke", json={"reason": "测试"}, headers=s.headers[identity]
        )
        if identity in INVALID:
            assert response.status_code == 401
        else:
            check(s, identity, response)
    return len(INVALID + SIGNED_IN)


def _login_logout_cells(s: Scenario) -> int:
    for identity in INVALID + SIGNED_IN:  # login ignores the caller's token; logout needs a valid one
        body = {"username": f"nobody-{identity}", "password": "wrong-password", "device_id": "dev-9"}  # one try a name
        assert s.world.client.post("/api/auth/login", json=body, headers=s.headers[identity]).status_code == 401
        logout = s.world.client.post("/api/auth/logout", headers=s.headers[identity])
        assert logout.status_code in ((401,) if identity in INVALID else (200, 204)), (identity, logout.text)
    return 2 * len(INVALID + SIGNED_IN)


def test_the_architecture_page_prints_the_table_as_it_is() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert authz.render_markdown() in page, "regenerate the table in docs/ARCHITECTURE.md from render_markdown()"
