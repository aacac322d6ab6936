"""两书同达 as documents (app/documents/penalty_decision.py): a penalty decision comes with its credit-repair notice,
read back with pypdf; a no-penalty decision alone; an undecided case, or a penalty without its notice, gives none."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents.errors import DocumentError
from app.documents.penalty_decision import (
    DECISION_TITLE,
    NO_PENALTY_TITLE,
    NOTICE_TITLE,
    _yuan_in_words,
    make_decision_documents,
)
from app.models.domain import Case
from app.store import Store
from tests.helpers.cases import HotelCases, hotel_cases

DAY = date(2026, 11, 20)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def hotel(tmp_path: Path) -> Iterator[HotelCases]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield hotel_cases(store)


def _case(hotel: HotelCases, **fields: object) -> Case:
    values: dict[str, object] = {
        "inspection_id": hotel.inspection.id,
        "target_id": hotel.inspection.target_id,
        "case_no": "长卫立〔2026〕118号",
        "opened_on": DAY,
        "item_ids": [hotel.items["HTL-01"].id],
        "evidence_ids": [hotel.photo.id],
        "facts": "卫生许可证已过期仍在营业",
        "legal_basis": "《公共场所卫生管理条例》第八条",
        "penalty_basis": "《公共场所卫生管理条例实施细则》第三十五条",
        "status": "decided",
        "decided_on": DAY,
        "decision_no": "长卫罚〔2026〕118号",
        **fields,
    }
    case = Case(**values)  # type: ignore[arg-type]
    hotel.store.save_many([case], synced=True)
    return case


def test_a_fine_comes_with_its_credit_repair_notice(hotel: HotelCases) -> None:
    case = _case(hotel, outcome="fine", fine_yuan=20_500, notice_no="长卫信提〔2026〕118号")
    made = make_decision_documents(hotel.store, case.id)
    assert [title for title, _ in made.documents] == [DECISION_TITLE, NOTICE_TITLE]
    decision, notice = (_text(pdf) for _, pdf in made.documents)
    assert "罚款人民币20,500元（大写：贰万零伍佰元整）" in decision and "长宁悦来宾馆" in decision
    assert "现场照片1张" in decision and "第三十五条" in decision and "十五日内缴纳" in decision
    assert f"与《{NOTICE_TITLE}》（长卫信提〔2026〕118号）同时送达" in decision
    assert "长卫罚〔2026〕118号" in notice and "信用修复申请" in notice and "同时送达" in notice


def test_a_no_penalty_decision_stands_alone(hotel: HotelCases) -> None:
    case = _case(hotel, outcome="no_penalty", corrected=True, decision_no="长卫不罚〔2026〕3号")
    made = make_decision_documents(hotel.store, case.id)
    assert [title for title, _ in made.documents] == [NO_PENALTY_TITLE]
    assert "决定对你单位不予行政处罚" in _text(made.documents[0][1])


def test_no_decision_no_documents(hotel: HotelCases) -> None:
    case = _case(hotel, status="open", decided_on=None, decision_no=None)
    with pytest.raises(DocumentError, match="not decided"):
        make_decision_documents(hotel.store, case.id)


def test_amounts_in_capital_numerals() -> None:
    cases = {1: "壹元整", 105: "壹佰零伍元整", 3000: "叁仟元整", 20_000: "贰万元整", 10_000_001: "壹仟万零壹元整"}
    assert {n: _yuan_in_words(n) for n in cases} == cases
