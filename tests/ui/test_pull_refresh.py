"""Every page refreshes after a pull that changes its records, without a reload, keeping its selection.

The main window is open as a team lead with something chosen on each page; then one real pull (`apply_remote`, on the
runner's store, as the sync engine applies a page) renames targets and a plan and completes a task. Each page shows the
change by itself (the store's change notifications), `MainWindow.reload` is never called, and what was chosen stays
chosen. (The conflicts page lists conflicts the sync records, which a pull alone never makes.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from app.models import Record
from app.models.domain import Inspector, Plan, Target, Task
from app.models.enums import TaskStatus
from app.models.wire import Change
from app.store import Store
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.target_table import Column
from tests.helpers.sql import sql


def _pulled(record: Record, seq: int, **changes: object) -> Change:
    """The server's next version of `record`, as a pulled change-log entry."""
    data = record.model_copy(update=changes).model_dump(mode="json")
    return Change(seq=seq, entity=record.entity, id=record.id, version=record.version + 1, data=data)


@pytest.fixture
def lead(demo_store: Store) -> Inspector:
    return demo_store.find(Inspector, username="lead.public")[0]


@pytest.fixture
def visit_task(demo_store: Store, lead: Inspector) -> Task:
    """One of the team's planned tasks, the lead among its inspectors (as synced), so Today lists it."""
    task = demo_store.find(Task, team=lead.team, status="planned")[0]
    task = task.model_copy(update={"inspector_ids": [lead.id, *task.inspector_ids], "scheduled_on": date(2027, 1, 5)})
    demo_store.save_many([task], synced=True)
    return task


@pytest.fixture
def merge_tasks(demo_store: Store, lead: Inspector) -> list[Task]:
    """Two tasks of different categories on one untouched target, a merge proposal."""
    [(target_id,)] = sql(demo_store, "SELECT id FROM targets WHERE id NOT IN (SELECT target_id FROM tasks) LIMIT 1")
    plan = demo_store.find(Plan, team=lead.team, category="district_random")[0]
    people = [i.id for i in demo_store.find(Inspector, team=lead.team, role="inspector")[:2]]
    made = [
        Task(plan_id=plan.id, target_id=target_id, category=category, team=lead.team, inspector_ids=people,
             scheduled_on=date(2027, 3, day))
        for category, day in (("district_random", 10), ("complaint", 3))
    ]  # fmt: skip
    demo_store.save_many(made, synced=True)
    return made


@pytest.fixture
def lead_window(
    qtbot, demo_store: Store, lead: Inspector, visit_task, merge_tasks, translations: Translations, make_runner
) -> Iterator[MainWindow]:
    demo_store.set_meta("user.inspector_id", lead.id)  # as the login records it
    win = MainWindow(make_runner(demo_store), translations)
    qtbot.add_widget(win)
    win.show()
    qtbot.waitUntil(lambda: win.pages.count() == 9 and not win.search.busy and win.model.rowCount() > 0)
    qtbot.waitUntil(lambda: not win.today.loading and win.today.tree.topLevelItemCount() > 0)
    yield win
    win.close()


def test_every_page_refreshes_after_a_pull_and_keeps_its_selection(
    qtbot,
    lead_window: MainWindow,
    demo_store: Store,
    visit_task: Task,
    merge_tasks: list[Task],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win = lead_window
    reloads: list[int] = []
    monkeypatch.setattr(win, "reload", lambda: reloads.append(1))

    # Something chosen on every page.
    today = win.today
    row = next(n for n, v in enumerate(today.visits) if visit_task.id in v.task_ids)
    today.tree.setCurrentItem(today.tree.topLevelItem(row))
    visit_target = demo_store.get(Target, visit_task.target_id)
    win._select_row(win.model.row_of(visit_target.id))
    qtbot.waitUntil(lambda: win.profile.target_id == visit_target.id)
    plan = demo_store.get(Plan, visit_task.plan_id)
    qtbot.waitUntil(lambda: not win.plans_view.loading)
    win.plans_view.select_plan(plan.id)
    qtbot.waitUntil(lambda: not win.merge_view.loading)
    proposal = next(p for p in win.merge_view.proposals if set(p.task_ids) == {t.id for t in merge_tasks})
    win.merge_view.table.selectRow(win.merge_view.proposals.index(proposal))
    qtbot.waitUntil(lambda: not win.board.loading)
    win.board.toggle_selected(visit_task.id)
    qtbot.waitUntil(lambda: not win.progress_view.loading)
    completed_before = win.progress_view.report.overall.completed
    merge_target = demo_store.get(Target, merge_tasks[0].target_id)
    chosen_tasks = {visit_task.id, *(t.id for t in merge_tasks)}
    finished = next(t for t in demo_store.find(Task, team=win._user.team, status="planned") if t.id not in chosen_tasks)

    # One pull: two targets and a plan renamed, a task completed on the server.
    pulled = [
        _pulled(visit_target, 1, name="（更名）天山诊所"),
        _pulled(merge_target, 2, name="（更名）撮合宾馆"),
        _pulled(plan, 3, name="（更名）年度计划"),
        _pulled(finished, 4, status=TaskStatus.COMPLETED, completed_on=date(2026, 11, 20)),
    ]
    with qtbot.waitSignal(win.runner.changed) as heard:
        win.runner.run(lambda store: store.apply_remote(pulled))
    assert heard.args[0].of("targets") == {visit_target.id, merge_target.id}

    # Today: the visit's row names the target anew, and it is still the chosen one.
    qtbot.waitUntil(lambda: "（更名）天山诊所" in today.tree.currentItem().text(1))
    assert visit_task.id in today.current_visit().task_ids
    # Targets: the row and the profile show the new name; the same target stays selected.
    qtbot.waitUntil(lambda: "（更名）天山诊所" in win.profile.name_label.text())
    current = win.table.currentIndex()
    assert win.model.target_id(current.row()) == visit_target.id
    qtbot.waitUntil(lambda: win.model.data(win.model.index(current.row(), Column.NAME)) == "（更名）天山诊所")
    # Plans: the plan's new name, still selected.
    qtbot.waitUntil(lambda: win.plans_view.tree.currentItem().text(0) == "（更名）年度计划")
    assert win.plans_view.selected_plan_id() == plan.id
    # Merge proposals: the same proposal chosen, under its target's new name.
    qtbot.waitUntil(lambda: not win.merge_view.loading)
    chosen = win.merge_view.selected()
    assert chosen is not None and chosen.proposal_id == proposal.proposal_id
    assert win.merge_view.table.item(win.merge_view.table.currentRow(), 0).text() == "（更名）撮合宾馆"
    # Board: the new target name on the card, the task still selected for a code request.
    qtbot.waitUntil(lambda: not win.board.loading)
    assert win.board._targets[visit_target.id].name == "（更名）天山诊所" and visit_task.id in win.board.selected
    # Progress: the task completed on the server is counted.
    qtbot.waitUntil(lambda: win.progress_view.report.overall.completed == completed_before + 1)
    assert reloads == [], "no blanket reload"
