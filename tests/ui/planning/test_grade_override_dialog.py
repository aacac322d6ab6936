"""A lead overrides the grades' sampling ratios on one plan with a recorded reason (issue 16), offscreen with the
UI-thread database guard on: refused for an inspector, another team's lead, an empty or NUL reason, a filed plan;
kept and taken back by the plan's lead; opened from the plans page; the draw dialog draws with it and says why."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app import planning
from app.models.domain import Inspector, Plan
from app.models.enums import PlanStatus, Role
from app.planning.draws import REASON_MAX
from app.resources import load_grading_config
from app.store import Store, guard
from app.ui.planning.grade_override_dialog import GradeOverrideDialog
from app.ui.planning.plans_view import PlansView
from app.ui.planning.sampling_dialog import SamplingDialog
from tests.helpers.runner import call

GRADING = load_grading_config()


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(guard.ENV, "1")  # the runner made next switches the guard on for the UI thread
    yield
    guard.allow()


def _draft(store: Store, lead: Inspector) -> Plan:
    base = store.find(Plan, team=lead.team, category="district_random")[0]
    fields = {"plan_no": "长卫监计〔2026〕300号", "name": "医美专项", "status": PlanStatus.DRAFT, "sampling_ratios": {}}
    return store.save(Plan(**{**base.model_dump(exclude={"id", "version", "updated_at"}), **fields}))


def _dialog(qtbot, runner, user: Inspector, plan_id: str) -> GradeOverrideDialog:
    dialog = GradeOverrideDialog(runner, user, plan_id)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.read is not None)
    return dialog


def _refused(qtbot, dialog: GradeOverrideDialog, reason: str) -> str:
    dialog.spins["A"].setValue(50)
    dialog.reason.setText(reason)
    with qtbot.waitSignal(dialog.refused) as refused:
        dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    return refused.args[0]


def test_an_inspector_or_another_teams_lead_cannot_override(qtbot, demo_store: Store, lead, make_runner, guarded):
    plan = _draft(demo_store, lead)
    inspector = next(i for i in demo_store.find(Inspector, team=lead.team) if i.role == Role.INSPECTOR)
    other = next(i for i in demo_store.find(Inspector, role=Role.TEAM_LEAD.value) if i.team != lead.team)
    runner = make_runner(demo_store)
    elsewhere = lead.model_copy(update={"district": "310104"})
    assert "只有科室负责人" in _refused(qtbot, _dialog(qtbot, runner, inspector, plan.id), "医美专项整治")
    assert "不是本科室" in _refused(qtbot, _dialog(qtbot, runner, other, plan.id), "医美专项整治")
    assert "不是本科室" in _refused(qtbot, _dialog(qtbot, runner, elsewhere, plan.id), "医美专项整治")
    stored = call(runner, lambda s: s.get(Plan, plan.id))
    assert stored.grade_override_reason is None and stored.sampling_ratios == {}


def test_an_empty_or_nul_reason_is_refused_and_a_huge_one_is_cut_at_the_limit(
    qtbot, demo_store: Store, lead, make_runner, guarded
):
    plan = _draft(demo_store, lead)
    runner = make_runner(demo_store)
    dialog = _dialog(qtbot, runner, lead, plan.id)
    assert "须说明理由" in _refused(qtbot, dialog, "   ")
    assert "控制字符" in _refused(qtbot, dialog, "专项\x00整治")
    dialog.reason.setText("理" * (REASON_MAX * 4))
    assert len(dialog.reason.text()) == REASON_MAX  # the field holds no more than a reason may be
    assert call(runner, lambda s: s.get(Plan, plan.id)).grade_override_reason is None


def test_a_lead_overrides_with_a_reason_and_goes_back(qtbot, demo_store: Store, lead, make_runner, guarded) -> None:
    plan = _draft(demo_store, lead)
    runner = make_runner(demo_store)
    dialog = _dialog(qtbot, runner, lead, plan.id)
    assert dialog.table.item(0, 1).text() == f"{GRADING.defaults['A'].sampling_ratio * 100:g} %"
    assert "按等级默认比例" in dialog.state.text() and not dialog.restore_button.isEnabled()
    dialog.spins["A"].setValue(50)
    dialog.reason.setText("医美专项整治：A 级也须多抽")
    with qtbot.waitSignal(dialog.overridden) as saved:
        dialog.save_button.click()
    assert saved.args[0].sampling_ratios["A"] == 0.5
    stored = call(runner, lambda s: s.get(Plan, plan.id))
    assert stored.grade_override_reason == "医美专项整治：A 级也须多抽"
    assert any(o["record_id"] == plan.id for o in call(runner, lambda s: s.outbox()))  # it syncs
    qtbot.waitUntil(lambda: "医美专项整治" in dialog.state.text() and dialog.restore_button.isEnabled())
    with qtbot.waitSignal(dialog.overridden):
        dialog.restore_button.click()
    stored = call(runner, lambda s: s.get(Plan, plan.id))
    assert stored.grade_override_reason is None and stored.sampling_ratios == {}


def test_a_filed_plans_ratios_are_shown_but_fixed(qtbot, demo_store: Store, lead, make_runner, guarded) -> None:
    plan = demo_store.find(Plan, team=lead.team, category="district_random", status="registered")[0]
    dialog = _dialog(qtbot, make_runner(demo_store), lead, plan.id)
    assert "已备案" in dialog.state.text()
    assert not dialog.save_button.isEnabled() and not dialog.spins["A"].isEnabled()


def test_the_plans_page_opens_it_and_the_draw_uses_the_override(qtbot, demo_store: Store, lead, make_runner) -> None:
    runner = make_runner(demo_store)
    plan = _draft(demo_store, lead)
    view = PlansView(runner, lead)
    qtbot.add_widget(view)
    qtbot.waitUntil(lambda: not view.loading)
    view.select_plan(plan.id)
    dialog = view.override_selected()
    assert isinstance(dialog, GradeOverrideDialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.read is not None)
    dialog.spins["B"].setValue(40)
    dialog.reason.setText("B 级投诉集中")
    with qtbot.waitSignal(dialog.overridden):
        dialog.save_button.click()
    dialog.close()
    call(runner, lambda s: planning.file_plan(s, plan.id))
    draw = SamplingDialog(runner, lead, plan.id)
    qtbot.add_widget(draw)
    qtbot.waitUntil(lambda: not draw.loading and draw.plan() is not None)
    qtbot.waitUntil(lambda: "B 级投诉集中" in draw.ratio_note.text())
    assert draw.config().ratios["B"] == 0.4 and draw.ratio_spins["B"].isReadOnly()
    assert draw.config().ratios["A"] == GRADING.defaults["A"].sampling_ratio
    result = call(runner, lambda s: planning.prepare_draw(s, plan.id, draw.config(), seed=11))
    assert planning.draw_record(result).grade_override_reason == "B 级投诉集中"
