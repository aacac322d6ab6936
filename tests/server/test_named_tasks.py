"""A complaint to a finished inspection, through the server: the lead records the complaint and opens its task with
the planning service on his laptop, pushes both, assigns, asks for the code; the inspectors finish the visit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.models import Plan
from app.planning.named_tasks import open_complaint_task, record_complaint
from app.store import Store
from tests.server.codes_world import checklist, complete_inspection, issued, update
from tests.server.world import CHANGNING, PUBLIC, World, mutation


def test_a_complaint_task_from_the_complaint_to_the_finished_inspection(world: World, tmp_path: Path) -> None:
    sheet, _items = checklist(world)
    complaint_plan = Plan(
        **{
            **world.plans[PUBLIC].model_dump(exclude={"id", "version", "updated_at"}),
            "plan_no": "长卫监计〔2026〕投诉",
            "name": "投诉举报核查",
            "category": "complaint",
            "status": "registered",
            "checklist_ids": [sheet.id],
            "period_start": date(2020, 1, 1),
            "period_end": date(2100, 12, 31),
        }
    )
    world.insert_directly(complaint_plan)
    target = world.targets[CHANGNING]
    with Store.open(tmp_path / "lead.sqlite3") as store:  # the lead's laptop, holding what he pulled
        store.save_many([target, complaint_plan, sheet], synced=True)
        complaint = record_complaint(
            store, target_id=target.id, summary="房间床单未更换", received_on=date.today(), source="12345市民热线"
        )
        task = open_complaint_task(store, complaint.id, team=PUBLIC, today=date.today())
        pushed = [store.get(type(complaint), complaint.id), task]
    lead = world["lead"]
    assert [r["status"] for r in lead.push(*(mutation(r) for r in pushed))] == ["accepted", "accepted"]
    update(lead, "tasks", task.id, inspector_ids=[world.inspector_id("zhang"), world.inspector_id("li")])
    code = issued(lead, [task.id])  # coded like any task
    assert code["task_ids"] == [task.id] and code["checklist_item_ids"]
    complete_inspection(world["zhang"], code)
    records, _ = world["zhang"].pull_all()
    assert records[("complaints", complaint.id)]["data"]["task_id"] == task.id
    server_task = records[("tasks", task.id)]["data"]
    assert (server_task["category"], server_task["due_on"]) == ("complaint", complaint.reply_due_on.isoformat())
    inspections = [c["data"] for (e, _i), c in records.items() if e == "inspections"]
    assert [i["status"] for i in inspections if i["task_ids"] == [task.id]] == ["completed"]
