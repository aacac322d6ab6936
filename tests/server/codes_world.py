"""Making the small `World` ready for 申码: a checklist, a registered plan, tasks with inspectors, and code requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.models import Checklist, ChecklistItem, Inspection, Task
from tests.server.world import PUBLIC, Api, World, mutation

LEGAL_BASIS = "《公共场所卫生管理条例》第十条"


def checklist(world: World, code: str = "GG-01", size: int = 2) -> tuple[Checklist, list[ChecklistItem]]:
    """A shared checklist with `size` items, written by the admin."""
    sheet = Checklist(code=code, name=f"公共场所检查表 {code}", industry="hotel")
    items = [
        ChecklistItem(
            checklist_id=sheet.id,
            code=f"{code}-{n}",
            title=f"卫生许可证持有并公示 {code}-{n}",
            legal_basis=LEGAL_BASIS,
            industry="hotel",
            position=n,
        )
        for n in range(1, size + 1)
    ]
    results = world["admin"].push(*(mutation(r) for r in (sheet, *items)))
    assert all(r["status"] == "accepted" for r in results), results
    return sheet, items


def update(api: Api, entity: str, record_id: str, **fields: Any) -> int:
    """Push changed fields at the record's current server version; returns the new version."""
    current, _ = api.pull_all()
    version = current[(entity, record_id)]["version"]
    result = api.push(mutation(entity=entity, record_id=record_id, base_version=version, fields=fields))[0]
    assert result["status"] == "accepted", result
    return result["version"]


def register_plan(world: World, checklist_ids: list[str], team: str = PUBLIC) -> None:
    lead = world["lead" if team == PUBLIC else "admin"]
    update(lead, "plans", world.plans[team].id, status="registered", checklist_ids=checklist_ids)


def assign(world: World, task: Task, *usernames: str, team: str = PUBLIC, **fields: Any) -> None:
    lead = world["lead" if team == PUBLIC else "admin"]
    ids = [world.inspector_id(u) for u in usernames]
    update(lead, "tasks", task.id, inspector_ids=ids, **fields)


def ready(world: World, *inspectors: str) -> tuple[Task, list[ChecklistItem]]:
    """The public-places task with a registered plan of one checklist, assigned to `inspectors` (zhang, li)."""
    sheet, items = checklist(world)
    register_plan(world, [sheet.id])
    task = world.tasks[PUBLIC]
    assign(world, task, *(inspectors or ("zhang", "li")))
    return task, items


def extra_task(world: World, **fields: Any) -> Task:
    """Another task under the public-places plan, pushed by the lead."""
    base = world.tasks[PUBLIC]
    values = {
        "plan_id": base.plan_id,
        "target_id": base.target_id,
        "category": "district_random",
        "team": PUBLIC,
        "district": base.district,
        "inspector_ids": [world.inspector_id("zhang"), world.inspector_id("li")],
        **fields,
    }
    task = Task(**values)
    assert world["lead"].push(mutation(task))[0]["status"] == "accepted"
    return task


def request(api: Api, task_ids: list[str], **body: Any) -> Any:
    return api.client.post("/api/codes", json={"task_ids": task_ids, **body}, headers=api.headers)


def issued(api: Api, task_ids: list[str], **body: Any) -> dict[str, Any]:
    response = request(api, task_ids, **body)
    assert response.status_code == 201, response.text
    return response.json()["code"]


def inspection_under(code: dict[str, Any], **fields: Any) -> Inspection:
    """An inspection opened under an issued code (as its answer or pull gives it), for all of its inspectors."""
    return Inspection(
        code_id=code["id"],
        target_id=code["target_id"],
        task_ids=code["task_ids"],
        inspector_ids=code["inspector_ids"],
        **fields,
    )


def complete_inspection(api: Api, code: dict[str, Any]) -> None:
    """An inspector pushes the completed inspection under `code`, as the client does after the visit."""
    inspection = inspection_under(code, status="completed", completed_at=datetime.now(UTC))
    assert api.push(mutation(inspection))[0]["status"] == "accepted"
