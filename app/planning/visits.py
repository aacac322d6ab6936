"""The grade's visit rules at planning: 无事不扰 decisions (with a reason and an end date) and the check of a planned
routine task against the exemption, 无感 (remote) permission, the yearly cap and the repeat-visit guard.

The same rules (`app.rules.visits.check_visit`) refuse the code on the server (申码); here they refuse early, on the
laptop, with what the local store knows. A lead passes the cap and the guard (and triggers a visit of an exempt target)
only with a reason kept on the task (`allow_visit`).
"""

from __future__ import annotations

from datetime import date, datetime

from app.models.domain import Inspection, Target, Task
from app.models.enums import OPEN_STATUSES
from app.planning.draws import recorded_reason
from app.planning.errors import PlanningError
from app.resources import load_grading_config
from app.rules.grading import GradingConfig
from app.rules.shanghai import SHANGHAI
from app.rules.visits import PastVisit, VisitRefusal, check_visit, is_triggered
from app.store import Store


def _target(store: Store, target_id: str) -> Target:
    target = store.get(Target, target_id)
    if target is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    return target


def decide_exemption(store: Store, target_id: str, reason: str, until: date | None) -> Target:
    """A lead's decision to put a target on the 无事不扰 list, with the reason and the day it ends (synced). The
    reason is refused when empty, longer than REASON_MAX or holding NUL or control characters."""
    text = recorded_reason(reason, "列入“无事不扰”清单", "a do-not-disturb decision")
    today = datetime.now(SHANGHAI).date()
    if until is not None and until < today:
        raise PlanningError("“无事不扰”的截止日期已过", "the do-not-disturb end date has already passed")
    update = {
        "do_not_disturb": True,
        "do_not_disturb_by": "decision",
        "do_not_disturb_reason": text,
        "do_not_disturb_until": until,
    }
    target = _target(store, target_id)
    return store.save(target.model_copy(update=update), changed=list(update))


def lift_exemption(store: Store, target_id: str) -> Target:
    """Take a target off the 无事不扰 list (a rule's exemption comes back at the next grading if it still holds)."""
    update = {
        "do_not_disturb": False,
        "do_not_disturb_by": None,
        "do_not_disturb_reason": None,
        "do_not_disturb_until": None,
    }
    return store.save(_target(store, target_id).model_copy(update=update), changed=list(update))


def past_routine_visits(store: Store, target_id: str, exclude_task_ids: set[str]) -> list[PastVisit]:
    """The target's routine on-site visits the laptop knows: inspections of routine, not remote, tasks."""
    visits = []
    for inspection in store.find(Inspection, target_id=target_id):
        if exclude_task_ids & set(inspection.task_ids):
            continue
        tasks = store.find(Task, id=inspection.task_ids)
        if not tasks or is_triggered(t.category for t in tasks) or all(t.remote for t in tasks):
            continue
        visits.append(PastVisit(inspection.started_at.astimezone(SHANGHAI).date()))
    return visits


def check_task(store: Store, task: Task, today: date | None = None, grading: GradingConfig | None = None) -> None:
    """Refuse (PlanningError, with the rule's code as `code`) a task the grade's visit rules would refuse at 申码."""
    target = _target(store, task.target_id)
    config = grading or load_grading_config()
    day = today or datetime.now(SHANGHAI).date()
    try:
        check_visit(
            target.model_dump(mode="json"),
            [task.model_dump(mode="json")],
            config.defaults,
            past_routine_visits(store, task.target_id, {task.id}),
            day,
        )
    except VisitRefusal as exc:
        error = PlanningError(exc.zh, exc.en)
        error.code = exc.code  # type: ignore[attr-defined]
        raise error from exc


def allow_visit(store: Store, task_id: str, reason: str) -> Task:
    """A lead's override of the cap and the repeat-visit guard (or a lead-triggered visit of an exempt target) on one
    open task, kept with its reason; the server reads the same reason at 申码."""
    task = store.get(Task, task_id)
    if task is None:
        raise PlanningError(f"找不到任务 {task_id}", f"no such task: {task_id}")
    if task.status not in OPEN_STATUSES:
        raise PlanningError("已完成或已关闭的任务不能再改", "a completed or closed task cannot be changed")
    text = recorded_reason(reason, "越过检查频次限制", "overriding the visit limits")
    return store.save(task.model_copy(update={"visit_override_reason": text}), changed=["visit_override_reason"])


def set_remote(store: Store, task_id: str, remote: bool, today: date | None = None) -> Task:
    """Make a planned task a 无感 remote check (documents and data, no visit) where the target's grade allows it."""
    task = store.get(Task, task_id)
    if task is None:
        raise PlanningError(f"找不到任务 {task_id}", f"no such task: {task_id}")
    changed = task.model_copy(update={"remote": remote})
    if remote:
        check_task(store, changed, today)
    return store.save(changed, changed=["remote"])
