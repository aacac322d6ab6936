"""Which documents there are, and making one of an inspection from the store."""

from __future__ import annotations

from enum import StrEnum

from app.documents import correction_order, opinion_letter, site_record
from app.documents.facts import gather
from app.store import Store


class DocumentKind(StrEnum):
    SITE_RECORD = "site_record"  # 现场检查笔录
    OPINION_LETTER = "opinion_letter"  # 卫生监督意见书
    CORRECTION_ORDER = "correction_order"  # 责令改正通知书


TITLES = {
    DocumentKind.SITE_RECORD: site_record.TITLE,
    DocumentKind.OPINION_LETTER: opinion_letter.TITLE,
    DocumentKind.CORRECTION_ORDER: correction_order.TITLE,
}


def make(store: Store, inspection_id: str, kind: DocumentKind, order_id: str | None = None) -> bytes:
    """The PDF of `kind` for the inspection as stored now. Slow (fonts, layout): call it off the UI thread."""
    facts = gather(store, inspection_id)
    if kind == DocumentKind.SITE_RECORD:
        return site_record.render(facts)
    if kind == DocumentKind.OPINION_LETTER:
        return opinion_letter.render(facts)
    return correction_order.render(facts, order_id)


def file_name(store: Store, inspection_id: str, kind: DocumentKind) -> str:
    """A default file name: title, target and date, e.g. 现场检查笔录-上海天山口腔门诊部-20261120.pdf."""
    facts = gather(store, inspection_id)
    name = "".join(ch for ch in facts.target.name if ch not in '\\/:*?"<>|')
    return f"{TITLES[kind]}-{name}-{facts.inspection.started_at:%Y%m%d}.pdf"
