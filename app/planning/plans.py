"""Plans (备案) and their tasks: filing, sampling rules, the board's reassignment, the codes and targets it shows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from app.models.domain import InspectionCode, Plan, Target, Task
from app.models.enums import OPEN_STATUSES, PlanStatus
from app.planning.errors import PlanningError
from app.rules.sampling import SamplingConfig
from app.store import Store


def get_plan(store: Store, plan_id: str) -> Plan:
    plan = store.get(Plan, plan_id)
    if plan is None:
        raise PlanningError(f"找不到检查计划 {plan_id}", f"no such plan: {plan_id}")
    return plan


def file_plan(store: Store, plan_id: str) -> Plan:
    """File (备案) a draft plan. A plan needs industries and checklists to be filed; a filed plan stays filed."""
    plan = get_plan(store, plan_id)
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
    plan = get_plan(store, plan_id)
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


def active_codes(store: Store, now: datetime | None = None) -> dict[str, InspectionCode]:
    """Each task's code that is neither revoked nor expired (the board shows which tasks have one)."""
    moment = now or datetime.now(UTC)
    found: dict[str, InspectionCode] = {}
    for code in store.find(InspectionCode, revoked_at=None):
        if code.valid_until.replace(tzinfo=code.valid_until.tzinfo or UTC) > moment:
            found.update((task_id, code) for task_id in code.task_ids)
    return found


def targets_by_id(store: Store, ids: Iterable[str]) -> dict[str, Target]:
    return {t.id: t for t in store.find(Target, id=list(ids))}
