"""A target's profile lists the penalty decisions of its cases with the penalties recorded without one (issue 17);
an open case and a no-penalty decision are not penalties."""

from __future__ import annotations

from datetime import date

from app.models.domain import Case, Penalty
from app.store import Store
from tests.helpers.cases import hotel_cases


def test_the_profile_lists_the_cases_penalty_decisions(store: Store) -> None:
    hotel = hotel_cases(store)
    base = {
        "inspection_id": hotel.inspection.id,
        "target_id": hotel.inspection.target_id,
        "opened_on": date(2026, 11, 20),
        "item_ids": [hotel.items["HTL-01"].id],
        "facts": "卫生许可证已过期",
    }
    fined = Case(
        **base, case_no="立1", status="decided", outcome="fine", fine_yuan=800, decided_on=date(2026, 11, 21),
        decision_no="长卫罚〔2026〕1号", notice_no="提1",
    )  # fmt: skip
    spared = Case(
        **base, case_no="立2", status="decided", outcome="no_penalty", decided_on=date(2026, 11, 22),
        decision_no="长卫不罚〔2026〕1号", corrected=True,
    )  # fmt: skip
    still_open = Case(**base, case_no="立3")
    penalty = Penalty(
        target_id=hotel.inspection.target_id, decision_no="长卫罚〔2026〕0号", decided_on=date(2026, 3, 1),
        summary="警告", team="公共场所科",
    )  # fmt: skip
    store.save_many([fined, spared, still_open, penalty], synced=True)
    listed = store.target_profile(hotel.inspection.target_id)["penalties"]
    assert [p["decision_no"] for p in listed] == ["长卫罚〔2026〕1号", "长卫罚〔2026〕0号"]
    assert listed[0]["summary"] == "卫生许可证已过期"
