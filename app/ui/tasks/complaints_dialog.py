"""The complaints (投诉举报) and their answers (app/planning/complaints.py): every complaint with its reply deadline,
the open ones first and the overdue ones marked with how many days; one closed (办结) with the reply given and its
date. Read and written on the runner's database worker."""

from __future__ import annotations

from datetime import date

from app.planning.complaints import ComplaintLine, close_complaint, complaint_lines
from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import (
    QAbstractItemView,
    QColor,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

OVERDUE = QColor("#c62828")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ComplaintsDialog(QDialog):
    closed_complaint = Signal(object)  # the Complaint closed with its reply

    def __init__(self, runner: Runner, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaints-dialog")
        self.setWindowTitle(self.tr("投诉举报办理"))
        self.resize(900, 600)
        self._runner = runner
        self._today = today or date.today()
        self.lines: list[ComplaintLine] = []
        self.summary = QLabel()
        self.summary.setObjectName("complaints-summary")
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("complaints")
        self.table.setHorizontalHeaderLabels(
            [self.tr("收到日期"), self.tr("检查对象"), self.tr("来源"), self.tr("内容"), self.tr("答复期限"),
             self.tr("办理情况")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.reply = QPlainTextEdit()
        self.reply.setObjectName("complaint-reply")
        self.reply.setPlaceholderText(self.tr("给投诉举报人的答复（核查情况和处理结果）"))
        self.reply.setMaximumHeight(90)
        self.reply.textChanged.connect(self._update_buttons)
        self.replied_on = QDateEdit(_qdate(self._today))
        self.replied_on.setCalendarPopup(True)
        self.replied_on.setMaximumDate(_qdate(self._today))
        self.close_button = QPushButton(self.tr("办结并记录答复"))
        self.close_button.setObjectName("close-complaint")
        self.close_button.clicked.connect(self.close_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("complaints-message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("答复内容"), self.reply)
        form.addRow(self.tr("答复日期"), self.replied_on)
        form.addRow("", self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        today = self._today
        self._runner.run(lambda store: complaint_lines(store, today), self._show, key=f"complaints-{id(self)}")

    @property
    def loading(self) -> bool:
        return self._runner.busy(f"complaints-{id(self)}")

    def _state(self, line: ComplaintLine) -> str:
        c = line.complaint
        if not line.is_open:
            text = self.tr("已办结，%1 答复").replace("%1", c.replied_on.isoformat() if c.replied_on else "")
            return text + (self.tr("（逾期答复）") if line.replied_late else "")
        if line.overdue_days:
            return self.tr("逾期 %1 天未答复").replace("%1", str(line.overdue_days))
        return self.tr("待答复")

    def _show(self, lines: list[ComplaintLine]) -> None:
        chosen = self.selected()
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            c = line.complaint
            due = c.reply_due_on.isoformat() if c.reply_due_on else ""
            values = (c.received_on.isoformat(), line.target_name, c.source or "", c.summary, due, self._state(line))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if line.overdue_days and column in (4, 5):
                    item.setForeground(OVERDUE)
                self.table.setItem(row, column, item)
            if chosen is not None and c.id == chosen.complaint.id:
                self.table.selectRow(row)
        for column in (1, 5):  # the target's name and the state in full; the content takes the rest
            self.table.resizeColumnToContents(column)
        pending = [line for line in lines if line.is_open]
        overdue = [line for line in pending if line.overdue_days]
        self.summary.setText(
            self.tr("共 %1 件，待答复 %2 件，其中逾期 %3 件")
            .replace("%1", str(len(lines)))
            .replace("%2", str(len(pending)))
            .replace("%3", str(len(overdue)))
        )
        self._update_buttons()

    def select_complaint(self, complaint_id: str) -> None:
        for row, line in enumerate(self.lines):
            if line.complaint.id == complaint_id:
                self.table.selectRow(row)

    def selected(self) -> ComplaintLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.lines[rows[0].row()] if rows and rows[0].row() < len(self.lines) else None

    def _selected(self) -> None:
        line = self.selected()
        self.reply.setPlainText(line.complaint.reply or "" if line is not None else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        line = self.selected()
        ready = line is not None and line.is_open and bool(self.reply.toPlainText().strip())
        self.close_button.setEnabled(ready)
        self.reply.setReadOnly(line is not None and not line.is_open)

    def close_selected(self) -> None:
        line = self.selected()
        if line is None:
            return
        complaint_id, reply, today = line.complaint.id, self.reply.toPlainText(), self._today
        value = self.replied_on.date()
        replied_on = date(value.year(), value.month(), value.day())

        def op(store: Store) -> object:
            return close_complaint(store, complaint_id, reply=reply, replied_on=replied_on, today=today)

        self.close_button.setEnabled(False)
        self._runner.run(op, self._closed, self._refused, owner=self)

    def _closed(self, complaint: object) -> None:
        self.message.setText(self.tr("已办结并记录答复；下次同步送达服务器"))
        self.closed_complaint.emit(complaint)
        self.reload()

    def _refused(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
        self._update_buttons()
