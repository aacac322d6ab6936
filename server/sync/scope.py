"""Who may see what: every record carries a scope (district, team); NULL means shared.

Catalogues are shared by everyone; targets and inspectors belong to a district; plans, tasks and the planning
records (recusals, merge decisions, sampling draws, penalties, referrals) to a team of a district; codes, inspections,
what is recorded on site and the cases opened from it inherit the scope of their parent record, complaints that of
their target.
Evaluations are hidden from inspectors (the party rates anonymously; leads and admins read them).
Who may write what is the table in server/sync/authz.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.models import Role
from server.db.tables import UserRow

SHARED = frozenset({"checklists", "checklist_items"})
DISTRICT_WIDE = frozenset({"targets", "inspectors"})
OWN_TEAM = frozenset({"plans", "tasks", "recusals", "merge_decisions", "sampling_draws", "penalties", "referrals"})
HIDDEN_FROM_INSPECTORS = frozenset({"evaluations"})
SITE_CHILDREN = frozenset({"item_results", "evidence", "signatures", "correction_orders", "amendments"})
INSPECTION_CHILDREN = SITE_CHILDREN | {"cases", "recordings"}  # 立案 and 执法记录仪 files: made after the visit


@dataclass(frozen=True)
class Scope:
    district: str | None
    team: str | None


@dataclass(frozen=True)
class Actor:
    """The caller, as far as scoping and ownership need it."""

    username: str
    role: str
    team: str
    district: str
    inspector_id: str | None = None


def actor_of(user: UserRow) -> Actor:
    return Actor(user.username, user.role, user.team, user.district, user.inspector_id)


def parent_ref(entity: str, data: dict[str, Any]) -> tuple[str, str] | None:
    """The record whose scope this one inherits, or None when it has its own."""
    if entity in ("inspection_codes", "inspections"):
        task_ids = data.get("task_ids") or []
        return ("tasks", task_ids[0]) if task_ids else None
    if entity in INSPECTION_CHILDREN:
        return ("inspections", data["inspection_id"]) if data.get("inspection_id") else None
    if entity == "evaluations":
        return ("inspection_codes", data["code_id"]) if data.get("code_id") else None
    if entity == "complaints":
        return ("targets", data["target_id"]) if data.get("target_id") else None
    return None


def own_scope(entity: str, data: dict[str, Any]) -> Scope | None:
    """The scope read from the record itself; None when it comes from the parent."""
    if entity in SHARED:
        return Scope(None, None)
    if entity in DISTRICT_WIDE:
        return Scope(data.get("district"), None)
    if entity in OWN_TEAM:
        return Scope(data.get("district"), data.get("team"))
    return None


def hidden_entities(actor: Actor) -> frozenset[str]:
    """Entities the caller never pulls, whatever their scope."""
    return HIDDEN_FROM_INSPECTORS if actor.role == Role.INSPECTOR else frozenset()


def visible(actor: Actor, scope: Scope) -> bool:
    if scope.district is None:
        return True
    if scope.district != actor.district:
        return False
    return scope.team is None or actor.role == Role.ADMIN or scope.team == actor.team
