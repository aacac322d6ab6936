"""Read queries the services need beyond `Store.get`/`Store.list`: a draw's pool (read as plain rows, as 200,000
full records take seconds), open complaints, declared recusals, last completion days and photographed items."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from app.models import Plan, TaskCategory


@dataclass(frozen=True)
class PoolEntry:
    """What a target draw reads of a target."""

    id: str
    grade: str
    do_not_disturb: bool


def _pool_where(plan: Plan) -> tuple[str, list[object]]:
    """Targets of the plan's industries in its district, less those already holding a task under this plan."""
    marks = ", ".join("?" for _ in plan.industries)
    where = f"district = ? AND industry IN ({marks}) AND id NOT IN (SELECT target_id FROM tasks WHERE plan_id = ?)"
    return where, [plan.district, *plan.industries, plan.id]


def pool_grades(db: sqlite_utils.Database, plan: Plan) -> dict[str, int]:
    """How many targets of each grade the plan's pool holds (grades with none are absent)."""
    if not plan.industries:
        return {}
    where, params = _pool_where(plan)
    return dict(db.execute(f"SELECT grade, COUNT(*) FROM targets WHERE {where} GROUP BY grade", params).fetchall())


def pool(db: sqlite_utils.Database, plan: Plan) -> list[PoolEntry]:
    where, params = _pool_where(plan)
    rows = db.execute(f"SELECT id, grade, do_not_disturb FROM targets WHERE {where}", params)
    return [PoolEntry(i, g, bool(d)) for i, g, d in rows]


def complaint_target_ids(db: sqlite_utils.Database, statuses: Sequence[str]) -> set[str]:
    """Targets with a complaint task in one of `statuses`."""
    marks = ", ".join("?" for _ in statuses)
    rows = db.execute(
        f"SELECT DISTINCT target_id FROM tasks WHERE category = ? AND status IN ({marks})",
        [TaskCategory.COMPLAINT.value, *statuses],
    )
    return {r[0] for r in rows}


def recusals_by_inspector(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Inspector id -> the target ids they declared a conflict with."""
    found: dict[str, list[str]] = {}
    for inspector_id, target_id in db.execute("SELECT inspector_id, target_id FROM recusals ORDER BY target_id"):
        found.setdefault(inspector_id, []).append(target_id)
    return found


def last_task_completion(db: sqlite_utils.Database) -> dict[str, date]:
    """Target id -> the latest `completed_on` of its tasks."""
    rows = db.execute(
        "SELECT target_id, MAX(completed_on) FROM tasks WHERE completed_on IS NOT NULL GROUP BY target_id"
    )
    return {target_id: date.fromisoformat(day) for target_id, day in rows}


def photographed_items(db: sqlite_utils.Database, inspection_id: str) -> set[str]:
    """Checklist items of the inspection with at least one photo."""
    rows = db.execute(
        "SELECT DISTINCT item_id FROM evidence WHERE inspection_id = ? AND item_id IS NOT NULL", [inspection_id]
    )
    return {row[0] for row in rows}


def code_rows_naming(db: sqlite_utils.Database, task_ids: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Rows of the codes whose `task_ids` (JSON) name any of `task_ids`."""
    for start in range(0, len(task_ids), 500):
        chunk = list(task_ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        yield from db.query(
            "SELECT * FROM inspection_codes WHERE EXISTS"
            f" (SELECT 1 FROM json_each(inspection_codes.task_ids) WHERE value IN ({marks}))",
            chunk,
        )
