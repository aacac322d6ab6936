"""The team lead's planning actions: rules results applied to the local store, so every change syncs.

A thin layer: the decisions are in `app.rules` (sampling, merging, progress, deadlines); here they meet the store.
Every write goes through `Store.save` / `Store.save_many`, which queue the outbox mutation in the same transaction.
Qt-free, so the UI calls it from its own thread or a worker.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from app.models.domain import Evaluation, Inspection, InspectionCode, Inspector, Plan, Target, Task
from app.models.enums import Grade, PlanStatus, Role, TaskCategory, TaskStatus
from app.models.ids import new_id
from app.rules import merging
from app.rules.deadlines import Deadline, PublicationStatus, publication_status, results_publication_due
from app.rules.progress import Progress, progress
from app.rules.sampling import MIN_INSPECTORS, Draw, InspectorDraw, SamplingConfig, draw_inspectors, draw_targets
from app.store import Store

OPEN_STATUSES = (TaskStatus.PLANNED, TaskStatus.CODE_REQUESTED, TaskStatus.IN_PROGRESS)
REJECTIONS_KEY = "planning.rejected_merges"  # rejections kept locally: no synced record holds them yet


class PlanningError(ValueError):
    """A planning action refused; `zh` and `en` say why, for the user. Nothing was changed."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


# --- plans (备案) ---------------------------------------------------------------------------------------------------


def file_plan(store: Store, plan_id: str) -> Plan:
    """File (备案) a draft plan. A plan needs industries and checklists to be filed; a filed plan stays filed."""
    plan = _plan(store, plan_id)
    if plan.status == PlanStatus.REGISTERED:
        raise PlanningError(f"计划 {plan.plan_no} 已备案", f"plan {plan.plan_no} is already filed")
    if not plan.industries or not plan.checklist_ids:
        raise PlanningError(
            f"计划 {plan.plan_no} 须列明检查行业和检查表后才能备案",
            f"plan {plan.plan_no} needs its industries and checklists before it can be filed",
        )
    return store.save(plan.model_copy(update={"status": PlanStatus.REGISTERED}), changed=["status"])


def require_filed(plan: Plan) -> None:
    """Tasks are only made under a filed plan (备案管理检查计划)."""
    if plan.status != PlanStatus.REGISTERED:
        raise PlanningError(
            f"计划 {plan.plan_no}（{plan.name}）尚未备案，不能在其下创建任务",
            f"plan {plan.plan_no} ({plan.name}) is not filed; tasks cannot be created under it",
        )


def _plan(store: Store, plan_id: str) -> Plan:
    plan = store.get(Plan, plan_id)
    if plan is None:
        raise PlanningError(f"找不到检查计划 {plan_id}", f"no such plan: {plan_id}")
    return plan


# --- the pool and the draw (双随机) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolEntry:
    """What a target draw reads of a target: loaded straight from SQL, as 200,000 full records take seconds."""

    id: str
    grade: str
    do_not_disturb: bool


def _pool_sql(plan: Plan) -> tuple[str, list[object]]:
    """Targets of the plan's industries in its district, less those already holding a task under this plan."""
    marks = ", ".join("?" for _ in plan.industries)
    where = f"district = ? AND industry IN ({marks}) AND id NOT IN (SELECT target_id FROM tasks WHERE plan_id = ?)"
    return where, [plan.district, *plan.industries, plan.id]


def pool_by_grade(store: Store, plan: Plan) -> dict[Grade, int]:
    """How many targets of each grade the plan's pool holds (for the dialog, before drawing)."""
    counts = {g: 0 for g in Grade}
    if not plan.industries:
        return counts
    where, params = _pool_sql(plan)
    for grade, n in store.db.execute(f"SELECT grade, COUNT(*) FROM targets WHERE {where} GROUP BY grade", params):
        counts[Grade(grade)] = n
    return counts


def load_pool(store: Store, plan: Plan) -> list[PoolEntry]:
    where, params = _pool_sql(plan)
    rows = store.db.execute(f"SELECT id, grade, do_not_disturb FROM targets WHERE {where}", params)
    return [PoolEntry(i, g, bool(d)) for i, g, d in rows]


def complaint_target_ids(store: Store) -> set[str]:
    """Targets with an open complaint task: drawn whatever their grade when the plan includes complaints."""
    marks = ", ".join("?" for _ in OPEN_STATUSES)
    rows = store.db.execute(
        f"SELECT DISTINCT target_id FROM tasks WHERE category = ? AND status IN ({marks})",
        [TaskCategory.COMPLAINT.value, *OPEN_STATUSES],
    )
    return {r[0] for r in rows}


def open_load(store: Store) -> Counter[str]:
    """Open tasks per inspector, so the inspector draw balances the workload already held."""
    marks = ", ".join("?" for _ in OPEN_STATUSES)
    load: Counter[str] = Counter()
    for task in store.list(Task, f"status IN ({marks})", list(OPEN_STATUSES)):
        load.update(task.inspector_ids)
    return load


@dataclass(frozen=True)
class DrawResult:
    """A draw ready for the lead to look at: nothing is saved until `create_tasks_from_draw`."""

    plan: Plan
    draw: Draw
    inspector_draw: InspectorDraw
    tasks: list[Task]  # one per drawn target, inspectors assigned, unsaved


def prepare_draw(
    store: Store,
    plan_id: str,
    config: SamplingConfig,
    seed: int,
    *,
    per_task: int = MIN_INSPECTORS,
    recusals: Mapping[str, Iterable[str]] | None = None,
    on_stage: Callable[[int], None] = lambda stage: None,
) -> DrawResult:
    """Draw targets from the plan's pool and inspectors from its team, both from `seed`; save nothing.

    `on_stage(n)` is called as stage n of 3 begins (load pool, draw targets, draw inspectors), for a progress bar.
    Raises PlanningError for an unfiled plan and SamplingError when the draw cannot be made.
    """
    plan = _plan(store, plan_id)
    require_filed(plan)
    on_stage(0)
    pool = load_pool(store, plan)
    complaints = complaint_target_ids(store)
    on_stage(1)
    draw = draw_targets(pool, config, seed, complaint_target_ids=complaints)  # type: ignore[arg-type]  # PoolEntry
    # Ids in draw order: the inspector draw walks tasks sorted by id, so the same seed staffs the same targets alike.
    ids = sorted(new_id() for _ in draw.selected_ids)
    tasks = [
        Task(
            id=task_id,
            plan_id=plan.id,
            target_id=target_id,
            category=plan.category,
            team=plan.team,
            district=plan.district,
            due_on=plan.period_end,
        )
        for task_id, target_id in zip(ids, draw.selected_ids, strict=True)
    ]
    on_stage(2)
    team = store.list(Inspector, "team = ? AND role = ?", [plan.team, Role.INSPECTOR.value])
    codes = _credit_codes(store, draw.selected_ids)
    inspector_draw = draw_inspectors(
        tasks,
        team,
        seed,
        recusals=recusals,
        per_task=per_task,
        existing_load=open_load(store),
        target_credit_codes=codes,
    )
    tasks = [t.model_copy(update={"inspector_ids": inspector_draw.assignments[t.id]}) for t in tasks]
    return DrawResult(plan, draw, inspector_draw, tasks)


def _credit_codes(store: Store, target_ids: list[str]) -> dict[str, str]:
    return {row["id"]: row["credit_code"] for row in store.targets_by_ids(target_ids)}


def create_tasks_from_draw(store: Store, result: DrawResult) -> list[Task]:
    """Save the drawn tasks in one transaction (each with its outbox mutation). The plan must still be filed."""
    require_filed(_plan(store, result.plan.id))
    store.save_many(result.tasks)
    return result.tasks


# --- assignment -----------------------------------------------------------------------------------------------


def reassign(store: Store, task_id: str, inspector_ids: list[str], scheduled_on: date | None) -> Task:
    """Set a task's inspectors and date (the board's drag). Only open tasks are moved."""
    task = store.get(Task, task_id)
    if task is None:
        raise PlanningError(f"找不到任务 {task_id}", f"no such task: {task_id}")
    if task.status not in OPEN_STATUSES:
        raise PlanningError("已完成或已关闭的任务不能改派", "a completed or closed task cannot be reassigned")
    if len(set(inspector_ids)) != len(inspector_ids):
        raise PlanningError("同一监督员不能重复指派", "the same inspector cannot be assigned twice")
    update = {"inspector_ids": inspector_ids, "scheduled_on": scheduled_on}
    return store.save(task.model_copy(update=update), changed=list(update))


# --- merging (撮合) -------------------------------------------------------------------------------------------------


def rejections(store: Store) -> list[merging.Rejection]:
    return [
        merging.Rejection(r["proposal_id"], tuple(r["task_ids"]), r["reason"], r["decided_by"])
        for r in json.loads(store.meta(REJECTIONS_KEY) or "[]")
    ]


def recent_inspections(store: Store) -> dict[str, date]:
    """The last completed inspection date of each target, for the repeat-inspection guard."""
    latest: dict[str, date] = {}
    for inspection in store.list(Inspection, "completed_at IS NOT NULL"):
        day = inspection.completed_at.date()
        if day > latest.get(inspection.target_id, date.min):
            latest[inspection.target_id] = day
    return latest


def merge_proposals(store: Store, window_days: int = merging.DEFAULT_WINDOW_DAYS) -> list[merging.MergeProposal]:
    marks = ", ".join("?" for _ in merging.MERGEABLE_STATUSES)
    tasks = store.list(Task, f"status IN ({marks}) AND joint_inspection_id IS NULL", list(merging.MERGEABLE_STATUSES))
    return merging.propose_merges(
        tasks,
        window_days,
        recent_inspections(store),
        plans={p.id: p for p in store.list(Plan)},
        inspectors={i.id: i for i in store.list(Inspector)},
        rejected=[r.proposal_id for r in rejections(store)],
    )


def accept_merge(store: Store, proposal: merging.MergeProposal) -> tuple[str, list[Task]]:
    """Merge the proposal's tasks as they are now in the store, all saved in one transaction."""
    current = {t.id: t for t in (store.get(Task, i) for i in proposal.task_ids) if t is not None}
    joint_id, tasks = merging.accept(proposal, current)
    with store.db.atomic():  # Store.save nests as a savepoint: all tasks or none
        saved = [store.save(t, changed=["joint_inspection_id", "inspector_ids", "scheduled_on"]) for t in tasks]
    return joint_id, saved


def reject_merge(store: Store, proposal: merging.MergeProposal, reason: str, decided_by: str | None) -> None:
    """Record the rejection so the proposal does not come back while its tasks stay the same."""
    rejection = merging.reject(proposal, reason, decided_by)
    kept = [asdict(r) for r in rejections(store)]
    store.set_meta(REJECTIONS_KEY, json.dumps([*kept, asdict(rejection)], ensure_ascii=False))


def targets_by_id(store: Store, ids: Iterable[str]) -> dict[str, Target]:
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Target] = {}
    for start in range(0, len(wanted), 500):  # well under SQLite's bound-parameter limit
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update((t.id, t) for t in store.list(Target, f"id IN ({marks})", chunk))
    return found


# --- progress and publication (公示) -------------------------------------------------------------------------------

RANDOM_CATEGORIES = (TaskCategory.NATIONAL_RANDOM, TaskCategory.DISTRICT_RANDOM, TaskCategory.JOINT_RANDOM)
_SHANGHAI = timedelta(hours=8)  # an inspection's day is the local day in Shanghai, whatever the UTC date


@dataclass(frozen=True)
class Publication:
    """A random inspection's results to publish within 20 working days after the task ended."""

    task: Task
    ended_on: date
    deadline: Deadline
    status: PublicationStatus


@dataclass(frozen=True)
class ProgressReport:
    today: date
    year: int | None
    overall: Progress
    by_category: dict[str, Progress]
    by_team: dict[str, Progress]
    overdue: list[Task]  # open tasks past their due date, earliest first
    publications: list[Publication]  # overdue first, then by deadline


def progress_report(store: Store, today: date, year: int | None = None) -> ProgressReport:
    """Rates over the tasks of `year`'s plans (all plans if None), grouped by category and by team, as of `today`.

    No record holds a publication date yet, so every result counts as unpublished: pending, or overdue once due.
    """
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


def _publications(store: Store, tasks: list[Task], today: date) -> list[Publication]:
    ended: dict[str, date] = {}
    for inspection in store.list(Inspection, "completed_at IS NOT NULL"):
        day = (inspection.completed_at + _SHANGHAI).date()
        for task_id in inspection.task_ids:
            ended[task_id] = max(day, ended.get(task_id, day))
    rows = []
    for task in tasks:
        if task.category in RANDOM_CATEGORIES and task.status == TaskStatus.COMPLETED and task.id in ended:
            deadline = results_publication_due(ended[task.id])
            rows.append(Publication(task, ended[task.id], deadline, publication_status(deadline.due, None, today)))
    rows.sort(key=lambda p: (p.status != PublicationStatus.OVERDUE, p.deadline.due, p.task.id))
    return rows
