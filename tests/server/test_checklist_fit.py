"""A code carries the items of its task's checklists (server/checklist_fit.py): the plan's checklists that fit the
target, or the ones its lead chose for the task."""

from __future__ import annotations

from app.models import Checklist, ChecklistItem
from tests.server.codes_world import extra_task, issued, register_plan, update
from tests.server.world import PUBLIC, World, mutation


def _sheet(world: World, code: str, industry: str, size: int) -> tuple[Checklist, list[ChecklistItem]]:
    sheet = Checklist(code=code, name=f"检查表 {code}", industry=industry)
    items = [
        ChecklistItem(
            checklist_id=sheet.id,
            code=f"{code}-{n:02d}",
            title=f"检查事项 {code}-{n}",
            legal_basis="《公共场所卫生管理条例》第十条",
            industry=industry,
            position=n,
        )
        for n in range(1, size + 1)
    ]
    assert {r["status"] for r in world["admin"].push(*(mutation(r) for r in (sheet, *items)))} == {"accepted"}
    return sheet, items


def test_the_code_of_a_hotels_task_carries_the_hotel_checklist_only_unless_the_lead_chose(world: World) -> None:
    salon, _ = _sheet(world, "BTY", "beauty_salon", 6)
    hotel, hotel_items = _sheet(world, "HTL", "hotel", 10)
    pool, pool_items = _sheet(world, "SWM", "swimming", 6)
    register_plan(world, [salon.id, hotel.id, pool.id])
    inspectors = [world.inspector_id("zhang"), world.inspector_id("li")]
    task = world.tasks[PUBLIC]  # the world's target is a hotel
    update(world["lead"], "tasks", task.id, inspector_ids=inspectors)
    code = issued(world["lead"], [task.id])
    assert code["checklist_item_ids"] == [i.id for i in hotel_items]  # not 22 items of three checklists

    chosen = extra_task(world, checklist_ids=[pool.id, hotel.id])  # the lead's choice for this task
    code = issued(world["lead"], [chosen.id])
    assert code["checklist_item_ids"] == [i.id for i in (*pool_items, *hotel_items)]
