"""由来函立项 (app/planning/referrals.py): a letter received opens a complaint task on the target it names, made as a
complaint's is (a complaint from the letter, source 部门移送, its department and document number leading the content,
and its task under the team's filed complaint plan, due by the letter's answer day), all in one transaction. Abuse
first: a letter sent, another team's, without a target, naming another target, unknown, a task still open, a subject
at its longest; a refusal writes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app import planning
from app.models import Inspector, Plan, Target, Task
from app.models.domain import Complaint, Referral
from app.models.enums import TaskStatus
from app.models.limits import TEXT_MAX
from app.planning import PlanningError
from app.planning.referrals import open_task_from_referral, record_referral
from app.store import Store
from tests.planning.helpers import TODAY

PUBLIC = "公共场所科"
DUE = date(2025, 6, 20)


def _salon(store: Store) -> Target:
    return next(t for t in store.find(Target, industry="beauty_salon"))


def _letter(store: Store, **fields: Any) -> Referral:
    values: dict[str, Any] = {
        "kind": "lead",
        "direction": "received",
        "other_department": "长宁区市场监督管理局",
        "document_no": "长市监移〔2025〕12号",
        "dated_on": TODAY,
        "subject": "该美容店涉嫌使用未消毒器械",
        "team": PUBLIC,
        "answer_due_on": DUE,
        **fields,
    }
    return record_referral(store, **values)


def _written(store: Store) -> tuple[int, int, int]:
    return len(store.list(Task)), len(store.list(Complaint)), len(store.outbox())


def test_what_cannot_open_a_task_writes_nothing(store: Store) -> None:
    salon = _salon(store)
    sent = _letter(store, direction="sent", target_id=salon.id)
    other_team = _letter(store, team="医疗机构科", target_id=salon.id)
    no_target = _letter(store)
    named = _letter(store, target_id=salon.id)
    other_target = next(t for t in store.find(Target, industry="beauty_salon") if t.id != salon.id)
    before = _written(store)
    cases = [
        (sent.id, {}, "only a letter received"),
        (other_team.id, {}, "not the team's"),
        (no_target.id, {}, "choose the target"),
        (no_target.id, {"target_id": "nobody"}, "no such target"),
        (named.id, {"target_id": other_target.id}, "names another target"),
        ("no-such-letter", {}, "no such referral"),
        (named.id, {"inspector_ids": ["only-one"]}, "at least 2"),
    ]
    for referral_id, extra, refusal in cases:
        with pytest.raises(PlanningError, match=refusal):
            open_task_from_referral(store, referral_id, team=PUBLIC, today=TODAY, **extra)
    with pytest.raises(PlanningError, match="no filed complaint plan"):  # salons are not 医疗机构科's industry
        open_task_from_referral(store, other_team.id, team="医疗机构科", today=TODAY)
    assert _written(store) == before
    assert store.get(Referral, no_target.id).target_id is None


def test_a_received_letter_opens_a_complaint_task_on_its_target(store: Store) -> None:
    salon = _salon(store)
    letter = _letter(store, target_id=salon.id)
    inspectors = [i.id for i in store.find(Inspector, team=PUBLIC, role="inspector")][:2]
    task = open_task_from_referral(store, letter.id, team=PUBLIC, today=TODAY, inspector_ids=inspectors)

    assert (task.category, task.target_id, task.status, task.due_on) == ("complaint", salon.id, TaskStatus.PLANNED, DUE)
    assert task.inspector_ids == inspectors and store.get(Plan, task.plan_id).category == "complaint"
    [complaint] = [c for c in store.find(Complaint, target_id=salon.id) if c.task_id == task.id]
    assert complaint.source == "部门移送" and complaint.received_on == TODAY and complaint.reply_due_on == DUE
    assert complaint.summary == "长宁区市场监督管理局来函（长市监移〔2025〕12号）：该美容店涉嫌使用未消毒器械"
    assert {m["record_id"] for m in store.outbox()} >= {task.id, complaint.id}  # it all syncs
    assert salon.id in planning.complaint_target_ids(store)
    with pytest.raises(PlanningError, match="open already"):  # its task is still open
        open_task_from_referral(store, letter.id, team=PUBLIC, today=TODAY)
    store.save(task.model_copy(update={"status": TaskStatus.COMPLETED}))
    again = open_task_from_referral(store, letter.id, team=PUBLIC, today=TODAY)  # done: the letter may come back
    assert again.id != task.id


def test_a_letter_without_a_target_is_linked_to_the_chosen_one(store: Store) -> None:
    salon = _salon(store)
    letter = _letter(store, answer_due_on=None, subject="长" * TEXT_MAX)  # no due day; a subject at its longest
    task = open_task_from_referral(store, letter.id, team=PUBLIC, today=TODAY, target_id=salon.id)
    assert store.get(Referral, letter.id).target_id == salon.id
    complaint = next(c for c in store.find(Complaint, target_id=salon.id) if c.task_id == task.id)
    assert len(complaint.summary) == TEXT_MAX and complaint.summary.startswith("长宁区市场监督管理局来函（")
    assert complaint.reply_due_on is not None and complaint.reply_due_on > TODAY == letter.dated_on  # 15 working days
    assert task.due_on == complaint.reply_due_on
