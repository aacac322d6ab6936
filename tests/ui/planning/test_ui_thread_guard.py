"""The lead's pages make no database call on the UI thread: with the guard on (as in debug runs, by the environment
variable), filing a plan, a board move and its undo, accepting a merge, a draw with its acceptance and export, and a
publication mark all run their Store calls on the runner's worker; a call on the UI thread would raise and fail the
test. What the test checks afterwards it reads through the worker too (tests/helpers/runner.call)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.models.domain import Inspector, Plan, Task
from app.models.enums import PlanStatus
from app.store import Store, guard
from app.store.guard import UIThreadDatabaseError
from app.ui.planning.board import AssignmentBoard, encode_drag, week_start
from app.ui.planning.merge_view import MergeView
from app.ui.planning.plans_view import PlansView
from app.ui.planning.progress_view import ProgressView
from app.ui.planning.sampling_dialog import SamplingDialog
from tests.helpers.runner import call
from tests.ui.planning.test_board import drop
from tests.ui.planning.test_merge_view import tasks  # noqa: F401 (fixture: two tasks to merge)


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(guard.ENV, "1")  # the runner made next switches the guard on for the UI thread
    yield
    guard.allow()


@pytest.mark.usefixtures("tasks")
def test_the_lead_pages_make_no_database_call_on_the_ui_thread(
    qtbot, demo_store: Store, lead: Inspector, make_runner, guarded, tmp_path: Path
) -> None:
    draft = demo_store.save(
        max(demo_store.find(Plan, team=lead.team, category="district_random"), key=lambda p: p.year).model_copy(
            update={"id": "draft-plan", "plan_no": "草稿-9", "status": PlanStatus.DRAFT}
        )
    )
    runner = make_runner(demo_store)
    with pytest.raises(UIThreadDatabaseError):
        demo_store.list(Plan)  # the guard is on: this very call, on the UI thread, is refused

    plans = PlansView(runner, lead)
    qtbot.add_widget(plans)
    qtbot.waitUntil(lambda: not plans.loading)
    plans.select_plan(draft.id)
    assert plans.file_selected()
    qtbot.waitUntil(lambda: not plans.busy)
    assert call(runner, lambda store: store.get(Plan, draft.id).status) == PlanStatus.REGISTERED

    board = AssignmentBoard(runner, lead)
    qtbot.add_widget(board)
    board.resize(1400, 800)
    board.show()
    qtbot.waitUntil(lambda: not board.loading)
    last = board.weeks()[-1]
    task = next(
        t for t in board._tasks.values()
        if len(t.inspector_ids) == 2 and t.scheduled_on and week_start(t.scheduled_on) < last
    )  # fmt: skip
    newcomer = next(i.id for i in board.inspectors() if i.id not in task.inspector_ids)
    next_week = week_start(task.scheduled_on) + timedelta(weeks=1)
    assert drop(board.cells[(newcomer, next_week)], encode_drag(task.id, task.inspector_ids[0]))
    qtbot.waitUntil(lambda: board.undo_stack.count() == 1)
    board.undo_stack.undo()
    qtbot.waitUntil(lambda: not board.busy)
    assert call(runner, lambda store: store.get(Task, task.id).inspector_ids) == task.inspector_ids

    merges = MergeView(runner, lead)
    qtbot.add_widget(merges)
    qtbot.waitUntil(lambda: not merges.loading)
    assert merges.proposals  # the two tasks on one target of the `tasks` fixture at least
    merges.table.selectRow(0)
    with qtbot.waitSignal(merges.merged):
        assert merges.accept_selected()

    dialog = SamplingDialog(runner, lead, draft.id)
    qtbot.add_widget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading and dialog.plan() is not None)
    dialog.seed_edit.setText("11")
    with qtbot.waitSignal(dialog.drawn, timeout=20_000):
        dialog.draw_button.click()
    with qtbot.waitSignal(dialog.tasks_created) as created:
        assert dialog.accept_draw()
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        assert dialog.export_to(tmp_path / "draw.xlsx")
    assert len(call(runner, lambda store: store.find(Task, plan_id=draft.id))) >= len(created.args[0]) > 0

    progress = ProgressView(runner, lead)
    qtbot.add_widget(progress)
    qtbot.waitUntil(lambda: progress.report is not None and not progress.loading)
    progress.set_year(None)
    qtbot.waitUntil(lambda: not progress.loading)
    progress.tabs.setCurrentWidget(progress.publications)
    progress.publications.selectRow(0)
    progress.mark_selected_published()
    qtbot.waitUntil(lambda: not progress.busy)
    assert progress.message.text()  # recorded, or why not: said either way, from the worker's answer
