"""Plans (备案): a new plan is a draft under its category; filing needs checklists; a filed plan is marked so."""

from __future__ import annotations

import pytest

from app.models.domain import Inspector, Plan
from app.models.enums import PlanStatus
from app.rules.sampling import SamplingConfig
from app.store import Store
from app.ui.planning.plans_view import PlanEditor, PlansView
from app.ui.qt import QListWidget, Qt


@pytest.fixture
def view(qtbot, demo_store: Store, lead: Inspector) -> PlansView:
    widget = PlansView(demo_store, lead)
    qtbot.add_widget(widget)
    widget.show()
    return widget


def check(widget: QListWidget, *values: str) -> None:
    for i in range(widget.count()):
        if widget.item(i).data(Qt.ItemDataRole.UserRole) in values:
            widget.item(i).setCheckState(Qt.CheckState.Checked)


def new_plan(qtbot, store: Store, lead: Inspector, *, with_checklists: bool) -> Plan:
    editor = PlanEditor(store, lead.team)
    qtbot.add_widget(editor)
    editor.category.setCurrentIndex(editor.category.findData("cross_department"))
    editor.plan_no.setText("长卫监计〔2026〕077号")
    editor.name.setText("产后母婴照护机构跨部门综合监管")
    check(editor.industries, "postpartum_care")
    if with_checklists:
        editor.checklists.item(0).setCheckState(Qt.CheckState.Checked)
    plan = editor.save()
    assert plan is not None
    return plan


def status_of(view: PlansView, plan_id: str) -> str:
    view.select_plan(plan_id)
    return view.tree.currentItem().text(4)


def test_a_new_plan_is_a_draft_until_filed(qtbot, view: PlansView, demo_store: Store, lead: Inspector) -> None:
    plan = new_plan(qtbot, demo_store, lead, with_checklists=True)
    view.reload()
    assert status_of(view, plan.id) == "未备案"
    assert view.tree.currentItem().parent().text(0).startswith("跨部门综合监管")
    assert view.file_button.isEnabled()
    with qtbot.waitSignal(view.plans_changed):
        view.file_button.click()
    assert demo_store.get(Plan, plan.id).status == PlanStatus.REGISTERED
    assert status_of(view, plan.id) == "已备案" and not view.file_button.isEnabled()


def test_a_plan_without_checklists_is_not_filed(qtbot, view: PlansView, demo_store: Store, lead: Inspector) -> None:
    plan = new_plan(qtbot, demo_store, lead, with_checklists=False)
    view.reload()
    view.select_plan(plan.id)
    view.file_button.click()
    assert "检查表" in view.message.text() and "checklists" in view.message.text()
    assert demo_store.get(Plan, plan.id).status == PlanStatus.DRAFT


def test_bad_input_in_the_editor_saves_nothing(qtbot, demo_store: Store, lead: Inspector) -> None:
    editor = PlanEditor(demo_store, lead.team)
    qtbot.add_widget(editor)
    editor.plan_no.setText("X-1")
    editor.name.setText("期间颠倒的计划")
    editor.end.setDate(editor.start.date().addDays(-1))
    before = len(demo_store.list(Plan))
    assert editor.save() is None
    assert "结束日期早于开始日期" in editor.error.text()
    assert len(demo_store.list(Plan)) == before


def test_the_editor_files_the_sampling_rules_with_the_plan(qtbot, demo_store: Store, lead: Inspector) -> None:
    editor = PlanEditor(demo_store, lead.team)
    qtbot.add_widget(editor)
    assert editor.exclude_dnd.isChecked()  # a routine category by default: do-not-disturb targets left out
    editor.category.setCurrentIndex(editor.category.findData("complaint"))
    assert not editor.exclude_dnd.isChecked()  # complaints may visit them
    editor.plan_no.setText("长卫监计〔2026〕078号")
    editor.name.setText("投诉举报核查")
    check(editor.industries, "hotel")
    editor.ratio_spins["D"].setValue(80)
    plan = editor.save()
    assert plan is not None and demo_store.get(Plan, plan.id).sampling_ratios == {
        "A": 0.05, "B": 0.2, "C": 0.6, "D": 0.8
    }  # fmt: skip
    config = SamplingConfig.for_plan(demo_store.get(Plan, plan.id))
    assert config.ratios["D"] == 0.8 and not config.exclude_do_not_disturb and config.include_complaints
