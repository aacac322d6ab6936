"""撮合 view: a proposal across categories and departments, accepted into one joint id, or rejected with a reason."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.models.domain import Inspection, Inspector, Plan, Task
from app.models.enums import TaskCategory
from app.store import Store
from app.ui.planning.merge_view import MergeView
from tests.helpers.sql import sql

DAY = date(2027, 3, 10)


@pytest.fixture
def tasks(demo_store: Store, lead: Inspector) -> list[Task]:
    """A district random task and a market-regulation department's task on one target, a week apart."""
    [(target_id,)] = sql(demo_store, "SELECT id FROM targets WHERE id NOT IN (SELECT target_id FROM tasks) LIMIT 1")
    plan = demo_store.find(Plan, team=lead.team, category="district_random")[0]
    ours = demo_store.find(Inspector, team=lead.team, role="inspector")[:2]
    market = demo_store.save(Inspector(name="周敏", username="zhou.min", team="食品科", department="市场监督管理局"))
    made = [
        Task(plan_id=plan.id, target_id=target_id, category=plan.category, team=lead.team,
             inspector_ids=[i.id for i in ours], scheduled_on=DAY),
        Task(plan_id=plan.id, target_id=target_id, category=TaskCategory.CROSS_DEPARTMENT, team="食品科",
             department="市场监督管理局", inspector_ids=[market.id, ours[0].id], scheduled_on=date(2027, 3, 3)),
    ]  # fmt: skip
    for task in made:
        demo_store.save(task)
    done = datetime(2027, 2, 20, 3, tzinfo=UTC)
    past = Inspection(code_id="c", target_id=target_id, task_ids=["old"], inspector_ids=["a", "b"], completed_at=done)
    demo_store.save_many([past], synced=True)  # a done inspection, as pulled from the server
    return made


@pytest.fixture
def view(qtbot, demo_store: Store, lead: Inspector, tasks: list[Task], make_runner) -> MergeView:
    widget = MergeView(make_runner(demo_store), lead)
    qtbot.add_widget(widget)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading)  # read on the runner's worker
    return widget


def select_mine(view: MergeView, tasks: list[Task]) -> None:
    row = next(r for r, p in enumerate(view.proposals) if set(p.task_ids) == {t.id for t in tasks})
    view.table.selectRow(row)


def test_the_proposal_shows_tasks_departments_union_and_the_repeat_warning(view: MergeView, tasks) -> None:
    select_mine(view, tasks)
    text = view.detail.toPlainText()
    assert "跨部门综合监管" in text and "区级双随机抽查" in text and "市场监督管理局" in text
    assert "周敏（市场监督管理局）" in text
    assert "2027-02-20" in text and "avoid a repeat inspection" in text
    assert view.table.item(view.table.currentRow(), 4).text() == "近期已检查"


def test_accepting_gives_the_tasks_one_joint_id(qtbot, view: MergeView, demo_store: Store, tasks) -> None:
    select_mine(view, tasks)
    with qtbot.waitSignal(view.merged) as merged:
        assert view.accept_selected()
        assert not view.accept_button.isEnabled() and not view.reject_button.isEnabled()  # while it is out
    joint_id = merged.args[0]
    ids = [t.id for t in tasks]
    saved = [demo_store.get(Task, i) for i in ids]
    assert joint_id and {t.joint_inspection_id for t in saved} == {joint_id}
    union = {i for t in tasks for i in t.inspector_ids}
    assert all(set(t.inspector_ids) == union and t.scheduled_on == date(2027, 3, 3) for t in saved)
    qtbot.waitUntil(lambda: not view.loading)
    assert all(not set(p.task_ids) & set(ids) for p in view.proposals)
    assert view.message.text().startswith("已合并为一次联合检查")


def test_rejecting_needs_a_reason_and_keeps_the_proposal_away(qtbot, view: MergeView, demo_store: Store, tasks) -> None:
    select_mine(view, tasks)
    assert view.reject_selected("  ")
    qtbot.waitUntil(lambda: not view.busy)
    assert "须说明原因" in view.message.text() and "reason" not in view.message.text()  # the interface's language
    select_mine(view, tasks)  # still proposed, chosen again
    with qtbot.waitSignal(view.rejected):
        assert view.reject_selected("市场监管局本月已单独检查")
    qtbot.waitUntil(lambda: not view.busy)
    assert all(set(p.task_ids) != {t.id for t in tasks} for p in view.proposals)
    assert all(demo_store.get(Task, t.id).joint_inspection_id is None for t in tasks)
