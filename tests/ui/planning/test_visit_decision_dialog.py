"""A lead's visit decisions (issue 16), offscreen with the UI-thread database guard on: a 无事不扰 exemption decided
with a reason and an end date and lifted, an override reason kept on a task, refusals said; opened from the board."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from app.models.domain import Inspector, Target, Task
from app.store import Store, guard
from app.ui.planning.board import AssignmentBoard
from app.ui.planning.visit_decision_dialog import VisitDecisionDialog
from app.ui.qt import QDate, Qt
from tests.helpers.runner import call


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(guard.ENV, "1")  # the runner made next switches the guard on for the UI thread
    yield
    guard.allow()


def _open_task(store: Store) -> Task:
    return next(t for t in store.list(Task) if t.status == "planned" and t.category == "district_random")


def _dialog(qtbot, runner, target_id: str, task_id: str | None = None) -> VisitDecisionDialog:
    dialog = VisitDecisionDialog(runner, target_id, task_id)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.decide_button.isEnabled())
    return dialog


def test_a_lead_decides_and_lifts_an_exemption(qtbot, demo_store: Store, make_runner, guarded) -> None:
    runner = make_runner(demo_store)
    target_id = call(runner, lambda s: next(t.id for t in s.list(Target) if not t.do_not_disturb))
    dialog = _dialog(qtbot, runner, target_id)
    assert "不在无事不扰清单内" in dialog.state.text() and not dialog.lift_button.isEnabled()
    with qtbot.waitSignal(dialog.refused) as refused:
        dialog.decide_button.click()  # no reason
    assert "理由" in refused.args[0]
    qtbot.waitUntil(lambda: dialog.decide_button.isEnabled())
    until = date(date.today().year + 1, 3, 31)
    dialog.exemption_reason.setText("企业停业装修")
    dialog.until.setDate(QDate(until.year, until.month, until.day))
    with qtbot.waitSignal(dialog.decided) as decided:
        dialog.decide_button.click()
    assert decided.args[0].do_not_disturb_until == until
    stored = call(runner, lambda s: s.get(Target, target_id))
    assert (stored.do_not_disturb, stored.do_not_disturb_by, stored.do_not_disturb_reason) == (
        True,
        "decision",
        "企业停业装修",
    )
    qtbot.waitUntil(lambda: "企业停业装修" in dialog.state.text() and dialog.lift_button.isEnabled())
    with qtbot.waitSignal(dialog.decided):
        dialog.lift_button.click()
    assert call(runner, lambda s: s.get(Target, target_id).do_not_disturb) is False


def test_a_lead_keeps_an_override_reason_on_a_task(qtbot, demo_store: Store, make_runner, guarded) -> None:
    runner = make_runner(demo_store)
    task = call(runner, _open_task)
    dialog = _dialog(qtbot, runner, task.target_id, task.id)
    assert dialog.task.currentData() == task.id
    dialog.override_reason.setText("专项整治需要再次检查")
    with qtbot.waitSignal(dialog.allowed) as allowed:
        dialog.allow_button.click()
    assert allowed.args[0].visit_override_reason == "专项整治需要再次检查"
    assert call(runner, lambda s: s.get(Task, task.id).visit_override_reason) == "专项整治需要再次检查"
    assert any(o["record_id"] == task.id for o in call(runner, lambda s: s.outbox()))  # it syncs


def test_the_board_opens_it_for_the_selected_task(qtbot, demo_store: Store, lead: Inspector, make_runner) -> None:
    board = AssignmentBoard(make_runner(demo_store), lead)
    qtbot.add_widget(board)
    board.show()
    qtbot.waitUntil(lambda: not board.loading)
    assert board.open_visit_decisions() is None and "选择" in board.status_label.text()
    task_id, row = next((t.id, row) for (row, _), tasks in board.placed.items() if row for t in tasks[:1])
    qtbot.mouseClick(board.card(task_id, row), Qt.MouseButton.LeftButton)
    dialog = board.open_visit_decisions()
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy and dialog.task.count() > 0)
    assert dialog.task.currentData() == task_id
