"""Plans for the planning tests, made from the demo data of one seed."""

from __future__ import annotations

from datetime import date

from app import planning
from app.models import Record
from app.models.domain import Plan
from app.models.enums import PlanStatus
from app.store import Store

TODAY = date(2025, 6, 2)


def draft_plan(store: Store, **changes: object) -> Plan:
    base = store.find(Plan, category="district_random", year=TODAY.year)[0]
    fields = {"plan_no": "长卫监计〔2025〕900号", "name": "测试计划", "status": PlanStatus.DRAFT, **changes}
    plan = Plan(**{**base.model_dump(exclude={"id", "version", "updated_at"}), **fields})
    return store.save(plan)


def filed_plan(store: Store, **changes: object) -> Plan:
    return planning.file_plan(store, draft_plan(store, **changes).id)


def count(store: Store, model: type[Record]) -> int:
    return len(store.list(model))
