"""The checklists a code is issued with, per task: the task's own (set when it was made, or by its lead), else the
checklists of its plan that fit its target (app/rules/checklist_fit.py, resources/checklists/fit.json): a hair
salon's code carries the salon checklist's items, not the hotel's and the pool's of the same plan."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from app.resources import resource_dir
from app.rules.checklist_fit import ChecklistFit, fitting
from server.sync.records import RecordCache


@cache
def load_fit() -> ChecklistFit:
    return ChecklistFit.from_json(json.loads((resource_dir() / "checklists" / "fit.json").read_text(encoding="utf-8")))


class _Checklist:
    __slots__ = ("code", "id", "industry")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id, self.code, self.industry = data["id"], data["code"], data["industry"]


def task_checklist_ids(cache_: RecordCache, task: dict[str, Any]) -> list[str]:
    """The ids of the checklists the task is inspected against, in order."""
    own = task.get("checklist_ids") or []
    if own:
        return list(own)
    plan = cache_.get("plans", task["plan_id"])
    if plan is None:
        return []
    plan_ids: list[str] = plan.data.get("checklist_ids") or []
    cache_.load(("checklists", i) for i in plan_ids)
    checklists = [_Checklist(s.data) for i in plan_ids if (s := cache_.states.get(("checklists", i))) and not s.deleted]
    target = cache_.get("targets", task["target_id"])
    if target is None:
        return list(plan_ids)
    return fitting(load_fit(), target.data["industry"], plan.data.get("team"), checklists)
