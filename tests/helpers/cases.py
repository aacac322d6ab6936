"""A hotel whose finished inspections are held on the laptop as pulled from the server: an earlier one that failed
HTL-04 (staff without health certificates), and today's that failed HTL-01 (no hygiene licence, with a photo), HTL-04
again and HTL-09 (licence not displayed). For case handling (app/cases.py) and its dialog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.models import ChecklistItem, Evidence, Inspection, Inspector, ItemResult, Plan, Task, TaskCategory
from app.models.ids import new_id
from app.resources import load_catalogue
from app.store import Store
from tests.store.conftest import target

TEAM = "公共场所科"
ME, PARTNER = "inspector-zhang", "inspector-li"
SHA = "cd" * 32


@dataclass
class HotelCases:
    store: Store
    inspection: Inspection
    earlier: Inspection
    items: dict[str, ChecklistItem]  # the hotel checklist's items by code
    photo: Evidence
    task: Task


def hotel_cases(store: Store, now: datetime | None = None) -> HotelCases:
    now = now or datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    checklists, items = load_catalogue()
    sheet = next(c for c in checklists if c.code == "HTL")
    hotel_items = [i for i in items if i.checklist_id == sheet.id]
    hotel = target(name="长宁悦来宾馆", industry="hotel", address="长宁区愚园路1号")
    people = [
        Inspector(id=ME, name="张伟", username="zhang.wei", certificate_no="31010520001", team=TEAM),
        Inspector(id=PARTNER, name="李娜", username="li.na", certificate_no="31010520002", team=TEAM),
    ]
    plan = Plan(
        plan_no="长卫监计〔2026〕002号",
        name="2026年公共场所区级双随机抽查",
        category=TaskCategory.DISTRICT_RANDOM,
        year=2026,
        team=TEAM,
        status="registered",
        checklist_ids=[sheet.id],
        period_start=datetime(2026, 1, 1).date(),
        period_end=datetime(2026, 12, 31).date(),
    )
    task = Task(plan_id=plan.id, target_id=hotel.id, category="district_random", team=TEAM, status="completed")
    earlier = _inspection(hotel.id, task.id, now - timedelta(days=200))
    inspection = _inspection(hotel.id, task.id, now)
    by_code = {i.code: i for i in hotel_items}
    results = [
        *_results(earlier, hotel_items, {"HTL-04": "两名服务员无健康证明"}),
        *_results(
            inspection, hotel_items, {"HTL-01": "卫生许可证已过期", "HTL-04": "一名服务员无健康证明", "HTL-09": ""}
        ),
    ]
    photo = Evidence(
        inspection_id=inspection.id,
        code_id=inspection.code_id,
        item_id=by_code["HTL-01"].id,
        sha256=SHA,
        size=1000,
        taken_at=now,
        caption="过期的卫生许可证",
    )
    store.save_many([sheet, *hotel_items, *people, hotel, plan, task, earlier, inspection], synced=True)
    store.save_many([*results, photo], synced=True)
    return HotelCases(store, inspection, earlier, by_code, photo, task)


def _inspection(target_id: str, task_id: str, started: datetime) -> Inspection:
    return Inspection(
        code_id=new_id(),
        target_id=target_id,
        task_ids=[task_id],
        inspector_ids=[ME, PARTNER],
        status="completed",
        started_at=started,
        completed_at=started + timedelta(hours=1),
    )


def _results(inspection: Inspection, items: list[ChecklistItem], failed: dict[str, str]) -> list[ItemResult]:
    return [
        ItemResult(
            inspection_id=inspection.id,
            code_id=inspection.code_id,
            item_id=item.id,
            result="non_compliant" if item.code in failed else "compliant",
            note=failed.get(item.code, ""),
        )
        for item in items
    ]
