"""The target profile (画像) on site: open correction orders, complaints, penalties, and a long inspection history
shown newest first with the rest on request."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.models import Inspection, InspectionStatus
from app.models.domain import Complaint, Penalty
from app.store import Store
from app.ui.target_profile import HISTORY_SHOWN, SHOW_ALL, TargetProfileView
from tests.onsite.world import site_world


def test_orders_complaints_penalties_and_a_long_history(qtbot, app, tmp_path: Path, make_runner) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        world = site_world(store)
        target_id = world.gate.target.id
        start = datetime(2024, 1, 1, 2, tzinfo=UTC)
        past = [
            Inspection(code_id=f"old-{n}", target_id=target_id, task_ids=[world.task.id], inspector_ids=["a", "b"],
                       status=InspectionStatus.COMPLETED, started_at=start + timedelta(days=n), findings=f"第{n}次")
            for n in range(HISTORY_SHOWN + 5)
        ]  # fmt: skip
        store.save_many(past, synced=True)
        complaint = Complaint(target_id=target_id, received_on=date(2026, 2, 1), summary="器械未灭菌")
        store.save_many([complaint], synced=True)
        store.save_many(
            [Penalty(target_id=target_id, decision_no="长卫医罚〔2026〕12号", decided_on=date(2026, 5, 6),
                     summary="警告", team="医疗机构科")],
            synced=True,
        )  # fmt: skip
        view = TargetProfileView(make_runner(store))
        qtbot.add_widget(view)
        with qtbot.waitSignal(view.shown):
            view.show_target(target_id)
        assert "器械未灭菌" in view.complaints_body.text() and "待处理" in view.complaints_body.text()
        assert "长卫医罚〔2026〕12号" in view.penalties_body.text() and "未公示" in view.penalties_body.text()
        assert "没有未完成的责令改正" in view.orders_body.text()
        history = view.history_body.text()
        assert view.history_title.text() == f"检查历史（{HISTORY_SHOWN + 5}）"
        assert f"第{HISTORY_SHOWN + 4}次" in history and "第0次" not in history and "显示全部" in history
        view.history_body.linkActivated.emit(SHOW_ALL)
        assert "第0次" in view.history_body.text()
