"""The figures page (统计数据) of team leads and admins: a period's figures as the annual rule-of-law reports give them.

A period (this year to today, last month, or two chosen days) is counted on the runner's database worker
(`app.reports.figures.figures_for`); the page shows the figures in a table, the visits per industry in another, the
random tasks' rates per category in a third and as bars (drawn with QPainter: QtCharts is left out of the bundle), and
the Chinese summary paragraph, which it copies to the clipboard; the export writes the figures shown to an xlsx file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.errors import BilingualError
from app.models.enums import TaskCategory
from app.reports.figures import Figures, Rates, amount_zh, figures_for, summary_zh
from app.reports.figures import percent as percent_zh
from app.reports.xlsx import export_figures
from app.ui.i18n import cannot_write, error_text, in_language
from app.ui.labels import industry_label, task_category_label
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QApplication,
    QColor,
    QComboBox,
    QDate,
    QDateEdit,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPainter,
    QPaintEvent,
    QPlainTextEdit,
    QPushButton,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.runner import Runner

THIS_YEAR, LAST_MONTH, CUSTOM = "this_year", "last_month", "custom"
ROW_HEIGHT = 26
INDUSTRY_ROWS = 5  # the industries shown without scrolling


def period_of(choice: str, today: date) -> tuple[date, date]:
    """This year (1 January to today) or last month (its first to its last day); `custom` keeps nothing."""
    if choice == THIS_YEAR:
        return date(today.year, 1, 1), today
    if choice == LAST_MONTH:
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    raise ValueError(f"no fixed period for {choice!r}")


@dataclass(frozen=True)
class Series:
    name: str
    colour: QColor


class BarChart(QWidget):
    """Grouped vertical bars of fractions (0–1): one group per label, one bar per series, the value above each bar.
    A small widget of our own, as QtCharts is not in the bundle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BarChart")
        self.setMinimumSize(360, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.series: list[Series] = []
        self.groups: list[tuple[str, list[float | None]]] = []
        self.empty_text = ""

    def set_data(self, series: list[Series], groups: list[tuple[str, list[float | None]]], empty_text: str) -> None:
        self.series, self.groups, self.empty_text = series, groups, empty_text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 280)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        metrics = painter.fontMetrics()
        line = metrics.height()
        if not self.groups:
            painter.setPen(QColor("#57606a"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        left, right, top, bottom = 44.0, 12.0, line * 2.0 + 8, line * 2.0 + 10  # labels may take two lines
        plot = QRectF(left, top, max(10.0, self.width() - left - right), max(10.0, self.height() - top - bottom))
        self._axes(painter, plot, line)
        self._legend(painter, line)
        slot = plot.width() / len(self.groups)
        bar = min(48.0, slot * 0.8 / max(1, len(self.series)))
        for g, (label, values) in enumerate(self.groups):
            x0 = plot.left() + g * slot + (slot - bar * len(values)) / 2
            for s, value in enumerate(values):
                rect_x = x0 + s * bar
                if value is not None:
                    height = plot.height() * max(0.0, min(1.0, value))
                    painter.fillRect(QRectF(rect_x + 1, plot.bottom() - height, bar - 2, height), self.series[s].colour)
                    painter.setPen(QColor("#1f2328"))
                    painter.drawText(
                        QRectF(rect_x - 8, plot.bottom() - height - line, bar + 16, line),
                        Qt.AlignmentFlag.AlignCenter,
                        percent_zh(value),
                    )
            painter.setPen(QColor("#1f2328"))
            painter.drawText(
                QRectF(plot.left() + g * slot + 2, plot.bottom() + 4, slot - 4, line * 2 + 4),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                label,
            )
        painter.end()

    @staticmethod
    def _axes(painter: QPainter, plot: QRectF, line: int) -> None:
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            y = plot.bottom() - plot.height() * tick
            painter.setPen(QColor("#d0d7de"))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(QColor("#57606a"))
            painter.drawText(
                QRectF(0, y - line / 2, plot.left() - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{int(tick * 100)}%",
            )

    def _legend(self, painter: QPainter, line: int) -> None:
        x = 44.0
        for series in self.series:
            painter.fillRect(QRectF(x, 6, line * 0.8, line * 0.8), series.colour)
            painter.setPen(QColor("#1f2328"))
            width = painter.fontMetrics().horizontalAdvance(series.name)
            painter.drawText(QRectF(x + line, 2, width + 4, line + 4), Qt.AlignmentFlag.AlignVCenter, series.name)
            x += line + width + 20


def _right(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class FiguresView(QWidget):
    """A period's figures (统计数据), read on the runner's database worker."""

    COMPLETION = QColor("#2f81f7")
    FINISH = QColor("#8fbf6a")

    def __init__(self, runner: Runner, *, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FiguresView")
        self._runner = runner
        self._key = f"figures-{id(self)}"
        self.today = today or date.today()
        self.figures: Figures | None = None  # set once the first count answers
        self._build()
        self.retranslate()
        self.choose(THIS_YEAR)

    # --- building -----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.period_label = QLabel(self)
        self.period_combo = QComboBox(self)
        for choice in (THIS_YEAR, LAST_MONTH, CUSTOM):
            self.period_combo.addItem("", choice)
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        self.start_edit, self.end_edit = QDateEdit(self), QDateEdit(self)
        self.to_label = QLabel(self)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._dates_edited)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self._export_clicked)
        self.copy_button = QPushButton(self)
        self.copy_button.clicked.connect(self.copy_summary)
        bar = QHBoxLayout()
        for widget in (self.period_label, self.period_combo, self.start_edit, self.to_label, self.end_edit):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.export_button)
        self.table = self._table(2)
        self.industries = self._table(2)
        self.industries_title = QLabel(self)
        self.rates = self._table(6)
        self.rates.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.chart = BarChart(self)
        self.chart_title = QLabel(self)
        self.summary = QPlainTextEdit(self)
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(110)
        self.message = QLabel(self)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(self._export_clicked)
        right = QVBoxLayout()
        right.addWidget(self.chart_title)
        right.addWidget(self.chart, 1)
        right.addWidget(self.rates)
        right.addWidget(self.industries_title)  # beside the chart: the figures' table keeps the left whole
        right.addWidget(self.industries)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        self.summary_title = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        layout.addWidget(self.summary_title)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)

    def _table(self, columns: int) -> QTableWidget:
        table = QTableWidget(0, columns, self)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        return table

    def retranslate(self) -> None:
        self.period_label.setText(self.tr("统计期间"))
        for index, text in enumerate((self.tr("本年"), self.tr("上月"), self.tr("自定义"))):
            self.period_combo.setItemText(index, text)
        self.to_label.setText(self.tr("至"))
        self.export_button.setText(self.tr("导出 xlsx…"))
        self.export_action.setText(self.tr("导出统计数据 xlsx…"))
        self.copy_button.setText(self.tr("复制综述"))
        self.copy_button.setToolTip(self.tr("把本期情况综述（中文）复制到剪贴板，可直接粘贴进报告"))
        self.table.setHorizontalHeaderLabels([self.tr("指标"), self.tr("数值")])
        self.industries.setHorizontalHeaderLabels([self.tr("行业"), self.tr("户次")])
        self.industries_title.setText(self.tr("按行业的监督检查户次"))
        self.rates.setHorizontalHeaderLabels(
            [self.tr("任务分类"), self.tr("任务数"), self.tr("已完成"), self.tr("任务关闭"), self.tr("完成率"),
             self.tr("完结率")]
        )  # fmt: skip
        self.chart_title.setText(self.tr("双随机任务完成率与完结率"))
        self.summary_title.setText(self.tr("情况综述"))
        if self.figures is not None:
            self._show(self.figures)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def menu_actions(self) -> list[QAction]:
        return [self.export_action]

    # --- the period ---------------------------------------------------------------------------------------------

    @property
    def period(self) -> tuple[date, date]:
        return self.start_edit.date().toPython(), self.end_edit.date().toPython()

    def choose(self, choice: str) -> None:
        """This year, last month (the dates follow), or custom (the dates are edited)."""
        self.period_combo.setCurrentIndex(self.period_combo.findData(choice))
        self._period_chosen()

    def set_period(self, start: date, end: date) -> None:
        """A custom period of two days, counted again."""
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(self.period_combo.findData(CUSTOM))
        self.period_combo.blockSignals(False)
        self._set_dates(start, end)
        self._custom_editable(True)
        self.reload()

    def _period_chosen(self) -> None:
        choice = self.period_combo.currentData()
        self._custom_editable(choice == CUSTOM)
        if choice != CUSTOM:
            self._set_dates(*period_of(choice, self.today))
        self.reload()

    def _custom_editable(self, editable: bool) -> None:
        self.start_edit.setEnabled(editable)
        self.end_edit.setEnabled(editable)

    def _set_dates(self, start: date, end: date) -> None:
        for edit, day in ((self.start_edit, start), (self.end_edit, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _dates_edited(self) -> None:
        if self.period_combo.currentData() == CUSTOM:
            self.reload()

    # --- reading ------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Count the period on the runner's worker (a newer count replaces one still queued), then show it."""
        start, end = self.period
        self.export_button.setEnabled(False)
        self.export_action.setEnabled(False)
        self.copy_button.setEnabled(False)
        if end < start:
            self.message.setText(self.tr("结束日期早于开始日期"))
            self._runner.cancel(self._key)
            return
        self.message.clear()
        self._runner.run(lambda store: figures_for(store, start, end), self._show, self._failed, key=self._key)

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))

    def _show(self, figures: Figures) -> None:
        self.figures = figures
        for widget in (self.export_button, self.export_action, self.copy_button):
            widget.setEnabled(True)
        self._fill_figures(figures)
        self._fill_industries(figures)
        self._fill_rates(figures)
        self.summary.setPlainText(summary_zh(figures))

    def _figure_rows(self, f: Figures) -> list[tuple[str, str]]:
        score = "—" if f.mean_score is None else f"{f.mean_score:.2f}"
        return [
            (self.tr("监督检查户次"), str(f.visits)),
            (self.tr("其中双随机抽查户次"), str(f.random_visits)),
            (self.tr("无感检查户次"), str(f.remote_checks)),
            (self.tr("立案处罚（件）"), str(f.cases)),
            (self.tr("其中警告（件）"), str(f.warnings)),
            (self.tr("其中罚款（件）"), str(f.fines)),
            (
                self.tr("罚款金额"),
                in_language(amount_zh(f.fine_total_yuan), f"{f.fine_total_yuan:,} yuan") if f.fines else "—",
            ),
            (self.tr("立案（件）"), str(f.cases_opened)),
            (self.tr("不予处罚（件）"), str(f.no_penalty)),
            (self.tr("移送及协查：发出（件）"), str(f.referrals_sent)),
            (self.tr("移送及协查：接收（件）"), str(f.referrals_received)),
            (self.tr("通过检查码完成监督户次"), str(f.code_inspections)),
            (self.tr("主动发起联合检查（次）"), str(f.joint_initiated)),
            (self.tr("配合其他部门联合检查（次）"), str(f.joint_joined)),
            (self.tr("查后评价（户）"), str(f.evaluations)),
            (self.tr("满意度（4–5分）"), percent_zh(f.satisfaction_rate)),
            (self.tr("平均评分"), score),
        ]

    def _fill_figures(self, f: Figures) -> None:
        rows = self._figure_rows(f)
        self.table.setRowCount(len(rows))
        for r, (name, value) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(name))
            self.table.setItem(r, 1, _right(value))

    def _fill_industries(self, f: Figures) -> None:
        self.industries.setRowCount(len(f.visits_by_industry))
        for r, (industry, visits) in enumerate(f.visits_by_industry.items()):
            self.industries.setItem(r, 0, QTableWidgetItem(industry_label(industry) if industry else self.tr("其他")))
            self.industries.setItem(r, 1, _right(str(visits)))
        shown = min(max(1, self.industries.rowCount()), INDUSTRY_ROWS)  # more scroll
        self.industries.setFixedHeight(self.industries.horizontalHeader().height() + 4 + shown * ROW_HEIGHT)

    def _fill_rates(self, f: Figures) -> None:
        groups: list[tuple[str, Rates]] = [(task_category_label(c), r) for c, r in f.random_rates.items()]
        if groups:
            groups.append((self.tr("合计"), f.random_total))
        self.rates.setRowCount(len(groups))
        for r, (name, rates) in enumerate(groups):
            cells = [str(rates.total), str(rates.completed), str(rates.closed),
                     percent_zh(rates.completion_rate), percent_zh(rates.finish_rate)]  # fmt: skip
            self.rates.setItem(r, 0, QTableWidgetItem(name))
            for c, text in enumerate(cells, start=1):
                self.rates.setItem(r, c, _right(text))
        header = self.rates.horizontalHeader().height()
        self.rates.setFixedHeight(header + 4 + sum(self.rates.rowHeight(r) for r in range(self.rates.rowCount())))
        self.chart.set_data(
            [Series(self.tr("完成率"), self.COMPLETION), Series(self.tr("完结率"), self.FINISH)],
            [(name, [rates.completion_rate, rates.finish_rate]) for name, rates in groups],
            self.tr("本期没有双随机任务"),
        )

    # --- out ----------------------------------------------------------------------------------------------------

    def copy_summary(self) -> str:
        """Put the summary paragraph on the clipboard; the text copied."""
        text = self.summary.toPlainText()
        QApplication.clipboard().setText(text)
        self.message.setText(self.tr("情况综述已复制"))
        return text

    def export_to(self, path: Path) -> Path:
        """Write the figures shown to an xlsx file (no database: the figures already counted)."""
        if self.figures is None:
            raise BilingualError("统计数据尚未读出", "the figures have not been counted yet")
        labels = {c.value: task_category_label(c) for c in TaskCategory}
        return export_figures(path, self.figures, labels)

    def _export_clicked(self) -> None:
        start, end = self.period
        suggested = f"figures-{start.isoformat()}-{end.isoformat()}.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出统计数据"), suggested, "Excel (*.xlsx)")
        if name:
            try:
                self.message.setText(self.tr("已导出 %1").replace("%1", str(self.export_to(Path(name)))))
            except OSError as exc:
                self.message.setText(cannot_write(exc))
