"""What a document says about one inspection, read from the store once; the renderers only lay it out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from app.documents.errors import DocumentError
from app.models.domain import (
    Checklist,
    ChecklistItem,
    CorrectionOrder,
    Evidence,
    Inspection,
    InspectionCode,
    Inspector,
    ItemResult,
    Record,
    Recording,
    Signature,
    Target,
)
from app.rules.shanghai import SHANGHAI
from app.store import Store
from app.store.db import SEAL

R = TypeVar("R", bound=Record)
PRINT_SIZE = 1000  # px: a photo printed 8 cm wide at about 300 dpi
RESULT_TEXT = {"compliant": "符合", "non_compliant": "不符合", "not_applicable": "不适用"}


@dataclass
class ItemLine:
    item: ChecklistItem
    result: ItemResult | None  # None: not answered

    @property
    def result_text(self) -> str:
        return RESULT_TEXT[self.result.result] if self.result else "未检查"


@dataclass
class Section:
    checklist_name: str
    lines: list[ItemLine]


@dataclass
class InspectionFacts:
    inspection: Inspection
    target: Target
    code: InspectionCode
    inspectors: list[Inspector]
    sections: list[Section]
    photos: list[Evidence]
    signatures: list[tuple[Signature, bytes | None]]  # with the PNG when on this device
    orders: list[CorrectionOrder] = field(default_factory=list)
    prints: dict[str, bytes] = field(default_factory=dict)  # photo sha256 → a reduced copy to print (when on hand)
    seal: dict | None = None  # the sealed full-process record (app/onsite/record_seal.py), once finished
    recordings: list[Recording] = field(default_factory=list)  # 执法记录仪 videos, in the order recorded

    @property
    def authority(self) -> str:
        return self.code.issuer

    @property
    def non_compliant(self) -> list[ItemLine]:
        return [
            line for s in self.sections for line in s.lines if line.result and line.result.result == "non_compliant"
        ]

    def item_titles(self, item_ids: list[str]) -> list[str]:
        by_id = {line.item.id: line.item for s in self.sections for line in s.lines}
        return [by_id[i].title if i in by_id else i for i in item_ids]


def local_time(value: datetime) -> str:
    return value.astimezone(SHANGHAI).strftime("%Y年%m月%d日 %H时%M分")


def gather(store: Store, inspection_id: str) -> InspectionFacts:
    """Everything the documents of `inspection_id` show; DocumentError when a part they need is missing."""
    inspection = _need(store.get(Inspection, inspection_id), "检查记录", "inspection", inspection_id)
    target = _need(store.get(Target, inspection.target_id), "检查对象", "target", inspection.target_id)
    code = _need(store.get(InspectionCode, inspection.code_id), "检查码", "inspection code", inspection.code_id)
    inspectors = [store.get(Inspector, i) or _unknown_inspector(i) for i in inspection.inspector_ids]
    signatures = [(s, _on_hand(store, s.sha256)) for s in store.signatures_of(inspection_id)]
    orders = store.find(CorrectionOrder, inspection_id=inspection_id)
    photos = store.photos_of(inspection_id)
    return InspectionFacts(
        inspection,
        target,
        code,
        inspectors,
        _sections(store, inspection, code),
        photos,
        signatures,
        sorted(orders, key=lambda o: o.deadline),
        _prints(store, photos),
        _seal(store, inspection_id),
        sorted(store.find(Recording, inspection_id=inspection_id), key=lambda r: (r.started_at, r.id)),
    )


def _seal(store: Store, inspection_id: str) -> dict | None:
    """The seal this device made, or else the one the inspection record carries (sealed on another device)."""
    kept = store.meta(SEAL + inspection_id)
    if kept is None:
        inspection = store.get(Inspection, inspection_id)
        kept = inspection.seal if inspection is not None else None
    return None if kept is None else json.loads(kept)


def _on_hand(store: Store, sha256: str) -> bytes | None:
    try:
        return store.blobs.read(sha256)
    except OSError:  # not downloaded to this device
        return None


def _prints(store: Store, photos: list[Evidence]) -> dict[str, bytes]:
    """Reduced copies of the photos whose originals are on this device (the originals stay as they are)."""
    prints = {}
    for photo in photos:
        try:
            prints[photo.sha256] = store.blobs.thumbnail(photo.sha256, PRINT_SIZE)
        except OSError:  # not downloaded to this device, or unreadable: listed in the index all the same
            continue
    return prints


def _sections(store: Store, inspection: Inspection, code: InspectionCode) -> list[Section]:
    """The code's items (or, for a code listing none, the answered ones) grouped by checklist, in checklist order."""
    results = {r.item_id: r for r in store.find(ItemResult, inspection_id=inspection.id)}
    item_ids = code.checklist_item_ids or list(results)
    items = [store.get(ChecklistItem, i) or _unknown_item(i) for i in item_ids]
    names = {c.id: c.name for c in store.list(Checklist)}
    sections: dict[str, Section] = {}
    for item in items:  # checklists in the order the code lists their items, items in their own order
        name = names.get(item.checklist_id)
        title = f"{name}（第 {_version(item, results)} 版）" if name else "其他检查事项"
        section = sections.setdefault(item.checklist_id, Section(title, []))
        section.lines.append(ItemLine(item, results.get(item.id)))
    for section in sections.values():
        section.lines.sort(key=lambda line: (line.item.position, line.item.code))
    return list(sections.values())


def _version(item: ChecklistItem, results: dict[str, ItemResult]) -> int:
    """The checklist version the inspection answered (issue 15): its results', else the item's own (a frozen version's
    items never change)."""
    result = results.get(item.id)
    return result.checklist_version if result is not None and result.checklist_version else item.checklist_version


def _need(record: R | None, zh: str, en: str, record_id: str) -> R:
    if record is None:
        raise DocumentError(
            f"缺少{zh}（{record_id}），无法生成文书", f"the {en} {record_id} is missing; no document made"
        )
    return record


def _unknown_inspector(inspector_id: str) -> Inspector:
    """An inspector not (yet) pulled to this device: shown by id, without a certificate number."""
    return Inspector(id=inspector_id, name=inspector_id, username=inspector_id, team="—")


def _unknown_item(item_id: str) -> ChecklistItem:
    """An item of the code not (yet) pulled to this device: listed by id rather than silently left out."""
    return ChecklistItem(
        id=item_id,
        checklist_id="",
        code=item_id,
        title=f"检查事项 {item_id}（本机无此事项资料）",
        legal_basis="—",
        industry="medical",
    )
