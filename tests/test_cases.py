"""Case handling on the laptop (app/cases.py): opened from a finished inspection's failed items with their photos,
the suggestion from the filed configuration, the decision's needs (reason, legal review, 两书同达), the summary
procedure, the no-penalty list, and publication within 7 working days on the penalties' list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app import cases
from app.models.domain import Case
from app.models.enums import CaseStatus, Outcome, Procedure
from app.planning.penalties import mark_penalty_published, penalty_publications
from app.resources import load_enforcement_config
from app.rules.deadlines import PublicationStatus
from app.store import Store
from tests.helpers.cases import HotelCases, hotel_cases

CONFIG = load_enforcement_config()
TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture
def hotel(tmp_path: Path) -> Iterator[HotelCases]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield hotel_cases(store)


def _open(hotel: HotelCases, *codes: str, **fields: object) -> Case:
    values: dict[str, object] = {
        "item_ids": [hotel.items[c].id for c in codes],
        "case_no": "长卫立〔2026〕1号",
        "opened_on": TODAY,
        "facts": "检查发现违法事实",
        "config": CONFIG,
        **fields,
    }
    return cases.open_case(hotel.store, hotel.inspection.id, **values)  # type: ignore[arg-type]


def test_the_draft_lists_the_failed_items_with_photos_and_earlier_failures(hotel: HotelCases) -> None:
    draft = cases.case_draft(hotel.store, hotel.inspection.id, CONFIG)
    found = {f.item.code: f for f in draft.items}
    assert sorted(found) == ["HTL-01", "HTL-04", "HTL-09"]
    assert [p.id for p in found["HTL-01"].photos] == [hotel.photo.id]
    assert (found["HTL-04"].repeat, found["HTL-01"].repeat) == (True, False)
    assert found["HTL-01"].note == "卫生许可证已过期"


def test_a_case_is_opened_with_its_photos_the_legal_basis_and_the_suggestion(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-01", "HTL-04")
    assert case.evidence_ids == [hotel.photo.id] and case.repeat_item_ids == [hotel.items["HTL-04"].id]
    # HTL-01 first: 500–5000; HTL-04 again: 500–5000 → a fine of 1,000–10,000
    assert (case.suggested_outcome, case.suggested_fine_min_yuan, case.suggested_fine_max_yuan) == ("fine", 1000, 10000)
    assert "第三十五条" in case.penalty_basis and "第三十八条" in case.penalty_basis
    assert hotel.items["HTL-01"].legal_basis in case.legal_basis
    assert case.config_version == CONFIG.version and case.status == CaseStatus.OPEN
    assert ("cases", case.id) in {(m["entity"], m["record_id"]) for m in hotel.store.outbox()}


def test_only_failed_items_and_only_finished_inspections(hotel: HotelCases) -> None:
    with pytest.raises(cases.CaseError, match="non-compliant"):
        _open(hotel, "HTL-02")
    with pytest.raises(cases.CaseError, match="non-compliant"):
        cases.open_case(
            hotel.store, hotel.inspection.id, item_ids=[], case_no="X", opened_on=TODAY, facts="x", config=CONFIG
        )
    unfinished = hotel.inspection.model_copy(update={"id": "unfinished", "status": "in_progress", "completed_at": None})
    hotel.store.save_many([unfinished], synced=True)
    with pytest.raises(cases.CaseError, match="finished inspection"):
        cases.case_draft(hotel.store, "unfinished", CONFIG)
    assert hotel.store.list(Case) == []


def test_a_fine_outside_the_range_needs_a_reason(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-01")  # 500–5000
    with pytest.raises(cases.CaseError, match="outside the benchmark"):
        cases.propose_outcome(hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=5001, config=CONFIG)
    inside = cases.propose_outcome(hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=5000, config=CONFIG)
    assert inside.fine_yuan == 5000 and not inside.review_required
    reasoned = cases.propose_outcome(
        hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=8000, config=CONFIG, deviation_reason="面积大、客房多"
    )
    assert reasoned.deviation_reason == "面积大、客房多"


def test_a_major_decision_waits_for_legal_review_and_carries_its_credit_repair_notice(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-01", "HTL-04")
    case = cases.propose_outcome(
        hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=20_000, config=CONFIG, deviation_reason="拒不改正"
    )
    assert case.review_required
    decide = {
        "decision_no": "长卫罚〔2026〕9号",
        "decided_on": TODAY,
        "config": CONFIG,
        "notice_no": "长卫信提〔2026〕9号",
    }
    with pytest.raises(cases.CaseError, match="legal review"):
        cases.decide_case(hotel.store, case.id, **decide)  # type: ignore[arg-type]
    with pytest.raises(cases.CaseError, match="opinion"):
        cases.review_case(hotel.store, case.id, approved=False, opinion=" ", reviewer="lead.public", reviewed_on=TODAY)
    cases.review_case(hotel.store, case.id, approved=True, opinion="同意", reviewer="lead.public", reviewed_on=TODAY)
    with pytest.raises(cases.CaseError, match="credit-repair notice"):
        cases.decide_case(hotel.store, case.id, **{**decide, "notice_no": None})  # type: ignore[arg-type]
    decided = cases.decide_case(hotel.store, case.id, **decide)  # type: ignore[arg-type]
    assert (decided.status, decided.notice_no, decided.review_result) == ("decided", "长卫信提〔2026〕9号", "approved")
    with pytest.raises(cases.CaseError, match="decided"):
        cases.propose_outcome(hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=1000, config=CONFIG)


def test_a_new_proposal_after_review_needs_a_new_review(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-01", "HTL-04")
    big = {"outcome": Outcome.FINE, "config": CONFIG, "deviation_reason": "情节严重"}
    cases.propose_outcome(hotel.store, case.id, fine_yuan=20_000, **big)  # type: ignore[arg-type]
    cases.review_case(hotel.store, case.id, approved=True, opinion="同意", reviewer="lead.public", reviewed_on=TODAY)
    again = cases.propose_outcome(hotel.store, case.id, fine_yuan=30_000, **big)  # type: ignore[arg-type]
    assert again.review_required and again.review_result is None


def test_the_summary_procedure_on_the_spot_within_its_threshold(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-01", procedure=Procedure.SUMMARY)
    with pytest.raises(cases.CaseError, match="summary procedure"):
        cases.propose_outcome(hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=3001, config=CONFIG)
    cases.propose_outcome(hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=3000, config=CONFIG)
    decided = cases.decide_case(
        hotel.store, case.id, decision_no="长卫简罚〔2026〕1号", decided_on=TODAY, config=CONFIG, notice_no="提示1"
    )
    assert decided.procedure == Procedure.SUMMARY and decided.fine_yuan == 3000


def test_the_no_penalty_list_for_a_first_failure_corrected_in_time(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-09", corrected=True)
    assert case.suggested_outcome == Outcome.NO_PENALTY and "第三十三条" in case.penalty_basis
    cases.propose_outcome(hotel.store, case.id, outcome=Outcome.NO_PENALTY, fine_yuan=None, config=CONFIG)
    decided = cases.decide_case(
        hotel.store, case.id, decision_no="长卫不罚〔2026〕1号", decided_on=TODAY, config=CONFIG
    )
    assert decided.outcome == Outcome.NO_PENALTY and decided.notice_no is None  # no penalty, no credit notice
    assert all(p.penalty.id != case.id for p in penalty_publications(hotel.store, None, TODAY))  # nothing to publish
    not_corrected = _open(hotel, "HTL-09", case_no="长卫立〔2026〕2号")
    assert not_corrected.suggested_outcome == Outcome.WARNING


def test_a_decided_penalty_is_published_within_7_working_days(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-04")  # again: 500–5000
    cases.propose_outcome(hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=1000, config=CONFIG)
    cases.decide_case(
        hotel.store, case.id, decision_no="长卫罚〔2026〕3号", decided_on=TODAY, config=CONFIG, notice_no="N3"
    )
    cases.deliver_case(hotel.store, case.id, TODAY)
    [listed] = [p for p in penalty_publications(hotel.store, 2026, TODAY) if p.penalty.id == case.id]
    assert listed.deadline.due == date(2026, 12, 1)  # Fri 20 Nov + 7 working days
    assert listed.penalty.fine_yuan == 1000 and listed.status == PublicationStatus.PENDING
    [late] = [p for p in penalty_publications(hotel.store, 2026, date(2026, 12, 2)) if p.penalty.id == case.id]
    assert late.status == PublicationStatus.OVERDUE
    mark_penalty_published(hotel.store, case.id, date(2026, 11, 30))
    assert hotel.store.get(Case, case.id).published_on == date(2026, 11, 30)
    [done] = [p for p in penalty_publications(hotel.store, 2026, date(2026, 12, 2)) if p.penalty.id == case.id]
    assert done.status == PublicationStatus.ON_TIME


def test_nothing_is_delivered_or_published_before_the_decision(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-04")
    with pytest.raises(cases.CaseError, match="not decided"):
        cases.deliver_case(hotel.store, case.id, TODAY)
    with pytest.raises(cases.CaseError, match="not decided"):
        cases.publish_case(hotel.store, case.id, TODAY)


def test_case_numbers_count_the_year(hotel: HotelCases) -> None:
    assert cases.next_case_no(hotel.store, 2026) == "长卫立〔2026〕1号"
    _open(hotel, "HTL-04")
    assert cases.next_case_no(hotel.store, 2026) == "长卫立〔2026〕2号"


def test_a_summary_decision_is_made_on_the_day_of_the_inspection(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-04", procedure=Procedure.SUMMARY)
    cases.propose_outcome(hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=600, config=CONFIG)
    with pytest.raises(cases.CaseError, match="on the spot"):
        cases.decide_case(
            hotel.store, case.id, decision_no="X", notice_no="N", decided_on=date(2026, 11, 23), config=CONFIG
        )
    assert hotel.store.get(Case, case.id).status == CaseStatus.OPEN


def test_a_case_is_closed_once_delivered_and_published(hotel: HotelCases) -> None:
    case = _open(hotel, "HTL-04")
    cases.propose_outcome(hotel.store, case.id, outcome=Outcome.FINE, fine_yuan=800, config=CONFIG)
    cases.decide_case(
        hotel.store, case.id, decision_no="长卫罚〔2026〕5号", decided_on=TODAY, config=CONFIG, notice_no="N5"
    )
    with pytest.raises(cases.CaseError, match="not delivered"):
        cases.close_case(hotel.store, case.id)
    cases.deliver_case(hotel.store, case.id, TODAY)
    with pytest.raises(cases.CaseError, match="not published"):
        cases.close_case(hotel.store, case.id)
    cases.publish_case(hotel.store, case.id, date(2026, 11, 24))
    assert cases.close_case(hotel.store, case.id).status == CaseStatus.CLOSED
    with pytest.raises(cases.CaseError, match="not decided"):
        cases.close_case(hotel.store, _open(hotel, "HTL-01", case_no="长卫立〔2026〕6号").id)
