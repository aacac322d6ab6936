"""Tasks on named targets, not drawn: a complaint task (投诉举报) opened on a complaint record, and 专项 / 跨部门
tasks on a target the lead names (a cross-department task names the other department). Each is made under the
team's filed plan of its category that covers the target's industry and today, with the plan's checklists that fit
the target, and is then assigned, coded and inspected like any task (the board, 申码, the visit). Triggered
inspections need their reason on record: the complaint, or the campaign's plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import ValidationError

from app.models import Plan, Target, Task
from app.models.domain import Complaint
from app.models.enums import OPEN_STATUSES, PlanStatus, TaskCategory
from app.planning.checklists import with_fitting_checklists
from app.planning.errors import PlanningError
from app.rules.deadlines import working_day_deadline
from app.rules.sampling import MIN_INSPECTORS
from app.store import Store

COMPLAINT_SOURCES = ("12345市民热线", "来信", "来电", "来访", "网络", "部门移送", "其他")
# Working days from receipt to the answer, when the complaint states no deadline. Not a confirmed rule of the
# district (DOMAIN.md has none): a default the lead overrides per complaint.
REPLY_WORKING_DAYS = 15
NAMED_CATEGORIES = (TaskCategory.CAMPAIGN, TaskCategory.CROSS_DEPARTMENT)


def record_complaint(
    store: Store,
    *,
    target_id: str,
    summary: str,
    received_on: date,
    source: str | None = None,
    reply_due_on: date | None = None,
) -> Complaint:
    """A complaint (投诉举报) about a target, saved so it syncs; its reply is due `REPLY_WORKING_DAYS` working days
    after receipt unless a deadline is given."""
    if store.get(Target, target_id) is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    due = reply_due_on or working_day_deadline(received_on, REPLY_WORKING_DAYS).due
    try:
        complaint = Complaint(
            target_id=target_id,
            summary=summary.strip(),
            received_on=received_on,
            source=(source or "").strip() or None,
            reply_due_on=due,
        )
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    return store.save(complaint)


def plan_for(store: Store, team: str, category: TaskCategory, industry: str, on: date) -> Plan:
    """The team's filed plan of `category` covering `on` and the industry (a plan naming no industry covers all)."""
    plans = [
        p
        for p in store.find(Plan, team=team, category=category.value, status=PlanStatus.REGISTERED.value)
        if p.period_start <= on <= p.period_end and (not p.industries or industry in p.industries)
    ]
    if not plans:
        raise PlanningError(
            f"本科室没有覆盖该行业和今天的已备案{_CATEGORY_ZH[category]}计划，请先备案计划",
            f"the team has no filed {category.value} plan covering this industry and today: file one first",
        )
    return sorted(plans, key=lambda p: (p.period_start, p.plan_no))[-1]


_CATEGORY_ZH = {
    TaskCategory.COMPLAINT: "投诉举报",
    TaskCategory.CAMPAIGN: "专项",
    TaskCategory.CROSS_DEPARTMENT: "跨部门",
}


def _task(
    store: Store,
    plan: Plan,
    target: Target,
    category: TaskCategory,
    inspector_ids: Sequence[str],
    due_on: date | None,
    other_department: str | None = None,
) -> Task:
    ids = list(dict.fromkeys(inspector_ids))
    if ids and len(ids) < MIN_INSPECTORS:
        raise PlanningError(
            f"现场检查至少需要 {MIN_INSPECTORS} 名监督员", f"an on-site inspection needs at least {MIN_INSPECTORS}"
        )
    try:
        task = Task(
            plan_id=plan.id,
            target_id=target.id,
            category=category,
            team=plan.team,
            district=plan.district,
            inspector_ids=ids,
            due_on=due_on or plan.period_end,
            other_department=other_department,
        )
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    [task] = with_fitting_checklists(store, plan, [task])
    return task


def open_complaint_task(
    store: Store, complaint_id: str, *, team: str, today: date, inspector_ids: Sequence[str] = ()
) -> Task:
    """A complaint task on the complaint's target, due by its reply deadline, saved with the complaint's link to it
    in one transaction. Refused when the complaint is closed or already has an open task."""
    complaint = store.get(Complaint, complaint_id)
    if complaint is None:
        raise PlanningError(f"找不到投诉举报 {complaint_id}", f"no such complaint: {complaint_id}")
    if complaint.status != "open":
        raise PlanningError("该投诉举报已办结", "the complaint is closed")
    if complaint.task_id:
        existing = store.get(Task, complaint.task_id)
        if existing is not None and existing.status in OPEN_STATUSES:
            raise PlanningError("该投诉举报已有未完成的核查任务", "the complaint already has an open task")
    task, linked = complaint_task(store, complaint, team=team, today=today, inspector_ids=inspector_ids)
    store.save_all([task, linked])
    return store.get(Task, task.id) or task


def complaint_task(
    store: Store, complaint: Complaint, *, team: str, today: date, inspector_ids: Sequence[str] = ()
) -> tuple[Task, Complaint]:
    """The complaint task on the complaint's target under the team's filed complaint plan, due by the reply deadline,
    and the complaint linked to it; neither saved."""
    target = store.get(Target, complaint.target_id)
    if target is None:
        raise PlanningError(f"找不到检查对象 {complaint.target_id}", f"no such target: {complaint.target_id}")
    plan = plan_for(store, team, TaskCategory.COMPLAINT, target.industry, today)
    task = _task(store, plan, target, TaskCategory.COMPLAINT, inspector_ids, complaint.reply_due_on)
    return task, complaint.model_copy(update={"task_id": task.id})


def open_named_task(
    store: Store,
    *,
    target_id: str,
    category: TaskCategory | str,
    team: str,
    today: date,
    other_department: str | None = None,
    inspector_ids: Sequence[str] = (),
    due_on: date | None = None,
) -> Task:
    """A 专项 or 跨部门 task on a named target under the team's filed plan of that category; a cross-department task
    names the other department."""
    category = TaskCategory(category)
    if category not in NAMED_CATEGORIES:
        raise PlanningError(
            "只有专项和跨部门任务可以直接指定对象（投诉举报任务从投诉记录生成）",
            "only campaign and cross-department tasks are opened on a named target (complaint tasks from a complaint)",
        )
    other = (other_department or "").strip() or None
    if category == TaskCategory.CROSS_DEPARTMENT and other is None:
        raise PlanningError("跨部门任务须写明联合检查的部门", "a cross-department task names the other department")
    target = store.get(Target, target_id)
    if target is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    plan = plan_for(store, team, category, target.industry, today)
    return store.save(_task(store, plan, target, category, inspector_ids, due_on, other))
