"""Referrals (线索移送函, 协查函, 案件移送书) sent to and received from other departments, tracked to the answer: a
letter recorded (kind, direction, department, number, day, subject, answer due), the list with each one's answer status
(overdue first), and the answer recorded on the chosen one; a letter received opens a complaint task on the target it
names (由来函立项), or on the target searched here. Reads and writes run on the runner's database worker
(app/planning/referrals.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from app.models import Inspector, Task
from app.models.domain import Referral
from app.planning.referrals import (
    AnswerStatus,
    ListedReferral,
    open_task_from_referral,
    record_answer,
    record_referral,
    referral_list,
)
from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

DEPARTMENTS = ("长宁区市场监督管理局", "长宁公安分局", "长宁区消防救援支队", "长宁区生态环境局", "其他区卫生健康委")
DEFAULT_DUE_DAYS = 15  # a usual time for an answer; the lead changes it
MATCHES = 20


def _search(store: Store, query: str) -> list[dict[str, Any]]:
    return store.targets_by_ids(store.search_target_ids(query, MATCHES)) if query.strip() else []


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


class ReferralDialog(QDialog):
    recorded = Signal(object)  # the saved Referral
    task_opened = Signal(object)  # the complaint Task opened from a letter received (由来函立项)

    def __init__(self, runner: Runner, user: Inspector, today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._runner = runner
        self._user = user
        self._today = today or date.today()
        self.listed: list[ListedReferral] = []
        self.setObjectName("referral-dialog")
        self.setWindowTitle(self.tr("线索移送与协查"))
        self.resize(760, 680)
        self.kind = QComboBox()
        for value, text in (
            ("lead", self.tr("线索移送函")),
            ("assistance", self.tr("协查函")),
            ("case", self.tr("案件移送书")),
        ):
            self.kind.addItem(text, value)
        self.direction = QComboBox()
        self.direction.addItem(self.tr("发出"), "sent")
        self.direction.addItem(self.tr("收到"), "received")
        self.department = QComboBox()
        self.department.setEditable(True)
        self.department.addItems(DEPARTMENTS)
        self.document_no = QLineEdit()
        self.document_no.setObjectName("referral-no")
        self.document_no.setPlaceholderText(self.tr("例如：长卫移〔2026〕3号"))
        self.document_no.textChanged.connect(self._update_buttons)
        self.dated_on = QDateEdit(_qdate(self._today))
        self.dated_on.setCalendarPopup(True)
        self.dated_on.setDisplayFormat("yyyy-MM-dd")
        self.has_due = QCheckBox(self.tr("答复期限"))
        self.has_due.setChecked(True)
        self.due_on = QDateEdit(_qdate(self._today + timedelta(days=DEFAULT_DUE_DAYS)))
        self.due_on.setCalendarPopup(True)
        self.due_on.setDisplayFormat("yyyy-MM-dd")
        self.has_due.toggled.connect(self.due_on.setEnabled)
        self.subject = QPlainTextEdit()
        self.subject.setObjectName("referral-subject")
        self.subject.setMaximumHeight(70)
        self.subject.setPlaceholderText(self.tr("事由"))
        self.subject.textChanged.connect(self._update_buttons)
        self.query = QLineEdit()
        self.query.setObjectName("referral-target-query")
        self.query.setPlaceholderText(self.tr("所涉检查对象（可选）：名称、地址或统一社会信用代码"))
        self.query.textChanged.connect(self._search)
        self.targets = QListWidget()
        self.targets.setObjectName("referral-targets")
        self.targets.setMaximumHeight(80)
        self.targets.itemSelectionChanged.connect(self._update_buttons)
        self.record_button = QPushButton(self.tr("登记函件"))
        self.record_button.clicked.connect(self.record)
        self.letters = QListWidget()
        self.letters.setObjectName("referral-list")
        self.letters.itemSelectionChanged.connect(self._update_buttons)
        self.answer = QLineEdit()
        self.answer.setObjectName("referral-answer")
        self.answer.setPlaceholderText(self.tr("答复或办理结果"))
        self.answer.textChanged.connect(self._update_buttons)
        self.answer_button = QPushButton(self.tr("登记今日答复"))
        self.answer_button.clicked.connect(self.record_answer)
        self.task_button = QPushButton(self.tr("由来函立项"))
        self.task_button.setObjectName("referral-open-task")
        self.task_button.setToolTip(
            self.tr("按投诉举报的方式对来函所涉对象生成核查任务（本科室已备案的投诉举报计划下），答复期限即任务期限")
        )
        self.task_button.clicked.connect(self.open_task)
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("类别"), self.kind)
        form.addRow(self.tr("方向"), self.direction)
        form.addRow(self.tr("对方部门"), self.department)
        form.addRow(self.tr("文号"), self.document_no)
        form.addRow(self.tr("日期"), self.dated_on)
        due = QHBoxLayout()
        due.addWidget(self.has_due)
        due.addWidget(self.due_on, 1)
        form.addRow("", due)
        form.addRow(self.tr("事由"), self.subject)
        form.addRow(self.tr("检查对象"), self.query)
        form.addRow("", self.targets)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.record_button)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("函件（逾期未答复的在前）")))
        layout.addWidget(self.letters, 1)
        row = QHBoxLayout()
        row.addWidget(self.answer, 1)
        row.addWidget(self.answer_button)
        row.addWidget(self.task_button)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        today = self._today
        self._runner.run(lambda store: referral_list(store, today), self._show, owner=self)

    def _show(self, listed: list[ListedReferral]) -> None:
        self.listed = listed
        self.letters.clear()
        kinds = {"lead": self.tr("线索移送函"), "assistance": self.tr("协查函"), "case": self.tr("案件移送书")}
        ways = {"sent": self.tr("发往"), "received": self.tr("来自")}
        states = {
            AnswerStatus.WAITING: self.tr("待答复"),
            AnswerStatus.ON_TIME: self.tr("已按时答复"),
            AnswerStatus.LATE: self.tr("逾期答复"),
            AnswerStatus.OVERDUE: self.tr("逾期未答复"),
        }
        for row in listed:
            r = row.referral
            due = self.tr("限 %1 前答复").replace("%1", r.answer_due_on.isoformat()) if r.answer_due_on else ""
            parts = [r.document_no, kinds[r.kind], f"{ways[r.direction]}{r.other_department}", r.dated_on.isoformat()]
            parts += [row.target_name] if row.target_name else []
            parts += [p for p in (due, states[row.status], r.answer) if p]
            self.letters.addItem(" · ".join(parts))
        self._update_buttons()

    def chosen(self) -> Referral | None:
        row = self.letters.currentRow()
        item = self.letters.currentItem()
        ok = 0 <= row < len(self.listed) and item is not None and item.isSelected()
        return self.listed[row].referral if ok else None

    def _update_buttons(self) -> None:
        ready = bool(self.document_no.text().strip()) and bool(self.subject.toPlainText().strip())
        self.record_button.setEnabled(ready)
        chosen = self.chosen()
        self.answer_button.setEnabled(chosen is not None and bool(self.answer.text().strip()))
        received = chosen is not None and chosen.direction == "received"
        self.task_button.setEnabled(received and bool((chosen and chosen.target_id) or self.chosen_target()))

    def _search(self, query: str) -> None:
        self._runner.run(lambda store: _search(store, query), self._show_targets, self._refused, owner=self)

    def _show_targets(self, rows: list[dict[str, Any]]) -> None:
        self.targets.clear()
        for row in rows:
            item = QListWidgetItem(f"{row['name']} · {row['address']}")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.targets.addItem(item)
        self._update_buttons()

    def chosen_target(self) -> str | None:
        item = self.targets.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    def record(self) -> None:
        fields = {
            "kind": self.kind.currentData(),
            "direction": self.direction.currentData(),
            "other_department": self.department.currentText(),
            "document_no": self.document_no.text(),
            "dated_on": _day(self.dated_on),
            "subject": self.subject.toPlainText(),
            "team": self._user.team,
            "district": self._user.district,
            "answer_due_on": _day(self.due_on) if self.has_due.isChecked() else None,
            "target_id": self.chosen_target(),
        }
        self._runner.run(
            lambda store: record_referral(store, **fields),  # type: ignore[arg-type]
            self._recorded,
            self._refused,
            owner=self,
        )

    def _recorded(self, referral: Referral) -> None:
        self.message.setText(self.tr("已登记 %1").replace("%1", referral.document_no))
        self.document_no.clear()
        self.subject.clear()
        self.query.clear()
        self.recorded.emit(referral)
        self.reload()

    def record_answer(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        referral_id, text, today = chosen.id, self.answer.text(), self._today
        self._runner.run(
            lambda store: record_answer(store, referral_id, text, today), self._answered, self._refused, owner=self
        )

    def _answered(self, referral: Referral) -> None:
        self.message.setText(self.tr("已登记答复 %1").replace("%1", referral.document_no))
        self.answer.clear()
        self.recorded.emit(referral)
        self.reload()

    def open_task(self) -> None:
        """由来函立项: the chosen letter received opens a complaint task on its target (or the one chosen here)."""
        chosen = self.chosen()
        if chosen is None or chosen.direction != "received":
            return
        referral_id, target_id, team, today = chosen.id, self.chosen_target(), self._user.team, self._today
        self.task_button.setEnabled(False)
        self._runner.run(
            lambda store: open_task_from_referral(store, referral_id, team=team, today=today, target_id=target_id),
            self._task_opened,
            self._refused,
            owner=self,
        )

    def _task_opened(self, task: Task) -> None:
        due = task.due_on.isoformat() if task.due_on else ""
        self.message.setText(
            self.tr("已由来函立项：投诉举报核查任务，限 %1 前完成，请在任务看板分派").replace("%1", due)
        )
        self.task_opened.emit(task)
        self.reload()

    def _refused(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
        self._update_buttons()
