"""An answer records the version of the checklist its item belongs to (issue 15), kept when the answer changes, and
the site record heads each checklist with the version answered."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents import DocumentKind, make
from app.models import Checklist, ChecklistItem, ItemResult, ResultValue
from app.onsite import inspection as onsite
from app.store import Store
from tests.documents.conftest import Documented, documented_inspection
from tests.onsite.world import SiteWorld, site_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SiteWorld]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield site_world(store)


def test_an_answer_records_its_item_s_checklist_version(world: SiteWorld) -> None:
    sheet = world.checklists[0]
    item = next(i for i in world.items if i.checklist_id == sheet.id)
    world.store.save_many(
        [
            sheet.model_copy(update={"checklist_version": 3}),
            item.model_copy(update={"checklist_version": 3}),
        ],
        synced=True,
    )
    inspection = onsite.start(world.store, world.code_for(world.task).id)
    onsite.answer(world.store, inspection, item.id, ResultValue.COMPLIANT)
    onsite.answer(world.store, inspection, item.id, ResultValue.NON_COMPLIANT)  # changed: the version is kept
    [result] = world.store.find(ItemResult, inspection_id=inspection.id)
    assert (result.result, result.checklist_version) == (ResultValue.NON_COMPLIANT, 3)
    other = next(i for i in world.items if i.checklist_id != sheet.id)
    assert onsite.answer(world.store, inspection, other.id, ResultValue.COMPLIANT).checklist_version == 1
    queued = [m["fields"] for m in world.store.outbox() if m["entity"] == "item_results"]
    assert {f.get("checklist_version") for f in queued} >= {3, 1}  # the version goes to the server


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def documented(tmp_path: Path) -> Iterator[Documented]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield documented_inspection(store, tmp_path)


def test_the_site_record_heads_each_checklist_with_the_version_answered(documented: Documented) -> None:
    store = documented.store
    text = _text(make(store, documented.inspection.id, DocumentKind.SITE_RECORD))
    assert "口腔诊疗机构检查表（第1版）" in text and "医疗废物管理检查表（第1版）" in text
    waste = next(i for i in documented.items if i.code.startswith("YF"))
    sheet = store.get(Checklist, waste.checklist_id)
    [result] = store.find(ItemResult, inspection_id=documented.inspection.id, item_id=waste.id)
    store.save_many(
        [
            sheet.model_copy(update={"checklist_version": 2}),
            store.get(ChecklistItem, waste.id).model_copy(update={"checklist_version": 2}),
            result.model_copy(update={"checklist_version": 2}),
        ],
        synced=True,
    )
    text = _text(make(store, documented.inspection.id, DocumentKind.SITE_RECORD))
    assert "医疗废物管理检查表（第2版）" in text and "口腔诊疗机构检查表（第1版）" in text
