"""Case handling on the laptop (立案 → 决定 → 送达 → 公示), through the store so every step syncs.

A case is opened from a finished inspection's non-compliant items (as amended), with that inspection's photos of them
attached. The enforcement configuration (resources/enforcement.json) suggests the outcome and fine range
(app/rules/enforcement.py: the no-penalty list, the discretion benchmark); a decision other than the suggestion needs
a reason, a major one a legal review (法制审核) first, and a penalty decision its credit-repair notice numbered with it
(两书同达). The summary procedure (简易程序) decides on the spot, within its thresholds. What is refused here is refused
again by the server (server/case_rule.py), which judges with its own records and configuration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from app.errors import BilingualError
from app.models import ChecklistItem, Evidence, Inspection, InspectionStatus, ItemResult, ResultValue, Target
from app.models.domain import Case
from app.models.enums import CaseStatus, Outcome, Procedure
from app.onsite.amendments import effective_results
from app.rules.enforcement import (
    EnforcementConfig,
    Suggestion,
    closing_refusal,
    judge_decision,
    needs_legal_review,
    suggest,
)
from app.rules.shanghai import shanghai_date
from app.store import Store


class CaseError(BilingualError, ValueError):
    """A case step refused; `zh` and `en` say why."""

    @classmethod
    def invalid(cls, exc: ValidationError) -> CaseError:
        message = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()[:3])
        zh, _, en = message.partition(" / ")
        return cls(zh or message, en or message)


@dataclass(frozen=True)
class FailedItem:
    """A non-compliant item of the inspection, with its note, its photos, and whether the target failed it before."""

    item: ChecklistItem
    note: str
    photos: tuple[Evidence, ...]
    repeat: bool


@dataclass(frozen=True)
class CaseDraft:
    """What a case on this inspection starts from; `cases` are the ones already opened on it."""

    inspection: Inspection
    target: Target | None
    items: tuple[FailedItem, ...]
    cases: tuple[Case, ...]
    config: EnforcementConfig

    def suggestion(self, item_ids: Sequence[str], corrected: bool) -> Suggestion:
        chosen = [f for f in self.items if f.item.id in item_ids]
        return suggest(
            self.config,
            [f.item.code for f in chosen],
            repeat_codes=[f.item.code for f in chosen if f.repeat],
            corrected=corrected,
        )


def failed_item_ids(store: Store, inspection_id: str) -> set[str]:
    """The items the inspection found non-compliant, as amended."""
    results = store.find(ItemResult, inspection_id=inspection_id)
    values = effective_results(store, inspection_id, results)
    return {item_id for item_id, v in values.items() if v["result"] == ResultValue.NON_COMPLIANT}


def earlier_failures(store: Store, inspection: Inspection) -> dict[str, str]:
    """Items the target failed in earlier finished inspections held here, with the latest note: item id -> note."""
    earlier = [
        i
        for i in store.find(Inspection, target_id=inspection.target_id, status=InspectionStatus.COMPLETED.value)
        if i.id != inspection.id and i.started_at < inspection.started_at
    ]
    failures: dict[str, str] = {}
    for past in sorted(earlier, key=lambda i: i.started_at):
        results = store.find(ItemResult, inspection_id=past.id)
        for item_id, value in effective_results(store, past.id, results).items():
            if value["result"] == ResultValue.NON_COMPLIANT:
                failures[item_id] = value["note"]
    return failures


def case_draft(store: Store, inspection_id: str, config: EnforcementConfig) -> CaseDraft:
    inspection = _finished(store, inspection_id)
    results = store.find(ItemResult, inspection_id=inspection_id)
    values = effective_results(store, inspection_id, results)
    photos = store.photos_of(inspection_id)
    repeats = earlier_failures(store, inspection)
    items = []
    for item_id, value in values.items():
        item = store.get(ChecklistItem, item_id)
        if value["result"] != ResultValue.NON_COMPLIANT or item is None:
            continue
        own = tuple(p for p in photos if p.item_id == item_id)
        items.append(FailedItem(item, value["note"], own, item_id in repeats))
    items.sort(key=lambda f: (f.item.checklist_id, f.item.position, f.item.code))
    cases = sorted(store.find(Case, inspection_id=inspection_id), key=lambda c: (c.opened_on, c.case_no))
    return CaseDraft(inspection, store.get(Target, inspection.target_id), tuple(items), tuple(cases), config)


def next_case_no(store: Store, year: int, prefix: str = "长卫立") -> str:
    """A case number for the year: one more than the cases of that year held here (the lead may change it)."""
    count = sum(1 for c in store.list(Case) if c.opened_on.year == year)
    return f"{prefix}〔{year}〕{count + 1}号"


def open_case(
    store: Store,
    inspection_id: str,
    *,
    item_ids: Sequence[str],
    case_no: str,
    opened_on: date,
    facts: str,
    config: EnforcementConfig,
    corrected: bool = False,
    procedure: Procedure = Procedure.GENERAL,
    evidence_ids: Sequence[str] | None = None,
    opened_by: str | None = None,
) -> Case:
    """立案 from the inspection's failed items (all their photos attached unless `evidence_ids` names some)."""
    draft = case_draft(store, inspection_id, config)
    failed = {f.item.id: f for f in draft.items}
    chosen = list(dict.fromkeys(item_ids))
    if not chosen or any(i not in failed for i in chosen):
        raise CaseError("立案事项须是该次检查的不符合项", "a case is about items the inspection found non-compliant")
    photos = {p.id for i in chosen for p in failed[i].photos}
    attached = list(photos) if evidence_ids is None else list(dict.fromkeys(evidence_ids))
    if not set(attached) <= {p.id for f in draft.items for p in f.photos}:
        raise CaseError("所附证据须是该次检查不符合项的照片", "the evidence attached must be the inspection's photos")
    if opened_on < draft.inspection.started_at.date():
        raise CaseError("立案日期早于检查", "the case is opened before the inspection")
    suggestion = draft.suggestion(chosen, corrected)
    items = [failed[i].item for i in chosen]
    return _save(
        store,
        {
            "inspection_id": inspection_id,
            "target_id": draft.inspection.target_id,
            "case_no": case_no.strip(),
            "opened_on": opened_on,
            "opened_by": opened_by,
            "item_ids": chosen,
            "evidence_ids": sorted(attached),
            "facts": facts.strip(),
            "legal_basis": "；".join(dict.fromkeys(i.legal_basis for i in items)),
            "procedure": procedure,
            "corrected": corrected,
            "repeat_item_ids": [i for i in chosen if failed[i].repeat],
            **_suggested(suggestion),
        },
        config,
        suggestion,
    )


def propose_outcome(
    store: Store,
    case_id: str,
    *,
    outcome: Outcome,
    fine_yuan: int | None,
    config: EnforcementConfig,
    deviation_reason: str = "",
) -> Case:
    """The outcome the case handler proposes (before legal review, when the outcome needs one); the review flag is
    the rule's."""
    case = _open(store, case_id)
    fields = {
        "outcome": outcome,
        "fine_yuan": fine_yuan if outcome == Outcome.FINE else None,
        "deviation_reason": deviation_reason.strip(),
    }
    fields["review_required"] = needs_legal_review(config, outcome, fields["fine_yuan"])  # type: ignore[arg-type]
    updated = {**case.model_dump(), **fields}
    if (case.review_required, case.outcome, case.fine_yuan) != (
        fields["review_required"],
        fields["outcome"],
        fields["fine_yuan"],
    ):
        updated.update(review_result=None, review_opinion="", reviewed_by=None, reviewed_on=None)  # reviewed anew
    return _save(store, updated, config, _suggestion_of(store, case, config), changed_from=case)


def review_case(store: Store, case_id: str, *, approved: bool, opinion: str, reviewer: str, reviewed_on: date) -> Case:
    """法制审核 of the proposed outcome, by a lead or legal officer (the server refuses one who inspected)."""
    case = _open(store, case_id)
    if case.outcome is None:
        raise CaseError("先提出处理意见，再进行法制审核", "propose an outcome before the legal review")
    if not approved and not opinion.strip():
        raise CaseError("退回须写明审核意见", "returning a case needs the reviewer's opinion")
    fields = {
        "review_result": "approved" if approved else "returned",
        "review_opinion": opinion.strip(),
        "reviewed_by": reviewer,
        "reviewed_on": reviewed_on,
    }
    return _store_fields(store, case, fields)


def decide_case(
    store: Store,
    case_id: str,
    *,
    decision_no: str,
    decided_on: date,
    config: EnforcementConfig,
    notice_no: str | None = None,
) -> Case:
    """The decision on the proposed outcome: a penalty decision is made with its credit-repair notice (两书同达)."""
    case = _open(store, case_id)
    if case.outcome is None:
        raise CaseError("尚未提出处理意见", "no outcome has been proposed")
    fields: dict[str, Any] = {
        "status": CaseStatus.DECIDED,
        "decision_no": decision_no.strip(),
        "decided_on": decided_on,
        "notice_no": (notice_no or "").strip() or None,
    }
    return _save(store, {**case.model_dump(), **fields}, config, _suggestion_of(store, case, config), changed_from=case)


def deliver_case(store: Store, case_id: str, delivered_on: date) -> Case:
    """Both documents delivered to the party on one day (两书同达)."""
    return _store_fields(store, _decided(store, case_id), {"delivered_on": delivered_on})


def publish_case(store: Store, case_id: str, published_on: date) -> Case:
    """公示 of a penalty decision, due within 7 working days of the decision."""
    case = _decided(store, case_id)
    if case.outcome == Outcome.NO_PENALTY:
        raise CaseError("不予处罚决定不在处罚公示之列", "a no-penalty decision is not published as a penalty")
    return _store_fields(store, case, {"published_on": published_on})


def close_case(store: Store, case_id: str) -> Case:
    """结案: once the decision is delivered and, for a penalty, published."""
    case = _decided(store, case_id)
    refusal = closing_refusal(case.model_dump(mode="json"))
    if refusal is not None:
        raise CaseError(*refusal)
    return _store_fields(store, case, {"status": CaseStatus.CLOSED})


@dataclass(frozen=True)
class CaseInProgress:
    """A case not yet closed, with what it waits for, for the lead's list."""

    case: Case
    target_name: str
    waiting: str  # review, outcome, decision, delivery, publication, closing


def cases_in_progress(store: Store) -> list[CaseInProgress]:
    """The cases not closed, legal reviews first, then those waiting for an outcome, a decision, a delivery, a
    publication, closing; oldest first within each."""
    order = ("review", "outcome", "decision", "delivery", "publication", "closing")
    found = []
    cases = [c for c in store.list(Case) if c.status != CaseStatus.CLOSED]
    names = {row["id"]: row["name"] for row in store.targets_by_ids({c.target_id for c in cases})}
    for case in cases:
        found.append(CaseInProgress(case, names.get(case.target_id, ""), _waiting(case)))
    found.sort(key=lambda c: (order.index(c.waiting), c.case.opened_on, c.case.case_no))
    return found


def _waiting(case: Case) -> str:
    if case.status == CaseStatus.OPEN:
        if case.outcome is None:
            return "outcome"
        return "review" if case.review_required and case.review_result != "approved" else "decision"
    if case.delivered_on is None:
        return "delivery"
    if case.outcome != Outcome.NO_PENALTY and case.published_on is None:
        return "publication"
    return "closing"


# --- helpers -------------------------------------------------------------------------------------------------------


def _finished(store: Store, inspection_id: str) -> Inspection:
    inspection = store.get(Inspection, inspection_id)
    if inspection is None:
        raise CaseError(f"找不到检查记录 {inspection_id}", f"no such inspection: {inspection_id}")
    if inspection.status != InspectionStatus.COMPLETED:
        raise CaseError("只能对已完成的检查立案", "a case is opened on a finished inspection")
    return inspection


def _case(store: Store, case_id: str) -> Case:
    case = store.get(Case, case_id)
    if case is None:
        raise CaseError(f"找不到案件 {case_id}", f"no such case: {case_id}")
    return case


def _open(store: Store, case_id: str) -> Case:
    case = _case(store, case_id)
    if case.status != CaseStatus.OPEN:
        raise CaseError("案件已作出决定，不能再修改", "the case is decided and cannot change")
    return case


def _decided(store: Store, case_id: str) -> Case:
    case = _case(store, case_id)
    if case.status == CaseStatus.OPEN:
        raise CaseError("尚未作出决定", "the case is not decided yet")
    return case


def _suggested(suggestion: Suggestion) -> dict[str, Any]:
    fined = suggestion.outcome == Outcome.FINE
    return {
        "config_version": suggestion.config_version,
        "suggested_outcome": suggestion.outcome,
        "suggested_fine_min_yuan": suggestion.fine_min_yuan if fined else None,
        "suggested_fine_max_yuan": suggestion.fine_max_yuan if fined else None,
        "penalty_basis": suggestion.penalty_basis,
    }


def _suggestion_of(store: Store, case: Case, config: EnforcementConfig) -> Suggestion:
    draft = case_draft(store, case.inspection_id, config)
    return draft.suggestion(case.item_ids, case.corrected)


def _save(
    store: Store,
    values: dict[str, Any],
    config: EnforcementConfig,
    suggestion: Suggestion,
    changed_from: Case | None = None,
) -> Case:
    try:
        case = Case.model_validate({**(changed_from.model_dump() if changed_from else {}), **values})
    except ValidationError as exc:
        raise CaseError.invalid(exc) from exc
    inspection = store.get(Inspection, case.inspection_id)
    day = shanghai_date(inspection.started_at) if inspection is not None else None
    refusals = judge_decision(config, case.model_dump(mode="json"), suggestion, day)
    if refusals:
        raise CaseError(refusals[0].zh, refusals[0].en)
    return store.save(case)


def _store_fields(store: Store, case: Case, fields: dict[str, Any]) -> Case:
    try:
        updated = Case.model_validate({**case.model_dump(), **fields})
    except ValidationError as exc:
        raise CaseError.invalid(exc) from exc
    return store.save(updated)
