"""Progress of a set of tasks as team leads report it: 完成率, 完结率, 户次, closed and overdue tasks, evaluations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.models.domain import Evaluation, Task
from app.models.enums import TaskStatus
from app.rules.deadlines import PenaltyPublication, Publication


@dataclass(frozen=True)
class Progress:
    total: int
    completed: int
    closed: int
    completion_rate: float | None  # completed ÷ total; None when there are no tasks
    finish_rate: float | None  # (completed + closed) ÷ total
    visits: int  # 户次: completed visits; the tasks of one joint inspection make one visit
    closed_by_reason: dict[str, int]  # most frequent first
    overdue_task_ids: tuple[str, ...]  # open tasks past their due date, earliest due first
    evaluations: int
    mean_score: float | None


def progress(tasks: Iterable[Task], evaluations: Iterable[Evaluation] = (), *, today: date) -> Progress:
    """Rates over `tasks` as of `today`. Closed tasks (ended without inspection) count as finished, not completed."""
    tasks = list(tasks)
    done = [t for t in tasks if t.status == TaskStatus.COMPLETED]
    closed = [t for t in tasks if t.status == TaskStatus.CLOSED]
    open_tasks = [t for t in tasks if t.status not in (TaskStatus.COMPLETED, TaskStatus.CLOSED)]
    overdue = sorted((t for t in open_tasks if t.due_on and t.due_on < today), key=lambda t: (t.due_on, t.id))
    scores = [e.score for e in evaluations]
    total = len(tasks)
    return Progress(
        total=total,
        completed=len(done),
        closed=len(closed),
        completion_rate=len(done) / total if total else None,
        finish_rate=(len(done) + len(closed)) / total if total else None,
        visits=len({t.joint_inspection_id or f"task:{t.id}" for t in done}),
        closed_by_reason=dict(Counter((t.close_reason or "").strip() for t in closed).most_common()),
        overdue_task_ids=tuple(t.id for t in overdue),
        evaluations=len(scores),
        mean_score=sum(scores) / len(scores) if scores else None,
    )


@dataclass(frozen=True)
class ProgressReport:
    today: date
    year: int | None
    overall: Progress
    by_category: dict[str, Progress]
    by_team: dict[str, Progress]
    overdue: list[Task]  # open tasks past their due date, earliest first
    publications: list[Publication]  # overdue first, then by deadline
    penalties: list[PenaltyPublication]  # overdue first, then by deadline
