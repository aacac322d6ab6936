"""Progress and publication (公示): 完成率, 完结率, 户次, closed and overdue tasks, evaluations, publication deadlines
of random-inspection results (20 working days) and penalty decisions (7), with the dates they were published.

Figures come from `planning.progress_report` (the rules in app.rules.progress and app.rules.deadlines); this view only
lays them out and exports them. The years, the report and the publication marks are read and written on the runner's
database worker; the export writes the figures already shown.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from app import planning
from app.errors import BilingualError
from app.models.domain import Inspector, Plan, Target
from app.models.enums import TaskCategory
from app.reports.xlsx import export_progress
from app.rules.deadlines import Deadline, PublicationStatus
from app.rules.progress import Progress
from app.store import Store
from app.ui.i18n import cannot_write, error_text
from app.ui.labels import task_category_label
from app.ui.plain_text import rich_label
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QColor,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from app.ui.runner import Runner

OVERDUE_BACKGROUND = QColor("#f8d7da")


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


class Tile(QFrame):
    """One headline figure with its caption."""

    def __init__(self, caption: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Tile")
        self.setStyleSheet("#Tile { background: #ffffff; border: 1px solid #d0d7de; border-radius: 6px; }")
        self.value = QLabel("—", self)
        self.value.setStyleSheet("font-size: 24px; font-weight: 600; color: #1f2328;")
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet("color: #57606a;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def show_value(self, text: str, alert: bool = False) -> None:
        self.value.setText(text)
        colour = "#b00020" if alert else "#1f2328"
        self.value.setStyleSheet(f"font-size: 24px; font-weight: 600; color: {colour};")


Read = tuple[list[int], int | None, planning.ProgressReport, dict[str, Target], dict[str, Plan]]
FIRST = object()  # the year not chosen yet: today's year if it has plans, else the latest


def _read(store: Store, today: date, year: int | object | None) -> Read:
    """On the database worker: the plans' years, the year reported on, the report, the targets and plans it names."""
    plans = {p.id: p for p in store.list(Plan)}
    years = sorted({p.year for p in plans.values()}, reverse=True)
    if year is FIRST:
        year = today.year if today.year in years else (years[0] if years else None)
    assert year is None or isinstance(year, int)
    report = planning.progress_report(store, today, year)
    targets = planning.targets_by_id(
        store,
        [t.target_id for t in report.overdue]
        + [p.task.target_id for p in report.publications]
        + [p.penalty.target_id for p in report.penalties],
    )
    return years, year, report, targets, plans


class ProgressView(QWidget):
    """The progress of the plans of one year (or all), as of `today`."""

    def __init__(
        self, runner: Runner, user: Inspector, *, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ProgressView")
        self._runner = runner
        self._key = f"progress-{id(self)}"
        self._user = user
        self.today = today or date.today()
        self.report: planning.ProgressReport | None = None  # set once the first reading answers
        self._targets: dict[str, Target] = {}
        self._plans: dict[str, Plan] = {}
        self._year: int | object | None = FIRST
        self._build()
        self.reload()

    def _build(self) -> None:
        self.year_combo = QComboBox(self)
        self.year_combo.addItem(self.tr("全部"), None)
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        self.export_button = QPushButton(self.tr("导出 xlsx…"), self)
        self.export_button.clicked.connect(self._export_clicked)
        self.publish_button = QPushButton(self.tr("登记今日已公示"), self)
        self.publish_button.setToolTip(self.tr("把所选结果或处罚决定登记为今天已公示"))
        self.publish_button.clicked.connect(self.mark_selected_published)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("计划年度"), self))
        bar.addWidget(self.year_combo)
        self.as_of = QLabel(self)
        bar.addWidget(self.as_of)
        bar.addStretch(1)
        bar.addWidget(self.publish_button)
        bar.addWidget(self.export_button)
        self.tiles = {
            "completion": Tile(self.tr("完成率"), self),
            "finish": Tile(self.tr("完结率"), self),
            "visits": Tile(self.tr("户次"), self),
            "closed": Tile(self.tr("关闭任务"), self),
            "overdue": Tile(self.tr("逾期任务"), self),
            "evaluations": Tile(self.tr("收到评价（平均分）"), self),
            "publications": Tile(self.tr("逾期未公示（结果/处罚）"), self),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        headers = [
            self.tr("分组"), self.tr("任务数"), self.tr("已完成"), self.tr("已关闭"), self.tr("完成率"),
            self.tr("完结率"), self.tr("户次"), self.tr("逾期"), self.tr("评价数"), self.tr("平均分"),
        ]  # fmt: skip
        self.by_category = self._table(headers)
        self.by_team = self._table(headers)
        self.closed = self._table([self.tr("关闭原因"), self.tr("任务数")])
        self.overdue = self._table([self.tr("检查对象"), self.tr("检查计划"), self.tr("应完成日期")])
        self.publications = self._table(
            [self.tr("检查对象"), self.tr("任务分类"), self.tr("任务结束"), self.tr("公示期限"), self.tr("公示日期"),
             self.tr("公示状态")]
        )  # fmt: skip
        self.penalties = self._table(
            [self.tr("处罚决定书文号"), self.tr("检查对象"), self.tr("决定日期"), self.tr("公示期限"),
             self.tr("公示日期"), self.tr("公示状态")]
        )  # fmt: skip
        for table in (self.publications, self.penalties):
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        rates = QWidget(self)
        rates_layout = QVBoxLayout(rates)
        for caption, table in (
            (self.tr("按任务分类"), self.by_category),
            (self.tr("按科室"), self.by_team),
            (self.tr("关闭任务及原因"), self.closed),
        ):
            rates_layout.addWidget(rich_label(f"<b>{escape(caption)}</b>", rates))
            rates_layout.addWidget(table)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(rates, self.tr("进度"))
        self.tabs.addTab(self.publications, self.tr("结果公示期限"))
        self.tabs.addTab(self.penalties, self.tr("处罚公示期限"))
        self.tabs.addTab(self.overdue, self.tr("逾期任务"))
        self.message = QLabel(self)
        self.export_action = QAction(self.tr("导出进度 xlsx…"), self)
        self.export_action.triggered.connect(self._export_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        return table

    def menu_actions(self) -> list[QAction]:
        return [self.export_action]

    def _show_years(self, years: list[int], chosen: int | None) -> None:
        """The plans' years in the list (they change as plans come and go), `chosen` chosen."""
        self.year_combo.blockSignals(True)
        while self.year_combo.count() > 1:
            self.year_combo.removeItem(1)
        for year in years:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(chosen)))
        self.year_combo.blockSignals(False)

    def set_year(self, year: int | None) -> None:
        """Report on `year` (None: every year), read again on the worker."""
        self._year = year
        self.year_combo.blockSignals(True)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(year)))
        self.year_combo.blockSignals(False)
        self.reload()

    def _year_chosen(self) -> None:
        self._year = self.year_combo.currentData()
        self.reload()

    def reload(self) -> None:
        """Work the report out on the runner's worker (the years with it), then show it; the export waits."""
        today, year = self.today, self._year
        self.export_button.setEnabled(False)
        self.export_action.setEnabled(False)
        self._runner.run(lambda store: _read(store, today, year), self._show, key=self._key)

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    @property
    def busy(self) -> bool:
        """The report is being worked out, or publication marks written."""
        return self._runner.working(self)

    def _show(self, found: Read) -> None:
        years, year, report, self._targets, self._plans = found
        self._year = year
        self._show_years(years, year)
        self.report = report
        self.export_button.setEnabled(True)
        self.export_action.setEnabled(True)
        self.as_of.setText(self.tr("统计日期 %1").replace("%1", self.today.isoformat()))
        self._fill_tiles(report)
        self._fill_rates(self.by_category, {task_category_label(c): p for c, p in report.by_category.items()}, report)
        self._fill_rates(self.by_team, report.by_team, report)
        self._fill(self.closed, [(reason, str(n)) for reason, n in report.overall.closed_by_reason.items()])
        self._fill(
            self.overdue,
            [
                (self._target_name(t.target_id), self._plan_name(t.plan_id), t.due_on.isoformat() if t.due_on else "")
                for t in report.overdue
            ],
        )
        self._fill_publications(report)

    def _fill_tiles(self, report: planning.ProgressReport) -> None:
        overall = report.overall
        late = sum(p.status == PublicationStatus.OVERDUE for p in [*report.publications, *report.penalties])
        score = "" if overall.mean_score is None else f"（{overall.mean_score:.1f}）"
        self.tiles["completion"].show_value(percent(overall.completion_rate))
        self.tiles["finish"].show_value(percent(overall.finish_rate))
        self.tiles["visits"].show_value(str(overall.visits))
        self.tiles["closed"].show_value(str(overall.closed))
        self.tiles["overdue"].show_value(str(len(overall.overdue_task_ids)), alert=bool(overall.overdue_task_ids))
        self.tiles["evaluations"].show_value(f"{overall.evaluations}{score}")
        self.tiles["publications"].show_value(str(late), alert=bool(late))

    def _fill_rates(self, table: QTableWidget, groups: dict[str, Progress], report: planning.ProgressReport) -> None:
        rows = [(self.tr("合计"), report.overall), *groups.items()]
        self._fill(
            table,
            [
                (
                    name, str(p.total), str(p.completed), str(p.closed), percent(p.completion_rate),
                    percent(p.finish_rate), str(p.visits), str(len(p.overdue_task_ids)), str(p.evaluations),
                    "—" if p.mean_score is None else f"{p.mean_score:.1f}",
                )
                for name, p in rows
            ],
            figures=True,
        )  # fmt: skip
        table.setFixedHeight(table.horizontalHeader().height() + 4 + sum(table.rowHeight(r) for r in range(len(rows))))

    def _fill_publications(self, report: planning.ProgressReport) -> None:
        status = {
            PublicationStatus.PENDING: self.tr("待公示"),
            PublicationStatus.ON_TIME: self.tr("按时公示"),
            PublicationStatus.LATE: self.tr("逾期公示"),
            PublicationStatus.OVERDUE: self.tr("逾期未公示"),
        }
        results = [
            (self._target_name(p.task.target_id), task_category_label(p.task.category), p.ended_on.isoformat(),
             self._due(p.deadline), _day(p.task.results_published_on), status[p.status])
            for p in report.publications
        ]  # fmt: skip
        self._fill(self.publications, results)
        self._shade(self.publications, [p.status for p in report.publications])
        penalties = [
            (p.penalty.decision_no, self._target_name(p.penalty.target_id), p.penalty.decided_on.isoformat(),
             self._due(p.deadline), _day(p.penalty.published_on), status[p.status])
            for p in report.penalties
        ]  # fmt: skip
        self._fill(self.penalties, penalties)
        self._shade(self.penalties, [p.status for p in report.penalties])

    def _due(self, deadline: Deadline) -> str:
        return deadline.due.isoformat() + (self.tr("（估算）") if deadline.estimated else "")

    @staticmethod
    def _shade(table: QTableWidget, statuses: list[PublicationStatus]) -> None:
        for r, state in enumerate(statuses):
            if state == PublicationStatus.OVERDUE:
                for c in range(table.columnCount()):
                    table.item(r, c).setBackground(OVERDUE_BACKGROUND)

    def mark_selected_published(self) -> int:
        """Record the selected results (or penalty decisions) as published today, on the worker; how many were asked
        for (the message says when they are recorded, or why not)."""
        table = self.tabs.currentWidget()
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()}) if table is not None else []
        report, today = self.report, self.today
        if report is None or not rows or table not in (self.publications, self.penalties):
            self.message.setText(self.tr("请先在“结果公示期限”或“处罚公示期限”中选择要登记的行"))
            return 0
        if table is self.publications:
            ids = [report.publications[r].task.id for r in rows]

            def mark(store: Store) -> None:
                planning.mark_results_published(store, ids, today)
        else:
            penalty_ids = [report.penalties[r].penalty.id for r in rows]

            def mark(store: Store) -> None:
                for penalty_id in penalty_ids:
                    planning.mark_penalty_published(store, penalty_id, today)

        self.publish_button.setEnabled(False)
        self._runner.run(mark, lambda _: self._marked(len(rows)), self._mark_refused, owner=self)
        return len(rows)

    def _marked(self, count: int) -> None:
        self.publish_button.setEnabled(True)
        self.reload()
        self.message.setText(self.tr("已登记 %n 项公示", "", count))

    def _mark_refused(self, error: BaseException) -> None:
        self.publish_button.setEnabled(True)
        self.message.setText(error_text(error))

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, ...]], *, figures: bool = False) -> None:
        """Rows of text; with `figures`, every column after the first is right-aligned."""
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if figures and c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)

    def _target_name(self, target_id: str) -> str:
        target = self._targets.get(target_id)
        return target.name if target else target_id

    def _plan_name(self, plan_id: str) -> str:
        plan = self._plans.get(plan_id)
        return plan.name if plan else plan_id

    def export_to(self, path: Path) -> Path:
        """Write the shown report (progress, closed, overdue, publication deadlines) to an xlsx file (no database:
        the figures shown)."""
        if self.report is None:
            raise BilingualError("进度尚未读出", "the progress report has not been read yet")
        labels = {c.value: task_category_label(c) for c in TaskCategory}
        return export_progress(path, self.report, self._targets, self._plans, labels)

    def _export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出进度"), "progress.xlsx", "Excel (*.xlsx)")
        if name:
            try:
                self.export_to(Path(name))
            except OSError as exc:
                self.message.setText(cannot_write(exc))
