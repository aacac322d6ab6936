"""The complaints dialog: the reply deadlines with the overdue ones marked and counted; a complaint closed with its
reply and date, refused (and said) with a reply of only spaces; the target profile shows the overdue deadline and the
reply."""

from __future__ import annotations

from datetime import date, timedelta

from app.models import Target
from app.models.domain import Complaint
from app.planning.named_tasks import record_complaint
from app.store import Store
from app.ui.tasks import ComplaintsDialog

TODAY = date(2026, 11, 20)


def test_reply_deadlines_shown_and_a_complaint_closed_with_its_reply(qtbot, demo_store: Store, make_runner) -> None:
    salon = next(t for t in demo_store.find(Target, industry="beauty_salon"))
    overdue = record_complaint(
        demo_store, target_id=salon.id, summary="毛巾重复使用", received_on=TODAY - timedelta(days=30),
        reply_due_on=TODAY - timedelta(days=3), source="12345市民热线",
    )  # fmt: skip
    record_complaint(demo_store, target_id=salon.id, summary="噪音扰民", received_on=TODAY)
    dialog = ComplaintsDialog(make_runner(demo_store), today=TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.lines) == 2, timeout=10_000)
    assert "待答复 2 件，其中逾期 1 件" in dialog.summary.text()
    assert dialog.table.item(0, 5).text() == "逾期 3 天未答复" and dialog.table.item(1, 5).text() == "待答复"
    assert dialog.table.item(0, 1).text() == salon.name

    dialog.select_complaint(overdue.id)
    assert not dialog.close_button.isEnabled()  # a reply first
    dialog.reply.setPlainText("   ")
    assert not dialog.close_button.isEnabled()
    dialog.reply.setPlainText("经现场核查，已责令该店整改毛巾消毒")
    with qtbot.waitSignal(dialog.closed_complaint, timeout=10_000):
        dialog.close_button.click()
    stored = demo_store.get(Complaint, overdue.id)
    assert (stored.status, stored.reply, stored.replied_on) == ("closed", "经现场核查，已责令该店整改毛巾消毒", TODAY)
    qtbot.waitUntil(lambda: "待答复 1 件，其中逾期 0 件" in dialog.summary.text(), timeout=10_000)
    closed_row = next(r for r, line in enumerate(dialog.lines) if line.complaint.id == overdue.id)
    assert dialog.table.item(closed_row, 5).text() == f"已办结，{TODAY.isoformat()} 答复（逾期答复）"
    dialog.select_complaint(overdue.id)
    assert dialog.reply.isReadOnly() and not dialog.close_button.isEnabled()  # closed once


def test_the_profile_shows_an_overdue_deadline_and_a_reply(qtbot, demo_store: Store, make_runner) -> None:
    from app.ui.target_profile import TargetProfileView

    salon = next(t for t in demo_store.find(Target, industry="beauty_salon"))
    long_ago = date.today() - timedelta(days=60)
    record_complaint(
        demo_store, target_id=salon.id, summary="毛巾重复使用", received_on=long_ago, reply_due_on=long_ago
    )
    answered = Complaint(
        target_id=salon.id, received_on=long_ago, summary="噪音扰民", status="closed", reply="已协调整改",
        replied_on=long_ago + timedelta(days=5),
    )  # fmt: skip
    demo_store.save_many([answered], synced=True)
    view = TargetProfileView(make_runner(demo_store))
    qtbot.add_widget(view)
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.show_target(salon.id)
    text = view.complaints_body.text()
    assert f"逾期未答复（答复期限 {long_ago.isoformat()}）" in text
    assert f"已办结，{(long_ago + timedelta(days=5)).isoformat()} 答复" in text and "已协调整改" in text
