"""Progress: 完成率, 完结率, 户次 with joint inspections, closed tasks by reason, overdue tasks, evaluations."""

from __future__ import annotations

from datetime import date

from app.models.domain import Evaluation, Task
from app.models.enums import TaskCategory, TaskStatus
from app.rules.progress import progress

TODAY = date(2025, 10, 31)


def make_task(n: int, status: TaskStatus = TaskStatus.PLANNED, **fields: object) -> Task:
    return Task(
        id=f"task-{n:04d}",
        plan_id="plan-1",
        target_id=f"target-{n:04d}",
        category=TaskCategory.NATIONAL_RANDOM,
        team="公共场所科",
        status=status,
        **fields,
    )


def test_putuo_2024_national_random_figures() -> None:
    """Seed 001: 287 national random tasks, 276 completed, 11 closed → 完结率 100%, 完成率 96.1%."""
    tasks = [make_task(i, TaskStatus.COMPLETED) for i in range(276)]
    tasks += [make_task(300 + i, TaskStatus.CLOSED, close_reason="已歇业") for i in range(11)]
    result = progress(tasks, today=TODAY)
    assert (result.total, result.completed, result.closed) == (287, 276, 11)
    assert result.completion_rate == 276 / 287
    assert f"{result.completion_rate:.1%}" == "96.2%"  # the seed truncates to 96.1%
    assert result.finish_rate == 1.0
    assert result.visits == 276
    assert result.closed_by_reason == {"已歇业": 11}


def test_a_joint_inspection_counts_as_one_visit() -> None:
    joint = [make_task(i, TaskStatus.COMPLETED, joint_inspection_id="joint-1") for i in range(3)]
    single = [make_task(10 + i, TaskStatus.COMPLETED) for i in range(2)]
    pending_joint = [make_task(20, TaskStatus.PLANNED, joint_inspection_id="joint-2")]
    result = progress([*joint, *single, *pending_joint], today=TODAY)
    assert result.completed == 5
    assert result.visits == 3


def test_closed_tasks_by_reason_most_frequent_first() -> None:
    tasks = [
        make_task(1, TaskStatus.CLOSED, close_reason="已迁出"),
        make_task(2, TaskStatus.CLOSED, close_reason="已歇业"),
        make_task(3, TaskStatus.CLOSED, close_reason=" 已歇业"),
        make_task(4, TaskStatus.COMPLETED),
    ]
    result = progress(tasks, today=TODAY)
    assert list(result.closed_by_reason.items()) == [("已歇业", 2), ("已迁出", 1)]
    assert result.completion_rate == 0.25
    assert result.finish_rate == 1.0


def test_overdue_tasks_are_open_tasks_past_their_due_date() -> None:
    tasks = [
        make_task(1, due_on=date(2025, 10, 30)),
        make_task(2, TaskStatus.IN_PROGRESS, due_on=date(2025, 9, 1)),
        make_task(3, due_on=TODAY),  # due today: not yet overdue
        make_task(4, TaskStatus.COMPLETED, due_on=date(2025, 9, 1)),
        make_task(5, TaskStatus.CLOSED, close_reason="查无此户", due_on=date(2025, 9, 1)),
        make_task(6),  # no due date
    ]
    assert progress(tasks, today=TODAY).overdue_task_ids == ("task-0002", "task-0001")


def test_evaluations_received() -> None:
    evaluations = [Evaluation(code_id="code-1", score=5), Evaluation(code_id="code-2", score=4)]
    result = progress([make_task(1, TaskStatus.COMPLETED)], evaluations, today=TODAY)
    assert (result.evaluations, result.mean_score) == (2, 4.5)


def test_no_tasks_means_no_rates_rather_than_zero() -> None:
    result = progress([], today=TODAY)
    assert (result.total, result.completion_rate, result.finish_rate, result.mean_score) == (0, None, None, None)
