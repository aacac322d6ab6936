"""Progress view on a known data set: the rates, visits, overdue, evaluations, a flagged publication; the export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

import demo
from app import planning
from app.models.domain import Evaluation, Inspection, Inspector, Target, Task
from app.models.enums import TaskStatus
from app.store import Store
from app.ui.planning.progress_view import OVERDUE_BACKGROUND, ProgressView

TODAY = date(2025, 6, 4)  # a day past the publication deadline of a task ended on 30 April


@pytest.fixture
def known(tmp_path: Path) -> Iterator[tuple[Store, list[Task]]]:
    """Four 2025 district random tasks: two completed (one evaluated), one closed, one open past its due date."""
    with Store.open(tmp_path / "known.sqlite3") as store:
        data = demo.generate(targets=30, seed=5, today=TODAY)
        store.save_many([*data.checklists, *data.checklist_items, *data.inspectors, *data.targets, *data.plans])
        plan = next(p for p in data.plans if p.year == 2025 and p.category == "district_random")
        target = data.targets[0].id

        def make(status: TaskStatus, **fields: object) -> Task:
            return Task(plan_id=plan.id, target_id=target, category=plan.category, team=plan.team, status=status,
                        due_on=date(2025, 5, 30), **fields)  # fmt: skip

        tasks = [make(TaskStatus.COMPLETED), make(TaskStatus.COMPLETED),
                 make(TaskStatus.CLOSED, close_reason="查无此单位"), make(TaskStatus.PLANNED)]  # fmt: skip
        store.save_many(tasks)
        past = [Inspection(code_id=f"c{n}", target_id=target, task_ids=[task.id], inspector_ids=["a", "b"],
                           completed_at=datetime(2025, 4, day, 2, tzinfo=UTC))
                for n, (task, day) in enumerate(((tasks[0], 30), (tasks[1], 15)), start=1)]  # fmt: skip
        store.save_many(past, synced=True)  # done inspections, as pulled from the server
        store.save(Evaluation(code_id="c1", score=4))
        yield store, tasks


@pytest.fixture
def view(qtbot, known: tuple[Store, list[Task]], make_runner) -> ProgressView:
    store, _ = known
    widget = ProgressView(make_runner(store), store.list(Inspector)[0], today=TODAY)
    qtbot.add_widget(widget)
    widget.show()
    qtbot.waitUntil(lambda: not widget.loading)  # the report is worked out on the runner's worker
    return widget


def row(table, first: str) -> list[str]:
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == first:
            return [table.item(r, c).text() for c in range(table.columnCount())]
    raise AssertionError(f"no row {first!r}")


def test_the_rates_of_a_known_set(view: ProgressView) -> None:
    assert view.year_combo.currentData() == 2025
    assert view.tiles["completion"].value.text() == "50.0%"
    assert view.tiles["finish"].value.text() == "75.0%"
    assert view.tiles["visits"].value.text() == "2"
    assert view.tiles["overdue"].value.text() == "1"
    assert view.tiles["evaluations"].value.text() == "1（4.0）"
    assert row(view.by_category, "区级双随机抽查") == [
        "区级双随机抽查",
        "4",
        "2",
        "1",
        "50.0%",
        "75.0%",
        "2",
        "1",
        "1",
        "4.0",
    ]
    assert row(view.closed, "查无此单位") == ["查无此单位", "1"]


def test_an_unpublished_result_past_its_deadline_is_flagged(view: ProgressView) -> None:
    late = row(view.publications, view.publications.item(0, 0).text())
    # 20 working days from 15 April: Sunday 27 April is a make-up workday, 1–5 May are the May Day holiday
    assert late[2:] == ["2025-04-15", "2025-05-15", "", "逾期未公示"]
    assert view.publications.item(0, 0).background().color() == OVERDUE_BACKGROUND
    assert [view.publications.item(1, c).text() for c in (2, 3, 5)] == ["2025-04-30", "2025-06-03", "逾期未公示"]
    assert view.tiles["publications"].value.text() == "2"


def test_marking_results_published_records_the_day_and_syncs(qtbot, view: ProgressView, known) -> None:
    store, tasks = known
    view.tabs.setCurrentWidget(view.publications)
    view.publications.selectRow(1)  # the task ended 30 April, due 3 June: published on 4 June, a day late
    outbox = len(store.outbox())
    assert view.mark_selected_published() == 1
    qtbot.waitUntil(lambda: not view.busy)
    published = store.get(Task, tasks[0].id)
    assert published.results_published_on == TODAY
    sent = [{k: v for k, v in m["fields"].items() if k != "updated_at"} for m in store.outbox()[outbox:]]
    assert sent == [{"results_published_on": TODAY.isoformat()}]
    assert view.message.text() == "已登记 1 项公示"
    assert [view.publications.item(1, c).text() for c in (3, 4, 5)] == ["2025-06-03", TODAY.isoformat(), "逾期公示"]
    assert view.tiles["publications"].value.text() == "1"


def test_penalty_decisions_are_due_in_7_working_days_and_flagged_when_overdue(qtbot, view: ProgressView, known) -> None:
    store, _ = known
    target = store.list(Target)[0]
    # decided Thursday 22 May 2025: the seventh working day is Tuesday 3 June (31 May–2 June: Dragon Boat holiday)
    planning.record_penalty(store, target.id, "长卫罚〔2025〕12号", date(2025, 5, 22), "警告", "公共场所科")
    planning.record_penalty(store, target.id, "长卫罚〔2025〕13号", date(2025, 6, 3), "罚款", "公共场所科")
    view.reload()
    qtbot.waitUntil(lambda: not view.loading)
    assert [view.penalties.item(r, 0).text() for r in range(2)] == ["长卫罚〔2025〕12号", "长卫罚〔2025〕13号"]
    assert [view.penalties.item(0, c).text() for c in (2, 3, 5)] == ["2025-05-22", "2025-06-03", "逾期未公示"]
    assert view.penalties.item(0, 0).background().color() == OVERDUE_BACKGROUND
    assert view.penalties.item(1, 5).text() == "待公示"
    assert view.tiles["publications"].value.text() == "3"
    view.tabs.setCurrentWidget(view.penalties)
    view.penalties.selectRow(1)
    assert view.mark_selected_published() == 1
    qtbot.waitUntil(lambda: not view.busy)
    assert view.penalties.item(1, 4).text() == TODAY.isoformat() and view.penalties.item(1, 5).text() == "按时公示"


def test_a_refused_mark_is_said_in_the_interface_language(qtbot, view: ProgressView, known, translations) -> None:
    store, tasks = known
    view.tabs.setCurrentWidget(view.publications)
    view.publications.selectRow(1)
    store.save(store.get(Task, tasks[0].id).model_copy(update={"status": TaskStatus.PLANNED}))  # reopened meanwhile
    translations.install("en")
    assert view.mark_selected_published() == 1
    qtbot.waitUntil(lambda: not view.busy)
    assert view.message.text().startswith("only a completed random-inspection task has results to publish")
    assert "只有" not in view.message.text() and store.get(Task, tasks[0].id).results_published_on is None


def test_an_empty_store_shows_no_year_and_empty_tables(qtbot, tmp_path: Path, make_runner) -> None:
    with Store.open(tmp_path / "empty.sqlite3") as store:
        widget = ProgressView(
            make_runner(store), Inspector(name="空", username="empty", team="公共场所科"), today=TODAY
        )
        qtbot.add_widget(widget)
        qtbot.waitUntil(lambda: widget.report is not None)
        assert widget.year_combo.count() == 1 and widget.year_combo.currentData() is None
        assert widget.tiles["completion"].value.text() == "—" and widget.overdue.rowCount() == 0


def test_the_export_has_the_same_figures(view: ProgressView, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(view.export_to(tmp_path / "progress.xlsx"))
    rows = list(book["进度 Progress"].iter_rows(values_only=True))
    assert rows[1][:7] == ("合计 / Total", 4, 2, 1, 0.5, 0.75, 2)
    assert rows[2][0] == "区级双随机抽查"
    publication = list(book["公示 Publication"].iter_rows(values_only=True))
    assert [r[4] for r in publication[1:]] == ["2025-05-15", "2025-06-03"]
    assert book["处罚公示 Penalties"].max_row == 1  # no penalties in this set: the header only
    assert book["公示 Publication"]["A2"].fill.fgColor.rgb.endswith("F8D7DA")
    assert list(book["关闭原因 Closed"].iter_rows(values_only=True))[1] == ("查无此单位", 1)
    assert len(list(book["逾期任务 Overdue"].iter_rows(values_only=True))) == 2
