"""Progress view on a known data set: the rates, visits, overdue, evaluations, a flagged publication; the export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from app import demo
from app.models.domain import Evaluation, Inspection, Inspector, Task
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
def view(qtbot, known: tuple[Store, list[Task]]) -> ProgressView:
    store, _ = known
    widget = ProgressView(store, store.list(Inspector)[0], today=TODAY)
    qtbot.add_widget(widget)
    widget.show()
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
    assert late[2:] == ["2025-04-15", "2025-05-15", "逾期未公示"]
    assert view.publications.item(0, 0).background().color() == OVERDUE_BACKGROUND
    assert [view.publications.item(1, c).text() for c in (2, 3, 4)] == ["2025-04-30", "2025-06-03", "逾期未公示"]
    assert view.tiles["publications"].value.text() == "2"


def test_the_export_has_the_same_figures(view: ProgressView, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(view.export_to(tmp_path / "progress.xlsx"))
    rows = list(book["进度 Progress"].iter_rows(values_only=True))
    assert rows[1][:7] == ("合计 / Total", 4, 2, 1, 0.5, 0.75, 2)
    assert rows[2][0] == "区级双随机抽查"
    publication = list(book["公示 Publication"].iter_rows(values_only=True))
    assert [r[4] for r in publication[1:]] == ["2025-05-15", "2025-06-03"]
    assert book["公示 Publication"]["A2"].fill.fgColor.rgb.endswith("F8D7DA")
    assert list(book["关闭原因 Closed"].iter_rows(values_only=True))[1] == ("查无此单位", 1)
    assert len(list(book["逾期任务 Overdue"].iter_rows(values_only=True))) == 2
