"""Penalty decisions (行政处罚) on targets and their publication, due 7 working days after the decision.

The publication list holds the penalties recorded here and the penalty decisions of cases (立案, app/cases.py): a
decided case with a warning, a fine or a revocation is listed as a penalty with the case's id, and marking it
published marks the case."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from app.models.domain import Case, Inspection, Penalty, Target, Task
from app.models.enums import CaseStatus, InspectionStatus, Outcome
from app.planning.errors import PlanningError
from app.rules.deadlines import PenaltyPublication, PublicationStatus, penalty_publication_due, publication_status
from app.store import Store


def record_penalty(
    store: Store, target_id: str, decision_no: str, decided_on: date, summary: str, team: str, **fields: object
) -> Penalty:
    """Record a penalty decision (行政处罚) on a target; its publication falls due 7 working days later."""
    target = store.get(Target, target_id)
    if target is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    try:
        penalty = Penalty(
            target_id=target_id,
            decision_no=decision_no.strip(),
            decided_on=decided_on,
            summary=summary.strip(),
            team=team,
            district=target.district,
            **fields,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    return store.save(penalty)


def record_penalty_on_inspection(
    store: Store,
    inspection_id: str,
    *,
    decision_no: str,
    decided_on: date,
    summary: str,
    legal_basis: str,
    team: str,
    fine_yuan: int | None = None,
) -> Penalty:
    """A penalty decision (basis, fine, decision number) on a finished inspection's target; its publication falls
    due 7 working days after the decision (`penalty_publications`)."""
    inspection = store.get(Inspection, inspection_id)
    if inspection is None:
        raise PlanningError(f"找不到检查记录 {inspection_id}", f"no such inspection: {inspection_id}")
    if inspection.status != InspectionStatus.COMPLETED:
        raise PlanningError("只能对已完成的检查作出处罚决定", "a penalty is decided on a finished inspection only")
    if not legal_basis.strip():
        raise PlanningError("处罚决定须写明处罚依据", "a penalty decision states its legal basis")
    if decided_on < inspection.started_at.date():
        raise PlanningError("处罚决定日期早于检查", "the decision is dated before the inspection")
    return record_penalty(
        store,
        inspection.target_id,
        decision_no,
        decided_on,
        summary,
        team,
        inspection_id=inspection_id,
        legal_basis=legal_basis.strip(),
        fine_yuan=fine_yuan,
    )


def mark_penalty_published(store: Store, penalty_id: str, published_on: date) -> Penalty:
    penalty = store.get(Penalty, penalty_id)
    if penalty is None:
        case = store.get(Case, penalty_id)
        if case is not None and case.status != CaseStatus.OPEN and case.outcome != Outcome.NO_PENALTY:
            return _as_penalty(store, _publish_case(store, case, published_on))
        raise PlanningError(f"找不到处罚决定 {penalty_id}", f"no such penalty decision: {penalty_id}")
    try:
        updated = Penalty.model_validate({**penalty.model_dump(), "published_on": published_on})
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    return store.save(updated, changed=["published_on"])


def penalty_publications(store: Store, year: int | None, today: date) -> list[PenaltyPublication]:
    """The publications of the penalties decided in `year` (all if None), the cases' penalty decisions among them:
    overdue first, then by deadline."""
    rows = []
    for penalty in [*store.list(Penalty), *decided_penalty_cases(store)]:
        if year is None or penalty.decided_on.year == year:
            deadline = penalty_publication_due(penalty.decided_on)
            status = publication_status(deadline.due, penalty.published_on, today)
            rows.append(PenaltyPublication(penalty, deadline, status))
    rows.sort(key=lambda p: (p.status != PublicationStatus.OVERDUE, p.deadline.due, p.penalty.id))
    return rows


def decided_penalty_cases(store: Store) -> list[Penalty]:
    """The cases' penalty decisions (warning, fine, revocation) as penalties carrying the case's id (not saved)."""
    decided = store.find(Case, status=[CaseStatus.DECIDED.value, CaseStatus.CLOSED.value])
    return [_as_penalty(store, c) for c in decided if c.outcome != Outcome.NO_PENALTY]


def _as_penalty(store: Store, case: Case) -> Penalty:
    inspection = store.get(Inspection, case.inspection_id)
    task = store.get(Task, inspection.task_ids[0]) if inspection is not None else None
    return Penalty(
        id=case.id,
        target_id=case.target_id,
        inspection_id=case.inspection_id,
        decision_no=case.decision_no or case.case_no,
        decided_on=case.decided_on or case.opened_on,
        summary=case.facts,
        published_on=case.published_on,
        legal_basis=case.penalty_basis,
        fine_yuan=case.fine_yuan,
        team=task.team if task is not None else "—",
        district=task.district if task is not None else "310105",
    )


def _publish_case(store: Store, case: Case, published_on: date) -> Case:
    try:
        updated = Case.model_validate({**case.model_dump(), "published_on": published_on})
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    return store.save(updated, changed=["published_on"])
