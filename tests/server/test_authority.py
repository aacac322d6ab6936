"""The server is the authority (无码不检查 on the server): each attack of issue 10 tried, and refused with a reason.

Every attack is a push a modified client could send; the answer is `rejected` with a stable code, and nothing of it is
stored (checked by pulling as the lead).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.models import Inspection, ItemResult, Task
from app.models.ids import new_id
from app.rules import codes as rules
from tests.server.codes_world import inspection_under, issued, ready, request
from tests.server.world import CHANGNING, MEDICAL, PUBLIC, World, mutation

NOW = datetime.now(UTC)


def _answer(world: World, username: str, *mutations: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r["error"]) for r in world[username].push(*mutations)]


def _stored(world: World, entity: str, record_id: str) -> dict[str, Any] | None:
    records, _ = world["lead"].pull_all()
    change = records.get((entity, record_id))
    return change["data"] if change else None


def _started(world: World, *inspectors: str, **code_window: datetime) -> tuple[Inspection, ItemResult]:
    """An inspection and one result under a genuine code, pushed by zhang and accepted."""
    code = world.code(*inspectors or ("zhang", "li"), **code_window)
    inspection = world.inspection(*inspectors or ("zhang", "li"), code=code)
    result = world.result(inspection)
    assert _answer(world, "zhang", mutation(inspection), mutation(result)) == [("accepted", None)] * 2
    return inspection, result


def _finish(world: World, inspection: Inspection) -> None:
    fields = {"status": "completed", "completed_at": NOW.isoformat()}
    done = mutation(entity="inspections", record_id=inspection.id, base_version=1, fields=fields)
    assert _answer(world, "zhang", done) == [("accepted", None)]


# --- the code rule --------------------------------------------------------------------------------------------


def test_an_inspection_under_a_made_up_code_is_refused_and_stored_nowhere(world: World) -> None:
    task = world.tasks[PUBLIC]
    made_up = Inspection(
        code_id=new_id(),
        target_id=task.target_id,
        task_ids=[task.id],
        inspector_ids=[world.inspector_id("zhang"), world.inspector_id("li")],
    )
    result = world.result(made_up)
    assert _answer(world, "zhang", mutation(made_up), mutation(result)) == [
        ("rejected", "code_unknown"),
        ("rejected", "unknown_parent"),
    ]
    assert _stored(world, "inspections", made_up.id) is None


def test_a_code_signed_with_another_key_is_refused(world: World) -> None:
    """A code row the server never signed (planted in its database, or pushed by a client) does not pass."""
    task = world.tasks[PUBLIC]
    foreign = rules.issue(
        target_id=task.target_id,
        target_credit_code=world.targets[CHANGNING].credit_code,
        task_ids=[task.id],
        inspector_ids=[world.inspector_id("zhang"), world.inspector_id("li")],
        checklist_item_ids=[],
        valid_from=NOW - timedelta(hours=1),
        valid_until=NOW + timedelta(hours=8),
        issuer="长宁区卫生健康委员会",
        private_key=Ed25519PrivateKey.generate(),
    )
    assert _answer(world, "zhang", mutation(foreign)) == [("rejected", "forbidden")]  # clients never push codes
    world.insert_directly(foreign)
    inspection = world.inspection("zhang", "li", code=foreign)
    assert _answer(world, "zhang", mutation(inspection)) == [("rejected", "code_unknown_key")]
    genuine = world.code("zhang", "li")
    forged = genuine.model_copy(
        update={"id": new_id(), "short_code": "ZZZZ-ZZZZ", "valid_until": NOW + timedelta(days=30)}
    )
    world.insert_directly(forged)  # the signature no longer covers the payload
    assert _answer(world, "zhang", mutation(world.inspection("zhang", "li", code=forged))) == [
        ("rejected", "code_bad_signature")
    ]


def test_an_expired_code_and_a_start_in_the_future_are_refused(world: World) -> None:
    code = world.code("zhang", "li", valid_from=NOW - timedelta(days=2), valid_until=NOW - timedelta(days=1))
    late = world.inspection("zhang", "li", code=code)
    assert _answer(world, "zhang", mutation(late)) == [("rejected", "code_expired")]
    fresh = world.code("zhang", "li", valid_from=NOW + timedelta(days=2), valid_until=NOW + timedelta(days=3))
    early = world.inspection("zhang", "li", code=fresh)
    assert _answer(world, "zhang", mutation(early)) == [("rejected", "code_not_yet_valid")]
    # A laptop clock moved 49 h ahead stamps a start inside that window: the server's clock refuses it.
    ahead = early.model_copy(update={"id": new_id(), "started_at": NOW + timedelta(hours=49)})
    assert _answer(world, "zhang", mutation(ahead)) == [("rejected", "started_in_future")]


def test_an_offline_inspection_pushed_days_later_passes_on_its_start(world: World) -> None:
    code = world.code("zhang", "li", valid_from=NOW - timedelta(days=3), valid_until=NOW - timedelta(days=2))
    offline = world.inspection("zhang", "li", code=code).model_copy(
        update={"started_at": NOW - timedelta(days=2, hours=3)}
    )
    assert _answer(world, "zhang", mutation(offline), mutation(world.result(offline))) == [("accepted", None)] * 2


def test_a_revoked_code_refuses_inspections_started_after_the_revocation(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    before = inspection_under(code)
    response = world.client.post(
        f"/api/codes/{code['id']}/revoke", json={"reason": "人员调整"}, headers=world["lead"].headers
    )
    assert response.status_code == 200, response.text
    after = before.model_copy(update={"id": new_id(), "started_at": datetime.now(UTC)})
    assert _answer(world, "zhang", mutation(after)) == [("rejected", "code_revoked")]
    assert _answer(world, "zhang", mutation(before)) == [("accepted", None)]  # it ran while the code stood


def test_an_inspection_must_stay_within_its_codes_tasks_and_inspectors(world: World) -> None:
    code = world.code("zhang", "li")
    stranger_task = world.inspection("zhang", "li", code=code).model_copy(
        update={"task_ids": [world.tasks[MEDICAL].id]}
    )
    with_wang = world.inspection("zhang", "li", code=code).model_copy(
        update={"inspector_ids": [world.inspector_id("zhang"), world.inspector_id("wang")]}
    )
    assert (
        _answer(world, "zhang", mutation(stranger_task), mutation(with_wang)) == [("rejected", "code_not_covering")] * 2
    )


def test_results_on_items_the_code_does_not_list_are_refused(world: World) -> None:
    task, items = ready(world)
    inspection = inspection_under(issued(world["lead"], [task.id]))
    listed = ItemResult(
        inspection_id=inspection.id, code_id=inspection.code_id, item_id=items[0].id, result="compliant"
    )
    unlisted = ItemResult(inspection_id=inspection.id, code_id=inspection.code_id, item_id=new_id(), result="compliant")
    assert _answer(world, "zhang", mutation(inspection), mutation(listed), mutation(unlisted)) == [
        ("accepted", None),
        ("accepted", None),
        ("rejected", "item_not_on_code"),
    ]


def test_a_started_inspection_keeps_its_code_and_people(world: World) -> None:
    inspection, _ = _started(world)
    other = world.code("zhang", "li")
    moved = mutation(entity="inspections", record_id=inspection.id, base_version=1, fields={"code_id": other.id})
    assert _answer(world, "zhang", moved) == [("rejected", "inspection_immutable")]


def test_a_result_under_another_code_than_its_inspection_is_refused(world: World) -> None:
    inspection, _ = _started(world)
    other = world.code("zhang", "li")
    stray = ItemResult(inspection_id=inspection.id, code_id=other.id, item_id=new_id(), result="compliant")
    assert _answer(world, "zhang", mutation(stray)) == [("rejected", "code_mismatch")]


# --- locked after completion ----------------------------------------------------------------------------------


def test_a_completed_inspection_is_locked_on_the_server(world: World) -> None:
    inspection, result = _started(world)
    _finish(world, inspection)
    rewrite = mutation(entity="inspections", record_id=inspection.id, base_version=2, fields={"findings": "改写"})
    changed = mutation(entity="item_results", record_id=result.id, base_version=1, fields={"result": "non_compliant"})
    added = mutation(world.result(inspection))
    removed = mutation(entity="item_results", record_id=result.id, base_version=1, op="delete")
    assert _answer(world, "zhang", rewrite, changed, added, removed) == [("rejected", "inspection_locked")] * 4
    assert _stored(world, "item_results", result.id)["result"] == "compliant"


# --- someone else's inspection --------------------------------------------------------------------------------


def test_nobody_but_the_inspectors_on_the_code_writes_its_work(world: World) -> None:
    inspection, result = _started(world)
    edit = {"note": "改过"}
    for username in ("wang", "lead", "admin", "zhao"):
        attempts = [
            mutation(entity="item_results", record_id=result.id, base_version=1, fields=edit),
            mutation(world.result(inspection)),
            mutation(entity="item_results", record_id=result.id, base_version=1, op="delete"),
        ]
        answers = _answer(world, username, *attempts)
        assert all(status == "rejected" for status, _ in answers), (username, answers)
    assert _stored(world, "item_results", result.id)["note"] == ""


def test_another_teams_inspector_cannot_complete_a_code(world: World) -> None:
    """A completed inspection opens the code's evaluation form: only the code's own inspectors may push one."""
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    completed = inspection_under(code, status="completed", completed_at=NOW)
    assert _answer(world, "wang", mutation(completed)) == [("rejected", "code_wrong_inspector")]
    assert _stored(world, "inspections", completed.id) is None


# --- planning belongs to leads --------------------------------------------------------------------------------


def test_an_inspector_cannot_put_herself_on_a_task_nor_create_one(world: World) -> None:
    task, _ = ready(world, "zhang", "li")
    wang_on_it = [world.inspector_id("zhang"), world.inspector_id("li"), world.inspector_id("wang")]
    add_self = mutation(entity="tasks", record_id=task.id, base_version=3, fields={"inspector_ids": wang_on_it})
    new_task = Task(plan_id=task.plan_id, target_id=task.target_id, category="campaign", team=PUBLIC)
    assert _answer(world, "li", add_self, mutation(new_task)) == [("rejected", "forbidden")] * 2
    assert _stored(world, "tasks", new_task.id) is None
    outsider = request(world["wang"], [task.id])
    assert outsider.status_code == 403, outsider.text


def test_an_inspector_moves_her_own_task_on_site_only(world: World) -> None:
    task, _ = ready(world, "zhang", "li")
    started = mutation(entity="tasks", record_id=task.id, base_version=3, fields={"status": "in_progress"})
    assert _answer(world, "zhang", started) == [("accepted", None)]
    closed = mutation(
        entity="tasks", record_id=task.id, base_version=4, fields={"status": "closed", "close_reason": "停业"}
    )
    not_hers = mutation(entity="tasks", record_id=task.id, base_version=4, fields={"status": "completed"})
    assert _answer(world, "zhang", closed) == [("rejected", "forbidden")]
    assert _answer(world, "wang", not_hers) == [("rejected", "forbidden")]


def test_a_follow_up_task_needs_a_code_for_its_target(world: World) -> None:
    task = world.tasks[PUBLIC]
    follow_up = Task(
        plan_id=task.plan_id,
        target_id=task.target_id,
        category="follow_up",
        team=PUBLIC,
        inspector_ids=[world.inspector_id("zhang"), world.inspector_id("li")],
    )
    assert _answer(world, "zhang", mutation(follow_up)) == [("rejected", "forbidden")]
    world.code("zhang", "li")
    assert _answer(world, "zhang", mutation(follow_up)) == [("accepted", None)]


def test_target_planning_fields_are_the_leads_and_site_facts_the_inspectors(world: World) -> None:
    target = world.targets[CHANGNING]
    for fields in ({"do_not_disturb": True}, {"grade": "A"}, {"name": "改名"}):
        [answer] = world["zhang"].push(mutation(entity="targets", record_id=target.id, base_version=1, fields=fields))
        assert (answer["status"], answer["error"]) == ("rejected", "forbidden")
        assert next(iter(fields)) in answer["message"]
    seen = mutation(entity="targets", record_id=target.id, base_version=1, fields={"address": "长宁路8号"})
    assert _answer(world, "zhang", seen) == [("accepted", None)]
    assert _stored(world, "targets", target.id)["do_not_disturb"] is False


# --- replays and the code-use log -----------------------------------------------------------------------------


def test_a_mutation_id_is_each_users_own(world: World) -> None:
    target = world.targets[CHANGNING]
    first = mutation(entity="targets", record_id=target.id, base_version=1, fields={"address": "一号"})
    assert _answer(world, "zhang", first) == [("accepted", None)]
    reused = {**first, "fields": {"address": "二号"}, "base_version": 2}
    assert world["li"].push(reused)[0]["version"] == 3  # his own change, not zhang's answer
    assert _stored(world, "targets", target.id)["address"] == "二号"


def test_a_code_use_reported_outside_the_codes_validity_is_refused(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])

    def report(used_at: datetime) -> int:
        body = {"id": new_id(), "used_at": used_at.isoformat()}
        url = f"/api/codes/{code['id']}/uses"
        return world.client.post(url, json=body, headers=world["zhang"].headers).status_code

    assert report(NOW - timedelta(days=400)) == 422
    assert report(NOW + timedelta(days=3)) == 422
    assert report(datetime.now(UTC)) == 201
    other_team = world.client.post(
        f"/api/codes/{code['id']}/uses",
        json={"id": new_id(), "used_at": datetime.now(UTC).isoformat()},
        headers=world["wang"].headers,
    )
    assert other_team.status_code == 403
