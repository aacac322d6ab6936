"""Referrals (线索移送函, 协查函, 案件移送书) sent to and received from other departments, each tracked to its answer.

A referral is a team record (scoped and written like the penalties: the team's leads, the district's admins). Its
answer is due by `answer_due_on` when it has one; the list puts the overdue first (an answer on the due day is on
time), then the open ones by due day, then the answered. The figures count them by the day sent or received
(app/store/figures.py).

由来函立项: a letter received can open a task on the target it names, as a complaint does (app/planning/named_tasks.py):
a complaint record from the letter (source 部门移送, its department and document number leading the content, received
on the letter's day, to be answered by the letter's due day) and its complaint task under the team's filed complaint
plan, in one transaction. It is a triggered task, so the server's rules for complaint tasks apply as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import ValidationError

from app.models import Record, Target, Task
from app.models.domain import Case, Complaint, Referral
from app.models.enums import OPEN_STATUSES
from app.models.limits import TEXT_MAX
from app.planning.errors import PlanningError
from app.planning.named_tasks import REPLY_WORKING_DAYS, complaint_task
from app.rules.deadlines import working_day_deadline
from app.store import Store

KINDS = ("lead", "assistance", "case")
DIRECTIONS = ("sent", "received")


class AnswerStatus(StrEnum):
    WAITING = "waiting"  # no answer yet, not overdue (or no due day)
    ON_TIME = "on_time"
    LATE = "late"  # answered after the due day
    OVERDUE = "overdue"  # past the due day without an answer


def answer_status(referral: Referral, today: date) -> AnswerStatus:
    due, answered = referral.answer_due_on, referral.answered_on
    if answered is None:
        return AnswerStatus.OVERDUE if due is not None and today > due else AnswerStatus.WAITING
    return AnswerStatus.LATE if due is not None and answered > due else AnswerStatus.ON_TIME


@dataclass(frozen=True)
class ListedReferral:
    referral: Referral
    status: AnswerStatus
    target_name: str  # '' without a target


def record_referral(
    store: Store,
    *,
    kind: str,
    direction: str,
    other_department: str,
    document_no: str,
    dated_on: date,
    subject: str,
    team: str,
    district: str = "310105",
    target_id: str | None = None,
    case_id: str | None = None,
    answer_due_on: date | None = None,
) -> Referral:
    """A letter sent or received; a target and a case it names must be known here."""
    if target_id is not None and store.get(Target, target_id) is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    if case_id is not None and store.get(Case, case_id) is None:
        raise PlanningError(f"找不到案件 {case_id}", f"no such case: {case_id}")
    try:
        referral = Referral(
            kind=kind,  # type: ignore[arg-type]
            direction=direction,  # type: ignore[arg-type]
            other_department=other_department.strip(),
            document_no=document_no.strip(),
            dated_on=dated_on,
            subject=subject.strip(),
            team=team,
            district=district,
            target_id=target_id,
            case_id=case_id,
            answer_due_on=answer_due_on,
        )
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    return store.save(referral)


def record_answer(store: Store, referral_id: str, answer: str, answered_on: date) -> Referral:
    """The other department's answer to a letter sent, or ours to one received."""
    referral = store.get(Referral, referral_id)
    if referral is None:
        raise PlanningError(f"找不到函件 {referral_id}", f"no such referral: {referral_id}")
    if not answer.strip():
        raise PlanningError("请填写答复内容", "write the answer")
    try:
        updated = Referral.model_validate(
            {**referral.model_dump(), "answer": answer.strip(), "answered_on": answered_on}
        )
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    return store.save(updated, changed=["answer", "answered_on"])


def referral_list(store: Store, today: date, year: int | None = None) -> list[ListedReferral]:
    """The referrals of `year` (all if None): overdue first, then waiting by due day, then answered, newest first."""
    chosen = [r for r in store.list(Referral) if year is None or r.dated_on.year == year]
    names = {row["id"]: row["name"] for row in store.targets_by_ids({r.target_id for r in chosen if r.target_id})}
    rows = [ListedReferral(r, answer_status(r, today), names.get(r.target_id or "", "")) for r in chosen]
    order = {AnswerStatus.OVERDUE: 0, AnswerStatus.WAITING: 1, AnswerStatus.LATE: 2, AnswerStatus.ON_TIME: 2}
    rows.sort(
        key=lambda x: (
            order[x.status],
            x.referral.answer_due_on or date.max if order[x.status] < 2 else date.max,
            -x.referral.dated_on.toordinal(),
            x.referral.id,
        )
    )
    return rows


REFERRAL_SOURCE = "部门移送"  # the complaint source of a task opened from a letter (COMPLAINT_SOURCES)


def referral_heading(referral: Referral) -> str:
    """How a complaint opened from the letter begins: its department and document number (文号)."""
    return f"{referral.other_department}来函（{referral.document_no}）"


def open_task_from_referral(
    store: Store,
    referral_id: str,
    *,
    team: str,
    today: date,
    target_id: str | None = None,
    inspector_ids: Sequence[str] = (),
) -> Task:
    """由来函立项: a complaint task on the target a received letter names (or `target_id`, which the letter is then
    linked to), made like a complaint's: a complaint from the letter and its task, saved in one transaction with the
    letter. Refused for a letter sent, without a target, or whose task from before is still open."""
    referral = store.get(Referral, referral_id)
    if referral is None:
        raise PlanningError(f"找不到函件 {referral_id}", f"no such referral: {referral_id}")
    if referral.direction != "received":
        raise PlanningError("只有收到的来函可以立项", "only a letter received opens a task")
    if referral.team != team:
        raise PlanningError("该来函不属于本科室", "the letter is not the team's")
    chosen = referral.target_id or target_id
    if not chosen:
        raise PlanningError("请先选择来函所涉的检查对象", "choose the target the letter is about first")
    if target_id and referral.target_id and target_id != referral.target_id:
        raise PlanningError("来函已关联其他检查对象", "the letter names another target")
    if store.get(Target, chosen) is None:
        raise PlanningError(f"找不到检查对象 {chosen}", f"no such target: {chosen}")
    heading = referral_heading(referral)
    for earlier in store.find(Complaint, target_id=chosen):
        task = store.get(Task, earlier.task_id) if earlier.task_id else None
        if earlier.summary.startswith(heading) and task is not None and task.status in OPEN_STATUSES:
            raise PlanningError("该来函已立项，任务尚未完成", "the letter's task is open already")
    due = referral.answer_due_on or working_day_deadline(referral.dated_on, REPLY_WORKING_DAYS).due
    try:
        complaint = Complaint(
            target_id=chosen,
            summary=f"{heading}：{referral.subject}"[:TEXT_MAX],
            received_on=referral.dated_on,
            source=REFERRAL_SOURCE,
            reply_due_on=max(due, referral.dated_on),
        )
    except ValidationError as exc:
        raise PlanningError.invalid(exc) from exc
    task, linked = complaint_task(store, complaint, team=team, today=today, inspector_ids=inspector_ids)
    records: list[Record] = [linked, task]
    if referral.target_id is None:
        records.append(referral.model_copy(update={"target_id": chosen}))
    store.save_all(records)
    return store.get(Task, task.id) or task
