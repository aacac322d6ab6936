"""Cases and referrals in a period's figures (issue 17): cases opened (立案), the decisions made (警告, 罚款 with
amounts, 吊销, 不予处罚) counted from the case data beside the penalties recorded without a case, and referrals sent
and received, on a crafted data set whose counts are known by construction (each record placed inside, outside or on
the edge of 2026-01-01 – 2026-11-30)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.models.domain import Case, Penalty, Referral
from app.reports.figures import figures_for, summary_zh
from app.reports.xlsx import figure_rows
from app.store import Store
from tests.helpers.cases import HotelCases, hotel_cases

START, END = date(2026, 1, 1), date(2026, 11, 30)


def _case(hotel: HotelCases, n: int, opened: date, decided: date | None = None, **fields: object) -> Case:
    values: dict[str, object] = {
        "inspection_id": hotel.inspection.id,
        "target_id": hotel.inspection.target_id,
        "case_no": f"长卫立〔2026〕{n}号",
        "opened_on": opened,
        "item_ids": [hotel.items["HTL-01"].id],
        "facts": "卫生许可证已过期",
        **fields,
    }
    if decided is not None:
        values |= {"status": "decided", "decided_on": decided, "decision_no": f"长卫罚〔2026〕{n}号"}
        if values.get("outcome") != "no_penalty":
            values["notice_no"] = f"长卫信提〔2026〕{n}号"
    return Case(**values)  # type: ignore[arg-type]


def _referral(direction: str, dated: date, kind: str = "lead") -> Referral:
    return Referral(
        kind=kind,  # type: ignore[arg-type]
        direction=direction,  # type: ignore[arg-type]
        other_department="长宁区市场监督管理局",
        document_no=f"{direction}-{dated}",
        dated_on=dated,
        subject="线索",
        team="公共场所科",
    )


@pytest.fixture
def crafted(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        hotel = hotel_cases(store)
        cases = [
            _case(hotel, 1, START, date(2026, 1, 10), outcome="warning"),  # opened on the first day; a warning
            _case(hotel, 2, date(2025, 12, 31), date(2026, 1, 5), outcome="fine", fine_yuan=3000),  # opened before
            _case(hotel, 3, END),  # opened on the last day, not decided
            _case(hotel, 4, date(2026, 6, 1), date(2026, 12, 1), outcome="fine", fine_yuan=9000),  # decided after
            _case(hotel, 5, date(2026, 3, 1), date(2026, 3, 10), outcome="no_penalty", corrected=True),
            _case(hotel, 6, date(2026, 4, 1), date(2026, 4, 20), outcome="revocation", review_required=True),
            _case(hotel, 7, date(2025, 11, 1), date(2025, 12, 31), outcome="warning"),  # all before
        ]
        penalty = Penalty(  # recorded without a case (planning.penalties): still counted
            target_id=hotel.inspection.target_id,
            decision_no="长卫罚〔2026〕90号",
            decided_on=date(2026, 5, 1),
            summary="未按规定进行卫生检测",
            fine_yuan=1000,
            team="公共场所科",
        )
        letters = [
            _referral("sent", END),  # on the last day
            _referral("sent", date(2026, 2, 3), kind="case"),
            _referral("received", START, kind="assistance"),  # on the first day
            _referral("sent", date(2025, 12, 31)),  # before
            _referral("received", date(2026, 12, 1)),  # after
        ]
        store.save_many([*cases, penalty, *letters], synced=True)
        yield store


def test_cases_opened_and_decided_in_the_period(crafted: Store) -> None:
    f = figures_for(crafted, START, END)
    assert f.cases_opened == 5  # 1, 3, 4, 5, 6
    assert (f.cases, f.warnings, f.fines, f.fine_total_yuan) == (4, 1, 2, 4000)  # 1; 2 and the penalty; 6
    assert (f.no_penalty, f.revocations) == (1, 1)
    assert (f.referrals_sent, f.referrals_received) == (2, 1)


def test_the_summary_and_the_workbook_say_them(crafted: Store) -> None:
    f = figures_for(crafted, START, END)
    text = summary_zh(f)
    assert "对卫生违法行为立案处罚4件，其中警告1件，罚款2件，罚款金额合计4000元，吊销许可证1件。" in text
    assert "期内新立案5件，依法不予处罚1件。" in text
    assert "向其他部门移送线索、案件及发出协查函2件，接收其他部门移送及协查1件。" in text
    rows = {r["figure"]: r["value"] for r in figure_rows(f)}
    assert (rows["立案件数 / Cases opened"], rows["不予处罚件数 / No-penalty decisions"]) == (5, 1)
    assert rows["吊销许可证 / Licences revoked"] == 1


def test_a_period_without_cases_says_nothing_of_them(crafted: Store) -> None:
    f = figures_for(crafted, date(2026, 7, 1), date(2026, 7, 31))
    assert (f.cases_opened, f.cases, f.no_penalty, f.revocations) == (0, 0, 0, 0)
    assert "新立案" not in summary_zh(f) and "移送" not in summary_zh(f)
