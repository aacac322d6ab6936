"""Referrals in the lead's dialog: a letter recorded with its answer due, listed with its status, then answered."""

from __future__ import annotations

from datetime import date

from app.models import Inspector
from app.models.domain import Referral
from app.store import Store
from app.ui.tasks.referral_dialog import ReferralDialog


def test_a_letter_recorded_listed_and_answered(qtbot, demo_store: Store, make_runner) -> None:
    lead = demo_store.find(Inspector, username="lead.public")[0]
    today = date(2026, 11, 2)
    dialog = ReferralDialog(make_runner(demo_store), lead, today)
    qtbot.addWidget(dialog)
    assert not dialog.record_button.isEnabled()  # number and subject first
    dialog.kind.setCurrentIndex(1)  # 协查函
    dialog.document_no.setText("长卫协〔2026〕7号")
    dialog.subject.setPlainText("请协查该单位医疗器械购进渠道")
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as recorded:
        dialog.record_button.click()
    letter: Referral = recorded.args[0]
    assert (letter.kind, letter.direction, letter.team) == ("assistance", "sent", lead.team)
    assert letter.answer_due_on == date(2026, 11, 17)
    qtbot.waitUntil(lambda: any("7号" in dialog.letters.item(n).text() for n in range(dialog.letters.count())))
    row = next(n for n in range(dialog.letters.count()) if "7号" in dialog.letters.item(n).text())
    assert "待答复" in dialog.letters.item(row).text() and "协查函" in dialog.letters.item(row).text()
    dialog.letters.setCurrentRow(row)
    dialog.answer.setText("已协查，购进渠道合法")
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):
        dialog.answer_button.click()
    stored = demo_store.get(Referral, letter.id)
    assert (stored.answered_on, stored.answer) == (today, "已协查，购进渠道合法")


def test_a_letter_received_opens_a_complaint_task_on_the_target_chosen(qtbot, demo_store: Store, make_runner) -> None:
    from app.models import Target, Task
    from app.models.domain import Complaint

    lead = demo_store.find(Inspector, username="lead.public")[0]
    salon = next(t for t in demo_store.find(Target, industry="beauty_salon"))
    dialog = ReferralDialog(make_runner(demo_store), lead)  # today: the demo's plans cover it
    qtbot.addWidget(dialog)

    def row_of(no: str) -> int:
        qtbot.waitUntil(lambda: any(no in dialog.letters.item(n).text() for n in range(dialog.letters.count())))
        return next(n for n in range(dialog.letters.count()) if no in dialog.letters.item(n).text())

    for direction, no in (("sent", "长卫移〔2026〕8号"), ("received", "长市监移〔2026〕9号")):
        dialog.direction.setCurrentIndex(dialog.direction.findData(direction))
        dialog.document_no.setText(no)
        dialog.subject.setPlainText("该美容店涉嫌使用未消毒器械")
        with qtbot.waitSignal(dialog.recorded, timeout=10_000):
            dialog.record_button.click()
    dialog.letters.setCurrentRow(row_of("长卫移〔2026〕8号"))
    assert not dialog.task_button.isEnabled()  # a letter sent opens no task
    dialog.letters.setCurrentRow(row_of("长市监移〔2026〕9号"))
    assert not dialog.task_button.isEnabled()  # received, but no target named yet
    dialog.query.setText(salon.credit_code)
    qtbot.waitUntil(lambda: dialog.targets.count() == 1, timeout=10_000)
    dialog.targets.setCurrentRow(0)
    assert dialog.task_button.isEnabled()
    with qtbot.waitSignal(dialog.task_opened, timeout=10_000) as opened:
        dialog.task_button.click()
    task: Task = opened.args[0]
    assert (task.category, task.target_id) == ("complaint", salon.id)
    [complaint] = demo_store.find(Complaint, task_id=task.id)
    assert complaint.source == "部门移送" and "长市监移〔2026〕9号" in complaint.summary
    assert "已由来函立项" in dialog.message.text()
    qtbot.waitUntil(lambda: salon.name in dialog.letters.item(row_of("长市监移〔2026〕9号")).text())  # now linked
    dialog.letters.setCurrentRow(row_of("长市监移〔2026〕9号"))
    before = len(demo_store.list(Task))
    dialog.task_button.click()  # its task is still open: refused, in words
    qtbot.waitUntil(lambda: "任务尚未完成" in dialog.message.text(), timeout=10_000)
    assert len(demo_store.list(Task)) == before
