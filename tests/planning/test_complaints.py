"""Complaints followed to their answer (app/planning/complaints.py): refusals first (unknown, closed already, no
reply, NUL, huge, dated after today or before receipt), each changing nothing; then the list with the reply deadlines
(overdue by how many days) and a complaint closed with its reply, which syncs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app import planning
from app.models import Target
from app.models.domain import Complaint
from app.planning.complaints import close_complaint, complaint_lines
from app.planning.named_tasks import record_complaint
from app.store import Store
from tests.planning.helpers import TODAY


def _complaint(store: Store, received: date, due: date | None = None) -> Complaint:
    salon = next(t for t in store.find(Target, industry="beauty_salon"))
    return record_complaint(store, target_id=salon.id, summary="毛巾未消毒", received_on=received, reply_due_on=due)


def test_closing_refuses_what_is_not_a_reply_and_changes_nothing(store: Store) -> None:
    complaint = _complaint(store, TODAY - timedelta(days=3))
    outbox = len(store.outbox())
    cases = [
        ({"reply": "已核查"}, "no-such-id", "no such complaint"),
        ({"reply": "   "}, complaint.id, "write the reply"),
        ({"reply": "已核\x00查"}, complaint.id, "NUL"),
        ({"reply": "查" * 100_000}, complaint.id, "over 2000 characters"),
        ({"reply": "已核查", "replied_on": TODAY + timedelta(days=1)}, complaint.id, "after today"),
        ({"reply": "已核查", "replied_on": TODAY - timedelta(days=10)}, complaint.id, "before the complaint"),
    ]
    for fields, complaint_id, why in cases:
        values = {"replied_on": TODAY, **fields}
        with pytest.raises(planning.PlanningError, match=why):
            close_complaint(store, complaint_id, today=TODAY, **values)  # type: ignore[arg-type]
    assert store.get(Complaint, complaint.id).status == "open" and len(store.outbox()) == outbox
    close_complaint(store, complaint.id, reply="已核查并责令改正", replied_on=TODAY, today=TODAY)
    with pytest.raises(planning.PlanningError, match="closed already"):
        close_complaint(store, complaint.id, reply="再答复", replied_on=TODAY, today=TODAY)
    with pytest.raises(ValueError, match="needs its reply"):  # a closed complaint without a reply is no record
        Complaint(target_id=complaint.target_id, received_on=TODAY, summary="x", status="closed")


def test_the_list_tracks_reply_deadlines_and_a_closed_complaint_carries_its_reply(store: Store) -> None:
    late = _complaint(store, TODAY - timedelta(days=30), TODAY - timedelta(days=4))
    soon = _complaint(store, TODAY - timedelta(days=1), TODAY + timedelta(days=10))
    answered = _complaint(store, TODAY - timedelta(days=20), TODAY - timedelta(days=2))
    close_complaint(store, answered.id, reply="经核查属实，已立案", replied_on=TODAY, today=TODAY)
    lines = complaint_lines(store, TODAY)
    assert [line.complaint.id for line in lines] == [late.id, soon.id, answered.id]
    assert [line.overdue_days for line in lines] == [4, 0, 0]
    assert [line.replied_late for line in lines] == [False, False, True]  # answered after its deadline
    assert lines[0].target_name and lines[2].complaint.reply == "经核查属实，已立案"
    sent = [m for m in store.outbox() if m["record_id"] == answered.id][-1]
    replied = {k: v for k, v in sent["fields"].items() if k != "updated_at"}  # the save's time goes with every change
    assert replied == {"status": "closed", "reply": "经核查属实，已立案", "replied_on": TODAY.isoformat()}
