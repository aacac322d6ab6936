"""The lead's dialogs: a complaint recorded with its task from the dialog (target searched, source, dates, content);
a cross-department task refused without a filed plan, in words; one task's checklists changed by ticking."""

from __future__ import annotations

from app.models import Checklist, Inspector, Target, Task
from app.models.domain import Complaint
from app.store import Store
from app.ui.qt import QDialogButtonBox, Qt
from app.ui.tasks import NamedTaskDialog, TaskChecklistsDialog


def _lead(store: Store) -> Inspector:
    return store.find(Inspector, username="lead.public")[0]


def test_a_complaint_and_its_task_from_the_dialog(qtbot, demo_store: Store, make_runner) -> None:
    runner = make_runner(demo_store)
    salon = next(t for t in demo_store.find(Target, industry="beauty_salon"))
    dialog = NamedTaskDialog(runner, _lead(demo_store), "complaint")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.query.setText(salon.credit_code)
    qtbot.waitUntil(lambda: dialog.target_id() == salon.id, timeout=10_000)
    assert not ok.isEnabled()  # the complaint's content first
    dialog.source.setCurrentText("12345市民热线")
    dialog.content.setPlainText("顾客反映毛巾重复使用、未消毒")
    assert ok.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        ok.click()
    task: Task = saved.args[0]
    assert (task.category, task.target_id) == ("complaint", salon.id)
    [complaint] = demo_store.find(Complaint, task_id=task.id)
    assert (complaint.source, complaint.summary) == ("12345市民热线", "顾客反映毛巾重复使用、未消毒")
    assert task.due_on == complaint.reply_due_on
    assert [c.code for c in demo_store.find(Checklist, id=task.checklist_ids)] == ["BTY"]

    checklists = TaskChecklistsDialog(runner, task.id)
    qtbot.addWidget(checklists)
    qtbot.waitUntil(lambda: checklists.checklists.count() == len(demo_store.list(Checklist)), timeout=10_000)
    assert checklists.chosen() == task.checklist_ids
    hotel = next(c for c in demo_store.list(Checklist) if c.code == "HTL")
    items = [checklists.checklists.item(n) for n in range(checklists.checklists.count())]
    next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == hotel.id).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(checklists.saved, timeout=10_000):
        checklists.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert demo_store.get(Task, task.id).checklist_ids == [*task.checklist_ids, hotel.id]


def test_a_cross_department_task_needs_the_department_and_a_filed_plan(qtbot, demo_store: Store, make_runner) -> None:
    runner = make_runner(demo_store)
    hotel = next(t for t in demo_store.find(Target, industry="hotel"))
    dialog = NamedTaskDialog(runner, _lead(demo_store), "cross_department")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.query.setText(hotel.credit_code)
    qtbot.waitUntil(lambda: dialog.target_id() == hotel.id, timeout=10_000)
    assert not ok.isEnabled() and not dialog.content.isVisibleTo(dialog)
    dialog.department.setText("长宁区市场监督管理局")
    before = len(demo_store.list(Task))
    ok.click()
    qtbot.waitUntil(lambda: "跨部门" in dialog.message.text(), timeout=10_000)  # the demo files no such plan
    assert len(demo_store.list(Task)) == before
