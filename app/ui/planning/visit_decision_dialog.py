"""A lead's visit decisions on one target (issue 16): a 无事不扰 exemption by decision (reason, end date) or its
lifting, and an override reason on an open task to pass the grade's yearly cap or repeat-visit guard.

Reading and writing go through the runner's database worker (app.planning.visits: decide_exemption, lift_exemption,
allow_visit); the dialog answers when the worker does, and says a refusal in the interface language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.models.domain import Target, Task
from app.models.enums import OPEN_STATUSES
from app.planning import visits
from app.planning.errors import PlanningError
from app.store import Store
from app.ui.i18n import error_text
from app.ui.labels import task_category_label
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner


@dataclass(frozen=True)
class Read:
    target: Target
    tasks: list[Task]  # the target's open tasks, newest due last


def _read(store: Store, target_id: str) -> Read:
    """On the database worker: the target and its open tasks."""
    target = store.get(Target, target_id)
    if target is None:
        raise PlanningError(f"找不到检查对象 {target_id}", f"no such target: {target_id}")
    tasks = [t for t in store.find(Task, target_id=target_id) if t.status in OPEN_STATUSES]
    return Read(target, sorted(tasks, key=lambda t: (t.due_on or date.max, t.id)))


class VisitDecisionDialog(QDialog):
    """The target's 无事不扰 state with a form to decide or lift it, and a form for a task's override reason."""

    decided = Signal(object)  # the saved Target (exemption decided or lifted)
    allowed = Signal(object)  # the saved Task with its override reason
    refused = Signal(str)  # why nothing was saved, in the interface language

    def __init__(self, runner: Runner, target_id: str, task_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("检查频次与无事不扰"))
        self.resize(560, 420)
        self._runner = runner
        self._target_id = target_id
        self._task_id = task_id
        self.state = QLabel(self)
        self.state.setWordWrap(True)

        exemption = QGroupBox(self.tr("无事不扰（负责人决定）"), self)
        self.exemption_reason = QLineEdit(exemption)
        self.exemption_reason.setPlaceholderText(self.tr("如：企业停业装修至年底"))
        self.until = QDateEdit(exemption)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setDate(QDate.currentDate().addMonths(6))
        self.no_end = QCheckBox(self.tr("不设截止日期"), exemption)
        self.no_end.toggled.connect(lambda on: self.until.setEnabled(not on))
        self.decide_button = QPushButton(self.tr("列入无事不扰"), exemption)
        self.decide_button.clicked.connect(self.decide)
        self.lift_button = QPushButton(self.tr("移出无事不扰"), exemption)
        self.lift_button.clicked.connect(self.lift)
        form = QFormLayout(exemption)
        form.addRow(self.tr("理由"), self.exemption_reason)
        form.addRow(self.tr("截止日期"), self.until)
        form.addRow("", self.no_end)
        form.addRow(self.decide_button, self.lift_button)

        override = QGroupBox(self.tr("越过年度上限或重复检查间隔"), self)
        self.task = QComboBox(override)
        self.override_reason = QLineEdit(override)
        self.override_reason.setPlaceholderText(self.tr("如：专项整治需要再次检查"))
        self.allow_button = QPushButton(self.tr("记录理由"), override)
        self.allow_button.clicked.connect(self.allow)
        form = QFormLayout(override)
        form.addRow(self.tr("任务"), self.task)
        form.addRow(self.tr("理由"), self.override_reason)
        form.addRow("", self.allow_button)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.state, exemption, override, self.message, buttons):
            layout.addWidget(widget)
        self._enable(False)
        self.reload()

    @property
    def busy(self) -> bool:
        """A reading or a decision of this dialog is out."""
        return self._runner.working(self)

    def reload(self) -> None:
        target_id = self._target_id
        self._runner.run(lambda store: _read(store, target_id), self._show, self._unreadable, owner=self)

    def _enable(self, on: bool) -> None:
        for button in (self.decide_button, self.lift_button, self.allow_button):
            button.setEnabled(on)

    def _show(self, read: Read) -> None:
        target = read.target
        if target.do_not_disturb:
            until = target.do_not_disturb_until.isoformat() if target.do_not_disturb_until else self.tr("无")
            by = self.tr("规则") if target.do_not_disturb_by == "rule" else self.tr("负责人决定")
            state = (
                self.tr("%1（%2 级）在无事不扰清单内（%3）：%4；截止 %5")
                .replace("%1", target.name)
                .replace("%2", target.grade)
                .replace("%3", by)
                .replace("%4", target.do_not_disturb_reason or "")
                .replace("%5", until)
            )
        else:
            state = self.tr("%1（%2 级）不在无事不扰清单内").replace("%1", target.name).replace("%2", target.grade)
        self.state.setText(state)
        self.task.clear()
        for task in read.tasks:
            text = f"{task_category_label(task.category)} {task.due_on.isoformat() if task.due_on else ''}".strip()
            if task.visit_override_reason:
                text += f" — {task.visit_override_reason}"
            self.task.addItem(text, task.id)
        if self._task_id is not None:
            self.task.setCurrentIndex(max(0, self.task.findData(self._task_id)))
        self._enable(True)
        self.lift_button.setEnabled(target.do_not_disturb)
        self.allow_button.setEnabled(bool(read.tasks))

    def decide(self) -> None:
        """Put the target on the 无事不扰 list by decision, with the reason and end date, on the worker."""
        target_id, reason = self._target_id, self.exemption_reason.text()
        until = None if self.no_end.isChecked() else self.until.date().toPython()
        self._write(lambda store: visits.decide_exemption(store, target_id, reason, until), self._decided)

    def lift(self) -> None:
        target_id = self._target_id
        self._write(lambda store: visits.lift_exemption(store, target_id), self._decided)

    def allow(self) -> None:
        """Keep the lead's reason on the chosen open task (the server reads it at 申码)."""
        task_id, reason = self.task.currentData(), self.override_reason.text()
        if task_id is None:
            self._refused_text(self.tr("该对象没有未完成的任务"))
            return
        self._write(lambda store: visits.allow_visit(store, task_id, reason), self._allowed)

    def _write(self, op: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        self._enable(False)
        self._runner.run(op, done, self._refused, owner=self)

    def _decided(self, target: Target) -> None:
        self.message.setStyleSheet("")
        self.message.setText(
            self.tr("已记录：%1 列入无事不扰").replace("%1", target.name)
            if target.do_not_disturb
            else self.tr("已记录：%1 移出无事不扰").replace("%1", target.name)
        )
        self.exemption_reason.clear()
        self.decided.emit(target)
        self.reload()

    def _allowed(self, task: Task) -> None:
        self.message.setStyleSheet("")
        reason = task.visit_override_reason or ""
        self.message.setText(self.tr("已记录越过检查频次限制的理由：%1").replace("%1", reason))
        self.override_reason.clear()
        self.allowed.emit(task)
        self.reload()

    def _refused(self, error: BaseException) -> None:
        self._refused_text(error_text(error))
        self.reload()

    def _unreadable(self, error: BaseException) -> None:
        self._refused_text(error_text(error))

    def _refused_text(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
        self.refused.emit(text)
