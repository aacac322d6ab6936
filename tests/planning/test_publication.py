"""Progress rates and the publication deadlines of random inspections' results."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import demo
from app import planning
from app.models.domain import Evaluation, Inspection, Plan, Target, Task
from app.models.enums import TaskStatus
from app.rules.deadlines import PublicationStatus
from app.store import Store
from tests.planning.helpers import TODAY


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


def test_mark_results_published_refuses_an_open_task_and_changes_nothing(store: Store) -> None:
    task = store.find(Task, status="planned")[0]
    outbox = len(store.outbox())
    with pytest.raises(planning.PlanningError, match=r"已完成.*completed"):
        planning.mark_results_published(store, [task.id], TODAY)
    assert store.get(Task, task.id).results_published_on is None and len(store.outbox()) == outbox


def test_task_completed_on_starts_the_publication_clock(store: Store) -> None:
    plan = store.find(Plan, year=TODAY.year, category="national_random")[0]
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
