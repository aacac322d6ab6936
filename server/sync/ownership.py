"""Who owns a field when both sides changed it (DESIGN.md, Conflicts).

What the inspector recorded on site belongs to the inspectors on the inspection (the holders of its code);
planning fields of a task belong to team leads. A rule answers only when exactly one side owns the field.
"""

from __future__ import annotations

from typing import Any

from app.models import Role, TaskStatus
from server.sync.records import SERVER_DEVICE, FieldMark, RecordCache
from server.sync.scope import Actor

SITE_ENTITIES = frozenset({"inspections", "item_results", "evidence", "signatures", "amendments"})
PLANNING_FIELDS = frozenset({"inspector_ids", "scheduled_on", "due_on", "joint_inspection_id"})
PLANNING_STATUSES = frozenset({TaskStatus.PLANNED, TaskStatus.CODE_REQUESTED, TaskStatus.CLOSED})
# The server's own bookkeeping (申码 sets a task code_requested) comes before every on-site step of the task.
_AFTER_BOOKKEEPING = {TaskStatus.CODE_REQUESTED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED})}


def site_inspectors(cache: RecordCache, entity: str, data: dict[str, Any]) -> set[str]:
    """The inspectors holding the code of the inspection this record belongs to."""
    if entity == "inspections":
        return set(data.get("inspector_ids") or [])
    parent = cache.get("inspections", data.get("inspection_id") or "")
    return set(parent.data.get("inspector_ids") or []) if parent else set()


def owns(actor: Actor, cache: RecordCache, entity: str, field: str, data: dict[str, Any]) -> bool | None:
    """Whether `actor` owns `field` of this record; None when no ownership rule covers the field."""
    if entity in SITE_ENTITIES:
        return actor.inspector_id is not None and actor.inspector_id in site_inspectors(cache, entity, data)
    if entity == "tasks":
        planning = field in PLANNING_FIELDS or (field == "status" and data.get("status") in PLANNING_STATUSES)
        if planning:
            return actor.role in (Role.TEAM_LEAD, Role.ADMIN)
        if field == "status":  # in progress / completed: recorded on site by the task's inspectors
            return actor.inspector_id is not None and actor.inspector_id in (data.get("inspector_ids") or [])
    return None


def caller_wins(
    caller: Actor,
    last_writer: Actor | None,
    cache: RecordCache,
    entity: str,
    field: str,
    merged: dict[str, Any],
    current: dict[str, Any],
) -> bool:
    """True when the caller owns the field and whoever changed it on the server does not."""
    if owns(caller, cache, entity, field, merged) is not True:
        return False
    return last_writer is None or owns(last_writer, cache, entity, field, current) is False


def follows_bookkeeping(
    mark: FieldMark, entity: str, field: str, merged: dict[str, Any], current: dict[str, Any]
) -> bool:
    """True when the server itself last set the field and the caller's value is the next step after it: an inspector
    who starts an inspection offline, on the version pulled before the code request, continues the server's
    transition; it is no disagreement with anyone."""
    if mark.device_id != SERVER_DEVICE or entity != "tasks" or field != "status":
        return False
    return merged.get("status") in _AFTER_BOOKKEEPING.get(current.get("status"), frozenset())
