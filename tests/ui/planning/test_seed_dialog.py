"""The draw's commitment from the planning pages (issue 15): the lead files the seed's hash from the plans page before
the draw; the draw dialog then uses that seed and will not change it; a draw with another seed is refused; a plan
drawn already cannot file one; a hash filed on another laptop asks for its seed."""

from __future__ import annotations

from app import planning
from app.models.domain import Inspector, Plan
from app.planning.draws import seed_hash
from app.rules.sampling import SamplingConfig
from app.store import Store
from app.ui.planning.plans_view import PlansView
from app.ui.planning.sampling_dialog import SamplingDialog
from app.ui.planning.seed_dialog import SeedDialog
from tests.ui.planning.test_sampling_dialog import district_plan


def _plans(qtbot, runner, lead: Inspector) -> PlansView:
    view = PlansView(runner, lead)
    qtbot.add_widget(view)
    qtbot.waitUntil(lambda: not view.loading)
    return view


def _dialog(qtbot, runner, lead: Inspector, plan: Plan) -> SamplingDialog:
    dialog = SamplingDialog(runner, lead, plan.id)
    qtbot.add_widget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.seed_note.text() != "")
    return dialog


def test_the_lead_files_the_seed_hash_and_the_draw_uses_that_seed(qtbot, demo_store: Store, lead, make_runner) -> None:
    runner = make_runner(demo_store)
    plan = district_plan(demo_store, lead)
    view = _plans(qtbot, runner, lead)
    view.select_plan(plan.id)
    seed_dialog = view.seed_selected()
    assert isinstance(seed_dialog, SeedDialog)
    qtbot.waitUntil(lambda: seed_dialog.state is not None)
    assert seed_dialog.file_button.isEnabled() and seed_dialog.hash_edit.text() == ""
    with qtbot.waitSignal(seed_dialog.filed, timeout=10_000) as filed:
        seed_dialog.file_button.click()
    filed_hash = filed.args[0].seed_hash
    seed = planning.committed_seed(demo_store, plan.id)
    assert seed is not None and filed_hash == seed_hash(seed) == demo_store.get(Plan, plan.id).seed_hash
    assert seed_dialog.hash_edit.text() == filed_hash and not seed_dialog.file_button.isEnabled()
    assert "本机" in seed_dialog.status.text()
    assert any(m["entity"] == "plans" and m["fields"].get("seed_hash") == filed_hash for m in demo_store.outbox())
    qtbot.waitUntil(lambda: "种子哈希已备案" in view.tree.currentItem().text(4))
    seed_dialog.close()

    dialog = _dialog(qtbot, runner, lead, plan)
    assert dialog.seed() == seed and dialog.seed_edit.isReadOnly() and not dialog.new_seed_button.isEnabled()
    with qtbot.waitSignal(dialog.drawn, timeout=20_000) as drawn:
        dialog.draw_button.click()
    assert drawn.args[0].draw.seed == seed

    dialog.seed_edit.setReadOnly(False)  # a seed typed in anyway: the draw refuses it
    dialog.seed_edit.setText(str(seed + 1))
    dialog.draw_button.click()
    qtbot.waitUntil(lambda: "不符" in dialog.message.text(), timeout=20_000)


def test_a_drawn_plan_cannot_file_and_a_hash_from_elsewhere_asks_for_its_seed(
    qtbot, demo_store: Store, lead, make_runner
) -> None:
    runner = make_runner(demo_store)
    plan = district_plan(demo_store, lead)
    result = planning.prepare_draw(demo_store, plan.id, SamplingConfig(), seed=11)
    planning.create_tasks_from_draw(demo_store, result, drawn_by=lead.username)
    late = SeedDialog(runner, plan.id)
    qtbot.add_widget(late)
    qtbot.waitUntil(lambda: late.state is not None)
    assert not late.file_button.isEnabled() and "已经抽取" in late.status.text()

    other = next(p for p in demo_store.find(Plan, team=lead.team) if p.id != plan.id and not p.seed_hash)
    demo_store.save(other.model_copy(update={"seed_hash": seed_hash(424242)}), changed={"seed_hash"})  # another laptop
    dialog = _dialog(qtbot, runner, lead, other)
    assert dialog.seed() is None and not dialog.seed_edit.isReadOnly() and "另一台电脑" in dialog.seed_note.text()
