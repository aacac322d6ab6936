"""The figures page on the crafted data set (tests/reports/crafted.py): the period picker, the figures and rates
shown, the bars, the paragraph copied, the xlsx written; every read on the runner's worker (the UI-thread guard on).
And the lead's tab of the main window, counted again after a write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.models import Inspector, Target
from app.models.domain import Penalty
from app.reports.figures import summary_zh
from app.store import Store, guard
from app.ui.figures_view import CUSTOM, LAST_MONTH, THIS_YEAR, FiguresView, period_of
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QDate
from tests.helpers.runner import call
from tests.reports.crafted import END, START, crafted_records

TODAY = date(2026, 11, 28)


@pytest.fixture
def view(qtbot, tmp_path: Path, make_runner, monkeypatch: pytest.MonkeyPatch) -> Iterator[FiguresView]:
    with Store.open(tmp_path / "store.sqlite3") as store:
        store.save_many(crafted_records(), synced=True)
    monkeypatch.setenv(guard.ENV, "1")  # the runner made next forbids the UI thread any database call
    try:
        widget = FiguresView(make_runner(store), today=TODAY)
        qtbot.add_widget(widget)
        widget.show()
        qtbot.waitUntil(lambda: not widget.loading)
        yield widget
    finally:
        guard.allow()


def _rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_periods_offered() -> None:
    assert period_of(THIS_YEAR, TODAY) == (date(2026, 1, 1), TODAY)
    assert period_of(LAST_MONTH, TODAY) == (date(2026, 10, 1), date(2026, 10, 31))
    assert period_of(LAST_MONTH, date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert period_of(LAST_MONTH, date(2024, 3, 1)) == (date(2024, 2, 1), date(2024, 2, 29))


def test_this_year_is_counted_first(view: FiguresView) -> None:
    assert view.period_combo.currentData() == THIS_YEAR and view.period == (date(2026, 1, 1), TODAY)
    assert not view.start_edit.isEnabled()
    assert view.figures is not None and view.figures.end == TODAY
    assert view.figures.cases == 2  # the fine of 30 November is after today


def test_a_custom_period_shows_the_figures_built_in(qtbot, view: FiguresView) -> None:
    view.set_period(START, END)
    qtbot.waitUntil(lambda: not view.loading and view.figures.end == END)
    figures = dict(_rows(view.table))
    assert figures["监督检查户次"] == "13" and figures["其中双随机抽查户次"] == "9"
    assert (figures["立案处罚（件）"], figures["其中警告（件）"], figures["其中罚款（件）"]) == ("3", "1", "2")
    assert figures["罚款金额"] == "65.33万元" and figures["通过检查码完成监督户次"] == "4"
    assert (figures["主动发起联合检查（次）"], figures["配合其他部门联合检查（次）"]) == ("3", "2")
    assert (figures["查后评价（户）"], figures["满意度（4–5分）"]) == ("3", "66.7%")
    assert _rows(view.rates) == [
        ["国家双随机抽查", "10", "6", "2", "60%", "80%"],
        ["区级双随机抽查", "4", "3", "0", "75%", "75%"],
        ["部门联合双随机", "2", "2", "0", "100%", "100%"],
        ["合计", "16", "11", "2", "68.8%", "81.3%"],
    ]
    assert _rows(view.industries) == [["口腔诊所", "10"], ["宾馆旅馆", "3"]]
    assert view.chart.groups[0] == ("国家双随机抽查", [0.6, 0.8]) and len(view.chart.groups) == 4
    assert view.summary.toPlainText() == summary_zh(view.figures)
    assert view.summary.toPlainText().startswith("2026年1月至11月，共监督检查13户次，其中双随机抽查9户次")
    assert view.copy_summary() == view.summary.toPlainText() == QApplication.clipboard().text()


def test_editing_a_custom_day_counts_again(qtbot, view: FiguresView) -> None:
    view.choose(CUSTOM)
    assert view.start_edit.isEnabled()
    view.end_edit.setDate(QDate(2026, 1, 1))  # the first day alone: the remote check and a warning
    qtbot.waitUntil(lambda: not view.loading and view.figures.end == date(2026, 1, 1))
    assert (view.figures.visits, view.figures.remote_checks, view.figures.cases) == (0, 1, 1)
    view.start_edit.setDate(QDate(2026, 2, 1))  # after the end: refused in words, nothing counted
    assert "结束日期早于开始日期" in view.message.text() and not view.export_button.isEnabled()


def test_last_month_rates_the_year_plans_as_of_its_end(qtbot, view: FiguresView) -> None:
    view.choose(LAST_MONTH)
    qtbot.waitUntil(lambda: not view.loading and view.figures.start == date(2026, 10, 1))
    national, district = view.figures.random_rates["national_random"], view.figures.random_rates["district_random"]
    assert view.figures.visits == 0 and (national.total, national.completed) == (10, 6)  # the plans run all year
    assert (district.total, district.completed) == (4, 1)  # two end on 30 November: after October
    assert not view.chart.grab().isNull()


def test_a_period_without_random_tasks_draws_no_bars(qtbot, view: FiguresView) -> None:
    view.set_period(date(2030, 1, 1), date(2030, 12, 31))
    qtbot.waitUntil(lambda: not view.loading and view.figures.start.year == 2030)
    assert view.chart.groups == [] and view.rates.rowCount() == 0 and not view.chart.grab().isNull()


def test_the_export_writes_the_figures_shown(qtbot, view: FiguresView, tmp_path: Path) -> None:
    view.set_period(START, END)
    qtbot.waitUntil(lambda: not view.loading and view.figures.end == END)
    book = openpyxl.load_workbook(view.export_to(tmp_path / "figures.xlsx"))
    values = dict(book["指标 Figures"].iter_rows(min_row=2, values_only=True))
    assert values["监督检查户次 / Visits"] == 13
    assert dict(book["说明 About"].iter_rows(values_only=True))["情况综述 / Summary"] == view.summary.toPlainText()


def test_the_leads_figures_tab_counts_again_when_a_penalty_is_recorded(
    qtbot, demo_store: Store, translations, make_runner
) -> None:
    lead = demo_store.find(Inspector, username="lead.public")[0]
    target = demo_store.list(Target)[0]
    demo_store.set_meta("user.inspector_id", lead.id)  # as the login records it
    runner = make_runner(demo_store)
    window = MainWindow(runner, translations)
    qtbot.add_widget(window)
    window.show()
    qtbot.waitUntil(lambda: hasattr(window, "figures_view"))  # once the worker has read who signed in
    page = window.figures_view
    assert window.pages.tabText(window.pages.indexOf(page)) == "统计数据"
    qtbot.waitUntil(lambda: page.figures is not None and not page.loading)
    before = page.figures.cases
    today = page.today
    penalty = Penalty(target_id=target.id, decision_no="长卫罚〔2026〕99号", decided_on=today, summary="罚款",
                      fine_yuan=20000, team=lead.team)  # fmt: skip
    call(runner, lambda store: store.save(penalty))  # a write on the worker: the change is told to the pages
    qtbot.waitUntil(lambda: not page.loading and page.figures.cases == before + 1)
    assert page.figures.fines >= 1 and page.figures.fine_total_yuan >= 20000
