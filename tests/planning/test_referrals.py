"""Referrals sent and received, tracked to the answer (app/planning/referrals.py): the answer's status at the due day's
edge, the list's order, and what is refused (an answer before the letter, an empty answer, an unknown target)."""

from __future__ import annotations

from datetime import date

import pytest

from app.models.domain import Referral
from app.planning import PlanningError
from app.planning.referrals import AnswerStatus, answer_status, record_answer, record_referral, referral_list
from app.store import Store
from tests.store.conftest import target

DAY = date(2026, 11, 2)


def _letter(store: Store, no: str, **fields: object) -> Referral:
    values: dict[str, object] = {
        "kind": "lead",
        "direction": "sent",
        "other_department": "长宁区市场监督管理局",
        "document_no": no,
        "dated_on": DAY,
        "subject": "医疗器械使用超出说明书范围",
        "team": "医疗机构科",
        **fields,
    }
    return record_referral(store, **values)  # type: ignore[arg-type]


def test_the_answer_status_at_the_due_day(store: Store) -> None:
    letter = _letter(store, "长卫移〔2026〕1号", answer_due_on=date(2026, 11, 16))
    assert answer_status(letter, date(2026, 11, 16)) == AnswerStatus.WAITING  # on the due day: not yet overdue
    assert answer_status(letter, date(2026, 11, 17)) == AnswerStatus.OVERDUE
    on_time = record_answer(store, letter.id, "已立案调查", date(2026, 11, 16))
    assert answer_status(on_time, date(2026, 12, 1)) == AnswerStatus.ON_TIME
    late = record_answer(store, letter.id, "已立案调查", date(2026, 11, 17))
    assert answer_status(late, date(2026, 12, 1)) == AnswerStatus.LATE
    without_due = _letter(store, "长卫移〔2026〕2号")
    assert answer_status(without_due, date(2027, 1, 1)) == AnswerStatus.WAITING


def test_overdue_first_then_waiting_by_due_day_then_answered(store: Store) -> None:
    hotel = target("长宁悦来宾馆", industry="hotel")
    store.save_many([hotel], synced=True)
    answered = _letter(store, "A", answer_due_on=date(2026, 11, 10))
    record_answer(store, answered.id, "已处理", date(2026, 11, 9))
    late_wait = _letter(store, "B", answer_due_on=date(2026, 11, 30), kind="assistance", direction="received")
    overdue = _letter(store, "C", answer_due_on=date(2026, 11, 5), target_id=hotel.id)
    soon = _letter(store, "D", answer_due_on=date(2026, 11, 20), kind="case")
    rows = referral_list(store, date(2026, 11, 12), 2026)
    assert [r.referral.document_no for r in rows] == ["C", "D", "B", "A"]
    assert rows[0].status == AnswerStatus.OVERDUE and rows[0].target_name == "长宁悦来宾馆"
    assert {r.referral.id for r in rows} == {answered.id, late_wait.id, overdue.id, soon.id}
    assert referral_list(store, date(2026, 11, 12), 2025) == []
    assert ("referrals", overdue.id) in {(m["entity"], m["record_id"]) for m in store.outbox()}


def test_what_is_refused_changes_nothing(store: Store) -> None:
    with pytest.raises(PlanningError, match="no such target"):
        _letter(store, "X", target_id="nobody")
    with pytest.raises(PlanningError, match="before the letter"):
        _letter(store, "X", answer_due_on=date(2026, 11, 1))
    with pytest.raises(PlanningError):
        _letter(store, "X", kind="phone_call")
    letter = _letter(store, "Y")
    with pytest.raises(PlanningError, match="write the answer"):
        record_answer(store, letter.id, "  ", DAY)
    with pytest.raises(PlanningError, match="before the letter"):
        record_answer(store, letter.id, "已处理", date(2026, 11, 1))
    assert store.get(Referral, letter.id).answered_on is None and len(store.list(Referral)) == 1
