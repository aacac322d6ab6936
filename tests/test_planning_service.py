"""The planning service: filing, drawing under filed plans only, merging, reassigning, progress, via the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import demo, planning
from app.models.domain import Evaluation, Inspection, Inspector, Plan, SamplingDraw, Target, Task
from app.models.enums import PlanStatus, TaskCategory, TaskStatus
from app.models.wire import Change
from app.rules.deadlines import PublicationStatus
from app.rules.sampling import SamplingConfig, SamplingError
from app.store import Store
from server.api.app import create_app
from server.core.config import Settings
from tests.server import codes_world
from tests.server.world import MEDICAL, PUBLIC, World

TODAY = date(2025, 6, 2)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite3") as s:
        s.save_many(demo.generate(targets=300, seed=3, today=TODAY).all_records(), synced=True)
        yield s


def draft_plan(store: Store, **changes: object) -> Plan:
    base = store.list(Plan, "category = ? AND year = ?", ["district_random", TODAY.year])[0]
    fields = {"plan_no": "长卫监计〔2025〕900号", "name": "测试计划", "status": PlanStatus.DRAFT, **changes}
    plan = Plan(**{**base.model_dump(exclude={"id", "version", "updated_at"}), **fields})
    return store.save(plan)


def count(store: Store, model: type) -> int:
    return store.db.execute(f"SELECT COUNT(*) FROM {model.entity}").fetchone()[0]


def test_no_draw_under_an_unfiled_plan(store: Store) -> None:
    plan = draft_plan(store)
    before = count(store, Task)
    with pytest.raises(planning.PlanningError, match=r"尚未备案.*not filed"):
        planning.prepare_draw(store, plan.id, SamplingConfig(), seed=1)
    assert count(store, Task) == before


def test_a_plan_without_checklists_is_not_filed(store: Store) -> None:
    plan = draft_plan(store, checklist_ids=[])
    with pytest.raises(planning.PlanningError, match=r"检查表.*checklists"):
        planning.file_plan(store, plan.id)
    assert store.get(Plan, plan.id).status == PlanStatus.DRAFT


def test_a_filed_plan_draws_reproducibly_and_creates_synced_tasks(store: Store) -> None:
    plan = draft_plan(store)
    planning.file_plan(store, plan.id)
    first = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=42)
    again = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=42)
    assert first.draw.selected_ids == again.draw.selected_ids
    staffed = [{t.target_id: t.inspector_ids for t in r.tasks} for r in (first, again)]
    assert staffed[0] == staffed[1]
    assert first.draw.selected_ids, "the demo pool yields a non-empty draw"
    outbox_before = len(store.outbox())
    record = planning.create_tasks_from_draw(store, first, drawn_by="lead")
    saved = [store.get(Task, i) for i in record.task_ids.values()]
    assert {t.target_id for t in saved} == set(first.draw.selected_ids) == set(record.target_ids)
    assert all(len(t.inspector_ids) >= 2 and t.plan_id == plan.id for t in saved)
    assert {t.target_id: t.inspector_ids for t in saved} == record.assignments
    sent = store.outbox()[outbox_before:]
    assert [m["entity"] for m in sent] == ["tasks"] * len(saved) + ["sampling_draws"]  # the draw syncs too
    assert store.get(SamplingDraw, record.id).seed == 42
    # drawn targets now hold a task under the plan: the next pool leaves them out
    assert set(first.draw.selected_ids).isdisjoint(e.id for e in planning.load_pool(store, store.get(Plan, plan.id)))


def test_a_draw_needing_more_inspectors_than_the_team_has_changes_nothing(store: Store) -> None:
    plan = draft_plan(store)
    planning.file_plan(store, plan.id)
    before = count(store, Task)
    with pytest.raises(SamplingError, match=r"不足.*not enough"):
        planning.prepare_draw(store, plan.id, SamplingConfig(), seed=1, per_task=9)
    assert count(store, Task) == before


def _two_lines_on_one_target(store: Store) -> list[Task]:
    plans = {p.category: p for p in store.list(Plan, "year = ?", [TODAY.year])}
    target_id = store.db.execute("SELECT id FROM targets WHERE id NOT IN (SELECT target_id FROM tasks)").fetchone()[0]
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


def test_reassign_refuses_one_inspector_twice(store: Store) -> None:
    task = store.list(Task, "status = ?", ["planned"])[0]
    with pytest.raises(planning.PlanningError, match=r"重复.*twice"):
        planning.reassign(store, task.id, ["a", "a"], None)
    assert store.get(Task, task.id).inspector_ids == task.inspector_ids


def test_progress_report_counts_a_known_set(tmp_path: Path) -> None:
    with Store.open(tmp_path / "known.sqlite3") as s:
        data = demo.generate(targets=30, seed=5, today=TODAY)
        s.save_many([*data.checklists, *data.checklist_items, *data.inspectors, *data.targets, *data.plans])
        plan = next(p for p in data.plans if p.year == 2025 and p.category == "district_random")
        t = data.targets[0].id
        make = lambda status, **kw: Task(plan_id=plan.id, target_id=t, category=plan.category, team=plan.team,  # noqa: E731
                                         status=status, due_on=date(2025, 5, 30), **kw)  # fmt: skip
        done = [make(TaskStatus.COMPLETED), make(TaskStatus.COMPLETED)]
        tasks = [*done, make(TaskStatus.CLOSED, close_reason="查无此单位"), make(TaskStatus.PLANNED)]
        s.save_many(tasks)
        ended = datetime(2025, 4, 30, 2, tzinfo=UTC)  # 10:00 in Shanghai, the day before the May Day holiday
        inspection = Inspection(code_id="c1", target_id=t, task_ids=[done[0].id], inspector_ids=["a", "b"],
                                completed_at=ended)  # fmt: skip
        s.save_many([inspection], synced=True)  # a done inspection, as pulled from the server
        s.save(Evaluation(code_id="c1", score=4))
        report = planning.progress_report(s, TODAY, 2025)
        a_day_late = planning.progress_report(s, date(2025, 6, 4), 2025)
    assert (report.overall.total, report.overall.completed, report.overall.closed) == (4, 2, 1)
    assert report.overall.completion_rate == 0.5 and report.overall.finish_rate == 0.75
    assert report.overall.evaluations == 1 and report.overall.mean_score == 4
    assert [t.id for t in report.overdue] == [tasks[3].id]
    assert report.by_team == {plan.team: report.overall}
    [publication] = report.publications
    assert publication.ended_on == date(2025, 4, 30)
    assert publication.deadline.due == date(2025, 6, 3)  # 1–5 May and 31 May–2 June (端午) are holidays
    assert publication.status == PublicationStatus.PENDING
    assert a_day_late.publications[0].status == PublicationStatus.OVERDUE


def filed_plan(store: Store, **changes: object) -> Plan:
    return planning.file_plan(store, draft_plan(store, **changes).id)


def test_a_recorded_draw_verifies_identical_and_a_tampered_one_does_not(store: Store) -> None:
    record = planning.create_tasks_from_draw(
        store, planning.prepare_draw(store, filed_plan(store).id, SamplingConfig(), 7)
    )
    assert planning.verify_draw(store, record.id) == planning.DrawCheck(True, ())
    others = [t for t in store.list(Target) if t.id not in record.target_ids][:1]
    swapped = planning.check_draw(record.model_copy(update={"target_ids": [*record.target_ids[1:], others[0].id]}))
    assert not swapped.identical and any("other targets" in d for d in swapped.differences)
    reseeded = planning.check_draw(record.model_copy(update={"seed": 8}))
    assert not reseeded.identical and any("seeds differ" in d for d in reseeded.differences)
    inputs = {**record.inputs, "targets": {**record.inputs["targets"], "seed": 8}}
    altered = planning.check_draw(record.model_copy(update={"inputs": inputs}))
    assert not altered.identical


def test_the_plans_filed_sampling_rules_drive_the_draw(store: Store) -> None:
    plan = draft_plan(store)
    everything = SamplingConfig(ratios={g: 1.0 for g in "ABCD"}, exclude_do_not_disturb=False)
    planning.set_sampling_rules(store, plan.id, everything)
    filed = planning.file_plan(store, plan.id)
    config = SamplingConfig.for_plan(filed)
    assert config == everything
    result = planning.prepare_draw(store, plan.id, config, seed=1)
    assert set(result.draw.selected_ids) == {e.id for e in planning.load_pool(store, filed)}  # 100% of each grade
    with pytest.raises(planning.PlanningError, match=r"已备案.*filed"):
        planning.set_sampling_rules(store, plan.id, SamplingConfig())
    assert SamplingConfig.for_plan(store.get(Plan, plan.id)) == everything


def test_declared_recusals_keep_the_inspector_off_that_target(store: Store) -> None:
    plan = filed_plan(store)
    pool = planning.load_pool(store, plan)
    team = [i for i in store.list(Inspector, "team = ? AND role = 'inspector'", [plan.team]) if i.certificate_no]
    conflicted = pool[0].id
    outbox = len(store.outbox())
    for inspector in team[:-2]:  # all but two declare a conflict: the two left must staff that target
        planning.declare_recusal(store, inspector.id, conflicted, "亲属在该单位任职")
    assert {m["entity"] for m in store.outbox()[outbox:]} == {"recusals"}
    with pytest.raises(planning.PlanningError, match=r"已.*声明回避.*already"):
        planning.declare_recusal(store, team[0].id, conflicted, "重复声明")
    everything = SamplingConfig(ratios={g: 1.0 for g in "ABCD"}, exclude_do_not_disturb=False)
    for seed in range(5):
        result = planning.prepare_draw(store, plan.id, everything, seed=seed)
        staffed = next(t for t in result.tasks if t.target_id == conflicted)
        assert set(staffed.inspector_ids) == {i.id for i in team[-2:]}
        assert all(len(t.inspector_ids) >= 2 for t in result.tasks)
    planning.declare_recusal(store, team[-1].id, conflicted, "曾为该单位提供咨询")
    with pytest.raises(SamplingError, match=r"不足.*not enough"):
        planning.prepare_draw(store, plan.id, everything, seed=1)


def test_mark_results_published_refuses_an_open_task_and_changes_nothing(store: Store) -> None:
    task = store.list(Task, "status = 'planned'")[0]
    outbox = len(store.outbox())
    with pytest.raises(planning.PlanningError, match=r"已完成.*completed"):
        planning.mark_results_published(store, [task.id], TODAY)
    assert store.get(Task, task.id).results_published_on is None and len(store.outbox()) == outbox


def test_task_completed_on_starts_the_publication_clock(store: Store) -> None:
    plan = store.list(Plan, "year = ? AND category = 'national_random'", [TODAY.year])[0]
    target = store.list(Target)[0]
    # ended Fri 26 Sep 2025: Sun 28 Sep is a make-up workday (1), 29–30 Sep (2, 3), 1–8 Oct National Day and
    # Mid-Autumn, 9–10 Oct (4, 5), make-up Sat 11 Oct (6), then weekdays: the 20th working day is Thu 30 Oct
    task = Task(plan_id=plan.id, target_id=target.id, category=plan.category, team=plan.team,
                status=TaskStatus.COMPLETED, completed_on=date(2025, 9, 26))  # fmt: skip
    store.save(task)
    [publication] = [
        p for p in planning.progress_report(store, date(2025, 10, 20)).publications if p.task.id == task.id
    ]
    assert publication.deadline.due == date(2025, 10, 30) and publication.status == PublicationStatus.PENDING


def test_penalty_input_is_checked_in_both_languages(store: Store) -> None:
    target = store.list(Target)[0]
    with pytest.raises(planning.PlanningError, match=r"找不到.*no such target"):
        planning.record_penalty(store, "nope", "长卫罚〔2025〕1号", TODAY, "警告", "公共场所科")
    penalty = planning.record_penalty(store, target.id, "长卫罚〔2025〕1号", TODAY, "警告", "公共场所科")
    with pytest.raises(planning.PlanningError, match=r"早于.*before"):
        planning.mark_penalty_published(store, penalty.id, date(2025, 5, 1))
    assert planning.mark_penalty_published(store, penalty.id, date(2025, 6, 5)).published_on == date(2025, 6, 5)


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
