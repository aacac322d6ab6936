"""检查计划 (备案): the team's plans by category with their filing status; create a plan, file it, draw under it."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from app import planning
from app.models.domain import Checklist, Inspector, Plan
from app.models.enums import INDUSTRY_ZH, Industry, PlanStatus, TaskCategory
from app.rules.sampling import DEFAULT_RATIOS, GRADE_ORDER, SamplingConfig
from app.store import Store, StoreError
from app.ui.labels import industry_label, task_category_label
from app.ui.planning.recusal_dialog import RecusalDialog
from app.ui.planning.sampling_dialog import SamplingDialog
from app.ui.qt import (
    QAction,
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)

CATEGORY_ORDER = tuple(TaskCategory)  # 国抽, 区抽, 联合双随机, 跨部门综合监管, 专项, 投诉举报, 复查


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def validation_message(exc: ValidationError) -> str:
    """The models' own bilingual messages, without pydantic's decoration."""
    return "；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())


class PlanEditor(QDialog):
    """A new plan of `team`: category, number, name, period, industries (the pool rule) and checklists."""

    def __init__(self, store: Store, team: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建检查计划"))
        self._store = store
        self._team = team
        self.saved: Plan | None = None
        year = date.today().year
        self.category = QComboBox(self)
        for category in CATEGORY_ORDER:
            self.category.addItem(task_category_label(category), category.value)
        self.plan_no = QLineEdit(self)
        self.name = QLineEdit(self)
        self.year = QSpinBox(self)
        self.year.setRange(2023, 2100)
        self.year.setValue(year)
        self.start = QDateEdit(_qdate(date(year, 1, 1)), self)
        self.end = QDateEdit(_qdate(date(year, 12, 31)), self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.industries = QListWidget(self)
        for industry in Industry:
            self._check_item(self.industries, industry_label(industry), industry.value)
        self.checklists = QListWidget(self)
        for checklist in sorted(store.list(Checklist), key=lambda c: c.code):
            self._check_item(self.checklists, f"{checklist.code} {checklist.name}", checklist.id)
        self.ratio_spins: dict[str, QDoubleSpinBox] = {}
        ratios = QHBoxLayout()
        for grade in GRADE_ORDER:
            spin = QDoubleSpinBox(self)
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            spin.setValue(DEFAULT_RATIOS[grade] * 100)
            ratios.addWidget(QLabel(f"{grade.value}", self))
            ratios.addWidget(spin)
            self.ratio_spins[grade.value] = spin
        self.exclude_dnd = QCheckBox(self.tr("排除无事不扰对象"), self)
        self.include_complaints = QCheckBox(self.tr("纳入有投诉举报的对象"), self)
        self.include_complaints.setChecked(True)
        self.category.currentIndexChanged.connect(self._category_changed)
        self._category_changed()
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("任务分类"), self.category)
        form.addRow(self.tr("计划编号"), self.plan_no)
        form.addRow(self.tr("计划名称"), self.name)
        form.addRow(self.tr("年度"), self.year)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel("—", self))
        period.addWidget(self.end)
        form.addRow(self.tr("计划期间"), period)
        form.addRow(self.tr("检查行业（对象库）"), self.industries)
        form.addRow(self.tr("检查表"), self.checklists)
        form.addRow(self.tr("抽查比例（按等级）"), ratios)
        form.addRow("", self.exclude_dnd)
        form.addRow("", self.include_complaints)
        form.addRow(self.error)
        form.addRow(buttons)

    def _category_changed(self) -> None:
        """Routine categories leave do-not-disturb targets out; triggered ones (complaints, follow-ups) may visit."""
        defaults = SamplingConfig.for_category(self.category.currentData())
        self.exclude_dnd.setChecked(defaults.exclude_do_not_disturb)

    def sampling_config(self) -> SamplingConfig:
        return SamplingConfig(
            ratios={g: self.ratio_spins[g.value].value() / 100 for g in GRADE_ORDER},
            exclude_do_not_disturb=self.exclude_dnd.isChecked(),
            include_complaints=self.include_complaints.isChecked(),
        )

    @staticmethod
    def _check_item(widget: QListWidget, text: str, value: str) -> None:
        item = QListWidgetItem(text, widget)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)

    @staticmethod
    def checked(widget: QListWidget) -> list[str]:
        items = (widget.item(i) for i in range(widget.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def save(self) -> Plan | None:
        """Save the plan as a draft (filing is a separate step); on bad input say why and save nothing."""
        try:
            plan = Plan(
                plan_no=self.plan_no.text().strip(),
                name=self.name.text().strip(),
                category=self.category.currentData(),
                year=self.year.value(),
                team=self._team,
                industries=self.checked(self.industries),
                checklist_ids=self.checked(self.checklists),
                period_start=_pydate(self.start.date()),
                period_end=_pydate(self.end.date()),
                **self.sampling_config().plan_fields(),
            )
        except ValidationError as exc:
            self.error.setText(validation_message(exc))
            return None
        try:
            self.saved = self._store.save(plan)
        except StoreError as exc:
            self.error.setText(str(exc))
            return None
        self.accept()
        return self.saved


class PlansView(QWidget):
    """The team's plans grouped by category. `plans_changed` fires after a plan is created or filed."""

    plans_changed = Signal()
    tasks_created = Signal(list)

    def __init__(self, store: Store, user: Inspector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlansView")
        self._store = store
        self._user = user
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(
            [self.tr("计划"), self.tr("计划编号"), self.tr("期间"), self.tr("检查行业"), self.tr("备案状态")]
        )
        self.tree.setColumnWidth(0, 360)
        self.tree.setColumnWidth(1, 170)
        self.tree.setColumnWidth(2, 190)
        self.tree.setColumnWidth(3, 260)
        self.tree.currentItemChanged.connect(self._update_buttons)
        self.new_button = QPushButton(self.tr("新建计划…"), self)
        self.new_button.clicked.connect(self.new_plan)
        self.file_button = QPushButton(self.tr("备案"), self)
        self.file_button.clicked.connect(self.file_selected)
        self.draw_button = QPushButton(self.tr("双随机抽取…"), self)
        self.draw_button.clicked.connect(self.draw_selected)
        self.recusal_button = QPushButton(self.tr("回避声明…"), self)
        self.recusal_button.clicked.connect(self.declare_recusals)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.file_button, self.draw_button, self.recusal_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        self._build_actions()
        self.reload()

    def menu_actions(self) -> list[QAction]:
        return self._actions

    def _build_actions(self) -> None:
        self._actions = []
        for text, slot in (
            (self.tr("新建检查计划…"), self.new_plan),
            (self.tr("计划备案"), self.file_selected),
            (self.tr("双随机抽取…"), self.draw_selected),
            (self.tr("回避声明…"), self.declare_recusals),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self._actions.append(action)

    def reload(self) -> None:
        selected = self.selected_plan_id()
        self.tree.clear()
        plans = self._store.list(Plan, "team = ?", [self._user.team])
        for category in CATEGORY_ORDER:
            members = sorted((p for p in plans if p.category == category), key=lambda p: (-p.year, p.plan_no))
            group = QTreeWidgetItem(self.tree, [f"{task_category_label(category)}（{len(members)}）"])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for plan in members:
                item = QTreeWidgetItem(group, self._columns(plan))
                item.setData(0, Qt.ItemDataRole.UserRole, plan.id)
                if plan.status != PlanStatus.REGISTERED:
                    item.setForeground(4, Qt.GlobalColor.darkRed)
                if plan.id == selected:
                    self.tree.setCurrentItem(item)
            group.setExpanded(True)
        self._update_buttons()

    def _columns(self, plan: Plan) -> list[str]:
        filed = plan.status == PlanStatus.REGISTERED
        industries = "、".join(INDUSTRY_ZH.get(Industry(i), i) for i in plan.industries)
        return [
            plan.name,
            plan.plan_no,
            f"{plan.period_start.isoformat()} — {plan.period_end.isoformat()}",
            industries,
            self.tr("已备案") if filed else self.tr("未备案"),
        ]

    def selected_plan_id(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, Qt.ItemDataRole.UserRole)

    def select_plan(self, plan_id: str) -> None:
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                if group.child(c).data(0, Qt.ItemDataRole.UserRole) == plan_id:
                    self.tree.setCurrentItem(group.child(c))

    def _update_buttons(self) -> None:
        plan_id = self.selected_plan_id()
        plan = None if plan_id is None else self._store.get(Plan, plan_id)
        self.file_button.setEnabled(plan is not None and plan.status != PlanStatus.REGISTERED)
        self.draw_button.setEnabled(plan is not None)

    def new_plan(self) -> None:
        editor = PlanEditor(self._store, self._user.team, self)
        if editor.exec() and editor.saved is not None:
            self.reload()
            self.select_plan(editor.saved.id)
            self.plans_changed.emit()

    def file_selected(self) -> Plan | None:
        """File (备案) the selected plan; on refusal say why and change nothing."""
        plan_id = self.selected_plan_id()
        if plan_id is None:
            return None
        try:
            plan = planning.file_plan(self._store, plan_id)
        except planning.PlanningError as exc:
            self.message.setText(str(exc))
            return None
        self.message.setText(self.tr("计划 %1 已备案").replace("%1", plan.plan_no))
        self.reload()
        self.plans_changed.emit()
        return plan

    def sampling_dialog(self) -> SamplingDialog:
        dialog = SamplingDialog(self._store, self._user, self.selected_plan_id(), self)
        dialog.tasks_created.connect(self.tasks_created)
        return dialog

    def draw_selected(self) -> None:
        self.sampling_dialog().exec()

    def declare_recusals(self) -> None:
        RecusalDialog(self._store, self._user.team, self).exec()
