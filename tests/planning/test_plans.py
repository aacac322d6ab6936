"""Filing plans and reassigning tasks."""

from __future__ import annotations

import pytest

from app import planning
from app.models.domain import Plan, Task
from app.models.enums import PlanStatus
from app.store import Store
from tests.planning.helpers import draft_plan


def test_a_plan_without_checklists_is_not_filed(store: Store) -> None:
    plan = draft_plan(store, checklist_ids=[])
    with pytest.raises(planning.PlanningError, match=r"检查表.*checklists"):
        planning.file_plan(store, plan.id)
    assert store.get(Plan, plan.id).status == PlanStatus.DRAFT


def test_reassign_refuses_one_inspector_twice(store: Store) -> None:
    task = store.find(Task, status="planned")[0]
    with pytest.raises(planning.PlanningError, match=r"重复.*twice"):
        planning.reassign(store, task.id, ["a", "a"], None)
    assert store.get(Task, task.id).inspector_ids == task.inspector_ids
