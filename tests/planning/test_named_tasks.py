"""Tasks on named targets (app/planning/named_tasks.py): a complaint recorded and its complaint task; 专项 and 跨部门
tasks on a named target, the latter naming the other department; refusals that change nothing."""

from __future__ import annotations

from datetime import date

import pytest

from app import planning
from app.models import Checklist, Inspector, Plan, Target, Task
from app.models.domain import Complaint
from app.models.enums import TaskStatus
from app.planning.named_tasks import open_complaint_task, open_named_task, record_complaint
from app.store import Store
from tests.planning.helpers import TODAY, count

PUBLIC = "公共场所科"


def _salon(store: Store) -> Target:
    return next(t for t in store.find(Target, industry="beauty_salon"))


def test_a_complaint_becomes_a_complaint_task_due_by_the_reply_deadline(store: Store) -> None:
    salon = _salon(store)
    complaint = record_complaint(
        store, target_id=salon.id, summary="顾客反映毛巾未消毒", received_on=TODAY, source="12345市民热线"
    )
    assert complaint.reply_due_on is not None and complaint.reply_due_on > TODAY  # 15 working days by default
    inspectors = [i.id for i in store.find(Inspector, team=PUBLIC, role="inspector")][:2]
    task = open_complaint_task(store, complaint.id, team=PUBLIC, today=TODAY, inspector_ids=inspectors)
    plan = store.get(Plan, task.plan_id)
    assert (task.category, task.target_id, task.status) == ("complaint", salon.id, TaskStatus.PLANNED)
    assert (plan.category, plan.team, task.due_on) == ("complaint", PUBLIC, complaint.reply_due_on)
    assert task.inspector_ids == inspectors
    assert [c.code for c in store.find(Checklist, id=task.checklist_ids)] == ["BTY"]
    assert store.get(Complaint, complaint.id).task_id == task.id
    outbox = store.outbox()
    assert [m["entity"] for m in outbox[-3:]] == ["complaints", "tasks", "complaints"]  # all of it syncs
    assert salon.id in planning.complaint_target_ids(store)  # drawn into random inspections while open
    with pytest.raises(planning.PlanningError, match="open task"):
        open_complaint_task(store, complaint.id, team=PUBLIC, today=TODAY)


def test_a_complaint_with_its_own_deadline_and_refusals(store: Store) -> None:
    salon = _salon(store)
    with pytest.raises(planning.PlanningError, match="before the complaint was received"):
        record_complaint(store, target_id=salon.id, summary="噪音", received_on=TODAY, reply_due_on=date(2025, 5, 1))
    with pytest.raises(planning.PlanningError, match="no such target"):
        record_complaint(store, target_id="nobody", summary="噪音", received_on=TODAY)
    complaint = record_complaint(
        store, target_id=salon.id, summary="噪音", received_on=TODAY, reply_due_on=date(2025, 6, 30)
    )
    before = count(store, Task)
    with pytest.raises(planning.PlanningError, match="at least 2"):
        open_complaint_task(store, complaint.id, team=PUBLIC, today=TODAY, inspector_ids=["one"])
    with pytest.raises(planning.PlanningError, match="no filed complaint plan"):
        open_complaint_task(store, complaint.id, team="医疗机构科", today=TODAY)  # salons are not its industry
    assert count(store, Task) == before
    assert open_complaint_task(store, complaint.id, team=PUBLIC, today=TODAY).due_on == date(2025, 6, 30)


def test_campaign_and_cross_department_tasks_on_a_named_target(store: Store) -> None:
    salon = _salon(store)
    campaign = open_named_task(store, target_id=salon.id, category="campaign", team=PUBLIC, today=TODAY)
    assert (campaign.category, store.get(Plan, campaign.plan_id).category) == ("campaign", "campaign")
    with pytest.raises(planning.PlanningError, match="names the other department"):
        open_named_task(store, target_id=salon.id, category="cross_department", team=PUBLIC, today=TODAY)
    with pytest.raises(planning.PlanningError, match="no filed cross_department plan"):
        open_named_task(
            store, target_id=salon.id, category="cross_department", team=PUBLIC, today=TODAY, other_department="x"
        )
    base = store.get(Plan, campaign.plan_id)
    joint_plan = Plan(
        **{
            **base.model_dump(exclude={"id", "version", "updated_at"}),
            "plan_no": "长卫监计〔2025〕950号",
            "name": "2025年美容美发场所跨部门综合监管",
            "category": "cross_department",
        }
    )
    store.save(joint_plan)
    joint = open_named_task(
        store,
        target_id=salon.id,
        category="cross_department",
        team=PUBLIC,
        today=TODAY,
        other_department="长宁区市场监督管理局",
    )
    assert (joint.plan_id, joint.other_department) == (joint_plan.id, "长宁区市场监督管理局")
    with pytest.raises(planning.PlanningError, match="complaint tasks from a complaint"):
        open_named_task(store, target_id=salon.id, category="complaint", team=PUBLIC, today=TODAY)
