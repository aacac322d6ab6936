"""The case rule on the server (立案 → 行政处罚): a case is judged here whoever pushes it, with the server's own
enforcement configuration and the records it holds; what the laptop suggested is only what it saw.

- A case is opened on a finished inspection, for its target, about items that inspection found non-compliant (as
  amended), with photos of that inspection only. Its inspection, target, number and opening day never change.
- Its number (立案编号) is its district's alone: a new case numbered as another live case of the district is refused
  (`case_no_taken`), and so is a number padded with blanks (`case_no_invalid`); the laptop's suggestion (app/cases.py)
  counts only the cases it holds. Push re-reads the numbers judged under its write lock (server/sync/push_writer.py),
  so two pushes at once cannot both take one.
- The decision is judged by app/rules/enforcement.py against the server's suggestion: the items' benchmark, each
  item a repeat when the target failed it in an earlier finished inspection on the server. A decision other than the
  suggestion needs a reason; the legal-review flag must be the rule's; a flagged decision needs an approving review
  first; the summary procedure only within its threshold, decided on the inspection's day (当场).
- Inspectors (the inspection's own, by the authorization table) may decide only by the summary procedure; a general
  decision is a lead's or an admin's. The legal review (法制审核) is written by a lead or an admin who did not inspect,
  under their own name.
- A decided case is fixed: only its delivery, publication and closing may follow; it is closed (结案) once delivered
  and, for a penalty, published.
Push asks `check` for every write of a case (server/sync/push.py). Refusals have stable codes (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import InspectionStatus, ResultValue, Role
from app.models.enums import CaseStatus, Procedure
from app.resources import load_enforcement_config
from app.rules.enforcement import EnforcementConfig, closing_refusal, judge_decision, suggest
from app.rules.shanghai import shanghai_date
from server.codes import find_records
from server.db.json_fields import record_field
from server.db.tables import RecordRow
from server.sync.records import RecordCache
from server.sync.scope import Actor

FIXED = ("inspection_id", "target_id", "case_no", "opened_on", "opened_by")
REVIEW = frozenset({"review_result", "review_opinion", "reviewed_by", "reviewed_on"})
AFTER_DECISION = frozenset({"status", "delivered_on", "published_on", "updated_at"})  # what may change once decided
DECISION = frozenset(
    {"item_ids", "corrected", "procedure", "outcome", "fine_yuan", "deviation_reason", "review_required", "status"}
)

Verdict = tuple[str, str] | None
NumberKey = tuple[str | None, str]  # (district, case number)


@cache
def _filed_config(path: str | None) -> EnforcementConfig:
    return load_enforcement_config(Path(path) if path else None)


def config_from_env() -> EnforcementConfig:
    """`FI_ENFORCEMENT_CONFIG` (a JSON file) or the filed resources/enforcement.json."""
    return _filed_config(os.environ.get("FI_ENFORCEMENT_CONFIG") or None)


def check(
    session: Session,
    cache_: RecordCache,
    actor: Actor,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    changed: list[str],
    config: EnforcementConfig | None = None,
    numbers_read: dict[NumberKey, frozenset[str]] | None = None,
) -> Verdict:
    """(code, message) refusing this write of a case, or None. A new case's number is looked up on the server, and
    what was found is put in `numbers_read` (push checks it has not moved when it writes)."""
    if after is None:
        if before is not None and before.get("status") != CaseStatus.OPEN:
            return _refused("case_decided", "已作出决定的案件不能删除", "a decided case cannot be deleted")
        return None
    inspection = cache_.get("inspections", after.get("inspection_id") or "")
    if inspection is None or inspection.deleted:
        return _refused("unknown_parent", "检查记录不存在", "the case's inspection is not on the server")
    if before is not None:
        refusal = _changes_allowed(before, after, changed)
        if refusal is not None:
            return refusal
    refusal = _opened_right(session, cache_, inspection.data, after, changed if before else list(after))
    if refusal is not None:
        return refusal
    refusal = _by_whom(actor, inspection.data, before, after, changed if before else list(after))
    if refusal is not None:
        return refusal
    if before is None:
        refusal = _number_free(session, cache_, inspection.scope.district, after, numbers_read)
        if refusal is not None:
            return refusal
    if after.get("status") == CaseStatus.CLOSED and (before is None or before.get("status") != CaseStatus.CLOSED):
        missing = closing_refusal(after)
        if missing is not None:
            return _refused("case_not_closable", *missing)
    if before is None or DECISION & set(changed):
        return _decision(session, cache_, inspection.data, after, config or config_from_env())
    return None


def _changes_allowed(before: dict[str, Any], after: dict[str, Any], changed: list[str]) -> Verdict:
    moved = [f for f in FIXED if before.get(f) != after.get(f)]
    if moved:
        names = ", ".join(moved)
        return _refused("case_immutable", f"立案信息不能修改：{names}", f"a case's opening cannot change: {names}")
    if before.get("status") != CaseStatus.OPEN:
        late = sorted(set(changed) - AFTER_DECISION)
        if late or after.get("status") == CaseStatus.OPEN:
            names = ", ".join(late) or "status"
            return _refused(
                "case_decided",
                f"案件已作出决定，不能再修改：{names}",
                f"the case is decided; it cannot change: {names}",
            )
    return None


def _opened_right(
    session: Session, cache_: RecordCache, inspection: dict[str, Any], case: dict[str, Any], changed: list[str]
) -> Verdict:
    if inspection.get("status") != InspectionStatus.COMPLETED:
        return _refused(
            "inspection_not_finished", "只能对已完成的检查立案", "a case is opened on a finished inspection"
        )
    if case.get("target_id") != inspection.get("target_id"):
        return _refused("case_mismatch", "案件的检查对象与检查记录不符", "the case's target is not its inspection's")
    if "item_ids" in changed:
        failed = failed_items(session, [inspection["id"]], cache_).get(inspection["id"], set())
        if not set(case.get("item_ids") or []) <= failed:
            return _refused(
                "item_not_failed", "立案事项须是该次检查的不符合项", "a case is about items its inspection found failed"
            )
    if "evidence_ids" in changed:
        for evidence_id in case.get("evidence_ids") or []:
            photo = cache_.get("evidence", evidence_id)
            if photo is None or photo.deleted or photo.data.get("inspection_id") != inspection["id"]:
                return _refused(
                    "evidence_elsewhere", "所附证据须是该次检查的照片", "the evidence attached must be the inspection's"
                )
    return None


def _number_free(
    session: Session,
    cache_: RecordCache,
    district: str | None,
    case: dict[str, Any],
    numbers_read: dict[NumberKey, frozenset[str]] | None,
) -> Verdict:
    number = str(case.get("case_no") or "")
    if number != number.strip():  # stored as typed: a padded number would be another number to the lookup
        return _refused("case_no_invalid", "立案编号前后不能有空白", "a case number has no blanks before or after it")
    stored = number_holders(session, district, number)
    if numbers_read is not None:
        numbers_read[(district, number)] = stored
    holders = set(stored)
    for (entity, record_id), state in cache_.states.items():  # this batch's cases, as it leaves them
        if entity != "cases":
            continue
        if not state.deleted and state.data.get("case_no") == number and state.scope.district == district:
            holders.add(record_id)
        else:
            holders.discard(record_id)
    holders.discard(str(case.get("id") or ""))
    if holders:
        return _refused(
            "case_no_taken",
            f"立案编号 {number} 已被本区另一案件使用，请另选一个编号",
            f"case number {number} is already used by another case of the district; pick another number",
        )
    return None


def number_holders(session: Session, district: str | None, case_no: str) -> frozenset[str]:
    """The ids of the live cases of `district` numbered `case_no` held on the server."""
    rows = session.scalars(
        select(RecordRow.id).where(
            RecordRow.entity == "cases",
            RecordRow.deleted.is_(False),
            RecordRow.district == district if district is not None else RecordRow.district.is_(None),
            record_field("case_no") == case_no,
        )
    )
    return frozenset(rows)


def numbers_written(cache_: RecordCache) -> set[NumberKey]:
    """The (district, number) of every case this batch writes."""
    return {
        (state.scope.district, str(state.data.get("case_no") or ""))
        for key in cache_.touched
        if key[0] == "cases" and not (state := cache_.states[key]).deleted
    }


def _by_whom(
    actor: Actor, inspection: dict[str, Any], before: dict[str, Any] | None, after: dict[str, Any], changed: list[str]
) -> Verdict:
    inspected = actor.inspector_id is not None and actor.inspector_id in (inspection.get("inspector_ids") or [])
    if REVIEW & set(changed) and any(after.get(f) not in (None, "") for f in REVIEW):
        if actor.role == Role.INSPECTOR or inspected:
            return _refused(
                "review_not_allowed",
                "法制审核须由未参与检查的科室负责人或法制人员进行",
                "legal review is by a lead or an admin who did not inspect",
            )
        if after.get("reviewed_by") != actor.username:
            return _refused("reviewer_mismatch", "审核人须是本人", "the reviewer must be the caller")
    deciding = after.get("status") != CaseStatus.OPEN and (before is None or before.get("status") == CaseStatus.OPEN)
    if deciding and actor.role == Role.INSPECTOR and after.get("procedure") != Procedure.SUMMARY:
        return _refused(
            "decision_not_allowed",
            "一般程序的处罚决定须由负责人作出；监督员只能当场作出简易程序决定",
            "a general-procedure decision is a lead's; an inspector decides only by the summary procedure",
        )
    return None


def _decision(
    session: Session, cache_: RecordCache, inspection: dict[str, Any], case: dict[str, Any], config: EnforcementConfig
) -> Verdict:
    codes = _item_codes(cache_, case.get("item_ids") or [])
    if codes is None:
        return _refused("item_unknown", "立案事项不在检查表中", "a case's item is not in the catalogue")
    repeats = repeat_codes(session, cache_, inspection)
    suggestion = suggest(config, codes, repeat_codes=repeats, corrected=bool(case.get("corrected")))
    started = inspection.get("started_at")
    day = shanghai_date(datetime.fromisoformat(started.replace("Z", "+00:00"))) if started else None
    refusals = judge_decision(config, case, suggestion, day)
    return (refusals[0].code, refusals[0].message) if refusals else None


def _item_codes(cache_: RecordCache, item_ids: list[str]) -> list[str] | None:
    cache_.load(("checklist_items", i) for i in item_ids)
    codes = []
    for item_id in item_ids:
        item = cache_.get("checklist_items", item_id)
        if item is None:
            return None
        codes.append(item.data.get("code") or "")
    return codes


def failed_items(session: Session, inspection_ids: list[str], cache_: RecordCache | None = None) -> dict[str, set[str]]:
    """The items each inspection found non-compliant, as amended (the newest amendment of a result counts); with
    `cache_`, the results and amendments this push batch writes count too (a case opened offline arrives with them)."""
    results = _with_batch(
        find_records(session, "item_results", "inspection_id", inspection_ids), cache_, "item_results"
    )
    amendments = _with_batch(find_records(session, "amendments", "inspection_id", inspection_ids), cache_, "amendments")
    wanted = set(inspection_ids)
    amended: dict[str, tuple[str, str]] = {}  # result id -> (made_at, new value)
    for a in amendments:
        if a.get("inspection_id") in wanted and a.get("record_entity") == "item_results" and a.get("field") == "result":
            seen = amended.get(a["record_id"])
            if seen is None or a.get("made_at", "") >= seen[0]:
                amended[a["record_id"]] = (a.get("made_at", ""), a.get("new_value", ""))
    failed: dict[str, set[str]] = {}
    for r in results:
        if r.get("inspection_id") not in wanted:
            continue
        value = amended[r["id"]][1] if r["id"] in amended else r.get("result")
        if value == ResultValue.NON_COMPLIANT:
            failed.setdefault(r["inspection_id"], set()).add(r["item_id"])
    return failed


def _with_batch(stored: list[dict[str, Any]], cache_: RecordCache | None, entity: str) -> list[dict[str, Any]]:
    """The stored records, each replaced by the batch's version of it, and the batch's new ones; deleted ones out."""
    if cache_ is None:
        return stored
    by_id = {r["id"]: r for r in stored}
    for (kind, record_id), state in cache_.states.items():
        if kind == entity:
            by_id[record_id] = {**state.data, "_deleted": state.deleted}
    return [r for r in by_id.values() if not r.get("_deleted")]


def repeat_codes(session: Session, cache_: RecordCache, inspection: dict[str, Any]) -> set[str]:
    """The item codes the target failed in earlier finished inspections held on the server."""
    earlier = [
        i["id"]
        for i in find_records(session, "inspections", "target_id", [inspection["target_id"]])
        if i["id"] != inspection["id"]
        and i.get("status") == InspectionStatus.COMPLETED
        and (i.get("started_at") or "") < (inspection.get("started_at") or "")
    ]
    item_ids = sorted(set().union(*failed_items(session, earlier).values())) if earlier else []
    cache_.load(("checklist_items", i) for i in item_ids)
    return {item.data.get("code") or "" for i in item_ids if (item := cache_.get("checklist_items", i)) is not None}


def _refused(code: str, zh: str, en: str) -> tuple[str, str]:
    return code, f"{zh} / {en}"
