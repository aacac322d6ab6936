"""The assignment board: a real drop event reassigns through the store, Ctrl+Z restores, filters, code batches."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import pytest

from app.models.domain import InspectionCode, Inspector, Task
from app.store import Store
from app.ui.planning.board import CARDS_PER_CELL, MIME_TYPE, AssignmentBoard, encode_drag, week_start
from app.ui.qt import QApplication, QDragEnterEvent, QDropEvent, QLabel, QMimeData, QPoint, QPointF, Qt, QWidget


@pytest.fixture
def board(qtbot, demo_store: Store, lead: Inspector, make_runner) -> AssignmentBoard:
    widget = AssignmentBoard(make_runner(demo_store), lead)
    qtbot.add_widget(widget)
    widget.resize(1400, 800)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading)  # read on the runner's worker
    return widget


def movable_task(board: AssignmentBoard, store: Store) -> Task:
    """A scheduled task of the team with two inspectors, in a week that has a following week on the board."""
    last = board.weeks()[-1]
    tasks = store.find(Task, team=board.team, status="planned")
    return next(t for t in tasks if len(t.inspector_ids) == 2 and t.scheduled_on and week_start(t.scheduled_on) < last)


def drop(cell: QWidget, mime: QMimeData) -> bool:
    """Deliver a drag-enter and then a drop to `cell` as Qt does during a drag; whether the drop was accepted.

    Qt sends a drop only to the widget that accepted the drag-enter (QDragManager's current target), so the enter
    event comes first. PySide marks QDragEnterEvent's only constructor deprecated; Qt itself has no other.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(cell, enter)
    assert enter.isAccepted() == mime.hasFormat(MIME_TYPE)
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(cell, event)
    return event.isAccepted()


def test_dropping_a_card_reassigns_it_and_ctrl_z_restores(qtbot, board: AssignmentBoard, demo_store: Store) -> None:
    task = movable_task(board, demo_store)
    leaving, staying = task.inspector_ids
    newcomer = next(i.id for i in board.inspectors() if i.id not in task.inspector_ids)
    next_week = week_start(task.scheduled_on) + timedelta(weeks=1)
    outbox = len(demo_store.outbox())

    assert drop(board.cells[(newcomer, next_week)], encode_drag(task.id, leaving))
    qtbot.waitUntil(lambda: board.undo_stack.count() == 1)  # pushed once the store has the move

    moved = demo_store.get(Task, task.id)
    assert moved.inspector_ids == [staying, newcomer]
    assert moved.scheduled_on == task.scheduled_on + timedelta(weeks=1)  # same weekday, next week
    assert board.card(task.id, newcomer) is not None and board.card(task.id, leaving) is None
    sent = demo_store.outbox()[outbox:]
    fields = [(m["record_id"], sorted(m["fields"])) for m in sent]
    assert fields == [(task.id, ["inspector_ids", "scheduled_on", "updated_at"])]

    board.activateWindow()
    board.setFocus()
    qtbot.waitUntil(board.hasFocus)
    qtbot.keyClick(board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not board.busy)

    restored = demo_store.get(Task, task.id)
    assert (restored.inspector_ids, restored.scheduled_on) == (task.inspector_ids, task.scheduled_on)
    assert board.card(task.id, leaving) is not None and board.card(task.id, newcomer) is None
    assert board.undo_stack.canRedo()


def test_a_drop_onto_an_inspector_already_on_the_task_changes_nothing(board: AssignmentBoard, demo_store) -> None:
    task = movable_task(board, demo_store)
    leaving, staying = task.inspector_ids
    outbox = len(demo_store.outbox())
    assert not drop(board.cells[(staying, week_start(task.scheduled_on))], encode_drag(task.id, leaving))
    assert demo_store.get(Task, task.id).inspector_ids == task.inspector_ids
    assert len(demo_store.outbox()) == outbox and board.undo_stack.count() == 0
    assert "already on the task" in board.status_label.text()


def test_a_foreign_drag_is_refused(board: AssignmentBoard) -> None:
    mime = QMimeData()
    mime.setText("not a task")
    assert not drop(next(iter(board.cells.values())), mime)


def test_dropping_on_the_unscheduled_column_clears_the_date(qtbot, board: AssignmentBoard, demo_store) -> None:
    task = movable_task(board, demo_store)
    drop(board.cells[(task.inspector_ids[0], None)], encode_drag(task.id, task.inspector_ids[0]))
    qtbot.waitUntil(lambda: not board.busy)
    assert demo_store.get(Task, task.id).scheduled_on is None


def test_filters_narrow_the_cards(board: AssignmentBoard, demo_store: Store) -> None:
    everything = board.shown_task_ids()
    board.grade_filter.setCurrentIndex(board.grade_filter.findData("D"))
    graded = board.shown_task_ids()
    assert graded and graded < everything
    assert all(board._targets[board._tasks[i].target_id].grade == "D" for i in graded)
    board.category_filter.setCurrentIndex(board.category_filter.findData("complaint"))
    assert all(board._tasks[i].category == "complaint" for i in board.shown_task_ids())


def test_clicked_cards_go_out_as_one_code_request(qtbot, board: AssignmentBoard) -> None:
    shown = [(t.id, row) for (row, _), tasks in board.placed.items() if row for t in tasks[:CARDS_PER_CELL]]
    first = shown[0]
    second = next(card for card in shown if card[0] != first[0])
    for task_id, row in (first, second):
        qtbot.mouseClick(board.card(task_id, row), Qt.MouseButton.LeftButton)
    assert board.request_codes_button.isEnabled()
    with qtbot.waitSignal(board.code_requested) as sent:
        board.request_codes_button.click()
    assert sent.args == [sorted([first[0], second[0]])]
    assert board.selected == set() and not board.request_codes_button.isEnabled()


def test_undo_of_a_task_completed_meanwhile_is_refused_and_dropped(qtbot, board: AssignmentBoard, demo_store) -> None:
    task = movable_task(board, demo_store)
    leaving = task.inspector_ids[0]
    newcomer = next(i.id for i in board.inspectors() if i.id not in task.inspector_ids)
    assert drop(board.cells[(newcomer, week_start(task.scheduled_on))], encode_drag(task.id, leaving))
    qtbot.waitUntil(lambda: board.undo_stack.count() == 1)
    done = demo_store.get(Task, task.id).model_copy(update={"status": "completed"})
    demo_store.save(done)  # as a sync would bring in
    board.undo_stack.undo()
    qtbot.waitUntil(lambda: not board.busy)
    assert demo_store.get(Task, task.id).inspector_ids == done.inspector_ids
    assert board.status_label.text() == "已完成或已关闭的任务不能改派"  # the refusal, in the interface's language
    assert board.undo_stack.count() == 0 and not board.undo_stack.canRedo()


def test_a_refused_move_pushes_nothing_and_says_why(qtbot, board: AssignmentBoard, demo_store: Store) -> None:
    task = movable_task(board, demo_store)
    leaving = task.inspector_ids[0]
    newcomer = next(i.id for i in board.inspectors() if i.id not in task.inspector_ids)
    demo_store.save(demo_store.get(Task, task.id).model_copy(update={"status": "completed"}))  # the board not told
    assert drop(board.cells[(newcomer, week_start(task.scheduled_on))], encode_drag(task.id, leaving))
    qtbot.waitUntil(lambda: not board.busy)
    assert board.undo_stack.count() == 0 and "不能改派" in board.status_label.text()
    assert demo_store.get(Task, task.id).inspector_ids == task.inspector_ids


def test_tasks_with_a_valid_code_show_it_and_are_not_requested_again(qtbot, board: AssignmentBoard, demo_store) -> None:
    shown = [(t, row) for (row, _), tasks in board.placed.items() if row for t in tasks[:CARDS_PER_CELL]]
    (coded, coded_row), (other, other_row) = shown[0], next(s for s in shown if s[0].id != shown[0][0].id)
    now = datetime.now(UTC)
    code = InspectionCode(short_code="K7Q2M9", target_id=coded.target_id, target_credit_code="91110000600037341L",
                          task_ids=[coded.id], inspector_ids=coded.inspector_ids, valid_from=now,
                          valid_until=now + timedelta(days=1), issuer="长宁区卫生健康委员会", key_id="k1",
                          signature="c2ln")  # fmt: skip
    demo_store.save_many([code], synced=True)  # as the code request (or a pull) stores it
    board.reload()
    qtbot.waitUntil(lambda: not board.loading)
    badge = board.card(coded.id, coded_row).findChild(QLabel, "CodeBadge")
    assert badge is not None and "K7Q2M9" in badge.text()
    assert board.card(other.id, other_row).findChild(QLabel, "CodeBadge") is None
    for task, row in ((coded, coded_row), (other, other_row)):
        qtbot.mouseClick(board.card(task.id, row), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(board.code_requested) as sent:
        board.request_codes()
    assert sent.args == [[other.id]]
    assert "1 项任务已有有效检查码" in board.status_label.text()
