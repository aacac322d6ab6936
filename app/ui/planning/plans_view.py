"""检查计划 (备案): the team's plans by category with their filing status; create a plan, file it, draw under it.

Everything is read and written on the runner's database worker; the page answers when the worker does (the buttons
wait while a write of the page is out, the latest reading wins)."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from app import planning
from app.models.domain import Checklist, Inspector, Plan
from app.models.enums import Grade, Industry, PlanStatus, TaskCategory
from app.planning.draws import REASON_MAX, recorded_reason
from app.resources import load_grading_config
from app.rules.sampling import DEFAULT_RATIOS, GRADE_ORDER, SamplingConfig
from app.store import Store
from app.ui.i18n import error_text
from app.ui.labels import industry_label, task_category_label
from app.ui.planning.grade_override_dialog import GradeOverrideDialog
from app.ui.planning.recusal_dialog import RecusalDialog
from app.ui.planning.sampling_dialog import SamplingDialog
from app.ui.planning.seed_dialog import SeedDialog
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
from app.ui.runner import Runner

CATEGORY_ORDER = tuple(TaskCategory)  # 国抽, 区抽, 联合双随机, 跨部门综合监管, 专项, 投诉举报, 复查


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def validation_message(exc: ValidationError) -> str:
    """The models' own bilingual messages, without pydantic's decoration."""
    return "；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())


def _editor_inputs(store: Store) -> tuple[list[Checklist], dict[Grade, float]]:
    """On the database worker: the checklists, and each grade's sampling ratio in the grading configuration."""
    grades = {g: d.sampling_ratio for g, d in load_grading_config().defaults.items()}
    return sorted(store.list(Checklist), key=lambda c: c.code), grades


class PlanEditor(QDialog):
    """A new plan of `team`: category, number, name, period, industries (the pool rule) and checklists.

    The checklists are read on the runner's worker (`loading` until they are in); saving writes there and closes the
    dialog once the store has the plan (`plan_saved`), or says why not."""

    plan_saved = Signal(object)  # the Plan as stored

    def __init__(self, runner: Runner, team: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建检查计划"))
        self._runner = runner
        self._team = team
        self._key = f"plan-editor-{id(self)}"
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
        self.checklists.setEnabled(False)  # until the checklists are read
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
        self.grade_ratios = {g: DEFAULT_RATIOS[g] for g in GRADE_ORDER}  # the grades' own, once read
        self.override_reason = QLineEdit(self)  # needed when the ratios are not the grades' (信用+风险)
        self.override_reason.setMaxLength(REASON_MAX)
        self.override_reason.setPlaceholderText(self.tr("比例不同于等级默认时须说明理由"))
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
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
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
        form.addRow(self.tr("调整理由"), self.override_reason)
        form.addRow("", self.exclude_dnd)
        form.addRow("", self.include_complaints)
        form.addRow(self.error)
        form.addRow(buttons)
        self._runner.run(_editor_inputs, self._show_inputs, key=self._key)

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    @property
    def busy(self) -> bool:
        """The checklists are being read or the plan being saved."""
        return self._runner.working(self)

    def _show_inputs(self, inputs: tuple[list[Checklist], dict[Grade, float]]) -> None:
        """The checklists to choose from, and the grades' ratios as the plan's first ratios."""
        checklists, self.grade_ratios = inputs
        for grade, ratio in self.grade_ratios.items():
            self.ratio_spins[grade.value].setValue(ratio * 100)
        for checklist in checklists:
            self._check_item(self.checklists, f"{checklist.code} {checklist.name}", checklist.id)
        self.checklists.setEnabled(True)

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

    def override(self) -> str | None:
        """The lead's reason when the ratios are not the grades' own (None when they are); PlanningError without one."""
        config = self.sampling_config()
        if all(abs(config.ratios[g] - self.grade_ratios[g]) < 1e-9 for g in GRADE_ORDER):
            return None
        what = ("改变等级默认抽查比例", "overriding the grades' sampling ratios")
        return recorded_reason(self.override_reason.text(), *what)

    def save(self) -> Plan | None:
        """Save the plan as a draft (filing is a separate step) on the worker: the plan asked for, or None when the
        input is bad (said why; nothing saved). Ratios other than the grades' need a reason (kept with the plan). The
        dialog closes once the store has it (`plan_saved`)."""
        if self.busy:
            return None
        try:
            reason = self.override()
        except planning.PlanningError as exc:
            self.error.setText(error_text(exc))
            return None
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
                grade_override_reason=reason,
            )
        except ValidationError as exc:
            self.error.setText(validation_message(exc))
            return None
        self.error.clear()
        self.save_button.setEnabled(False)
        self._runner.run(lambda store: store.save(plan), self._saved, self._refused)
        return plan

    def _saved(self, plan: Plan) -> None:
        self.saved = plan
        self.save_button.setEnabled(True)
        self.plan_saved.emit(plan)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.error.setText(error_text(error))


class PlansView(QWidget):
    """The team's plans grouped by category; other pages learn of new plans and tasks from the store's changes."""

    def __init__(self, runner: Runner, user: Inspector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlansView")
        self._runner = runner
        self._user = user
        self._key = f"plans-{id(self)}"
        self._plans: dict[str, Plan] = {}
        self._select: str | None = None
        self._filing: str | None = None  # the plan whose filing is out
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
        self.seed_button = QPushButton(self.tr("备案抽取种子…"), self)  # issue 15: the draw's commitment
        self.seed_button.clicked.connect(self.seed_selected)
        self.draw_button = QPushButton(self.tr("双随机抽取…"), self)
        self.draw_button.clicked.connect(self.draw_selected)
        self.recusal_button = QPushButton(self.tr("回避声明…"), self)
        self.recusal_button.clicked.connect(self.declare_recusals)
        self.override_button = QPushButton(self.tr("按等级的抽查比例…"), self)  # issue 16: a lead's override
        self.override_button.clicked.connect(self.override_selected)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.file_button,
            self.override_button,
            self.seed_button,
            self.draw_button,
            self.recusal_button,
        ):
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
            (self.tr("按等级的抽查比例…"), self.override_selected),
            (self.tr("备案抽取种子…"), self.seed_selected),
            (self.tr("双随机抽取…"), self.draw_selected),
            (self.tr("回避声明…"), self.declare_recusals),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            self._actions.append(action)

    def reload(self, select: str | None = None) -> None:
        """Read the team's plans on the runner's worker, then show them; the chosen plan (or `select`) stays chosen."""
        team = self._user.team
        self._select = select or self._select or self.selected_plan_id()
        self._runner.run(lambda store: store.find(Plan, team=team), self._fill, key=self._key)

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    @property
    def busy(self) -> bool:
        """The list is being read or a filing written."""
        return self._runner.working(self)

    def _fill(self, plans: list[Plan]) -> None:
        selected, self._select = self._select or self.selected_plan_id(), None
        self._plans = {p.id: p for p in plans}
        self.tree.blockSignals(True)
        self.tree.clear()
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
        self.tree.blockSignals(False)
        empty = self.tr("本科室还没有检查计划；请点“新建计划…”")
        if not plans:
            self.message.setText(empty)
        elif self.message.text() == empty:
            self.message.clear()
        self._update_buttons()

    def _columns(self, plan: Plan) -> list[str]:
        filed = plan.status == PlanStatus.REGISTERED
        industries = "、".join(industry_label(i) for i in plan.industries)
        return [
            plan.name,
            plan.plan_no,
            f"{plan.period_start.isoformat()} — {plan.period_end.isoformat()}",
            industries,
            (self.tr("已备案") if filed else self.tr("未备案"))
            + (self.tr("，种子哈希已备案") if plan.seed_hash else ""),
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
        plan = None if plan_id is None else self._plans.get(plan_id)
        filing = self._filing is not None
        self.file_button.setEnabled(plan is not None and plan.status != PlanStatus.REGISTERED and not filing)
        self.draw_button.setEnabled(plan is not None)
        self.override_button.setEnabled(plan is not None)
        self.seed_button.setEnabled(plan is not None)

    def new_plan(self) -> PlanEditor:
        """The editor, open (not modal to the app): a saved plan is chosen in the list once read again."""
        editor = PlanEditor(self._runner, self._user.team, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.plan_saved.connect(lambda plan: self.reload(select=plan.id))
        editor.open()
        return editor

    def file_selected(self) -> bool:
        """File (备案) the selected plan on the worker; on refusal say why (nothing changes). Whether it was asked."""
        plan_id = self.selected_plan_id()
        if plan_id is None or self._filing is not None:
            return False
        self._filing = plan_id
        self._update_buttons()
        self._runner.run(lambda store: planning.file_plan(store, plan_id), self._filed, self._file_refused)
        return True

    def _filed(self, plan: Plan) -> None:
        self._filing = None
        self.message.setText(self.tr("计划 %1 已备案").replace("%1", plan.plan_no))
        self.reload()

    def _file_refused(self, error: BaseException) -> None:
        self._filing = None
        self.message.setText(error_text(error))
        self._update_buttons()

    def sampling_dialog(self) -> SamplingDialog:
        return SamplingDialog(self._runner, self._user, self.selected_plan_id(), self)

    def draw_selected(self) -> SamplingDialog:
        dialog = self.sampling_dialog()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def override_selected(self) -> GradeOverrideDialog | None:
        """The grades' sampling ratios beside the selected plan's, to override them with a reason (or go back)."""
        plan_id = self.selected_plan_id()
        if plan_id is None:
            return None
        dialog = GradeOverrideDialog(self._runner, self._user, plan_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.overridden.connect(lambda plan: self.reload(select=plan.id))
        dialog.open()
        return dialog

    def seed_selected(self) -> SeedDialog | None:
        """The selected plan's seed commitment: file its hash before the draw, or see the one filed."""
        plan_id = self.selected_plan_id()
        if plan_id is None:
            return None
        dialog = SeedDialog(self._runner, plan_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filed.connect(lambda plan: self.reload(select=plan.id))
        dialog.open()
        return dialog

    def declare_recusals(self) -> RecusalDialog:
        dialog = RecusalDialog(self._runner, self._user.team, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
