"""Documents that compose themselves: each non-compliant item's legal basis and its standard correction demand (from
the checklist catalogue) in the opinion letter and the correction order, read back with pypdf."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents import DocumentKind, make
from app.documents.demands import correction_demand
from app.models import ChecklistItem, CorrectionOrder, Inspector, ItemResult
from app.models.domain import Inspection
from app.resources import catalogue_path, load_catalogue
from app.store import Store
from tests.documents.conftest import Documented
from tests.helpers.gate import ME, PARTNER, code_world
from tests.store.conftest import target

FAILED = ("DEN-01", "DEN-04")  # the dental checklist's items found non-compliant
TYPED = "建立口腔器械灭菌登记制度，每批次灭菌记录保存备查"


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Dental:
    store: Store
    inspection: Inspection
    failed: list[ChecklistItem]
    order: CorrectionOrder


def dental_inspection(store: Store) -> Dental:
    """A dental clinic inspected against the catalogue's dental checklist: DEN-01 and DEN-04 fail, both ordered."""
    checklists, items = load_catalogue()
    dental_items = [i for i in items if i.code.startswith("DEN-")]
    people = [
        Inspector(id=ME, name="张明", username="zhang", certificate_no="沪卫执0105001", team="一科"),
        Inspector(id=PARTNER, name="李华", username="li", certificate_no="沪卫执0105002", team="一科"),
    ]
    store.save_many([*checklists, *items, *people], synced=True)
    world = code_world(store, target("上海天山口腔门诊部"))
    code = world.code(checklist_item_ids=[i.id for i in dental_items])
    inspection = world.inspection(code)
    notes = {"DEN-01": "2号诊室牙科手机3支未见灭菌包装", "DEN-04": "近1个月未见生物监测记录"}
    for item in dental_items:
        result = "non_compliant" if item.code in FAILED else "compliant"
        store.save(ItemResult(inspection_id=inspection.id, code_id=code.id, item_id=item.id, result=result,
                              note=notes.get(item.code, "")))  # fmt: skip
    failed = [i for i in dental_items if i.code in FAILED]
    order = store.save(
        CorrectionOrder(inspection_id=inspection.id, code_id=code.id, target_id=code.target_id,
                        item_ids=[i.id for i in failed], requirements=TYPED, deadline=date(2026, 12, 20))
    )  # fmt: skip
    return Dental(store, inspection, failed, order)


@pytest.fixture
def dental(tmp_path: Path) -> Iterator[Dental]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield dental_inspection(store)


def test_every_catalogue_item_has_its_correction_demand() -> None:
    data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    missing = [i["code"] for c in data["checklists"] for i in c["items"] if not i.get("correction_demand", "").strip()]
    assert missing == []
    _, items = load_catalogue()
    den01 = next(i for i in items if i.code == "DEN-01")
    assert correction_demand(den01) == "口腔器械严格执行一人一用一消毒和（或）灭菌，补足器械配备数量"


def test_the_opinion_letter_states_each_findings_basis_and_demand(dental: Dental) -> None:
    text = _text(make(dental.store, dental.inspection.id, DocumentKind.OPINION_LETTER))
    for n, item in enumerate(dental.failed, 1):
        assert _flat(f"{n}.{item.title}") in text and _flat(f"依据：{item.legal_basis}。") in text
        assert _flat(f"{n}.针对第{n}项：{correction_demand(item)}（请于2026年12月20日前改正完毕）。") in text
    assert _flat(TYPED) in text  # what the inspector added comes after the standard demands
    assert "立即整改，并建立长效管理制度" not in text  # no generic sentence where the demands are known


def test_the_correction_order_lists_each_items_demand_then_the_typed_one(dental: Dental) -> None:
    text = _text(make(dental.store, dental.inspection.id, DocumentKind.CORRECTION_ORDER, dental.order.id))
    first, second = (correction_demand(i) for i in dental.failed)
    assert "现责令你单位于2026年12月20日前改正上述问题。改正要求如下：" in text
    assert _flat(f"1.{first}；2.{second}；3.{TYPED}。") in text
    for item in dental.failed:
        assert _flat(item.legal_basis) in text  # in the table's 违反的规定 column


def test_an_item_outside_the_catalogue_gets_a_demand_from_its_own_basis(documented: Documented) -> None:
    failed = documented.items[1]  # the conftest's own checklist, not the catalogue's
    demand = correction_demand(failed)
    assert demand == f"按照{failed.legal_basis}的规定改正，做到“{failed.title}”"
    letter = _text(make(documented.store, documented.inspection.id, DocumentKind.OPINION_LETTER))
    assert _flat(f"针对第1项：{demand}（请于2026年12月20日前改正完毕）。") in letter
    order = _text(make(documented.store, documented.inspection.id, DocumentKind.CORRECTION_ORDER, documented.order.id))
    assert _flat(f"1.{demand}；2.") in order


def test_a_demand_edited_before_printing_replaces_the_standard_one(dental: Dental) -> None:
    first, second = dental.failed
    edited = "2号诊室牙科手机立即停用，送供应室灭菌后方可使用"
    order = dental.order.model_copy(update={"demands": {first.id: edited}})
    dental.store.save(order)
    text = _text(make(dental.store, dental.inspection.id, DocumentKind.CORRECTION_ORDER, order.id))
    assert _flat(f"1.{edited}；2.{correction_demand(second)}；3.{TYPED}。") in text
    assert _flat(correction_demand(first)) not in text
    letter = _text(make(dental.store, dental.inspection.id, DocumentKind.OPINION_LETTER))
    assert _flat(f"1.针对第1项：{edited}（请于2026年12月20日前改正完毕）。") in letter
    assert _flat(correction_demand(first)) not in letter


def test_an_edited_demand_only_for_a_listed_item_and_never_empty(dental: Dental) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="an item the order lists"):
        CorrectionOrder.model_validate({**dental.order.model_dump(), "demands": {"other": "x"}})
    with pytest.raises(ValidationError, match="cannot be empty"):
        CorrectionOrder.model_validate({**dental.order.model_dump(), "demands": {dental.failed[0].id: "  "}})
