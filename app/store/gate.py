"""The code gate in the store (无码不检查): what is recorded on site is written only under a valid inspection code.

Every local write of an inspection, its results, evidence, signatures and correction orders passes `check` inside
the write's transaction, before anything is written, so no caller (button, script, test) can go around it. Pulled
records are the server's and are not gated. The code is verified offline by `app.rules.codes.require_valid` against
the keys this device trusts, for the inspection's target and the logged-in inspector, on the store's clock.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.models import InspectionStatus
from app.models.domain import CorrectionOrder, Evidence, Inspection, InspectionCode, ItemResult, Signature
from app.rules.codes import DEFAULT_SKEW, require_valid
from app.store.errors import StoreError

if TYPE_CHECKING:
    from app.store.db import Store

Gated = Inspection | ItemResult | Evidence | Signature | CorrectionOrder  # what is recorded on site
CLOCK_SKEW = "gate.clock_skew_seconds"  # sync_meta key: how far this computer's clock may be off


class LockedError(StoreError):
    """A completed inspection's record was to be changed: its results are locked."""

    def __init__(self, inspection_id: str) -> None:
        super().__init__(
            f"检查已完成（{inspection_id}），结果已锁定，不能再修改",
            f"the inspection {inspection_id} is completed and its results are locked; they cannot be changed",
        )


def check(store: Store, record: Gated, now: datetime) -> InspectionCode:
    """Raise GateError, LockedError or StoreError unless `record` may be written now; return the code it is under."""
    if isinstance(record, Inspection):
        inspection, stored = record, store.get(Inspection, record.id)
    else:
        inspection = stored = _inspection_of(store, record)
    if stored is not None and stored.status == InspectionStatus.COMPLETED:
        raise LockedError(stored.id)  # as stored, not as about to be written: completing is the last change
    code = require_valid(
        store.get(InspectionCode, record.code_id),
        public_keys={key_id: base64.b64decode(key) for key_id, key in store.signing_keys().items()},
        now=now,
        target_id=inspection.target_id,
        inspector_id=store.current_inspector_id() or "",  # nobody logged in is nobody on the code
        revoked={},  # revocations arrive on the synced code itself (revoked_at)
        skew=_skew(store),
    )
    if isinstance(record, ItemResult) and code.checklist_item_ids and record.item_id not in code.checklist_item_ids:
        raise StoreError(
            f"检查事项 {record.item_id} 不在检查码 {code.short_code} 的范围内，不能记录结果",
            f"checklist item {record.item_id} is not covered by code {code.short_code}; no result can be recorded",
        )
    return code


def _inspection_of(store: Store, record: ItemResult | Evidence | Signature | CorrectionOrder) -> Inspection:
    inspection_id: str = record.inspection_id  # every gated record but an inspection carries one
    inspection = store.get(Inspection, inspection_id)
    if inspection is None:
        raise StoreError(
            f"找不到检查记录 {inspection_id}；请先凭检查码开始检查",
            f"inspection {inspection_id} does not exist; start the inspection under its code first",
        )
    if inspection.code_id != record.code_id:
        raise StoreError(
            "记录的检查码与所属检查的检查码不一致，未保存",
            "the record's code is not the code of its inspection; nothing was saved",
        )
    return inspection


def _skew(store: Store) -> timedelta:
    seconds = store.meta(CLOCK_SKEW)
    return timedelta(seconds=int(seconds)) if seconds else DEFAULT_SKEW
