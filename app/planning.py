"""The team lead's planning actions: rules results applied to the local store, so every change syncs.

A thin layer: the decisions are in `app.rules` (sampling, merging, progress, deadlines); here they meet the store.
Every write goes through `Store.save` / `Store.save_many`, which queue the outbox mutation in the same transaction.
Qt-free, so the UI calls it from its own thread or a worker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pydantic import ValidationError

from app.models.domain import (
    Evaluation,
    Inspection,
    InspectionCode,
    Inspector,
    MergeDecision,
    Penalty,
    Plan,
    Recusal,
    SamplingDraw,
    Target,
    Task,
)
from app.models.enums import Grade, PlanStatus, Role, TaskCategory, TaskStatus
from app.models.ids import new_id
from app.rules import merging
from app.rules.deadlines import (
    Deadline,
    PublicationStatus,
    penalty_publication_due,
    publication_status,
    results_publication_due,
)
from app.rules.progress import Progress, progress
from app.rules.sampling import (
    MIN_INSPECTORS,
    Draw,
    InspectorDraw,
    SamplingConfig,
    SamplingError,
    draw_inspectors,
    draw_targets,
    redraw,
)
from app.store import Store

OPEN_STATUSES = (TaskStatus.PLANNED, TaskStatus.CODE_REQUESTED, TaskStatus.IN_PROGRESS)


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


def set_sampling_rules(store: Store, plan_id: str, config: SamplingConfig) -> Plan:
    """Keep the draw's rules (ratios by grade, exclusions, inclusions) on a draft plan; they are filed with it."""
    plan = _plan(store, plan_id)
    if plan.status == PlanStatus.REGISTERED:
        raise PlanningError(
            f"计划 {plan.plan_no} 已备案，抽查规则不能再改",
            f"plan {plan.plan_no} is filed; its sampling rules are fixed",
        )
    fields = config.plan_fields()
    return store.save(plan.model_copy(update=fields), changed=list(fields))


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


# --- recusals (回避) ----------------------------------------------------------------------------------------------


def declare_recusal(store: Store, inspector_id: str, target_id: str, reason: str) -> Recusal:
    """Record an inspector's conflict of interest with a target; every later draw leaves them off its tasks."""
    inspector = store.get(Inspector, inspector_id)
    if inspector is None:
        raise PlanningError(f"找不到监督员 {inspector_id}", f"no such inspector: {inspector_id}")
    if store.get(Target, target_id) is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    if not reason.strip():
        raise PlanningError("声明回避须说明原因", "a declared conflict of interest needs a reason")
    if store.list(Recusal, "inspector_id = ? AND target_id = ?", [inspector_id, target_id]):
        raise PlanningError(
            f"{inspector.name} 已对该对象声明回避", f"{inspector.name} has already declared a conflict with this target"
        )
    recusal = Recusal(
        inspector_id=inspector_id,
        target_id=target_id,
        reason=reason.strip(),
        team=inspector.team,
        district=inspector.district,
    )
    return store.save(recusal)


def declared_recusals(store: Store) -> dict[str, list[str]]:
    """Inspector id -> the target ids they declared a conflict with."""
    found: dict[str, list[str]] = {}
    for inspector_id, target_id in store.db.execute("SELECT inspector_id, target_id FROM recusals ORDER BY target_id"):
        found.setdefault(inspector_id, []).append(target_id)
    return found


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
    Declared recusals (回避) are honoured together with any given in `recusals`. Raises PlanningError for an unfiled
    plan and SamplingError when the draw cannot be made.
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
    conflicts = declared_recusals(store)
    for inspector_id, keys in (recusals or {}).items():
        conflicts.setdefault(inspector_id, []).extend([keys] if isinstance(keys, str) else keys)
    inspector_draw = draw_inspectors(
        tasks,
        team,
        seed,
        recusals=conflicts,
        per_task=per_task,
        existing_load=open_load(store),
        target_credit_codes=codes,
    )
    tasks = [t.model_copy(update={"inspector_ids": inspector_draw.assignments[t.id]}) for t in tasks]
    return DrawResult(plan, draw, inspector_draw, tasks)


def _credit_codes(store: Store, target_ids: list[str]) -> dict[str, str]:
    return {row["id"]: row["credit_code"] for row in store.targets_by_ids(target_ids)}


def create_tasks_from_draw(store: Store, result: DrawResult, drawn_by: str | None = None) -> SamplingDraw:
    """Save the drawn tasks and the draw's record in one transaction (each with its outbox mutation), so the draw
    syncs and anyone can re-run it. The plan must still be filed. Returns the saved record."""
    require_filed(_plan(store, result.plan.id))
    record = draw_record(result, drawn_by)
    store.save_many([*result.tasks, record])
    return record


def draw_record(result: DrawResult, drawn_by: str | None = None) -> SamplingDraw:
    """The draw as a record (unsaved): seed, rules, digests, what was drawn and the inputs to re-run it."""
    draw, staff, plan = result.draw, result.inspector_draw, result.plan
    return SamplingDraw(
        plan_id=plan.id,
        seed=draw.seed,
        ratios={g.value: r for g, r in draw.config.ratios.items()},
        exclude_do_not_disturb=draw.config.exclude_do_not_disturb,
        include_complaints=draw.config.include_complaints,
        per_task=staff.per_task,
        pool_size=len(draw.pool_ids),
        pool_digest=draw.input_digest,
        inspector_digest=staff.input_digest,
        target_ids=draw.selected_ids,
        assignments={t.target_id: t.inspector_ids for t in result.tasks},
        task_ids={t.target_id: t.id for t in result.tasks},
        inputs={"targets": draw.model_dump(mode="json"), "inspectors": staff.model_dump(mode="json")},
        drawn_by=drawn_by,
        team=plan.team,
        district=plan.district,
    )


def recorded_draws(store: Store, plan_id: str) -> list[SamplingDraw]:
    """The plan's recorded draws, newest first."""
    return sorted(store.list(SamplingDraw, "plan_id = ?", [plan_id]), key=lambda d: d.drawn_at, reverse=True)


def draw_inputs(record: SamplingDraw) -> tuple[Draw, InspectorDraw]:
    """The recorded draws' inputs as the rules take them; SamplingError if the record does not hold them."""
    try:
        return Draw.model_validate(record.inputs["targets"]), InspectorDraw.model_validate(record.inputs["inspectors"])
    except (KeyError, ValidationError) as exc:
        raise SamplingError("抽取记录缺少可重新运行的输入", "the draw record lacks the inputs to re-run it") from exc


@dataclass(frozen=True)
class DrawCheck:
    """The answer of re-running a recorded draw: identical, or the bilingual differences found."""

    identical: bool
    differences: tuple[str, ...]


def check_draw(record: SamplingDraw) -> DrawCheck:
    """Re-run a recorded draw from its own seed and inputs and compare with what it says was drawn."""
    try:
        targets, staff = draw_inputs(record)
        again_targets, again_staff = redraw(targets), redraw(staff)
    except SamplingError as exc:
        return DrawCheck(False, (str(exc),))
    assert isinstance(again_targets, Draw) and isinstance(again_staff, InspectorDraw)
    by_target = {target_id: again_staff.assignments[task_id] for task_id, target_id, _ in again_staff.tasks}
    checks = (
        (targets.seed == staff.seed == record.seed, "随机种子不一致", "the seeds differ"),
        (again_targets.input_digest == record.pool_digest, "对象输入摘要不一致", "the target inputs' digest differs"),
        (
            again_staff.input_digest == record.inspector_digest,
            "人员输入摘要不一致",
            "the inspector inputs' digest differs",
        ),
        (again_targets.selected_ids == record.target_ids, "重新抽取的对象不同", "the re-run draws other targets"),
        (by_target == record.assignments, "重新抽取的监督员不同", "the re-run assigns other inspectors"),
        (
            {g.value: r for g, r in again_targets.config.ratios.items()} == record.ratios
            and again_targets.config.exclude_do_not_disturb == record.exclude_do_not_disturb
            and again_targets.config.include_complaints == record.include_complaints,
            "抽查规则与记录不一致",
            "the sampling rules differ from the record",
        ),
    )
    return DrawCheck(all(ok for ok, _, _ in checks), tuple(f"{zh} / {en}" for ok, zh, en in checks if not ok))


def verify_draw(store: Store, draw_id: str) -> DrawCheck:
    record = store.get(SamplingDraw, draw_id)
    if record is None:
        raise PlanningError(f"找不到抽取记录 {draw_id}", f"no such draw record: {draw_id}")
    return check_draw(record)


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


def rejections(store: Store) -> list[MergeDecision]:
    """The lead's rejected proposals (synced records), oldest first."""
    return sorted(store.list(MergeDecision, "accepted = 0"), key=lambda d: d.decided_at)


def recent_inspections(store: Store) -> dict[str, date]:
    """The last day each target was inspected (a completed inspection or task), for the repeat-inspection guard."""
    latest: dict[str, date] = {}
    for inspection in store.list(Inspection, "completed_at IS NOT NULL"):
        day = (inspection.completed_at + _SHANGHAI).date()
        if day > latest.get(inspection.target_id, date.min):
            latest[inspection.target_id] = day
    for target_id, day in store.db.execute(
        "SELECT target_id, MAX(completed_on) FROM tasks WHERE completed_on IS NOT NULL GROUP BY target_id"
    ):
        latest[target_id] = max(date.fromisoformat(day), latest.get(target_id, date.min))
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


def accept_merge(
    store: Store, proposal: merging.MergeProposal, decided_by: str | None = None
) -> tuple[str, list[Task]]:
    """Merge the proposal's tasks as they are now in the store into one joint inspection (one visit, one code),
    and record the decision; all saved in one transaction."""
    current = {t.id: t for t in (store.get(Task, i) for i in proposal.task_ids) if t is not None}
    joint_id, tasks = merging.accept(proposal, current)
    decision = _decision(proposal, accepted=True, joint_inspection_id=joint_id, decided_by=decided_by)
    with store.db.atomic():  # Store.save nests as a savepoint: all tasks and the decision, or none
        saved = [store.save(t, changed=["joint_inspection_id", "inspector_ids", "scheduled_on"]) for t in tasks]
        store.save(decision)
    return joint_id, saved


def reject_merge(store: Store, proposal: merging.MergeProposal, reason: str, decided_by: str | None) -> MergeDecision:
    """Record the rejection (synced) so the proposal does not come back while its tasks stay the same."""
    rejection = merging.reject(proposal, reason, decided_by)
    return store.save(_decision(proposal, accepted=False, reason=rejection.reason, decided_by=decided_by))


def _decision(proposal: merging.MergeProposal, **fields: object) -> MergeDecision:
    first = proposal.tasks[0]
    return MergeDecision(
        proposal_id=proposal.proposal_id,
        task_ids=list(proposal.task_ids),
        target_id=proposal.target_id,
        team=first.team,
        district=first.district,
        **fields,  # type: ignore[arg-type]
    )


def joint_tasks(store: Store, joint_inspection_id: str) -> list[Task]:
    """The tasks of one joint inspection: one visit, requested under one code."""
    return store.list(Task, "joint_inspection_id = ?", [joint_inspection_id])


# --- codes (申码) ----------------------------------------------------------------------------------------------------


def active_codes(store: Store, now: datetime | None = None) -> dict[str, InspectionCode]:
    """Each task's code that is neither revoked nor expired (the board shows which tasks have one)."""
    moment = now or datetime.now(UTC)
    found: dict[str, InspectionCode] = {}
    for code in store.list(InspectionCode, "revoked_at IS NULL"):
        if code.valid_until.replace(tzinfo=code.valid_until.tzinfo or UTC) > moment:
            found.update((task_id, code) for task_id in code.task_ids)
    return found


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
class PenaltyPublication:
    """A penalty decision to publish within 7 working days of the decision."""

    penalty: Penalty
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
    penalties: list[PenaltyPublication]  # overdue first, then by deadline


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
        penalties=_penalty_publications(store, year, today),
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
    for inspection in store.list(Inspection, "completed_at IS NOT NULL"):
        day = (inspection.completed_at + _SHANGHAI).date()
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


def _penalty_publications(store: Store, year: int | None, today: date) -> list[PenaltyPublication]:
    rows = []
    for penalty in store.list(Penalty):
        if year is None or penalty.decided_on.year == year:
            deadline = penalty_publication_due(penalty.decided_on)
            status = publication_status(deadline.due, penalty.published_on, today)
            rows.append(PenaltyPublication(penalty, deadline, status))
    rows.sort(key=lambda p: (p.status != PublicationStatus.OVERDUE, p.deadline.due, p.penalty.id))
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
    with store.db.atomic():
        return [store.save(t, changed=["results_published_on"]) for t in tasks]


def record_penalty(
    store: Store, target_id: str, decision_no: str, decided_on: date, summary: str, team: str, **fields: object
) -> Penalty:
    """Record a penalty decision (行政处罚) on a target; its publication falls due 7 working days later."""
    target = store.get(Target, target_id)
    if target is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    try:
        penalty = Penalty(
            target_id=target_id,
            decision_no=decision_no.strip(),
            decided_on=decided_on,
            summary=summary.strip(),
            team=team,
            district=target.district,
            **fields,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        raise PlanningError(*_bilingual(exc)) from exc
    return store.save(penalty)


def mark_penalty_published(store: Store, penalty_id: str, published_on: date) -> Penalty:
    penalty = store.get(Penalty, penalty_id)
    if penalty is None:
        raise PlanningError(f"找不到处罚决定 {penalty_id}", f"no such penalty decision: {penalty_id}")
    try:
        updated = Penalty.model_validate({**penalty.model_dump(), "published_on": published_on})
    except ValidationError as exc:
        raise PlanningError(*_bilingual(exc)) from exc
    return store.save(updated, changed=["published_on"])


def _bilingual(exc: ValidationError) -> tuple[str, str]:
    """A model's bilingual message split into its halves (for PlanningError)."""
    message = "；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
    zh, _, en = message.partition(" / ")
    return zh, en or message
