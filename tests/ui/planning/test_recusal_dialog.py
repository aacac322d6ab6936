"""回避: a conflict declared in the dialog is a synced record, and the next draw keeps the inspector off that target."""

from __future__ import annotations

from app import planning
from app.models.domain import Plan, Recusal, Target
from app.store import Store
from app.ui.planning.recusal_dialog import RecusalDialog


def test_a_declared_conflict_is_saved_and_honoured_by_the_draw(qtbot, demo_store: Store, lead, make_runner) -> None:
    plan = max(demo_store.find(Plan, team=lead.team, category="district_random"), key=lambda p: p.year)
    target = demo_store.get(Target, planning.load_pool(demo_store, plan)[0].id)
    everything = planning.SamplingConfig(ratios={g: 1.0 for g in "ABCD"}, exclude_do_not_disturb=False)
    before_draw = planning.prepare_draw(demo_store, plan.id, everything, seed=3)
    inspector_id = next(t for t in before_draw.tasks if t.target_id == target.id).inspector_ids[0]
    dialog = RecusalDialog(make_runner(demo_store), lead.team)
    qtbot.add_widget(dialog)
    qtbot.waitUntil(lambda: dialog.inspector.count() > 0)  # the team is read on the runner's worker
    dialog.inspector.setCurrentIndex(dialog.inspector.findData(inspector_id))
    dialog.query.setText(target.credit_code)
    qtbot.waitUntil(lambda: dialog.matches.count() > 0)
    assert dialog.matches.currentItem().text().endswith(target.credit_code)

    before = len(demo_store.list(Recusal))
    with qtbot.waitSignal(dialog.refused) as refused:  # no reason given: refused, nothing saved
        assert dialog.declare()
    assert "原因" in refused.args[0] and "reason" not in refused.args[0]  # in the interface's language
    assert len(demo_store.list(Recusal)) == before
    dialog.reason.setText("配偶在该单位任职")
    with qtbot.waitSignal(dialog.declared) as saved:
        dialog.declare()
    assert saved.args[0].target_id == target.id and len(demo_store.list(Recusal)) == before + 1
    assert demo_store.outbox()[-1]["entity"] == "recusals"
    assert any("配偶在该单位任职" in dialog.existing.item(i).text() for i in range(dialog.existing.count()))

    result = planning.prepare_draw(demo_store, plan.id, everything, seed=3)  # the same seed as before
    assert inspector_id not in next(t for t in result.tasks if t.target_id == target.id).inspector_ids
