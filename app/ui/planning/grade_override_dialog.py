"""A lead's override of the grades' effect on one plan (issue 16): the sampling ratio each grade sets (信用+风险, the
filed grading configuration) beside the plan's own, and a recorded reason for ratios other than the grades'.

The plan and the configuration are read, and the override saved or taken back, on the runner's database worker
(app.planning.draws: override_grade_defaults, restore_grade_defaults, which refuse anyone but a lead of the plan's
team, a filed plan and an empty, over-long or control-character reason); the dialog says a refusal in the interface
language. The override syncs with the plan and is recorded in each draw under it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.models.domain import Inspector, Plan
from app.models.enums import Grade, PlanStatus
from app.planning.draws import REASON_MAX, default_config, override_grade_defaults, restore_grade_defaults
from app.planning.plans import get_plan
from app.resources import load_grading_config
from app.rules.sampling import GRADE_ORDER
from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner


@dataclass(frozen=True)
class Read:
    plan: Plan
    defaults: dict[Grade, float]  # each grade's sampling ratio in the grading configuration
    effective: dict[Grade, float]  # what a draw under the plan uses (the override when it has a reason)
    config_version: str


def _read(store: Store, plan_id: str) -> Read:
    """On the database worker: the plan, the grades' ratios and the ratios its draws use."""
    plan = get_plan(store, plan_id)
    grading = load_grading_config()
    defaults = {g: d.sampling_ratio for g, d in grading.defaults.items()}
    return Read(plan, defaults, dict(default_config(plan, grading).ratios), grading.version)


def _percent(ratio: float) -> str:
    return f"{ratio * 100:g} %"


class GradeOverrideDialog(QDialog):
    """The grades' sampling ratios and the plan's, with a reason to keep the plan's own (or to go back)."""

    overridden = Signal(object)  # the saved Plan (override kept or taken back)
    refused = Signal(str)  # why nothing was saved, in the interface language

    def __init__(self, runner: Runner, user: Inspector, plan_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("按等级的抽查比例"))
        self.resize(560, 340)
        self._runner = runner
        self._user = user
        self._plan_id = plan_id
        self.read: Read | None = None
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.table = QTableWidget(len(GRADE_ORDER), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("等级"), self.tr("等级默认比例"), self.tr("本计划比例")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for row, grade in enumerate(GRADE_ORDER):
            self.table.setItem(row, 0, QTableWidgetItem(grade.value))
            spin = QDoubleSpinBox(self)
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            self.table.setCellWidget(row, 2, spin)
            self.spins[grade.value] = spin
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setPlaceholderText(self.tr("如：医美专项整治，A 级也须多抽"))
        self.save_button = QPushButton(self.tr("按本计划比例保存"), self)
        self.save_button.clicked.connect(self.save)
        self.restore_button = QPushButton(self.tr("恢复等级默认比例"), self)
        self.restore_button.clicked.connect(self.restore)
        form = QFormLayout()
        form.addRow(self.tr("调整理由"), self.reason)
        form.addRow(self.save_button, self.restore_button)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._enable(False)
        self.reload()

    @property
    def busy(self) -> bool:
        """A reading or a saving of this dialog is out."""
        return self._runner.working(self)

    def reload(self) -> None:
        plan_id = self._plan_id
        self._runner.run(lambda store: _read(store, plan_id), self._show, self._unreadable, owner=self)

    def _enable(self, on: bool) -> None:
        for widget in (self.save_button, self.restore_button, self.reason, *self.spins.values()):
            widget.setEnabled(on)

    def _show(self, read: Read) -> None:
        self.read = read
        plan = read.plan
        for row, grade in enumerate(GRADE_ORDER):
            self.table.setItem(row, 1, QTableWidgetItem(_percent(read.defaults[grade])))
            self.spins[grade.value].setValue(read.effective[grade] * 100)
        reason = (plan.grade_override_reason or "").strip()
        if reason:
            state = self.tr("计划 %1 的抽查比例由负责人调整，理由：%2")
            state = state.replace("%1", plan.plan_no).replace("%2", reason)
        else:
            state = (
                self.tr("计划 %1 按等级默认比例抽查（分级配置 %2）")
                .replace("%1", plan.plan_no)
                .replace("%2", read.config_version)
            )
        filed = plan.status == PlanStatus.REGISTERED
        if filed:
            state += "\n" + self.tr("计划已备案，抽查比例不能再改。")
        self.state.setText(state)
        self._enable(not filed)
        self.restore_button.setEnabled(not filed and bool(reason))

    def ratios(self) -> dict[str, float]:
        """The ratios asked for, by grade letter."""
        return {g: round(spin.value() / 100, 4) for g, spin in self.spins.items()}

    def save(self) -> None:
        """Keep the plan's own ratios with the reason, on the worker."""
        plan_id, ratios, reason, user = self._plan_id, self.ratios(), self.reason.text(), self._user
        self._write(lambda store: override_grade_defaults(store, plan_id, ratios, reason, by=user))

    def restore(self) -> None:
        plan_id, user = self._plan_id, self._user
        self._write(lambda store: restore_grade_defaults(store, plan_id, by=user))

    def _write(self, op: Callable[[Store], Plan]) -> None:
        self._enable(False)
        self._runner.run(op, self._saved, self._refused, owner=self)

    def _saved(self, plan: Plan) -> None:
        self.message.setStyleSheet("")
        self.message.setText(
            self.tr("已记录：计划 %1 按调整后的比例抽查").replace("%1", plan.plan_no)
            if plan.grade_override_reason
            else self.tr("已记录：计划 %1 恢复按等级默认比例抽查").replace("%1", plan.plan_no)
        )
        self.reason.clear()
        self.overridden.emit(plan)
        self.reload()

    def _refused(self, error: BaseException) -> None:
        self._say_refused(error_text(error))
        self.reload()

    def _unreadable(self, error: BaseException) -> None:
        self._say_refused(error_text(error))

    def _say_refused(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
        self.refused.emit(text)
