"""The code gate in the store (无码不检查): what is recorded on site is written only under a valid inspection code.

Every local write (save, save_many, delete) of a record in GATED passes `check` inside the write's transaction, before
anything is written, so no caller (button, script, test) can go around it. Records pulled from the server are not
gated. The code is verified offline by `app.rules.codes.require_valid` against the keys this device trusts, for the
inspection's target and the logged-in inspector, on the store's clock. The rules are listed in docs/CODES.md.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.models import InspectionStatus
from app.models.domain import (
    Amendment,
    CorrectionOrder,
    Evidence,
    Inspection,
    InspectionCode,
    ItemResult,
    Record,
    Signature,
)
from app.rules.codes import DEFAULT_SKEW, Verdict, require_valid, verify
from app.store import trusted_time
from app.store.errors import LockedError, StoreError
from app.store.filters import PRESENT

if TYPE_CHECKING:
    from app.store.db import Store

# What is recorded on site; the store gates these entities by name.
GATED = frozenset(m.entity for m in (Inspection, ItemResult, Evidence, Signature, CorrectionOrder, Amendment))
CLOCK_SKEW = "gate.clock_skew_seconds"  # sync_meta key: how far this computer's clock may be off, in seconds


def check(store: Store, record: Record) -> InspectionCode:
    """Raise GateError, LockedError or StoreError unless `record` may be written now (the trusted time,
    app/store/trusted_time.py); return the code it is under. A new inspection keeps how its start was timed."""
    reading = trusted_time.read(store)
    now = reading.now
    resealed = False
    if isinstance(record, Inspection):
        inspection = record
        stored = store.get(Inspection, record.id)
        resealed = stored is not None and _only_the_seal_differs(stored, record)
        if not resealed:
            _refuse_if_locked(stored)  # as stored: completing is the last change, but for the seal renewed
    else:
        inspection = _inspection_of(store, record)
        if isinstance(record, Amendment):
            _require_amendable(store, record, inspection)
        else:
            _refuse_if_locked(inspection)
    code = store.get(InspectionCode, record.code_id)
    if (resealed or isinstance(record, Amendment)) and code is not None:
        now = _as_utc(code.valid_from)  # amendments (and the seal renewed with them) come after the visit: the
        # window is not checked, the rest is
    code = require_valid(code, now=now, target_id=inspection.target_id, **_trust(store))
    _require_covered(code, inspection)
    _require_items_of(code, record)
    if isinstance(record, Inspection) and stored is None:
        trusted_time.note_judgement(store, record.id, reading)
    return code


def verdict(store: Store, code: InspectionCode | None) -> Verdict:
    """The gate's judgement of `code` now, for its own target and the logged-in inspector, without raising (亮码)."""
    return verify(code, now=trusted_time.read(store).now, target_id=code.target_id if code else None, **_trust(store))


def ran_under_revoked(store: Store) -> list[tuple[InspectionCode, list[Inspection]]]:
    """Codes revoked on the server (learnt at a contact) with the inspections this store ran under them before the
    revocation: what the record must show of work done while the device could not know."""
    found = []
    for code in store.find(InspectionCode, revoked_at=PRESENT):
        before = [i for i in store.find(Inspection, code_id=code.id) if i.started_at < _as_utc(code.revoked_at)]
        if before:
            found.append((code, before))
    return found


def _trust(store: Store) -> dict[str, Any]:
    """What this device checks codes against: its trusted keys, the logged-in inspector, the clock tolerance."""
    return {
        "public_keys": {key_id: base64.b64decode(key) for key_id, key in store.signing_keys().items()},
        "inspector_id": store.current_inspector_id() or "",  # nobody logged in is nobody on the code
        "revoked": {},  # revocations arrive on the synced code itself (revoked_at)
        "skew": _skew(store),
    }


def _inspection_of(store: Store, record: Any) -> Inspection:
    """The inspection a result, photo, signature, order or amendment belongs to; it must be under the same code."""
    inspection = store.get(Inspection, record.inspection_id)
    if inspection is None:
        raise StoreError(
            f"找不到检查记录 {record.inspection_id}；请先凭检查码开始检查",
            f"inspection {record.inspection_id} does not exist; start the inspection under its code first",
        )
    if inspection.code_id != record.code_id:
        raise StoreError(
            "记录的检查码与所属检查的检查码不一致，未保存",
            "the record's code is not the code of its inspection; nothing was saved",
        )
    return inspection


def _only_the_seal_differs(stored: Inspection, record: Inspection) -> bool:
    """A completed inspection's seal renewed after an amendment (app/onsite/record_seal.py): nothing else changes."""
    kept = {"seal", "updated_at", "version"}
    return stored.seal != record.seal and stored.model_dump(exclude=kept) == record.model_dump(exclude=kept)


def _refuse_if_locked(inspection: Inspection | None) -> None:
    if inspection is not None and inspection.status == InspectionStatus.COMPLETED:
        raise LockedError(inspection.id)


def _require_amendable(store: Store, amendment: Amendment, inspection: Inspection) -> None:
    """An amendment corrects a record of its own inspection, once that inspection is completed."""
    if inspection.status != InspectionStatus.COMPLETED:
        raise StoreError(
            "检查尚未完成，可直接修改结果，无需更正记录",
            "the inspection is still in progress: change the result itself, an amendment is not needed",
        )
    if amendment.record_entity == ItemResult.entity:
        result = store.get(ItemResult, amendment.record_id)
        ours = result is not None and result.inspection_id == inspection.id
    else:
        ours = amendment.record_id == inspection.id
    if not ours:
        raise StoreError(
            f"要更正的记录（{amendment.record_entity} {amendment.record_id}）不属于该检查，未保存",
            f"the record to amend ({amendment.record_entity} {amendment.record_id}) is not part of this inspection; "
            "nothing was saved",
        )


def _require_covered(code: InspectionCode, inspection: Inspection) -> None:
    """The inspection's tasks and inspectors are the code's (the server refuses anything else: code_not_covering)."""
    if set(inspection.task_ids) <= set(code.task_ids) and set(inspection.inspector_ids) <= set(code.inspector_ids):
        return
    raise StoreError(
        f"检查的任务或检查人员不在检查码 {code.short_code} 的范围内，未保存",
        f"the inspection's tasks or inspectors are not on code {code.short_code}; nothing was saved",
    )


def _require_items_of(code: InspectionCode, record: Record) -> None:
    """Results, item photos and correction orders may only concern the items the code lists (when it lists any)."""
    if isinstance(record, ItemResult | Evidence):
        items = [record.item_id] if record.item_id else []
    elif isinstance(record, CorrectionOrder):
        items = record.item_ids
    else:
        return
    outside = [item for item in items if code.checklist_item_ids and item not in code.checklist_item_ids]
    if outside:
        raise StoreError(
            f"检查事项 {', '.join(outside)} 不在检查码 {code.short_code} 的范围内，未保存",
            f"checklist item {', '.join(outside)} is not covered by code {code.short_code}; nothing was saved",
        )


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # stored times are UTC


def _skew(store: Store) -> timedelta:
    seconds = store.meta(CLOCK_SKEW)
    return timedelta(seconds=int(seconds)) if seconds else DEFAULT_SKEW
