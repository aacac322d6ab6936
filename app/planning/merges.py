"""Merging (撮合): tasks at the same target within a window become one joint inspection, one visit under one code."""

from __future__ import annotations

from datetime import date

from app.models.domain import Inspection, Inspector, MergeDecision, Plan, Task
from app.rules import merging
from app.rules.shanghai import shanghai_date
from app.store import PRESENT, Store


def rejections(store: Store) -> list[MergeDecision]:
    """The lead's rejected proposals (synced records), oldest first."""
    return sorted(store.find(MergeDecision, accepted=False), key=lambda d: d.decided_at)


def recent_inspections(store: Store) -> dict[str, date]:
    """The last day each target was inspected (a completed inspection or task), for the repeat-inspection guard."""
    latest: dict[str, date] = {}
    for inspection in store.find(Inspection, completed_at=PRESENT):
        day = shanghai_date(inspection.completed_at)
        if day > latest.get(inspection.target_id, date.min):
            latest[inspection.target_id] = day
    for target_id, day in store.last_task_completion().items():
        latest[target_id] = max(day, latest.get(target_id, date.min))
    return latest


def merge_proposals(store: Store, window_days: int = merging.DEFAULT_WINDOW_DAYS) -> list[merging.MergeProposal]:
    tasks = store.find(Task, status=merging.MERGEABLE_STATUSES, joint_inspection_id=None)
    return merging.propose_merges(
        tasks,
        window_days,
        recent_inspections(store),
        plans={p.id: p for p in store.list(Plan)},
        inspectors={i.id: i for i in store.list(Inspector)},
        rejected=[r.proposal_id for r in rejections(store)],
    )


def accept_merge(
    store: Store, proposal: merging.MergeProposal, decided_by: str | None = None
) -> tuple[str, list[Task]]:
    """Merge the proposal's tasks as they are now in the store into one joint inspection (one visit, one code),
    and record the decision; all saved in one transaction."""
    current = {t.id: t for t in (store.get(Task, i) for i in proposal.task_ids) if t is not None}
    joint_id, tasks = merging.accept(proposal, current)
    decision = _decision(proposal, accepted=True, joint_inspection_id=joint_id, decided_by=decided_by)
    saved = store.save_all([*tasks, decision])  # all tasks and the decision, or none
    return joint_id, saved[:-1]


def reject_merge(store: Store, proposal: merging.MergeProposal, reason: str, decided_by: str | None) -> MergeDecision:
    """Record the rejection (synced) so the proposal does not come back while its tasks stay the same."""
    rejection = merging.reject(proposal, reason, decided_by)
    return store.save(_decision(proposal, accepted=False, reason=rejection.reason, decided_by=decided_by))


def _decision(proposal: merging.MergeProposal, **fields: object) -> MergeDecision:
    first = proposal.tasks[0]
    return MergeDecision(
        proposal_id=proposal.proposal_id,
        task_ids=list(proposal.task_ids),
        target_id=proposal.target_id,
        team=first.team,
        district=first.district,
        **fields,  # type: ignore[arg-type]
    )


def joint_tasks(store: Store, joint_inspection_id: str) -> list[Task]:
    """The tasks of one joint inspection: one visit, requested under one code."""
    return store.find(Task, joint_inspection_id=joint_inspection_id)
