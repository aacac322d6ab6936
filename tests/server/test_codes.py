"""申码, revocation, use log and keys: each refusal has its own code and changes nothing; issued codes verify."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.models import InspectionCode, Target
from app.rules import codes as rules
from server.accounts import create_user
from tests.server.codes_world import assign, checklist, extra_task, issued, ready, register_plan, request, update
from tests.server.world import _HASH, CHANGNING, MEDICAL, PUBLIC, World, mutation

NOW = datetime.now(UTC)  # for windows hours away and reported times; checks against the clock read it afresh


def _refused(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert " / " in body["message"]  # bilingual


def _unchanged(world: World, task_id: str) -> None:
    """A refused request left the task as planned and issued no code."""
    records, _ = world["lead"].pull_all()
    assert records[("tasks", task_id)]["data"]["status"] == "planned"
    assert not [key for key in records if key[0] == "inspection_codes"]


def test_issued_code_verifies_with_the_login_key_and_marks_the_task(world: World) -> None:
    task, items = ready(world)
    code = InspectionCode.model_validate(issued(world["lead"], [task.id]))
    assert code.task_ids == [task.id]
    assert code.inspector_ids == [world.inspector_id("zhang"), world.inspector_id("li")]
    assert code.checklist_item_ids == [i.id for i in items]
    assert code.target_id == task.target_id
    assert code.target_credit_code == world.targets[CHANGNING].credit_code
    assert code.issuer == "长宁区卫生健康委员会"
    assert rules.normalize_short_code(code.short_code) == code.short_code
    login_key = world.client.post(
        "/api/auth/login", json={"username": "zhang", "password": "pw-123456", "device_id": "d"}
    ).json()["public_key"]
    keys = {code.key_id: rules.public_key_from_b64(login_key)}
    verdict = rules.verify(
        code,
        public_keys=keys,
        now=datetime.now(UTC),
        target_id=task.target_id,
        inspector_id=world.inspector_id("zhang"),
        revoked={},
    )
    assert verdict.ok, verdict.message
    records, _ = world["zhang"].pull_all()
    assert records[("tasks", task.id)]["data"]["status"] == "code_requested"
    assert records[("inspection_codes", code.id)]["data"]["signature"] == code.signature


def test_default_window_runs_to_the_end_of_the_scheduled_day_plus_grace(world: World) -> None:
    task, _ = ready(world)
    before = datetime.now(UTC)
    day = (before + timedelta(days=2)).date()
    update(world["lead"], "tasks", task.id, scheduled_on=day.isoformat())
    code = issued(world["lead"], [task.id])
    until = datetime.fromisoformat(code["valid_until"])
    midnight = datetime(day.year, day.month, day.day, 16, tzinfo=UTC)  # 24:00 UTC+8 = 16:00 UTC
    assert until == midnight + timedelta(hours=6)
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(code["valid_from"]) <= datetime.now(UTC)


def test_an_assigned_inspector_may_request(world: World) -> None:
    task, _ = ready(world)
    assert issued(world["li"], [task.id])["task_ids"] == [task.id]


@pytest.mark.parametrize("username", ["wang", "zhao"])
def test_other_teams_and_districts_are_not_allowed(world: World, username: str) -> None:
    task, _ = ready(world)
    _refused(request(world[username], [task.id]), 403, "not_allowed")
    _unchanged(world, task.id)


def test_an_unassigned_inspector_of_the_team_is_not_allowed(world: World) -> None:
    task, _ = ready(world, "zhang", "admin")
    _refused(request(world["li"], [task.id]), 403, "not_allowed")
    _unchanged(world, task.id)


def test_unknown_task(world: World) -> None:
    _refused(request(world["lead"], ["no-such-task"]), 404, "task_not_found")


def test_task_not_planned(world: World) -> None:
    task, _ = ready(world)
    update(world["lead"], "tasks", task.id, status="in_progress")
    _refused(request(world["lead"], [task.id]), 409, "task_not_planned")


def test_task_unassigned(world: World) -> None:
    sheet, _ = checklist(world)
    register_plan(world, [sheet.id])
    task = world.tasks[PUBLIC]
    _refused(request(world["lead"], [task.id]), 422, "task_unassigned")
    _unchanged(world, task.id)


def test_plan_not_registered(world: World) -> None:
    task = world.tasks[PUBLIC]
    assign(world, task, "zhang", "li")
    _refused(request(world["lead"], [task.id]), 422, "plan_not_registered")
    _unchanged(world, task.id)


def test_too_few_inspectors(world: World) -> None:
    task, _ = ready(world, "zhang")
    _refused(request(world["lead"], [task.id]), 422, "too_few_inspectors")
    _unchanged(world, task.id)


def test_inspector_without_certificate(world: World) -> None:
    with world.client.app.state.sessions() as session:
        user = create_user(session, username="chen", password_hash=_HASH, name="陈新", role="inspector", team=PUBLIC)
        session.commit()
    world.inspector_ids["chen"] = user.inspector_id
    task, _ = ready(world, "zhang", "chen")
    response = request(world["lead"], [task.id])
    _refused(response, 422, "inspector_uncertified")
    assert "陈新" in response.json()["message"]
    _unchanged(world, task.id)


def _do_not_disturb(world: World) -> Target:
    target = world.targets[CHANGNING]
    update(world["lead"], "targets", target.id, do_not_disturb=True)
    return target


def test_do_not_disturb_refuses_routine_tasks(world: World) -> None:
    task, _ = ready(world)
    _do_not_disturb(world)
    _refused(request(world["lead"], [task.id]), 422, "do_not_disturb")
    _unchanged(world, task.id)


@pytest.mark.parametrize("category", ["complaint", "follow_up"])
def test_do_not_disturb_allows_triggered_tasks(world: World, category: str) -> None:
    ready(world)
    _do_not_disturb(world)
    task = extra_task(world, category=category)
    assert issued(world["lead"], [task.id])["task_ids"] == [task.id]


def test_joint_inspection_code_covers_every_task_and_checklist(world: World) -> None:
    task, items = ready(world)
    other_sheet, other_items = checklist(world, "GG-02", size=3)
    register_plan(world, [items[0].checklist_id, other_sheet.id])
    joint = "joint-1"
    update(world["lead"], "tasks", task.id, joint_inspection_id=joint)
    second = extra_task(world, joint_inspection_id=joint, inspector_ids=[world.inspector_id("zhang")])
    assign(world, second, "admin", joint_inspection_id=joint)
    code = issued(world["lead"], [task.id, second.id])
    assert code["task_ids"] == [task.id, second.id]
    assert code["checklist_item_ids"] == [i.id for i in (*items, *other_items)]
    assert set(code["inspector_ids"]) == {world.inspector_id(u) for u in ("zhang", "li", "admin")}
    records, _ = world["zhang"].pull_all()
    assert {records[("tasks", t)]["data"]["status"] for t in (task.id, second.id)} == {"code_requested"}


def test_joint_inspection_must_be_requested_whole(world: World) -> None:
    task, _ = ready(world)
    update(world["lead"], "tasks", task.id, joint_inspection_id="joint-1")
    extra_task(world, joint_inspection_id="joint-1")
    _refused(request(world["lead"], [task.id]), 422, "joint_incomplete")
    _unchanged(world, task.id)


def test_tasks_not_merged_cannot_share_a_code(world: World) -> None:
    task, _ = ready(world)
    second = extra_task(world)
    _refused(request(world["lead"], [task.id, second.id]), 422, "not_joint")


def test_tasks_of_different_targets_cannot_share_a_code(world: World) -> None:
    task, _ = ready(world)
    other = Target(**{**world.targets[CHANGNING].model_dump(exclude={"id", "version"}), "name": "另一家宾馆"})
    assert world["lead"].push(mutation(other))[0]["status"] == "accepted"
    second = extra_task(world, target_id=other.id, joint_inspection_id="joint-1")
    update(world["lead"], "tasks", task.id, joint_inspection_id="joint-1")
    _refused(request(world["lead"], [task.id, second.id]), 422, "targets_differ")


def test_one_valid_code_per_task_until_revoked(world: World) -> None:
    task, _ = ready(world)
    first = issued(world["lead"], [task.id])
    _refused(request(world["li"], [task.id]), 409, "code_exists")  # someone else: refused
    again = request(world["lead"], [task.id])  # the same caller again, as after a lost answer: the same code
    assert again.status_code == 201 and again.json()["code"]["id"] == first["id"], again.text
    response = world.client.post(
        f"/api/codes/{first['id']}/revoke", json={"reason": "人员调整"}, headers=world["lead"].headers
    )
    assert response.status_code == 200, response.text
    assert issued(world["lead"], [task.id])["id"] != first["id"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (None, NOW - timedelta(hours=1)),  # already over
        (NOW - timedelta(days=1), NOW + timedelta(hours=1)),  # backdated
        (NOW + timedelta(hours=2), NOW + timedelta(hours=1)),  # ends before it starts
        (None, NOW + timedelta(days=8)),  # longer than a week
    ],
)
def test_invalid_window(world: World, start: datetime | None, end: datetime) -> None:
    task, _ = ready(world)
    body = {"valid_until": end.isoformat()} | ({"valid_from": start.isoformat()} if start else {})
    _refused(request(world["lead"], [task.id], **body), 422, "invalid_window")
    _unchanged(world, task.id)


def test_a_window_without_time_zone_is_refused(world: World) -> None:
    task, _ = ready(world)
    response = request(
        world["lead"], [task.id], valid_until=(NOW + timedelta(hours=3)).replace(tzinfo=None).isoformat()
    )
    _refused(response, 422, "invalid_request")


def test_revocation_reaches_the_inspectors_by_pull(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    _, cursor = world["zhang"].pull_all()
    response = world.client.post(
        f"/api/codes/{code['id']}/revoke", json={"reason": "检查对象已停业"}, headers=world["lead"].headers
    )
    assert response.status_code == 200, response.text
    changes, _ = world["zhang"].pull_all(since=cursor)
    revoked = changes[("inspection_codes", code["id"])]["data"]
    assert revoked["revoke_reason"] == "检查对象已停业"
    assert revoked["revoked_at"] is not None
    assert revoked["signature"] == code["signature"]  # revocation is not signed: the code itself is unchanged


def test_revocation_refusals(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])

    def revoke(username: str, reason: str = "原因") -> object:
        return world.client.post(
            f"/api/codes/{code['id']}/revoke", json={"reason": reason}, headers=world[username].headers
        )

    _refused(revoke("zhang"), 403, "not_allowed")
    _refused(revoke("lead", "   "), 422, "reason_required")
    _refused(
        world.client.post("/api/codes/nope/revoke", json={"reason": "x"}, headers=world["lead"].headers),
        404,
        "code_not_found",
    )
    assert revoke("admin").status_code == 200
    _refused(revoke("lead"), 409, "already_revoked")


def test_the_code_reaches_its_team_and_no_other(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    for username, sees in (("zhang", True), ("li", True), ("admin", True), ("wang", False), ("zhao", False)):
        records, _ = world[username].pull_all()
        assert (("inspection_codes", code["id"]) in records) is sees, username


def test_clients_cannot_push_codes(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    result = world["zhang"].push(
        mutation(entity="inspection_codes", record_id=code["id"], base_version=1, fields={"inspector_ids": ["x", "y"]})
    )[0]
    assert result["status"] == "rejected"


def test_codes_signed_before_a_key_rotation_still_verify(world: World) -> None:
    task, _ = ready(world)
    old = InspectionCode.model_validate(issued(world["lead"], [task.id]))
    world.client.app.state.keys.rotate()
    second = extra_task(world, category="complaint")
    new = InspectionCode.model_validate(issued(world["lead"], [second.id]))
    assert new.key_id != old.key_id
    listed = world.client.get("/api/keys").json()["keys"]
    assert [k["current"] for k in listed if k["key_id"] == new.key_id] == [True]
    keys = {k["key_id"]: rules.public_key_from_b64(k["public_key"]) for k in listed}
    for code in (old, new):
        verdict = rules.verify(
            code, public_keys=keys, now=datetime.now(UTC), target_id=None, inspector_id=None, revoked={}
        )
        assert verdict.ok, verdict.message


def _use(
    world: World, username: str, code_id: str, use_id: str, used_at: datetime | None = None, **fields: object
) -> object:
    """Report a use, by default now: the clock read afresh (the import-time NOW may lie past the skew in a long run)."""
    body = {"id": use_id, "used_at": (used_at or datetime.now(UTC)).isoformat(), **fields}
    return world.client.post(f"/api/codes/{code_id}/uses", json=body, headers=world[username].headers)


def test_a_use_is_logged_once_with_who_when_where(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    when = datetime.now(UTC)
    place = {"location": "长宁路1号 大堂", "latitude": 31.22, "longitude": 121.42}
    first = _use(world, "zhang", code["id"], "use-1", when, **place)
    assert first.status_code == 201, first.text
    again = _use(world, "zhang", code["id"], "use-1", when, **place)
    assert again.status_code == 200
    uses = world.client.get(f"/api/codes/{code['id']}/uses", headers=world["lead"].headers).json()["uses"]
    assert len(uses) == 1
    assert uses[0]["username"] == "zhang"
    assert uses[0]["location"] == "长宁路1号 大堂"
    assert (uses[0]["latitude"], uses[0]["longitude"]) == (31.22, 121.42)
    used_at = datetime.fromisoformat(uses[0]["used_at"])
    assert (used_at if used_at.tzinfo else used_at.replace(tzinfo=UTC)) == when


def test_use_refusals(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    _refused(_use(world, "wang", code["id"], "use-2"), 403, "not_code_inspector")
    _refused(_use(world, "zhang", "no-code", "use-3"), 404, "code_not_found")
    _refused(_use(world, "zhang", code["id"], "use-4", latitude=91), 422, "invalid_request")
    assert _use(world, "zhang", code["id"], "use-5").status_code == 201
    _refused(_use(world, "li", code["id"], "use-5"), 409, "use_id_taken")
    _refused(world.client.get(f"/api/codes/{code['id']}/uses", headers=world["zhang"].headers), 403, "not_allowed")


def test_medical_team_lead_scope(world: World) -> None:
    """The admin manages the medical team's plan; the public team's lead may not request for it."""
    sheet, _ = checklist(world)
    register_plan(world, [sheet.id], team=MEDICAL)
    task = world.tasks[MEDICAL]
    assign(world, task, "wang", "admin", team=MEDICAL, scheduled_on=date.today().isoformat())
    _refused(request(world["lead"], [task.id]), 403, "not_allowed")
    assert issued(world["wang"], [task.id])["task_ids"] == [task.id]


def test_a_joint_inspection_across_teams_reaches_every_assigned_inspector(world: World) -> None:
    task, _ = ready(world)
    sheet, _ = checklist(world, "YL-01")
    register_plan(world, [sheet.id], team=MEDICAL)
    medical = world.tasks[MEDICAL]
    assign(world, medical, "wang", "admin", team=MEDICAL, joint_inspection_id="joint-x")
    update(world["lead"], "tasks", task.id, joint_inspection_id="joint-x")
    code = issued(world["lead"], [task.id, medical.id])
    assert world.inspector_id("wang") in code["inspector_ids"]
    for username, sees in (("zhang", True), ("wang", True), ("zhao", False)):
        records, _ = world[username].pull_all()
        assert (("inspection_codes", code["id"]) in records) is sees, username
    response = world.client.post(
        f"/api/codes/{code['id']}/revoke", json={"reason": "改期"}, headers=world["lead"].headers
    )
    assert response.status_code == 200, response.text
    records, _ = world["wang"].pull_all()
    assert records[("inspection_codes", code["id"])]["data"]["revoke_reason"] == "改期"
