"""A task's checklists: those of its plan that fit its target (industry × line, resources/checklists/fit.json), set
when the task is made and changed by the lead for one task. The server issues the code with the task's checklists'
items (server/checklist_fit.py); a task without any (made before the mapping) gets the fitting ones there too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from app.models import Checklist, Plan, Target, Task
from app.models.enums import TaskStatus
from app.planning.errors import PlanningError
from app.resources import resource_dir
from app.rules.checklist_fit import ChecklistFit, fitting
from app.store import Store


def fit_path() -> Path:
    return resource_dir() / "checklists" / "fit.json"


@cache
def load_fit() -> ChecklistFit:
    """The catalogue's mapping of industry × line to checklists."""
    return ChecklistFit.from_json(json.loads(fit_path().read_text(encoding="utf-8")))


def plan_checklists(store: Store, plan: Plan) -> list[Checklist]:
    """The plan's checklists in its order (those not in the store left out)."""
    found = {c.id: c for c in store.find(Checklist, id=list(plan.checklist_ids))} if plan.checklist_ids else {}
    return [found[i] for i in plan.checklist_ids if i in found]


def fitting_checklist_ids(
    plan: Plan, industry: str, checklists: Sequence[Checklist], fit: ChecklistFit | None = None
) -> list[str]:
    """The ids of the plan's `checklists` that fit a target of `industry` on the plan's line (its team)."""
    return fitting(fit or load_fit(), industry, plan.team, checklists)


def with_fitting_checklists(store: Store, plan: Plan, tasks: Iterable[Task]) -> list[Task]:
    """The tasks (unsaved) each with the plan's checklists that fit its target; tasks already given some keep them."""
    tasks = list(tasks)
    checklists = plan_checklists(store, plan)
    industries = {row["id"]: row["industry"] for row in store.targets_by_ids({t.target_id for t in tasks})}
    return [
        t
        if t.checklist_ids or t.target_id not in industries
        else t.model_copy(update={"checklist_ids": fitting_checklist_ids(plan, industries[t.target_id], checklists)})
        for t in tasks
    ]


def task_checklists(store: Store, task: Task) -> list[Checklist]:
    """The checklists the task's code will carry: its own, or (an older task) the plan's that fit its target."""
    if task.checklist_ids:
        found = {c.id: c for c in store.find(Checklist, id=list(task.checklist_ids))}
        return [found[i] for i in task.checklist_ids if i in found]
    plan = store.get(Plan, task.plan_id)
    target = store.get(Target, task.target_id)
    if plan is None:
        return []
    checklists = plan_checklists(store, plan)
    if target is None:
        return checklists
    chosen = set(fitting_checklist_ids(plan, target.industry, checklists))
    return [c for c in checklists if c.id in chosen]


def set_task_checklists(store: Store, task_id: str, checklist_ids: Sequence[str]) -> Task:
    """The lead's choice of checklists for one task (any of the catalogue's, at least one), saved so it syncs.

    Refused once a code has been asked for the task: the code carries the items it was issued with."""
    task = store.get(Task, task_id)
    if task is None:
        raise PlanningError(f"找不到任务 {task_id}", f"no such task: {task_id}")
    if task.status != TaskStatus.PLANNED:
        raise PlanningError(
            "已申码或已开始的任务不能再改检查表，请先撤销检查码",
            "the checklists of a task with a code or under way cannot change; revoke its code first",
        )
    ids = list(dict.fromkeys(checklist_ids))
    if not ids:
        raise PlanningError("任务至少要有一张检查表", "a task needs at least one checklist")
    known = {c.id for c in store.find(Checklist, id=ids)}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise PlanningError(f"检查表不存在：{', '.join(unknown)}", f"no such checklist: {', '.join(unknown)}")
    if ids == task.checklist_ids:
        return task
    return store.save(task.model_copy(update={"checklist_ids": ids}), changed={"checklist_ids"})
