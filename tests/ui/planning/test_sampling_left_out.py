"""The draw preview names the targets the grade's visit limits left out of the pool, each with its reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app import planning
from app.models.domain import Inspection, Inspector, Plan, Target, Task
from app.rules.sampling import quota
from app.store import Store
from app.ui.planning.sampling_dialog import SamplingDialog
from tests.ui.planning.test_sampling_dialog import choose, dialog, district_plan, draw

__all__ = ["dialog"]  # the fixture, shared with the draw dialog's tests


def test_the_preview_says_which_targets_the_visit_limits_left_out(qtbot, dialog, demo_store: Store, lead: Inspector):
    plan = district_plan(demo_store, lead)
    entry = planning.load_pool(demo_store, plan)[0]
    target = demo_store.get(Target, entry.id)
    target = demo_store.save(target.model_copy(update={"grade": "D"}))  # four visits a year, 30 days apart
    other = next(p for p in demo_store.find(Plan, category="district_random") if p.id != plan.id)
    done = Task(plan_id=other.id, target_id=target.id, category="district_random", team=other.team, status="completed")
    started = datetime.now(UTC) - timedelta(days=3)
    visit = Inspection(
        code_id="code-past",
        target_id=target.id,
        task_ids=[done.id],
        inspector_ids=["i-1", "i-2"],
        status="completed",
        started_at=started,
        completed_at=started + timedelta(hours=1),
    )
    demo_store.save_many([done, visit], synced=True)
    choose(qtbot, dialog, plan)
    drawn = draw(qtbot, dialog, "20250601")
    assert target.id not in drawn and target.id in dialog.result.left_out
    text = dialog.message.text()
    assert "因年度检查上限或重复检查间隔未纳入对象库" in text
    assert f"{target.name}：距上次例行检查" in text and "撮合" in text


def test_the_quotas_leave_out_exempt_targets_and_the_record_names_them(
    qtbot, dialog, demo_store: Store, lead: Inspector, make_runner
) -> None:
    plan = district_plan(demo_store, lead)
    entry = next(e for e in planning.load_pool(demo_store, plan) if not e.do_not_disturb)
    target = demo_store.get(Target, entry.id)
    update = {
        "grade": "D",
        "do_not_disturb": True,
        "do_not_disturb_by": "decision",
        "do_not_disturb_reason": "停业装修",
    }
    target = demo_store.save(target.model_copy(update=update))
    counts = planning.pool_counts(demo_store, plan)
    choose(qtbot, dialog, plan)
    dialog._refresh_pool(plan)  # read again, as the pool is when the plan is chosen
    qtbot.waitUntil(lambda: not dialog.loading)
    d = 3  # the row of grade D
    out = int(dialog.pool_table.item(d, 2).text())
    assert out == counts.exempt["D"] + counts.capped["D"] >= 1
    ratio = dialog.config().ratios["D"]
    assert int(dialog.pool_table.item(d, 4).text()) == quota(ratio, int(dialog.pool_table.item(d, 1).text()) - out)
    dialog.exclude_dnd.setChecked(False)  # a plan that may visit them: they count again
    assert int(dialog.pool_table.item(d, 2).text()) == counts.capped["D"]
    dialog.exclude_dnd.setChecked(True)
    drawn = draw(qtbot, dialog, "20250601")
    assert target.id not in drawn
    rows = {dialog.left_out_table.item(r, 0).text(): r for r in range(dialog.left_out_table.rowCount())}
    assert target.name in rows and dialog.left_out_table.item(rows[target.name], 2).text() == "无事不扰：停业装修"
    assert "本次抽取未纳入" in dialog.left_out_title.text()
    with qtbot.waitSignal(dialog.tasks_created):
        dialog.accept_button.click()
    assert target.id in dialog.recorded.left_out
    again = SamplingDialog(make_runner(demo_store), lead, plan.id)  # the recorded draw, read back
    qtbot.add_widget(again)
    again.show()
    qtbot.waitUntil(lambda: not again.loading and "最近一次抽取记录未纳入" in again.left_out_title.text())
    names = [again.left_out_table.item(r, 0).text() for r in range(again.left_out_table.rowCount())]
    assert target.name in names
