"""The lead's tasks on a named target (app/planning/named_tasks.py): a complaint (投诉举报) recorded with its source,
content, receipt and reply deadline, with its complaint task; or a 专项 / 跨部门 task, the latter naming the other
department. The target is searched, and every read and write runs on the runner's database worker."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.models import Inspector, Target
from app.models.enums import TaskCategory
from app.planning.named_tasks import (
    COMPLAINT_SOURCES,
    REPLY_WORKING_DAYS,
    open_complaint_task,
    open_named_task,
    plan_for,
    record_complaint,
)
from app.rules.deadlines import working_day_deadline
from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import (
    QCheckBox,
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
    QWidget,
    Signal,
)
from app.ui.runner import Runner

MATCHES = 50


def _search(store: Store, query: str) -> list[dict[str, Any]]:
    return store.targets_by_ids(store.search_target_ids(query, MATCHES))


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class NamedTaskDialog(QDialog):
    """`kind`: "complaint" (a complaint and its task), "campaign" or "cross_department"."""

    saved = Signal(object)  # the new Task (or the Complaint when no task was asked for)

    def __init__(
        self,
        runner: Runner,
        user: Inspector,
        kind: str = "complaint",
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._user = user
        self._today = today or date.today()
        self._reply_touched = False
        self.setObjectName("named-task-dialog")
        self.resize(620, 560)

        self.kind = QComboBox()
        self.kind.addItem(self.tr("投诉举报（登记投诉并生成核查任务）"), "complaint")
        self.kind.addItem(self.tr("专项检查任务"), TaskCategory.CAMPAIGN.value)
        self.kind.addItem(self.tr("跨部门联合检查任务"), TaskCategory.CROSS_DEPARTMENT.value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("名称、地址或统一社会信用代码"))
        self.query.textChanged.connect(self._search)
        self.targets = QListWidget()
        self.targets.setObjectName("target-matches")
        self.targets.itemSelectionChanged.connect(self._update_ok)
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.addItems(list(COMPLAINT_SOURCES))
        self.received = QDateEdit(_qdate(self._today))
        self.received.setCalendarPopup(True)
        self.received.dateChanged.connect(self._received_changed)
        self.reply_due = QDateEdit(_qdate(working_day_deadline(self._today, REPLY_WORKING_DAYS).due))
        self.reply_due.setCalendarPopup(True)
        self.reply_due.dateChanged.connect(self._reply_changed)
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText(self.tr("投诉举报内容"))
        self.content.textChanged.connect(self._update_ok)
        self.content.setMaximumHeight(110)
        self.with_task = QCheckBox(self.tr("同时生成投诉举报核查任务（在本科室已备案的投诉举报计划下）"))
        self.with_task.setChecked(True)
        self.department = QLineEdit()
        self.department.setPlaceholderText(self.tr("例如：长宁区市场监督管理局"))
        self.department.textChanged.connect(self._update_ok)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("named-task-message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(self.tr("类别"), self.kind)
        form.addRow(self.tr("检查对象"), self.query)
        form.addRow("", self.targets)
        self._complaint_rows = [
            (self.tr("来源"), self.source),
            (self.tr("收到日期"), self.received),
            (self.tr("答复期限"), self.reply_due),
            (self.tr("内容"), self.content),
            ("", self.with_task),
        ]
        for label, widget in self._complaint_rows:
            form.addRow(label, widget)
        form.addRow(self.tr("联合部门"), self.department)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self._form = form
        self.set_kind(kind)
        self._search("")

    # --- state ----------------------------------------------------------------------------------------------------

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        titles = {
            "complaint": self.tr("登记投诉举报"),
            TaskCategory.CAMPAIGN.value: self.tr("新建专项检查任务"),
            TaskCategory.CROSS_DEPARTMENT.value: self.tr("新建跨部门联合检查任务"),
        }
        self.setWindowTitle(titles[kind])
        for _label, widget in self._complaint_rows:
            self._form.setRowVisible(widget, kind == "complaint")
        self._form.setRowVisible(self.department, kind == TaskCategory.CROSS_DEPARTMENT.value)
        self._update_ok()

    def _search(self, text: str) -> None:
        self._runner.run(lambda store: _search(store, text.strip()), self._matches, key=f"named-{id(self)}")

    def _matches(self, rows: list[dict[str, Any]]) -> None:
        self.targets.clear()
        for row in rows:
            item = QListWidgetItem(f"{row['name']}  {row['credit_code']}  {row['street']}")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.targets.addItem(item)
        if self.targets.count() == 1:
            self.targets.setCurrentRow(0)
        self._update_ok()

    def target_id(self) -> str | None:
        item = self.targets.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    def _received_changed(self) -> None:
        if not self._reply_touched:
            due = working_day_deadline(_day(self.received), REPLY_WORKING_DAYS).due
            self.reply_due.blockSignals(True)
            self.reply_due.setDate(_qdate(due))
            self.reply_due.blockSignals(False)

    def _reply_changed(self) -> None:
        self._reply_touched = True

    def _update_ok(self) -> None:
        kind = self.kind.currentData()
        ready = self.target_id() is not None
        if kind == "complaint":
            ready = ready and bool(self.content.toPlainText().strip())
        if kind == TaskCategory.CROSS_DEPARTMENT.value:
            ready = ready and bool(self.department.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    # --- saving ---------------------------------------------------------------------------------------------------

    def save(self) -> None:
        target_id, kind, team, today = self.target_id(), self.kind.currentData(), self._user.team, self._today
        if target_id is None:
            return
        if kind == "complaint":
            summary, source = self.content.toPlainText(), self.source.currentText()
            received, due, with_task = _day(self.received), _day(self.reply_due), self.with_task.isChecked()

            def op(store: Store) -> Any:
                target = store.get(Target, target_id)
                if with_task and target is not None:  # refuse before anything is saved
                    plan_for(store, team, TaskCategory.COMPLAINT, target.industry, today)
                complaint = record_complaint(
                    store, target_id=target_id, summary=summary, received_on=received, source=source, reply_due_on=due
                )
                return open_complaint_task(store, complaint.id, team=team, today=today) if with_task else complaint

        else:
            department = self.department.text()

            def op(store: Store) -> Any:
                return open_named_task(
                    store, target_id=target_id, category=kind, team=team, today=today, other_department=department
                )

        self.buttons.setEnabled(False)
        self._runner.run(op, self._saved, self._refused, owner=self)

    def _saved(self, record: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(record)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(error_text(error))
