"""Plans (备案): a new plan is a draft under its category; filing needs checklists; a filed plan is marked so."""

from __future__ import annotations

import pytest

from app.models.domain import Inspector, Plan
from app.models.enums import PlanStatus
from app.rules.sampling import SamplingConfig
from app.store import Store
from app.ui.planning.plans_view import PlanEditor, PlansView
from app.ui.qt import QListWidget, Qt
from app.ui.runner import Runner


@pytest.fixture
def runner(demo_store: Store, make_runner) -> Runner:
    return make_runner(demo_store)


@pytest.fixture
def view(qtbot, runner: Runner, lead: Inspector) -> PlansView:
    widget = PlansView(runner, lead)
    qtbot.add_widget(widget)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading)
    return widget


def check(widget: QListWidget, *values: str) -> None:
    for i in range(widget.count()):
        if widget.item(i).data(Qt.ItemDataRole.UserRole) in values:
            widget.item(i).setCheckState(Qt.CheckState.Checked)


def editor_on(qtbot, runner: Runner, lead: Inspector) -> PlanEditor:
    editor = PlanEditor(runner, lead.team)
    qtbot.add_widget(editor)
    qtbot.waitUntil(lambda: not editor.loading)  # the checklists are read on the runner's worker
    return editor


def new_plan(qtbot, runner: Runner, lead: Inspector, *, with_checklists: bool) -> Plan:
    editor = editor_on(qtbot, runner, lead)
    editor.category.setCurrentIndex(editor.category.findData("cross_department"))
    editor.plan_no.setText("长卫监计〔2026〕077号")
    editor.name.setText("产后母婴照护机构跨部门综合监管")
    check(editor.industries, "postpartum_care")
    if with_checklists:
        editor.checklists.item(0).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(editor.plan_saved) as saved:
        assert editor.save() is not None
    return saved.args[0]


def status_of(view: PlansView, plan_id: str) -> str:
    view.select_plan(plan_id)
    return view.tree.currentItem().text(4)


def test_a_new_plan_is_a_draft_until_filed(qtbot, view: PlansView, runner, demo_store: Store, lead) -> None:
    plan = new_plan(qtbot, runner, lead, with_checklists=True)
    view.reload()
    qtbot.waitUntil(lambda: not view.loading)
    assert status_of(view, plan.id) == "未备案"
    assert view.tree.currentItem().parent().text(0).startswith("跨部门综合监管")
    assert view.file_button.isEnabled()
    view.file_button.click()
    assert not view.file_button.isEnabled()  # while the filing is out
    qtbot.waitUntil(lambda: not view.busy)  # filed on the worker, then the list read again
    assert demo_store.get(Plan, plan.id).status == PlanStatus.REGISTERED
    assert status_of(view, plan.id) == "已备案" and not view.file_button.isEnabled()
    assert view.message.text() == f"计划 {plan.plan_no} 已备案"


def test_a_plan_without_checklists_is_not_filed(qtbot, view: PlansView, runner, demo_store: Store, lead) -> None:
    plan = new_plan(qtbot, runner, lead, with_checklists=False)
    view.reload()
    qtbot.waitUntil(lambda: not view.loading)
    view.select_plan(plan.id)
    view.file_button.click()
    qtbot.waitUntil(lambda: not view.busy)
    assert "检查表" in view.message.text() and "checklists" not in view.message.text()  # the interface's language
    assert demo_store.get(Plan, plan.id).status == PlanStatus.DRAFT
    assert view.file_button.isEnabled()


def test_a_saved_plan_is_chosen_in_the_list(qtbot, view: PlansView, demo_store: Store) -> None:
    editor = view.new_plan()
    qtbot.waitUntil(lambda: not editor.loading)
    editor.plan_no.setText("长卫监计〔2026〕079号")
    editor.name.setText("游泳场所专项")
    check(editor.industries, "swimming")
    with qtbot.waitSignal(editor.plan_saved) as saved:
        editor.save()
    qtbot.waitUntil(lambda: view.selected_plan_id() == saved.args[0].id)
    assert demo_store.get(Plan, saved.args[0].id).name == "游泳场所专项"


def test_bad_input_in_the_editor_saves_nothing(qtbot, runner: Runner, demo_store: Store, lead: Inspector) -> None:
    editor = editor_on(qtbot, runner, lead)
    editor.plan_no.setText("X-1")
    editor.name.setText("期间颠倒的计划")
    editor.end.setDate(editor.start.date().addDays(-1))
    before = len(demo_store.list(Plan))
    assert editor.save() is None
    assert "结束日期早于开始日期" in editor.error.text()
    assert len(demo_store.list(Plan)) == before


def test_the_editor_files_the_sampling_rules_with_the_plan(qtbot, runner, demo_store: Store, lead) -> None:
    editor = editor_on(qtbot, runner, lead)
    assert editor.exclude_dnd.isChecked()  # a routine category by default: do-not-disturb targets left out
    editor.category.setCurrentIndex(editor.category.findData("complaint"))
    assert not editor.exclude_dnd.isChecked()  # complaints may visit them
    editor.plan_no.setText("长卫监计〔2026〕078号")
    editor.name.setText("投诉举报核查")
    check(editor.industries, "hotel")
    editor.ratio_spins["D"].setValue(80)
    before = len(demo_store.list(Plan))
    assert editor.save() is None  # ratios other than the grades' need the lead's reason
    assert "须说明理由" in editor.error.text() and len(demo_store.list(Plan)) == before
    editor.override_reason.setText("投诉集中的 D 级对象另行处置")
    with qtbot.waitSignal(editor.plan_saved) as saved:
        editor.save()
    plan = saved.args[0]
    assert demo_store.get(Plan, plan.id).grade_override_reason == "投诉集中的 D 级对象另行处置"
    assert demo_store.get(Plan, plan.id).sampling_ratios == {
        "A": 0.05, "B": 0.2, "C": 0.6, "D": 0.8
    }  # fmt: skip
    config = SamplingConfig.for_plan(demo_store.get(Plan, plan.id))
    assert config.ratios["D"] == 0.8 and not config.exclude_do_not_disturb and config.include_complaints
