"""The checklist by keyboard: one key per answer committed at once, Tab/J to the next unanswered, Enter for a note,
finishing refused with the missing items marked (nothing lost), reopening shows the answers, amendments after."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from shiboken6 import isValid

from app.models import CorrectionOrder, InspectionStatus, ItemResult, ResultValue, Task, TaskStatus
from app.models.domain import Amendment
from app.store import Store
from app.ui.onsite.document_preview import DocumentPreview
from app.ui.onsite.inspection_window import InspectionWindow, open_window
from app.ui.onsite.onsite_dialogs import AmendmentDialog, CorrectionOrderDialog, EvaluationDialog
from app.ui.qt import QApplication, Qt
from app.ui.runner import Runner
from tests.onsite.world import SiteWorld, site_world
from tests.ui.conftest import settle


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SiteWorld]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield site_world(store)


@pytest.fixture
def opened() -> Iterator[list[InspectionWindow]]:
    """Windows opened by a test, closed after it unless already closed (they delete themselves on close)."""
    windows: list[InspectionWindow] = []
    yield windows
    for window in windows:
        if isValid(window):
            window.close()


@pytest.fixture
def runner(world: SiteWorld, make_runner) -> Runner:
    return make_runner(world.store)


def _window(qtbot, runner: Runner, code_id: str, opened: list[InspectionWindow]) -> InspectionWindow:
    before = len(opened)
    open_window(runner, code_id, opened.append)
    qtbot.waitUntil(lambda: len(opened) > before)
    window = opened[-1]
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # keys and shortcuts need the active window
    return window


def _results(qtbot, runner: Runner, store: Store) -> dict[str, tuple[str, str]]:
    """The results as stored, once every write sent has run."""
    settle(qtbot, runner)
    return {r.item_id: (r.result, r.note) for r in store.list(ItemResult)}


def test_one_key_per_answer_committed_at_once_with_progress(qtbot, world: SiteWorld, runner, app, opened) -> None:
    code = world.code_for(world.task)
    window = _window(qtbot, runner, code.id, opened)
    view = window.view
    assert window.progress_label.text() == "已答 0 / 8" and view.current_item().id == world.items[0].id
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_Y)
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert _results(qtbot, runner, world.store) == {
        world.items[0].id: ("compliant", ""),
        world.items[1].id: ("compliant", ""),
        world.items[2].id: ("not_applicable", ""),
    }
    assert window.progress_label.text() == "已答 3 / 8" and view.current_item().id == world.items[3].id
    qtbot.keyClick(view, Qt.Key.Key_Down)  # over the second checklist's heading
    assert view.current_item().id == world.items[4].id
    qtbot.keyClick(view, Qt.Key.Key_J)  # the next unanswered
    assert view.current_item().id == world.items[5].id
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Tab)  # 6, 7, then round to the one skipped
    assert view.current_item().id == world.items[3].id
    qtbot.keyClick(view, Qt.Key.Key_2)  # non-compliant: the note is asked for at once
    assert window.note_edit.hasFocus()
    window.note_edit.insert("消毒记录缺失")  # Chinese comes through the input method, not as key codes
    qtbot.keyClick(window.note_edit, Qt.Key.Key_Return)
    assert _results(qtbot, runner, world.store)[world.items[3].id] == ("non_compliant", "消毒记录缺失")
    assert view.hasFocus() and view.current_item().id == world.items[4].id
    model = window.model
    assert model.data(model.index(model.row_of(world.items[3].id), 3)) == "消毒记录缺失"


def test_finishing_too_early_lists_and_marks_what_is_missing_and_keeps_every_answer(
    qtbot, world, runner, app, opened
) -> None:
    code = world.code_for(world.task)
    window = _window(qtbot, runner, code.id, opened)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    qtbot.keyClick(window.note_edit, Qt.Key.Key_Escape)  # no note now
    window.finish()
    qtbot.waitUntil(lambda: "项未检查" in window.message.text())
    text = window.message.text()
    assert "6 项未检查" in text and world.items[2].code in text and "须填写说明或附照片" in text
    assert window.model.problems == {i.id for i in world.items[1:]}
    assert window.view.current_item().id == world.items[2].id  # the first missing one, to go on from
    assert len(_results(qtbot, runner, world.store)) == 2
    assert world.store.get(Task, world.task.id).status == TaskStatus.IN_PROGRESS


def test_reopening_shows_the_answers_as_stored(qtbot, world: SiteWorld, runner, app, opened) -> None:
    code = world.code_for(world.task)
    first = _window(qtbot, runner, code.id, opened)
    for key in (Qt.Key.Key_1, Qt.Key.Key_3):
        qtbot.keyClick(first.view, key)
    first.findings.setPlainText("发现一处问题")
    first.close()  # saves the findings it was waiting to save
    again = _window(qtbot, runner, code.id, opened)
    assert again.progress_label.text() == "已答 2 / 8" and again.findings.toPlainText() == "发现一处问题"
    assert again.model.results[world.items[1].id] == ResultValue.NOT_APPLICABLE


def test_a_finished_inspection_is_locked_and_changed_only_by_amendment(qtbot, world, runner, app, opened) -> None:
    code = world.code_for(world.task)
    window = _window(qtbot, runner, code.id, opened)
    for _ in world.items:
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    with qtbot.waitSignal(window.finished):
        qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.locked and isinstance(window.dialog, EvaluationDialog)
    assert code.short_code in window.dialog.url.text() and "/c/" in window.dialog.url.text()
    window.dialog.close()
    window.view.go_to_item(world.items[0].id)
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # locked: the key does nothing
    assert _results(qtbot, runner, world.store)[world.items[0].id][0] == "compliant"
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # Enter on a locked item: amend
    dialog = window.dialog
    assert isinstance(dialog, AmendmentDialog)
    dialog.result.setCurrentIndex(dialog.result.findData("non_compliant"))
    dialog.accept()  # no reason: refused, the dialog stays with what was chosen
    qtbot.waitUntil(lambda: dialog.error.text() == "更正须说明原因，未保存")  # in the interface's language
    assert world.store.list(Amendment) == []
    dialog.reason.setText("复核录像，原结果录入错误")
    dialog.accept()
    settle(qtbot, runner)
    [amendment] = world.store.list(Amendment)
    assert (amendment.old_value, amendment.new_value) == ("compliant", "non_compliant")
    assert window.model.results[world.items[0].id] == "non_compliant"
    row = window.model.row_of(world.items[0].id)
    assert window.model.data(window.model.index(row, 3)).startswith("（已更正）")
    assert world.store.get(type(window.inspection), window.inspection.id).status == InspectionStatus.COMPLETED
    window.activateWindow()  # back from the amendment dialog
    window.findings.setFocus()
    qtbot.waitUntil(window.findings.hasFocus)
    qtbot.keyClick(window.findings, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # the findings, amended
    qtbot.waitUntil(lambda: window.dialog is not dialog)
    window.dialog.note.setText("补充：紫外线灯未登记")
    window.dialog.reason.setText("补录")
    window.dialog.accept()
    settle(qtbot, runner)
    assert window.findings.toPlainText() == "补充：紫外线灯未登记" and len(world.store.list(Amendment)) == 2


def test_a_correction_order_from_the_window_schedules_the_follow_up(qtbot, world, runner, app, opened) -> None:
    code = world.code_for(world.task)
    window = _window(qtbot, runner, code.id, opened)
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert "没有不符合项" in window.message.text() and window.dialog is None
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    qtbot.keyClick(window.note_edit, Qt.Key.Key_Escape)
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.dialog, CorrectionOrderDialog))
    dialog = window.dialog
    assert isinstance(dialog, CorrectionOrderDialog) and dialog.chosen_item_ids() == [world.items[0].id]
    dialog.accept()  # no requirements: refused, the dialog stays
    qtbot.waitUntil(lambda: dialog.error.text() == "请填写改正要求")  # in the interface's language
    assert world.store.list(CorrectionOrder) == []
    standard = dialog.demands.item(0, 1).text()
    assert standard and dialog.edited_demands() == {}  # the catalogue's demand, shown to be edited
    dialog.demands.item(0, 1).setText("立即补全本月消毒记录")
    dialog.requirements.setPlainText("补全消毒记录")
    dialog.accept()
    settle(qtbot, runner)
    [order] = world.store.list(CorrectionOrder)
    assert order.demands == {world.items[0].id: "立即补全本月消毒记录"}
    follow_up = world.store.get(Task, order.follow_up_task_id)
    assert follow_up.category == "follow_up" and follow_up.scheduled_on == dialog.chosen_deadline()
    assert follow_up.scheduled_on.isoformat() in window.message.text()


def test_the_code_and_the_documents_open_from_the_window(qtbot, world: SiteWorld, runner, app, opened) -> None:
    code = world.code_for(world.task)
    window = _window(qtbot, runner, code.id, opened)
    with qtbot.waitSignal(window.code_shown) as shown:
        window.show_code()
    display = shown.args[0]
    assert display.short_code.text() == code.short_code and display.banner.property("valid")
    display.close()
    window.activateWindow()  # back from the full-screen code
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = window.dialog
    assert isinstance(preview, DocumentPreview)
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=30_000)
    assert preview.pdf.startswith(b"%PDF")
    preview.close()
