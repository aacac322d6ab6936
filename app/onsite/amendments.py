"""Amendments (更正记录): the only way to change a completed inspection. No Qt.

A completed inspection's results are locked in the store; a correction is a new `Amendment` record with the old and
new value, the reason, who and when, through the code gate (a genuine code naming this inspector; the validity window
is not checked, as corrections come after the visit). The effective value is the newest amendment's.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.models import Inspection, ItemResult, ResultValue
from app.models.domain import Amendment
from app.onsite import record_seal
from app.store import Store, StoreError


def amend_result(
    store: Store,
    inspection: Inspection,
    item_id: str,
    *,
    reason: str,
    result: ResultValue | str | None = None,
    note: str | None = None,
) -> list[Amendment]:
    """Record the changes of one item's result and/or note with `reason`; all or nothing. Returns the amendments."""
    found = store.find(ItemResult, inspection_id=inspection.id, item_id=item_id)
    if not found:
        raise StoreError(f"检查事项 {item_id} 没有检查结果，无可更正", f"item {item_id} has no result to amend")
    current = effective(store, inspection.id, found[0])
    changes = {"result": None if result is None else str(ResultValue(result)), "note": note}
    return _record(store, inspection, ItemResult.entity, found[0].id, current, changes, reason)


def amend_findings(store: Store, inspection: Inspection, findings: str, *, reason: str) -> list[Amendment]:
    current = {"findings": effective_findings(store, inspection)}
    return _record(store, inspection, Inspection.entity, inspection.id, current, {"findings": findings}, reason)


def amendments_of(store: Store, inspection_id: str) -> list[Amendment]:
    found = store.find(Amendment, inspection_id=inspection_id)
    return sorted(found, key=lambda a: (a.made_at, a.id))


def effective(store: Store, inspection_id: str, result: ItemResult) -> dict[str, str]:
    """The result's `result` and `note` after every amendment of it."""
    return effective_results(store, inspection_id, [result])[result.item_id]


def effective_results(store: Store, inspection_id: str, results: Sequence[ItemResult]) -> dict[str, dict[str, str]]:
    """Each result's `result` and `note` after its amendments, by item id; the amendments are read once."""
    values = {r.id: {"result": str(r.result), "note": r.note} for r in results}
    for amendment in amendments_of(store, inspection_id):
        if amendment.record_id in values:
            values[amendment.record_id][amendment.field] = amendment.new_value
    return {r.item_id: values[r.id] for r in results}


def effective_findings(store: Store, inspection: Inspection) -> str:
    values = {"findings": inspection.findings}
    for amendment in amendments_of(store, inspection.id):
        if amendment.record_id == inspection.id:
            values[amendment.field] = amendment.new_value
    return values["findings"]


def _record(
    store: Store,
    inspection: Inspection,
    entity: str,
    record_id: str,
    current: dict[str, str],
    changes: dict[str, str | None],
    reason: str,
) -> list[Amendment]:
    if not reason.strip():
        raise StoreError("更正须说明原因，未保存", "an amendment needs a reason; nothing was saved")
    amendments = [
        Amendment(
            inspection_id=inspection.id,
            code_id=inspection.code_id,
            record_entity=entity,
            record_id=record_id,
            field=name,
            old_value=current[name],
            new_value=value.strip() if name != "result" else value,
            reason=reason.strip(),
            made_by=store.current_inspector_id(),
            made_at=store.clock(),
        )
        for name, value in changes.items()
        if value is not None and (value.strip() if name != "result" else value) != current[name]
    ]
    if not amendments:
        raise StoreError("更正后的内容与现有记录相同，未保存", "the amendment changes nothing; nothing was saved")
    store.save_all(amendments)
    record_seal.seal(store, inspection.id)  # the full-process record goes on with the amendments
    return amendments
