"""A task's checklists fit its target (app/planning/checklists.py, app/rules/checklist_fit.py): a salon's task has
only the salon checklist; the lead changes them for one task; the mapping's lines and its fallbacks."""

from __future__ import annotations

import pytest

from app import planning
from app.models import Checklist, ChecklistItem, Plan, Target, Task
from app.models.enums import TaskStatus
from app.planning.checklists import load_fit, set_task_checklists, task_checklists
from app.rules.checklist_fit import ChecklistFit, fitting
from app.rules.sampling import SamplingConfig
from app.store import Store
from tests.planning.helpers import TODAY


def _public_places_plan(store: Store) -> Plan:
    plan = next(p for p in store.find(Plan, team="公共场所科", category="district_random") if p.year == TODAY.year)
    codes = {c.code for c in store.find(Checklist, id=list(plan.checklist_ids))}
    assert codes == {"BTY", "HTL", "SWM"}  # the plan lists the salon, hotel and pool checklists
    return plan


def test_a_salons_task_has_only_the_salon_checklist(store: Store) -> None:
    plan = _public_places_plan(store)
    result = planning.prepare_draw(store, plan.id, SamplingConfig(ratios={"A": 1, "B": 1, "C": 1, "D": 1}), seed=5)
    record = planning.create_tasks_from_draw(store, result, drawn_by="lead")
    tasks = [store.get(Task, i) for i in record.task_ids.values()]
    industries = {t.id: store.get(Target, t.target_id).industry for t in tasks}
    salons = [t for t in tasks if industries[t.id] == "beauty_salon"]
    assert salons and {industries[t.id] for t in tasks} >= {"beauty_salon", "hotel"}
    for task in tasks:
        [sheet] = task_checklists(store, task)
        assert (industries[task.id], sheet.code) in {("beauty_salon", "BTY"), ("hotel", "HTL"), ("swimming", "SWM")}
    [salon_sheet] = task_checklists(store, salons[0])
    items = store.find(ChecklistItem, checklist_id=salon_sheet.id)
    assert len(items) == 6  # the salon checklist's items, not the 22 of all three


def test_an_older_task_without_checklists_is_fitted_when_read(store: Store) -> None:
    plan = _public_places_plan(store)
    salon = next(t for t in store.find(Target, industry="beauty_salon"))
    task = Task(plan_id=plan.id, target_id=salon.id, category=plan.category, team=plan.team)
    assert [c.code for c in task_checklists(store, task)] == ["BTY"]


def test_the_lead_changes_one_tasks_checklists(store: Store) -> None:
    plan = _public_places_plan(store)
    salon = next(t for t in store.find(Target, industry="beauty_salon"))
    [fitted] = planning.checklists.with_fitting_checklists(
        store, plan, [Task(plan_id=plan.id, target_id=salon.id, category=plan.category, team=plan.team)]
    )
    task = store.save(fitted)
    by_code = {c.code: c.id for c in store.list(Checklist)}
    assert task.checklist_ids == [by_code["BTY"]]
    outbox_before = len(store.outbox())
    changed = set_task_checklists(store, task.id, [by_code["BTY"], by_code["HTL"]])
    assert [c.code for c in task_checklists(store, changed)] == ["BTY", "HTL"]
    [sent] = store.outbox()[outbox_before:]
    assert (sent["entity"], set(sent["fields"]) - {"updated_at"}) == ("tasks", {"checklist_ids"})
    with pytest.raises(planning.PlanningError, match="至少"):
        set_task_checklists(store, task.id, [])
    with pytest.raises(planning.PlanningError, match="no such checklist"):
        set_task_checklists(store, task.id, ["not-a-checklist"])
    store.save(changed.model_copy(update={"status": TaskStatus.CODE_REQUESTED}))
    with pytest.raises(planning.PlanningError, match="revoke its code"):
        set_task_checklists(store, task.id, [by_code["BTY"]])


class _Sheet:
    def __init__(self, id: str, code: str, industry: str) -> None:
        self.id, self.code, self.industry = id, code, industry


def test_the_mapping_by_line_and_its_fallbacks() -> None:
    fit = load_fit()
    medical = [_Sheet("med", "MED", "medical"), _Sheet("inf", "INF", "medical"), _Sheet("mws", "MWS", "medical")]
    assert fitting(fit, "dental", "传染病防治科", medical) == ["inf", "mws"]  # the line's own list
    assert fitting(fit, "medical", "医疗机构科", medical) == ["med"]
    assert fitting(fit, "medical", "其他科", medical) == ["med", "inf", "mws"]  # the default list
    other = [_Sheet("x", "X-01", "school"), _Sheet("y", "Y-01", "hotel")]
    assert fitting(fit, "school", None, other) == ["x"]  # nothing mapped: the plan's of the same industry
    assert fitting(ChecklistFit(default={}), "swimming", None, other) == ["x", "y"]  # else all the plan's
