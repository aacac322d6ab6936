"""Recusals (回避): an inspector's declared conflict of interest with a target keeps them off its tasks."""

from __future__ import annotations

from app.models.domain import Inspector, Recusal, Target
from app.planning.errors import PlanningError
from app.store import Store


def declare_recusal(store: Store, inspector_id: str, target_id: str, reason: str) -> Recusal:
    """Record an inspector's conflict of interest with a target; every later draw leaves them off its tasks."""
    inspector = store.get(Inspector, inspector_id)
    if inspector is None:
        raise PlanningError(f"找不到监督员 {inspector_id}", f"no such inspector: {inspector_id}")
    if store.get(Target, target_id) is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    if not reason.strip():
        raise PlanningError("声明回避须说明原因", "a declared conflict of interest needs a reason")
    if store.find(Recusal, inspector_id=inspector_id, target_id=target_id):
        raise PlanningError(
            f"{inspector.name} 已对该对象声明回避", f"{inspector.name} has already declared a conflict with this target"
        )
    recusal = Recusal(
        inspector_id=inspector_id,
        target_id=target_id,
        reason=reason.strip(),
        team=inspector.team,
        district=inspector.district,
    )
    return store.save(recusal)


def declared_recusals(store: Store) -> dict[str, list[str]]:
    """Inspector id -> the target ids they declared a conflict with."""
    return store.recusals_by_inspector()
