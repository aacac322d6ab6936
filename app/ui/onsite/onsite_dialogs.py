"""The inspection window's small dialogs: a correction order (责令改正), an amendment (更正) and the evaluation QR.

Each dialog only collects; the window commits through app.onsite and shows a refusal in the dialog, which then stays
open with everything typed, so nothing is lost.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from app.models import ChecklistItem, ResultValue
from app.ui.code_display import QrView
from app.ui.labels import result_label
from app.ui.plain_text import rich_label
from app.ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

DEFAULT_DAYS = 15  # a usual correction period; the inspector changes it


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("dialog-error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    return label


class CorrectionOrderDialog(QDialog):
    """责令改正通知书: the non-compliant items to correct (all ticked), the requirements and the deadline."""

    def __init__(
        self,
        items: list[ChecklistItem],
        today: date,
        parent: QWidget | None = None,
        demands: dict[str, str] | None = None,
    ) -> None:
        """`demands`: each item's standard correction demand (the catalogue's), shown to be edited before printing."""
        super().__init__(parent)
        self.setObjectName("correction-order-dialog")
        self.standard = dict(demands or {})
        self.setWindowTitle(self.tr("责令改正"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("须改正的不符合项：")))
        self.items = QListWidget()
        for item in items:
            row = QListWidgetItem(f"{item.code} {item.title}")
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked)
            self.items.addItem(row)
        layout.addWidget(self.items)
        layout.addWidget(QLabel(self.tr("各项改正要求（可在打印前修改）：")))
        self.demands = QTableWidget(len(items), 2)
        self.demands.setObjectName("order-demands")
        self.demands.setHorizontalHeaderLabels([self.tr("事项"), self.tr("改正要求")])
        self.demands.verticalHeader().setVisible(False)
        self.demands.horizontalHeader().setStretchLastSection(True)
        self.demands.setWordWrap(True)
        for row, item in enumerate(items):
            code = QTableWidgetItem(item.code)
            code.setFlags(code.flags() & ~Qt.ItemFlag.ItemIsEditable)
            code.setToolTip(item.title)
            code.setData(Qt.ItemDataRole.UserRole, item.id)
            self.demands.setItem(row, 0, code)
            self.demands.setItem(row, 1, QTableWidgetItem(self.standard.get(item.id, "")))
        self.demands.resizeColumnToContents(0)
        self.demands.resizeRowsToContents()
        layout.addWidget(self.demands, 1)
        form = QFormLayout()
        self.requirements = QPlainTextEdit()
        self.requirements.setObjectName("order-requirements")
        self.requirements.setPlaceholderText(self.tr("例如：立即补全消毒记录，并建立专人登记制度"))
        self.requirements.setMaximumHeight(80)
        self.deadline = QDateEdit()
        self.deadline.setObjectName("order-deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        start = today + timedelta(days=DEFAULT_DAYS)
        self.deadline.setDate(QDate(start.year, start.month, start.day))
        form.addRow(self.tr("改正要求"), self.requirements)
        form.addRow(self.tr("改正期限"), self.deadline)
        layout.addLayout(form)
        self.note = QLabel(self.tr("期限届满时自动生成复查任务；复查须另行申请检查码。"))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("下达"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 620)

    def chosen_item_ids(self) -> list[str]:
        rows = (self.items.item(n) for n in range(self.items.count()))
        return [r.data(Qt.ItemDataRole.UserRole) for r in rows if r.checkState() == Qt.CheckState.Checked]

    def chosen_deadline(self) -> date:
        return self.deadline.date().toPython()

    def edited_demands(self) -> dict[str, str]:
        """The demands changed from the standard one, by item id (the order keeps them; the others follow the
        catalogue)."""
        edited = {}
        for row in range(self.demands.rowCount()):
            item_id = self.demands.item(row, 0).data(Qt.ItemDataRole.UserRole)
            text = self.demands.item(row, 1).text().strip().rstrip("。；;")
            if text and text != self.standard.get(item_id, "").rstrip("。；;"):
                edited[item_id] = text
        return edited


class AmendmentDialog(QDialog):
    """更正: the new result and note of one item of a completed inspection (or, with no item, its findings), and the
    reason (required)."""

    def __init__(self, item: ChecklistItem | None, result: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendment-dialog")
        self.setWindowTitle(self.tr("更正检查结果"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("检查已完成，结果已锁定。更正将另行记录原值、新值、原因、更正人和时间。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        title = rich_label(f"<b>{escape(item.code)}</b> {escape(item.title)}" if item else escape(self.tr("检查发现")))
        title.setWordWrap(True)
        layout.addWidget(title)
        form = QFormLayout()
        self.result = QComboBox()
        self.result.setObjectName("amend-result")
        for value in ResultValue:
            self.result.addItem(result_label(value), str(value))
        self.result.setCurrentIndex(max(self.result.findData(result), 0))
        self.result.setVisible(item is not None)
        self.note = QLineEdit(note)
        self.note.setObjectName("amend-note")
        self.reason = QLineEdit()
        self.reason.setObjectName("amend-reason")
        self.reason.setPlaceholderText(self.tr("必填，例如：复核现场录像，原结果录入错误"))
        if item is not None:
            form.addRow(self.tr("结果"), self.result)
        form.addRow(self.tr("说明") if item else self.tr("检查发现"), self.note)
        form.addRow(self.tr("更正原因"), self.reason)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("记录更正"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 280)
        self.reason.setFocus()

    def chosen_result(self) -> str:
        return self.result.currentData()


class EvaluationDialog(QDialog):
    """查后可评价: the code's public page as a QR code for the inspected party to rate the inspection."""

    def __init__(self, url: str, short_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluation-dialog")
        self.setWindowTitle(self.tr("请被检查单位评价"))
        layout = QVBoxLayout(self)
        head = QLabel(self.tr("检查已完成。请被检查单位扫码，对本次检查进行评价。"))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.qr = QrView(url)
        layout.addWidget(self.qr, 1)
        self.url = QLabel(f"{short_code}　{url}")
        self.url.setObjectName("evaluation-url")
        self.url.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.url)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 540)
