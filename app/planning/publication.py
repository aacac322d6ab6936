"""Progress (完成率) and publication (公示): rates by category and team, overdue tasks, and the deadlines to publish
random inspections' results (20 working days after the task ended) and penalty decisions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from app.models.domain import Evaluation, Inspection, InspectionCode, Plan, Task
from app.models.enums import TaskCategory, TaskStatus
from app.planning.errors import PlanningError
from app.planning.penalties import penalty_publications
from app.rules.deadlines import Publication, PublicationStatus, publication_status, results_publication_due
from app.rules.progress import Progress, ProgressReport, progress
from app.rules.shanghai import shanghai_date
from app.store import PRESENT, Store

RANDOM_CATEGORIES = (TaskCategory.NATIONAL_RANDOM, TaskCategory.DISTRICT_RANDOM, TaskCategory.JOINT_RANDOM)


def progress_report(store: Store, today: date, year: int | None = None) -> ProgressReport:
    """Rates over the tasks of `year`'s plans (all plans if None), grouped by category and by team, as of `today`;
    the publication deadlines of their random inspections' results and of the penalties decided in `year`."""
    plan_ids = {p.id for p in store.list(Plan) if year is None or p.year == year}
    tasks = [t for t in store.list(Task) if t.plan_id in plan_ids]
    evaluated = _evaluations_by_task(store)
    overall = progress(tasks, [e for t in tasks for e in evaluated.get(t.id, [])], today=today)
    by_task = {t.id: t for t in tasks}
    return ProgressReport(
        today=today,
        year=year,
        overall=overall,
        by_category=_grouped(tasks, lambda t: t.category, evaluated, today),
        by_team=_grouped(tasks, lambda t: t.team, evaluated, today),
        overdue=[by_task[i] for i in overall.overdue_task_ids],
        publications=_publications(store, tasks, today),
        penalties=penalty_publications(store, year, today),
    )


def _grouped(
    tasks: list[Task], key: Callable[[Task], str], evaluated: Mapping[str, list[Evaluation]], today: date
) -> dict[str, Progress]:
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        groups.setdefault(key(task), []).append(task)
    return {
        name: progress(members, [e for t in members for e in evaluated.get(t.id, [])], today=today)
        for name, members in sorted(groups.items())
    }


def _evaluations_by_task(store: Store) -> dict[str, list[Evaluation]]:
    """Each evaluation under the first task of its code (one evaluation per visit, not per merged task)."""
    first_task = {c.id: c.task_ids[0] for c in store.list(InspectionCode)}
    for inspection in store.list(Inspection):
        first_task.setdefault(inspection.code_id, inspection.task_ids[0])
    found: dict[str, list[Evaluation]] = {}
    for evaluation in store.list(Evaluation):
        task_id = first_task.get(evaluation.code_id)
        if task_id is not None:
            found.setdefault(task_id, []).append(evaluation)
    return found


def _ended_on(store: Store) -> dict[str, date]:
    """The day each task ended by its completed inspection (Shanghai), for tasks that do not carry `completed_on`."""
    ended: dict[str, date] = {}
    for inspection in store.find(Inspection, completed_at=PRESENT):
        day = shanghai_date(inspection.completed_at)
        for task_id in inspection.task_ids:
            ended[task_id] = max(day, ended.get(task_id, day))
    return ended


def _publications(store: Store, tasks: list[Task], today: date) -> list[Publication]:
    by_inspection = _ended_on(store)
    rows = []
    for task in tasks:
        ended = task.completed_on or by_inspection.get(task.id)
        if task.category in RANDOM_CATEGORIES and task.status == TaskStatus.COMPLETED and ended is not None:
            deadline = results_publication_due(ended)
            status = publication_status(deadline.due, task.results_published_on, today)
            rows.append(Publication(task, ended, deadline, status))
    rows.sort(key=lambda p: (p.status != PublicationStatus.OVERDUE, p.deadline.due, p.task.id))
    return rows


def mark_results_published(store: Store, task_ids: Iterable[str], published_on: date) -> list[Task]:
    """Record that these random inspections' results were published (公示) on `published_on`, in one transaction."""
    tasks = []
    ended = _ended_on(store)
    for task_id in dict.fromkeys(task_ids):
        task = store.get(Task, task_id)
        if task is None or task.status != TaskStatus.COMPLETED or task.category not in RANDOM_CATEGORIES:
            raise PlanningError(
                f"只有已完成的双随机任务才能登记结果公示：{task_id}",
                f"only a completed random-inspection task has results to publish: {task_id}",
            )
        end = task.completed_on or ended.get(task.id)
        if end is not None and published_on < end:
            raise PlanningError(
                f"公示日期 {published_on} 早于任务结束日期 {end}",
                f"the publication date {published_on} is before the task ended ({end})",
            )
        tasks.append(task.model_copy(update={"results_published_on": published_on}))
    return store.save_all(tasks, changed=["results_published_on"])
