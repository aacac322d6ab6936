"""The draw (双随机): targets from the plan's pool and inspectors from its team, both from one recorded seed.

Nothing is saved until `create_tasks_from_draw`, which saves the tasks and the draw's record together, so the draw
syncs and anyone can re-run it (`check_draw`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import ValidationError

from app.models.domain import Inspection, Inspector, Plan, SamplingDraw, Target, Task
from app.models.enums import Grade, PlanStatus, Role
from app.models.ids import new_id
from app.models.limits import DRAW_MAX, TEXT_MAX
from app.planning.checklists import with_fitting_checklists
from app.planning.errors import PlanningError
from app.planning.plans import OPEN_STATUSES, get_plan, require_filed
from app.planning.recusals import declared_recusals
from app.resources import load_grading_config
from app.rules.grading import GradingConfig
from app.rules.sampling import (
    MIN_INSPECTORS,
    Draw,
    InspectorDraw,
    SamplingConfig,
    SamplingError,
    draw_inputs,
    draw_inspectors,
    draw_targets,
    redraw,
)
from app.rules.shanghai import SHANGHAI
from app.rules.visits import PastVisit, VisitRefusal, check_visit, exemption, is_triggered
from app.store import Store
from app.store.queries import PoolEntry

SEED_MISMATCH_ZH = "抽取种子与计划备案的哈希不符"
SEED_META = "draw_seed."  # + plan id: the committed seed, kept on the lead's laptop until the draw


def seed_hash(seed: int) -> str:
    """The commitment filed for a seed: SHA-256 of its decimal digits (anyone can recompute it once it is published)."""
    return hashlib.sha256(str(seed).encode("ascii")).hexdigest()


def commit_seed(store: Store, plan_id: str, seed: int | None = None) -> int:
    """Make the draw's seed (random unless given) and file its hash with the plan, before the draw; the seed stays on
    this laptop (store meta) until the draw publishes it. A plan's commitment is filed once: it cannot be replaced,
    so a draw cannot be re-rolled with another seed unseen."""
    plan = get_plan(store, plan_id)
    if plan.seed_hash:
        raise PlanningError(
            "该计划已备案抽取种子的哈希，不能更换", "the plan's seed hash is filed already and cannot be replaced"
        )
    if store.find(SamplingDraw, plan_id=plan_id):  # the pool was drawn already: a commitment now proves nothing
        raise PlanningError(
            "该计划已经抽取过，不能再备案种子的哈希",
            "the plan was drawn already: a seed hash cannot be filed after a draw",
        )
    if seed is None:
        seed = secrets.randbits(63)
    store.save(plan.model_copy(update={"seed_hash": seed_hash(seed)}), changed={"seed_hash"})
    store.set_meta(SEED_META + plan_id, str(seed))
    return seed


def committed_seed(store: Store, plan_id: str) -> int | None:
    """The seed this laptop committed for the plan, if it did."""
    value = store.meta(SEED_META + plan_id)
    return int(value) if value else None


def require_committed(plan: Plan, seed: int) -> None:
    """A plan with a filed seed hash is drawn with that seed only."""
    if plan.seed_hash and seed_hash(seed) != plan.seed_hash:
        raise PlanningError(
            f"{SEED_MISMATCH_ZH}，拒绝抽取", "the seed does not match the hash filed with the plan: draw refused"
        )


def pool_by_grade(store: Store, plan: Plan) -> dict[Grade, int]:
    """How many targets of each grade the plan's pool holds (for the dialog, before drawing)."""
    counts = {g: 0 for g in Grade}
    counts.update((Grade(grade), n) for grade, n in store.pool_grades(plan).items())
    return counts


def load_pool(store: Store, plan: Plan, today: date | None = None) -> list[PoolEntry]:
    """The plan's pool as the draw reads it: its industries in its district, less targets already tasked under it
    and targets a routine visit could not be coded for (the grade's yearly cap, the repeat-visit guard).

    A do-not-disturb target whose exemption ended (`do_not_disturb_until` before `today`) is drawn like any other."""
    return pool_and_left_out(store, plan, today)[0]


def pool_and_left_out(
    store: Store,
    plan: Plan,
    today: date | None = None,
    grading: GradingConfig | None = None,
    pool: list[PoolEntry] | None = None,
) -> tuple[list[PoolEntry], dict[str, VisitRefusal]]:
    """The draw's pool (`load_pool`) and the targets left out of it by the visit limits, each with its refusal.
    `pool`: the plan's pool as the store holds it, when already read."""
    pool = store.pool(plan) if pool is None else pool
    day = today or datetime.now(SHANGHAI).date()
    flagged = [e.id for e in pool if e.do_not_disturb]
    if flagged:
        ended = {t.id for t in store.find(Target, id=flagged) if exemption(t.model_dump(), day) is None}
        pool = [PoolEntry(e.id, e.grade, False) if e.id in ended else e for e in pool]
    left_out = visit_limited(store, plan, pool, day, grading)
    return [e for e in pool if e.id not in left_out], left_out


@dataclass(frozen=True)
class PoolCounts:
    """The plan's pool by grade as a draw would take it: each grade's targets, those exempt today (无事不扰) and those
    the grade's yearly cap or repeat-visit guard leaves out. The draw dialog's quotas are taken over what is left."""

    total: dict[Grade, int]
    exempt: dict[Grade, int]  # do-not-disturb today, not capped: left out when the plan excludes them
    capped: dict[Grade, int]  # left out by the yearly cap or the repeat-visit guard

    def drawable(self, grade: Grade, exclude_do_not_disturb: bool) -> int:
        """The targets of `grade` a draw can take (the base of its quota)."""
        exempt = self.exempt[grade] if exclude_do_not_disturb else 0
        return self.total[grade] - self.capped[grade] - exempt


def pool_counts(
    store: Store, plan: Plan, today: date | None = None, grading: GradingConfig | None = None
) -> PoolCounts:
    """The plan's pool by grade, with what 无事不扰 and the visit limits leave out of it today."""
    raw = store.pool(plan)
    pool, left_out = pool_and_left_out(store, plan, today, grading, raw)
    total, exempt, limited = ({g: 0 for g in Grade} for _ in range(3))
    for entry in raw:
        total[Grade(entry.grade)] += 1
        if entry.id in left_out:
            limited[Grade(entry.grade)] += 1
    for entry in pool:
        if entry.do_not_disturb:
            exempt[Grade(entry.grade)] += 1
    return PoolCounts(total, exempt, limited)


def visit_limited(
    store: Store, plan: Plan, pool: Iterable[PoolEntry], day: date, grading: GradingConfig | None = None
) -> dict[str, VisitRefusal]:
    """Targets of `pool` a routine task of `plan` could not be coded for today by the grade's yearly cap or the
    repeat-visit guard (as 申码 would refuse it), with the refusal. Only targets with past routine visits are read.
    A lead passes the limits task by task, with a reason (app.planning.visits.allow_visit), not in a draw."""
    if is_triggered([plan.category]):
        return {}
    grades = {e.id: e.grade for e in pool}
    inspections = [i for i in store.find(Inspection) if i.target_id in grades]
    if not inspections:
        return {}
    tasks = {t.id: t for t in store.find(Task, id=sorted({t for i in inspections for t in i.task_ids}))}
    past: dict[str, list[PastVisit]] = {}
    for inspection in inspections:
        own = [tasks[t] for t in inspection.task_ids if t in tasks]
        if not own or is_triggered(t.category for t in own) or all(t.remote for t in own):
            continue
        past.setdefault(inspection.target_id, []).append(PastVisit(inspection.started_at.astimezone(SHANGHAI).date()))
    defaults = (grading or load_grading_config()).defaults
    task = {"category": plan.category, "remote": False}
    left_out: dict[str, VisitRefusal] = {}
    for target_id, visits in past.items():
        try:  # the exemption is the draw's own rule (exclude_do_not_disturb): judged here without it
            check_visit({"grade": grades[target_id], "do_not_disturb": False}, [task], defaults, visits, day)
        except VisitRefusal as refusal:
            left_out[target_id] = refusal
    return left_out


def default_config(plan: Plan, grading: GradingConfig | None = None) -> SamplingConfig:
    """The draw's rules as the grades set them (信用+风险: each grade's sampling ratio in the grading configuration),
    with the plan category's do-not-disturb rule. A plan whose lead overrode the grades' ratios with a recorded reason
    (`override_grade_defaults`) keeps its own ratios."""
    config = grading or load_grading_config()
    ratios = {g: d.sampling_ratio for g, d in config.defaults.items()}
    if (plan.grade_override_reason or "").strip():
        ratios.update({Grade(g): r for g, r in plan.sampling_ratios.items()})
    overrides: dict[str, object] = {"ratios": ratios, "include_complaints": plan.include_complaints}
    if plan.exclude_do_not_disturb is not None:
        overrides["exclude_do_not_disturb"] = plan.exclude_do_not_disturb
    return SamplingConfig.for_category(plan.category, **overrides)


REASON_MAX = 500  # a lead's recorded reason: a sentence or two, never a pasted document


def recorded_reason(reason: str, what_zh: str, what_en: str) -> str:
    """A lead's reason as recorded: stripped, not empty, at most REASON_MAX characters, no NUL or control characters
    (a reason is shown in the profile, the draw dialog and the exports)."""
    text = reason.strip()
    if not text:
        raise PlanningError(f"{what_zh}须说明理由", f"{what_en} needs a recorded reason")
    if len(text) > REASON_MAX:
        raise PlanningError(
            f"理由过长（上限 {REASON_MAX} 字，现 {len(text)} 字）",
            f"the reason is too long ({len(text)} characters; at most {REASON_MAX})",
        )
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise PlanningError("理由不能含控制字符或空字符", "the reason must not contain NUL or control characters")
    return text


def may_override(plan: Plan, by: Inspector) -> None:
    """Only a team lead of the plan's team (or an admin of its district) overrides the grades' effect on a plan."""
    if by.role not in (Role.TEAM_LEAD, Role.ADMIN):
        raise PlanningError(
            "只有科室负责人可以改变等级默认的抽查比例", "only a team lead may override the grades' sampling ratios"
        )
    if by.district != plan.district or (by.role == Role.TEAM_LEAD and by.team != plan.team):
        raise PlanningError(f"计划 {plan.plan_no} 不是本科室的计划", f"plan {plan.plan_no} is not your team's plan")


def override_grade_defaults(
    store: Store, plan_id: str, ratios: Mapping[str, float], reason: str, *, by: Inspector
) -> Plan:
    """A lead's override of the grades' sampling ratios on one draft plan, kept with its reason (filed with the plan,
    synced, and recorded in each draw under it). Refused for anyone but a lead of the plan's team, a filed plan, an
    empty, over-long or control-character reason, and a ratio outside 0–100%."""
    plan = get_plan(store, plan_id)
    may_override(plan, by)
    if plan.status == PlanStatus.REGISTERED:
        raise PlanningError(
            f"计划 {plan.plan_no} 已备案，抽查比例不能再改", f"plan {plan.plan_no} is filed; its ratios are fixed"
        )
    text = recorded_reason(reason, "改变等级默认抽查比例", "overriding the grades' sampling ratios")
    unknown = sorted(str(g) for g in ratios if str(g) not in Grade.__members__)
    if unknown:
        raise PlanningError(f"未知的等级：{'、'.join(unknown)}", f"unknown grade: {', '.join(unknown)}")
    update = {"sampling_ratios": {Grade(g).value: float(r) for g, r in ratios.items()}, "grade_override_reason": text}
    try:
        changed = plan.model_copy(update=update)
        Plan.model_validate(changed.model_dump())
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    return store.save(changed, changed=list(update))


def restore_grade_defaults(store: Store, plan_id: str, *, by: Inspector) -> Plan:
    """Take a draft plan back to the grades' sampling ratios (its override and reason dropped)."""
    plan = get_plan(store, plan_id)
    may_override(plan, by)
    if plan.status == PlanStatus.REGISTERED:
        raise PlanningError(
            f"计划 {plan.plan_no} 已备案，抽查比例不能再改", f"plan {plan.plan_no} is filed; its ratios are fixed"
        )
    update: dict[str, object] = {"sampling_ratios": {}, "grade_override_reason": None}
    return store.save(plan.model_copy(update=update), changed=list(update))


def complaint_target_ids(store: Store) -> set[str]:
    """Targets with an open complaint task: drawn whatever their grade when the plan includes complaints."""
    return store.complaint_target_ids([s.value for s in OPEN_STATUSES])


def open_load(store: Store) -> Counter[str]:
    """Open tasks per inspector, so the inspector draw balances the workload already held."""
    load: Counter[str] = Counter()
    for task in store.find(Task, status=OPEN_STATUSES):
        load.update(task.inspector_ids)
    return load


@dataclass(frozen=True)
class DrawResult:
    """A draw ready for the lead to look at: nothing is saved until `create_tasks_from_draw`."""

    plan: Plan
    draw: Draw
    inspector_draw: InspectorDraw
    tasks: list[Task]  # one per drawn target, inspectors assigned, unsaved
    # targets left out of the pool by the grade's yearly cap or repeat-visit guard, with the refusal (for the preview)
    left_out: dict[str, VisitRefusal] = field(default_factory=dict)
    # do-not-disturb targets the draw left out (its config excludes them), with their exemption's reason
    exempt: dict[str, VisitRefusal] = field(default_factory=dict)

    def not_taken(self) -> dict[str, VisitRefusal]:
        """Every target of the plan's pool the draw could not take, with why (exempt or capped)."""
        return {**self.exempt, **self.left_out}


def prepare_draw(
    store: Store,
    plan_id: str,
    config: SamplingConfig,
    seed: int,
    *,
    per_task: int = MIN_INSPECTORS,
    recusals: Mapping[str, Iterable[str]] | None = None,
    on_stage: Callable[[int], None] = lambda stage: None,
    today: date | None = None,
) -> DrawResult:
    """Draw targets from the plan's pool and inspectors from its team, both from `seed`; save nothing.

    `on_stage(n)` is called as stage n of 3 begins (load pool, draw targets, draw inspectors), for a progress bar.
    Declared recusals (回避) are honoured together with any given in `recusals`. Targets a routine
    visit could not be coded for (yearly cap, repeat-visit guard) are left out of the pool, with the reason in
    `left_out`. Raises PlanningError for an unfiled plan and SamplingError when the draw cannot be made.
    """
    plan = get_plan(store, plan_id)
    require_filed(plan)
    require_committed(plan, seed)
    on_stage(0)
    pool, left_out = pool_and_left_out(store, plan, today)
    complaints = complaint_target_ids(store) - set(left_out)  # a complaint is its complaint task's, never a capped
    if config.exclude_do_not_disturb:  # 无事不扰: a complaint about an exempt target is its complaint task's, never a
        complaints -= {e.id for e in pool if e.do_not_disturb}  # routine task's
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
    team = store.find(Inspector, team=plan.team, role=Role.INSPECTOR.value)
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
    tasks = with_fitting_checklists(store, plan, tasks)  # each task the plan's checklists that fit its target
    return DrawResult(plan, draw, inspector_draw, tasks, left_out, _exempt(store, draw.excluded_ids))


def _exempt(store: Store, target_ids: list[str]) -> dict[str, VisitRefusal]:
    """The do-not-disturb targets a draw left out, each with its exemption's reason (as 申码 would refuse them)."""
    found = {}
    for target in store.find(Target, id=target_ids):
        zh, sep, en = (target.do_not_disturb_reason or "无事不扰清单 / on the do-not-disturb list").partition(" / ")
        until = target.do_not_disturb_until.isoformat() if target.do_not_disturb_until else ""
        ends = (f"，至 {until}", f", until {until}") if until else ("", "")
        found[target.id] = VisitRefusal(
            "do_not_disturb", f"无事不扰：{zh}{ends[0]}", f"do not disturb: {en if sep else zh}{ends[1]}"
        )
    return found


def _credit_codes(store: Store, target_ids: list[str]) -> dict[str, str]:
    return {row["id"]: row["credit_code"] for row in store.targets_by_ids(target_ids)}


def create_tasks_from_draw(store: Store, result: DrawResult, drawn_by: str | None = None) -> SamplingDraw:
    """Save the drawn tasks and the draw's record in one transaction (each with its outbox mutation), so the draw
    syncs and anyone can re-run it. The plan must still be filed. Returns the saved record."""
    plan = get_plan(store, result.plan.id)
    require_filed(plan)
    require_committed(plan, result.draw.seed)
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
        left_out=dict(sorted((t, str(r)[:TEXT_MAX]) for t, r in result.not_taken().items())[:DRAW_MAX]),
        grade_override_reason=(plan.grade_override_reason or "").strip() or None,
    )


def recorded_draws(store: Store, plan_id: str) -> list[SamplingDraw]:
    """The plan's recorded draws, newest first."""
    return sorted(store.find(SamplingDraw, plan_id=plan_id), key=lambda d: d.drawn_at, reverse=True)


@dataclass(frozen=True)
class DrawCheck:
    """The answer of re-running a recorded draw: identical, or the bilingual differences found."""

    identical: bool
    differences: tuple[str, ...]


def check_draw(record: SamplingDraw, filed_hash: str | None = None) -> DrawCheck:
    """Re-run a recorded draw from its own seed and inputs and compare with what it says was drawn; with the plan's
    `filed_hash`, the seed must also be the one committed before the draw."""
    if filed_hash and seed_hash(record.seed) != filed_hash:
        return DrawCheck(False, (f"{SEED_MISMATCH_ZH} / the seed does not match the hash filed with the plan",))
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
    plan = store.get(Plan, record.plan_id)
    return check_draw(record, plan.seed_hash if plan else None)
