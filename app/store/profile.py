"""The target profile (画像): everything the store knows about one target, shaped for the profile pane.

All offline, in a handful of indexed queries, so a target with hundreds of past inspections opens at once.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from app.models import Target
from app.store.errors import RecordNotFoundError
from app.store.rows import decode

_INSPECTIONS = """
SELECT id, status, started_at, completed_at, inspector_ids, findings FROM inspections
WHERE target_id = ? ORDER BY started_at DESC"""

_RESULTS = """
SELECT r.inspection_id, r.item_id, r.result, r.note, i.code, i.title, i.legal_basis
FROM item_results r LEFT JOIN checklist_items i ON i.id = r.item_id
WHERE r.inspection_id IN (SELECT id FROM inspections WHERE target_id = ?)
ORDER BY i.position"""

_TASKS = """
SELECT t.id, t.category, t.status, t.close_reason, t.scheduled_on, t.due_on, t.inspector_ids, t.team,
       p.plan_no, p.name AS plan_name
FROM tasks t LEFT JOIN plans p ON p.id = t.plan_id
WHERE t.target_id = ? ORDER BY t.scheduled_on IS NULL, t.scheduled_on DESC"""


_ORDERS = """
SELECT o.id, o.inspection_id, o.item_ids, o.requirements, o.deadline, o.follow_up_task_id, t.status AS follow_up_status
FROM correction_orders o LEFT JOIN tasks t ON t.id = o.follow_up_task_id
WHERE o.target_id = ? AND (t.status IS NULL OR t.status NOT IN ('completed', 'closed'))
ORDER BY o.deadline"""

_PENALTIES = """
SELECT id, decision_no, decided_on, summary, published_on FROM penalties WHERE target_id = ?
UNION ALL
SELECT id, decision_no, decided_on, facts AS summary, published_on FROM cases
WHERE target_id = ? AND status IN ('decided', 'closed') AND outcome IN ('warning', 'fine', 'revocation')
ORDER BY decided_on DESC"""  # with the cases' penalty decisions (立案, issue 17)

_COMPLAINTS = """
SELECT id, received_on, summary, status, reply_due_on, reply, replied_on FROM complaints WHERE target_id = ?
ORDER BY status = 'closed', received_on DESC"""


def target_profile(db: sqlite_utils.Database, target_id: str) -> dict[str, Any]:
    """The target's fields (licences, grade, grade_reasons, do_not_disturb, …) plus `inspections` (newest first,
    each with inspector names, findings, result counts and the non-compliant items with their legal basis),
    `tasks` (scheduled newest first, with plan number and inspector names), `open_orders` (correction orders whose
    follow-up is not done, earliest deadline first, with their items), `penalties` (newest first, the cases' penalty
    decisions among them) and `complaints` (open ones first)."""
    row = next(db.query("SELECT * FROM targets WHERE id = ?", [target_id]), None)
    if row is None:
        raise RecordNotFoundError(Target.entity, target_id)
    inspections = list(db.query(_INSPECTIONS, [target_id]))
    tasks = list(db.query(_TASKS, [target_id]))
    names = _inspector_names(db, [*inspections, *tasks])
    results = _results_by_inspection(db, target_id)
    return {
        **decode(Target, row),
        "inspections": [_inspection(i, names, results.get(i["id"], [])) for i in inspections],
        "tasks": [
            {**t, "inspector_ids": json.loads(t["inspector_ids"]), "inspectors": _names(t["inspector_ids"], names)}
            for t in tasks
        ],
        "open_orders": _open_orders(db, target_id),
        "penalties": list(db.query(_PENALTIES, [target_id, target_id])),
        "complaints": list(db.query(_COMPLAINTS, [target_id])),
    }


def _open_orders(db: sqlite_utils.Database, target_id: str) -> list[dict[str, Any]]:
    orders = list(db.query(_ORDERS, [target_id]))
    item_ids = sorted({i for order in orders for i in json.loads(order["item_ids"])})
    titles: dict[str, str] = {}
    if item_ids:
        marks = ", ".join("?" for _ in item_ids)
        for row in db.query(f"SELECT id, code, title FROM checklist_items WHERE id IN ({marks})", item_ids):
            titles[row["id"]] = f"{row['code']} {row['title']}"
    return [{**o, "items": [titles.get(i, i) for i in json.loads(o["item_ids"])]} for o in orders]


def _inspection(row: dict[str, Any], names: dict[str, str], results: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {"compliant": 0, "non_compliant": 0, "not_applicable": 0}
    for result in results:
        counts[result["result"]] += 1
    return {
        "id": row["id"],
        "date": row["started_at"][:10],
        "status": row["status"],
        "inspectors": _names(row["inspector_ids"], names),
        "findings": row["findings"],
        "counts": counts,
        "non_compliant": [
            {k: r[k] for k in ("item_id", "code", "title", "legal_basis", "note")}
            for r in results
            if r["result"] == "non_compliant"
        ],
    }


def _results_by_inspection(db: sqlite_utils.Database, target_id: str) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in db.query(_RESULTS, [target_id]):
        grouped.setdefault(row["inspection_id"], []).append(row)
    return grouped


def _inspector_names(db: sqlite_utils.Database, rows: list[dict[str, Any]]) -> dict[str, str]:
    ids = sorted({i for row in rows for i in json.loads(row["inspector_ids"])})
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return {r["id"]: r["name"] for r in db.query(f"SELECT id, name FROM inspectors WHERE id IN ({marks})", ids)}


def _names(inspector_ids: str, names: dict[str, str]) -> list[str]:
    """Names in the record's order; an inspector not synced to this device shows by id rather than vanishing."""
    return [names.get(i, i) for i in json.loads(inspector_ids)]
