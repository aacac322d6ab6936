"""A store ready for a day on site: the checklist catalogue, a filed plan, my tasks on a target, and real codes.

`site_world(store)` trusts a fresh server key, logs ME in and stores a target, a plan over some catalogue checklists
and one task assigned to ME and PARTNER; `world.code_for(tasks)` issues a real signed code for tasks, as the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models import Checklist, ChecklistItem, InspectionCode, Inspector, Plan, Task, TaskCategory
from app.models.ids import new_id
from app.resources import load_catalogue
from app.store import Store
from tests.helpers.gate import ME, PARTNER, CodeWorld, code_world
from tests.store.conftest import target

TEAM = "医疗机构科"


@dataclass
class SiteWorld:
    gate: CodeWorld
    plan: Plan
    checklists: list[Checklist]
    items: list[ChecklistItem]
    task: Task

    @property
    def store(self) -> Store:
        return self.gate.store

    def add_task(self, **changes: object) -> Task:
        return _task(self.store, self.plan, self.gate.target.id, **changes)

    def code_for(self, *tasks: Task, items: list[ChecklistItem] | None = None, **overrides: object) -> InspectionCode:
        chosen = self.items if items is None else items
        return self.gate.code(task_ids=[t.id for t in tasks], checklist_item_ids=[i.id for i in chosen], **overrides)


def site_world(store: Store, checklists: int = 2, items_per_checklist: int = 4) -> SiteWorld:
    world = code_world(store, target())
    all_checklists, all_items = load_catalogue()
    # a dental clinic is checked against its own checklist and the infection-control one
    chosen = [c for c in all_checklists if c.industry == "dental" or c.name.startswith("传染病")][:checklists]
    items = [i for c in chosen for i in [i for i in all_items if i.checklist_id == c.id][:items_per_checklist]]
    people = [
        Inspector(id=ME, name="张伟", username="zhang.wei", certificate_no="31010520001", team=TEAM),
        Inspector(id=PARTNER, name="李娜", username="li.na", certificate_no="31010520002", team=TEAM),
    ]
    plan = Plan(
        id=new_id(),
        plan_no="长卫监计〔2026〕001号",
        name="2026年医疗机构区级双随机抽查",
        category=TaskCategory.DISTRICT_RANDOM,
        year=2026,
        team=TEAM,
        status="registered",
        checklist_ids=[c.id for c in chosen],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    catalogue = [i for i in all_items if i.checklist_id in {c.id for c in chosen}]
    store.save_many([*chosen, *catalogue, *people, plan], synced=True)
    return SiteWorld(world, plan, chosen, items, _task(store, plan, world.target.id))


def _task(store: Store, plan: Plan, target_id: str, **changes: object) -> Task:
    fields = {
        "plan_id": plan.id,
        "target_id": target_id,
        "category": TaskCategory.DISTRICT_RANDOM,
        "team": TEAM,
        "inspector_ids": [ME, PARTNER],
        "scheduled_on": date(2026, 11, 23),
    }
    task = Task(**(fields | changes))
    store.save_many([task], synced=True)
    return task
