"""The draw dialog: reproducible from a seed, tasks only under a filed plan, export for publication."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app import planning
from app.models.domain import Inspector, Plan, Task
from app.models.enums import PlanStatus
from app.store import Store
from app.ui.planning.sampling_dialog import BAD_SEED, SamplingDialog


@pytest.fixture
def dialog(qtbot, demo_store: Store, lead: Inspector, make_runner) -> SamplingDialog:
    widget = SamplingDialog(make_runner(demo_store), lead)
    qtbot.add_widget(widget)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading)  # the plans and the pool are read on the runner's worker
    return widget


def choose(qtbot, dialog: SamplingDialog, plan: Plan) -> None:
    dialog.plan_combo.setCurrentIndex(dialog.plan_combo.findData(plan.id))
    qtbot.waitUntil(lambda: not dialog.loading)


def district_plan(store: Store, lead: Inspector) -> Plan:
    plans = store.find(Plan, team=lead.team, category="district_random")
    return max(plans, key=lambda p: p.year)


def draw(qtbot, dialog: SamplingDialog, seed: str) -> list[str]:
    dialog.seed_edit.setText(seed)
    with qtbot.waitSignal(dialog.drawn, timeout=20_000) as answer:
        dialog.draw_button.click()
        assert dialog.running and dialog.cancel_button.isEnabled()
    return answer.args[0].draw.selected_ids


def test_the_same_seed_draws_the_same_targets_and_accepting_creates_tasks(qtbot, dialog, demo_store, lead) -> None:
    plan = district_plan(demo_store, lead)
    choose(qtbot, dialog, plan)
    first = draw(qtbot, dialog, "20250601")
    assert draw(qtbot, dialog, "20250601") == first
    assert draw(qtbot, dialog, "7") != first
    draw(qtbot, dialog, "20250601")
    assert dialog.preview.rowCount() == len(first) and "20250601" in dialog.message.text()
    left_out = int(dialog.pool_table.item(3, 2).text())  # 无事不扰 and the visit limits: not in the quota's base
    assert int(dialog.pool_table.item(3, 4).text()) == int(dialog.pool_table.item(3, 1).text()) - left_out  # D: 100%

    with qtbot.waitSignal(dialog.tasks_created) as created:
        dialog.accept_button.click()
        assert not dialog.accept_button.isEnabled()  # while the tasks are written
    saved = [demo_store.get(Task, i) for i in created.args[0]]
    assert sorted(t.target_id for t in saved) == sorted(first)
    assert all(t.plan_id == plan.id and len(t.inspector_ids) >= 2 for t in saved)
    assert {m["record_id"] for m in demo_store.outbox()} >= set(created.args[0])


def test_a_plan_not_filed_gets_no_tasks(qtbot, dialog, demo_store: Store, lead) -> None:
    filed = district_plan(demo_store, lead)
    draft = demo_store.save(
        filed.model_copy(update={"id": "draft-plan", "plan_no": "草稿-1", "status": PlanStatus.DRAFT})
    )
    dialog._load_plans(draft.id)
    qtbot.waitUntil(lambda: dialog.plan() is not None and dialog.plan().id == draft.id and not dialog.loading)
    before = len(demo_store.list(Task))
    with qtbot.waitSignal(dialog.draw_failed, timeout=20_000) as failed:
        dialog.draw_button.click()
    assert "尚未备案" in failed.args[0] and "not filed" not in failed.args[0]  # in the interface's language
    assert not dialog.accept_button.isEnabled()
    assert len(demo_store.list(Task)) == before


def test_an_export_that_cannot_be_written_says_so(qtbot, dialog, demo_store, lead, tmp_path: Path) -> None:
    choose(qtbot, dialog, district_plan(demo_store, lead))
    draw(qtbot, dialog, "5")
    with qtbot.waitSignal(dialog.draw_failed, timeout=20_000) as failed:
        dialog.export_to(tmp_path / "no such folder" / "draw.xlsx")
    assert failed.args[0].startswith("无法写入文件：") and dialog.export_button.isEnabled()


def test_a_bad_seed_is_refused_before_drawing(dialog: SamplingDialog) -> None:
    dialog.seed_edit.setText("12ab")
    dialog.draw_button.click()
    assert dialog.message.text() == BAD_SEED and not dialog.running


def test_the_export_holds_the_seed_the_digest_and_every_drawn_target(qtbot, dialog, demo_store, lead, tmp_path: Path):
    choose(qtbot, dialog, district_plan(demo_store, lead))
    drawn = draw(qtbot, dialog, "99")
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as exported:
        assert dialog.export_to(tmp_path / "draw.xlsx")
    path = exported.args[0]

    book = openpyxl.load_workbook(path)
    about = {row[0]: row[1] for row in book["说明 About"].iter_rows(values_only=True)}
    assert about["随机种子 / Seed"] == "99"
    assert about["对象输入摘要 / Target inputs SHA-256"] == dialog.result.draw.input_digest
    targets = list(book["抽取对象 Targets"].iter_rows(values_only=True))
    assert targets[0][:2] == ("序号 / No.", "对象编号 / Target id")
    assert [row[1] for row in targets[1:]] == dialog.result.draw.selected_ids == drawn
    staffed = list(book["检查人员 Inspectors"].iter_rows(values_only=True))[1:]
    assert len(staffed) == len(drawn) and all(len(row[3].split("、")) == 2 for row in staffed)
    left_out = dialog.result.not_taken()  # 无事不扰 and the visit limits: published with their reasons, by name
    assert left_out, "the demo's pool has targets the draw cannot take"
    listed = list(book["未纳入对象 Left out"].iter_rows(min_row=2, values_only=True))
    assert {row[1]: row[4] for row in listed} == {t: str(r) for t, r in left_out.items()}
    assert all(row[2] and " / " in row[4] for row in listed)  # named, the reason in Chinese and English


def test_verify_re_runs_the_recorded_draw_and_says_whether_it_is_identical(qtbot, dialog, demo_store, lead) -> None:
    choose(qtbot, dialog, district_plan(demo_store, lead))
    draw(qtbot, dialog, "2024")
    with qtbot.waitSignal(dialog.tasks_created) as created:
        assert dialog.accept_draw()
    ids = created.args[0]
    [record] = planning.recorded_draws(demo_store, dialog.plan().id)
    assert sorted(record.task_ids.values()) == sorted(ids) and record.drawn_by == lead.id and record.seed == 2024
    assert dialog.verify_button.isEnabled()
    with qtbot.waitSignal(dialog.verified, timeout=20_000) as answer:
        dialog.verify_button.click()
    assert answer.args[0].identical and "完全一致" in dialog.message.text()

    tampered = record.model_copy(update={"target_ids": record.target_ids[1:]})  # a target struck off the list
    demo_store.save_many([tampered], synced=True)
    dialog.recorded = None  # as when the dialog is opened again later: the plan's latest record is checked
    dialog._refresh_pool(dialog.plan())  # read again, as the pool is when the plan is chosen
    qtbot.waitUntil(lambda: not dialog.loading)
    with qtbot.waitSignal(dialog.verified, timeout=20_000) as answer:
        dialog.verify_button.click()
    assert not answer.args[0].identical
    assert "不一致" in dialog.message.text() and "other targets" in dialog.message.text()
