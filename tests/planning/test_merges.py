"""Merging tasks at one target into a joint inspection, on the client and as the server issues its code."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import planning
from app.models.domain import Plan, Target, Task
from app.models.enums import TaskCategory
from app.models.wire import Change
from app.store import Store
from server.api.app import create_app
from server.core.config import Settings
from tests.planning.helpers import TODAY
from tests.server import codes_world
from tests.server.world import MEDICAL, PUBLIC, World


def _two_lines_on_one_target(store: Store) -> list[Task]:
    plans = {p.category: p for p in store.find(Plan, year=TODAY.year)}
    tasked = {t.target_id for t in store.list(Task)}
    target_id = next(t.id for t in store.list(Target) if t.id not in tasked)
    tasks = [
        Task(plan_id=plans[c].id, target_id=target_id, category=c, team=plans[c].team, inspector_ids=ins,
             scheduled_on=day)
        for c, ins, day in (
            (TaskCategory.DISTRICT_RANDOM, ["i1", "i2"], date(2025, 6, 10)),
            (TaskCategory.CAMPAIGN, ["i2", "i3"], date(2025, 6, 5)),
        )
    ]  # fmt: skip
    for task in tasks:
        store.save(task)
    return tasks


def test_accepting_a_merge_gives_one_joint_id_and_the_union_of_inspectors(store: Store) -> None:
    mine = {t.id for t in _two_lines_on_one_target(store)}
    proposal = next(p for p in planning.merge_proposals(store) if set(p.task_ids) == mine)
    joint_id, _ = planning.accept_merge(store, proposal)
    merged = [store.get(Task, i) for i in mine]
    assert {t.joint_inspection_id for t in merged} == {joint_id}
    assert all(set(t.inspector_ids) == {"i1", "i2", "i3"} and t.scheduled_on == date(2025, 6, 5) for t in merged)
    assert not any(set(p.task_ids) & mine for p in planning.merge_proposals(store))


def test_a_rejected_merge_does_not_come_back(store: Store) -> None:
    mine = {t.id for t in _two_lines_on_one_target(store)}
    proposal = next(p for p in planning.merge_proposals(store) if set(p.task_ids) == mine)
    outbox = len(store.outbox())
    planning.reject_merge(store, proposal, "两条线检查内容不同", "lead")
    assert not any(set(p.task_ids) == mine for p in planning.merge_proposals(store))
    [decision] = planning.rejections(store)
    assert (decision.reason, decision.accepted, set(decision.task_ids)) == ("两条线检查内容不同", False, mine)
    assert [m["entity"] for m in store.outbox()[outbox:]] == ["merge_decisions"]  # synced, not local-only


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """The server in process (SQLite), with the small world of tests/server: two teams' tasks on one target."""
    settings = Settings(data_dir=tmp_path / "server", database_url=f"sqlite:///{tmp_path / 'server.db'}")
    with TestClient(create_app(settings)) as client:
        yield World.build(client)


def test_a_merge_across_categories_and_departments_is_accepted_into_one_code(world: World, tmp_path: Path) -> None:
    """Accepted on the client, pushed as the outbox holds it: the server issues one code for the joint visit."""
    public_sheet, public_items = codes_world.checklist(world, "GG-01")
    medical_sheet, medical_items = codes_world.checklist(world, "YL-01")
    codes_world.register_plan(world, [public_sheet.id])
    admin = world["admin"]
    codes_world.update(admin, "plans", world.plans[MEDICAL].id, status="registered", checklist_ids=[medical_sheet.id])
    day = date.today() + timedelta(days=2)
    public, medical = world.tasks[PUBLIC], world.tasks[MEDICAL]
    codes_world.assign(world, public, "zhang", "li", scheduled_on=day.isoformat())
    codes_world.assign(world, medical, "wang", team=MEDICAL, scheduled_on=(day + timedelta(days=3)).isoformat(),
                       category="cross_department", department="市场监督管理局")  # fmt: skip
    with Store.open(tmp_path / "admin.sqlite3") as store:
        pulled, _ = admin.pull_all()
        store.apply_remote([Change.model_validate(c) for c in pulled.values()])
        [proposal] = planning.merge_proposals(store)
        assert set(proposal.task_ids) == {public.id, medical.id}
        assert set(proposal.categories) == {"district_random", "cross_department"}
        assert set(proposal.departments) == {"卫生健康委员会", "市场监督管理局"}
        joint_id, _ = planning.accept_merge(store, proposal, world.inspector_id("admin"))
        assert {t.id for t in planning.joint_tasks(store, joint_id)} == {public.id, medical.id}
        mutations = [
            {"mutation_id": m["mutation_id"], "entity": m["entity"], "id": m["record_id"], "op": m["op"],
             "base_version": m["base_version"], "fields": m["fields"]}
            for m in store.outbox() if m["entity"] == "tasks"
        ]  # fmt: skip
    assert [r["status"] for r in admin.push(*mutations)] == ["accepted", "accepted"]

    alone = codes_world.request(admin, [public.id])
    assert alone.status_code == 422 and alone.json()["code"] == "joint_incomplete"
    code = codes_world.issued(admin, [public.id, medical.id])
    assert set(code["task_ids"]) == {public.id, medical.id}
    assert set(code["inspector_ids"]) == {world.inspector_id(u) for u in ("zhang", "li", "wang")}
    assert set(code["checklist_item_ids"]) == {i.id for i in (*public_items, *medical_items)}
