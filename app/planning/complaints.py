"""Complaints (投诉举报) followed to their answer (issue 15): each open complaint's reply deadline tracked (overdue once
the day has passed), and a complaint closed (办结) with the reply given to the complainant and its date. The record
syncs like any complaint; the model refuses a closed complaint without its reply (app/models/domain.py), so the
server does too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from app.models import Target
from app.models.domain import Complaint
from app.models.limits import TEXT_MAX
from app.planning.errors import PlanningError
from app.store import Store


@dataclass(frozen=True)
class ComplaintLine:
    """A complaint as the list shows it: its target's name, and where its answer stands on `today`."""

    complaint: Complaint
    target_name: str
    overdue_days: int  # open past its reply deadline by that many days; 0 otherwise
    replied_late: bool  # closed with a reply dated after the deadline

    @property
    def is_open(self) -> bool:
        return self.complaint.status == "open"


def complaint_lines(store: Store, today: date) -> list[ComplaintLine]:
    """Every complaint here: the open ones first (the most overdue, then the nearest deadline), then the closed ones
    (newest reply first)."""
    complaints = store.list(Complaint)
    names = {t["id"]: t["name"] for t in store.targets_by_ids({c.target_id for c in complaints})}
    lines = [_line(c, names.get(c.target_id, c.target_id), today) for c in complaints]

    def order(line: ComplaintLine) -> tuple:
        c = line.complaint
        if line.is_open:
            return (0, c.reply_due_on or date.max, c.received_on)
        return (1, -(c.replied_on or c.received_on).toordinal(), c.received_on)

    return sorted(lines, key=order)


def _line(complaint: Complaint, name: str, today: date) -> ComplaintLine:
    due = complaint.reply_due_on
    overdue = (today - due).days if complaint.status == "open" and due is not None and today > due else 0
    late = complaint.status == "closed" and due is not None and (complaint.replied_on or due) > due
    return ComplaintLine(complaint, name, overdue, late)


def close_complaint(store: Store, complaint_id: str, *, reply: str, replied_on: date, today: date) -> Complaint:
    """Close (办结) the complaint with the reply given and its date (not after today, not before receipt)."""
    complaint = store.get(Complaint, complaint_id)
    if complaint is None:
        raise PlanningError(f"找不到投诉举报 {complaint_id}", f"no such complaint: {complaint_id}")
    if complaint.status != "open":
        raise PlanningError("该投诉举报已办结", "the complaint is closed already")
    text = reply.strip()
    if not text:
        raise PlanningError("请填写给投诉举报人的答复", "write the reply given to the complainant")
    if len(text) > TEXT_MAX:
        raise PlanningError(f"答复不能超过 {TEXT_MAX} 字", f"the reply is over {TEXT_MAX} characters")
    if replied_on > today:
        raise PlanningError("答复日期不能晚于今天", "the reply cannot be dated after today")
    if store.get(Target, complaint.target_id) is None:
        raise PlanningError(f"找不到检查对象 {complaint.target_id}", f"no such target: {complaint.target_id}")
    try:
        closed = complaint.model_copy(update={"status": "closed", "reply": text, "replied_on": replied_on})
        closed = Complaint.model_validate(closed.model_dump())  # NUL, dates before receipt: the model's checks
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    return store.save(closed, changed={"status", "reply", "replied_on"})
