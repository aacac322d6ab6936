"""The planning service: filing, drawing under filed plans only, merging, reassigning, progress, via the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app import demo, planning
from app.models.domain import Evaluation, Inspection, Plan, Task
from app.models.enums import PlanStatus, TaskCategory, TaskStatus
from app.rules.deadlines import PublicationStatus
from app.rules.sampling import SamplingConfig, SamplingError
from app.store import Store

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
    saved = planning.create_tasks_from_draw(store, first)
    assert {t.target_id for t in saved} == set(first.draw.selected_ids)
    assert all(len(t.inspector_ids) >= 2 and t.plan_id == plan.id for t in saved)
    assert len(store.outbox()) == outbox_before + len(saved)
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
    planning.reject_merge(store, proposal, "两条线检查内容不同", "lead")
    assert not any(set(p.task_ids) == mine for p in planning.merge_proposals(store))
    assert planning.rejections(store)[0].reason == "两条线检查内容不同"


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
