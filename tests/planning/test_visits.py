"""The grade's visit rules at planning: 无事不扰 decisions with a reason and an end date, remote (无感) checks
allowed by grade, the yearly cap and the repeat-visit guard, each refused without and passed with a lead's reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import planning
from app.models.domain import Inspection, Plan, Target, Task
from app.models.enums import TaskCategory
from app.planning import visits
from app.store import Store
from tests.planning.helpers import TODAY, filed_plan


def _target(store: Store, grade: str) -> Target:
    target = next(t for t in store.list(Target) if not t.do_not_disturb)
    return store.save(target.model_copy(update={"grade": grade}))


def _task(store: Store, target: Target, category: TaskCategory = TaskCategory.DISTRICT_RANDOM, **fields) -> Task:
    plan = store.find(Plan, category="district_random")[0]
    return store.save(Task(plan_id=plan.id, target_id=target.id, category=category, team=plan.team, **fields))


def _visited(
    store: Store, target: Target, days_ago: int, category: TaskCategory = TaskCategory.DISTRICT_RANDOM
) -> None:
    plan = store.find(Plan, category="district_random")[0]
    task = Task(plan_id=plan.id, target_id=target.id, category=category, team=plan.team, status="completed")
    started = datetime(TODAY.year, TODAY.month, TODAY.day, 2, tzinfo=UTC) - timedelta(days=days_ago)
    inspection = Inspection(
        code_id="code-past",
        target_id=target.id,
        task_ids=[task.id],
        inspector_ids=["i-1", "i-2"],
        status="completed",
        started_at=started,
        completed_at=started + timedelta(hours=1),
    )
    store.save_many([task, inspection], synced=True)


def _refused(store: Store, task: Task, code: str) -> planning.PlanningError:
    with pytest.raises(planning.PlanningError) as err:
        visits.check_task(store, task, TODAY)
    assert err.value.code == code and err.value.zh and err.value.en
    return err.value


def test_a_do_not_disturb_decision_refuses_routine_tasks_until_it_ends(store: Store) -> None:
    target = _target(store, "A")
    with pytest.raises(planning.PlanningError, match=r"理由.*reason"):
        visits.decide_exemption(store, target.id, " ", None)
    until = datetime.now(UTC).date() + timedelta(days=30)
    decided = visits.decide_exemption(store, target.id, "连续两年无违法记录", until)
    assert (decided.do_not_disturb_by, decided.do_not_disturb_until) == ("decision", until)
    assert store.outbox()[-1]["entity"] == "targets"
    routine = _task(store, target)
    error = _refused(store, routine, "do_not_disturb")
    assert "连续两年无违法记录" in error.zh
    visits.check_task(store, _task(store, target, TaskCategory.COMPLAINT), TODAY)  # a complaint goes through
    visits.check_task(store, _task(store, target, TaskCategory.FOLLOW_UP), TODAY)
    visits.check_task(store, routine, until + timedelta(days=1))  # the exemption has ended
    led = visits.allow_visit(store, routine.id, "区卫健委交办")
    visits.check_task(store, led, TODAY)  # lead-triggered, with its reason
    visits.lift_exemption(store, target.id)
    visits.check_task(store, _task(store, target), TODAY)


@pytest.mark.parametrize("reason", ["", "  ", "停业\x00装修", "停业\r\n\x1b装修", "理" * 501])
def test_a_visit_decision_with_an_empty_nul_control_or_huge_reason_is_refused(store: Store, reason: str) -> None:
    target = _target(store, "A")
    routine = _task(store, target)
    outbox = len(store.outbox())
    with pytest.raises(planning.PlanningError, match=r"理由|reason"):
        visits.decide_exemption(store, target.id, reason, None)
    with pytest.raises(planning.PlanningError, match=r"理由|reason"):
        visits.allow_visit(store, routine.id, reason)
    assert len(store.outbox()) == outbox and not store.get(Target, target.id).do_not_disturb
    assert store.get(Task, routine.id).visit_override_reason is None


def test_remote_checks_are_allowed_by_grade(store: Store) -> None:
    good, poor = _target(store, "A"), store.save(store.list(Target)[-1].model_copy(update={"grade": "C"}))
    assert visits.set_remote(store, _task(store, good).id, True, TODAY).remote
    with pytest.raises(planning.PlanningError) as err:
        visits.set_remote(store, _task(store, poor).id, True, TODAY)
    assert err.value.code == "remote_not_allowed"


def test_the_yearly_cap_refuses_unless_a_lead_gives_a_reason(store: Store) -> None:
    target = _target(store, "B")  # one routine visit a year
    _visited(store, target, 200)  # last year: does not count
    _visited(store, target, 30, TaskCategory.COMPLAINT)  # a complaint visit is no routine visit
    task = _task(store, target)
    visits.check_task(store, task, TODAY)
    _visited(store, target, (TODAY - TODAY.replace(month=1, day=1)).days)  # this year, 1 January
    _refused(store, task, "visit_cap_reached")
    with pytest.raises(planning.PlanningError, match=r"理由.*reason"):
        visits.allow_visit(store, task.id, "")
    visits.check_task(store, visits.allow_visit(store, task.id, "专项整治需要"), TODAY)


def test_the_repeat_visit_guard_refuses_inside_the_interval_unless_overridden(store: Store) -> None:
    target = _target(store, "D")  # four a year, 30 days apart
    _visited(store, target, 29)
    task = _task(store, target)
    error = _refused(store, task, "repeat_visit")
    assert "撮合" in error.zh
    visits.check_task(store, task, TODAY + timedelta(days=1))  # 30 days on: allowed
    visits.check_task(store, visits.allow_visit(store, task.id, "群众反映新问题"), TODAY)
    remote = visits.set_remote(store, _task(store, _target(store, "A")).id, True, TODAY)
    assert remote.remote  # a remote check is no visit and is never refused by the guard


def test_filed_plans_still_draw(store: Store) -> None:
    plan = filed_plan(store)
    assert planning.prepare_draw(store, plan.id, planning.SamplingConfig(), seed=1).tasks
