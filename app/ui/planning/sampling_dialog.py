"""双随机 draw dialog: a filed plan's pool by grade, ratios, seed; the draw in a worker thread; accept or export.

The draw runs on the runner's database worker and the verification (pure: no store) on its other worker, so a pool of
200,000 targets never blocks the window. Cancelling discards the answer; nothing is saved until the lead accepts.
The dialog's small reads (plans, the pool by grade, the recorded draws), the accepting and the export's reading go
through the same database worker; the export's file is written on the other one. The UI thread never waits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import planning
from app.models.domain import Inspector, Plan, SamplingDraw, Target
from app.models.enums import Grade, PlanStatus
from app.reports.xlsx import export_draw
from app.rules.sampling import (
    GRADE_ORDER,
    MIN_INSPECTORS,
    SamplingConfig,
    draw_to_rows,
    new_seed,
    quota,
)
from app.store import Store
from app.ui.i18n import bilingual_part, cannot_write, error_text
from app.ui.labels import selection_reason_label, task_category_label
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QObject,
    QProgressBar,
    QPushButton,
    QSpinBox,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.ui.runner import Runner

PREVIEW_ROWS = 500  # the preview shows this many; the export has every row
STAGES = 3  # load the pool, draw targets, draw inspectors
BAD_SEED = "随机种子应为 0 至 2^63−1 之间的整数 / the seed must be a whole number from 0 to 2^63−1"


class _Stages(QObject):
    """The draw's stage reports, emitted on the database worker and delivered to the dialog's progress bar."""

    reached = Signal(int)


LEFT_OUT_SHOWN = 5  # targets left out by the visit limits named in the preview's message
LEFT_OUT_ROWS = 200  # targets the draw could not take listed in the dialog (all of them are in the record)
RATIO_COLUMN = 3
Drawn = tuple[planning.DrawResult, dict[str, Target], dict[str, Inspector]]  # the draw, its previewed targets, the team


def _draw_and_preview(store: Store, draw: Callable[[Store], planning.DrawResult]) -> Drawn:
    """On the database worker: the draw, and what its preview names (the first rows' targets, the team)."""
    result = draw(store)
    shown = draw_to_rows(result.draw)[:PREVIEW_ROWS]
    left_out = sorted(result.not_taken())[:LEFT_OUT_ROWS]  # named, with why the draw could not take them
    targets = planning.targets_by_id(store, [str(row["target_id"]) for row in shown] + left_out)
    return result, targets, {i.id: i for i in store.find(Inspector, team=result.plan.team)}


@dataclass(frozen=True)
class PoolRead:
    """What the dialog shows of a chosen plan before drawing, read on the database worker."""

    plan: Plan
    ratios: dict[Grade, float]  # the grades' sampling ratios, or the plan's kept with a lead's reason
    counts: planning.PoolCounts
    recorded: SamplingDraw | None  # the plan's latest recorded draw
    names: dict[str, Target]  # the first targets that draw left out, to name them
    committed: int | None = None  # the seed this laptop filed the plan's hash for (issue 15)


class SamplingDialog(QDialog):
    """Draw targets and inspectors for one of `user`'s team plans, look, then accept (tasks saved) or export."""

    drawn = Signal(object)  # the DrawResult shown
    draw_failed = Signal(str)
    tasks_created = Signal(list)  # ids of the tasks saved
    verified = Signal(object)  # the DrawCheck of a re-run
    exported = Signal(object)  # the Path of a written export

    def __init__(self, runner: Runner, user: Inspector, plan_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SamplingDialog")
        self.setWindowTitle(self.tr("双随机抽取"))
        self.resize(980, 720)
        self._runner = runner
        self._user = user
        self._key = f"sampling-draw-{id(self)}"
        self._plans: dict[str, Plan] = {}
        self._recorded_of: dict[str, SamplingDraw | None] = {}  # each plan's latest recorded draw, as read
        self.result: planning.DrawResult | None = None
        self.recorded: SamplingDraw | None = None  # the draw last accepted here (saved, synced)
        self._stages = _Stages(self)
        self._stages.reached.connect(lambda stage: self.progress.setValue(stage))
        self._pool: planning.PoolCounts | None = None
        self._inspectors: dict[str, Inspector] = {}
        self._preview_targets: dict[str, Target] = {}
        self._build()
        self._load_plans(plan_id)

    # --- building -----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.plan_combo = QComboBox(self)
        self.plan_combo.currentIndexChanged.connect(self._plan_changed)
        self.pool_table = QTableWidget(len(GRADE_ORDER), 5, self)
        self.pool_table.setHorizontalHeaderLabels(
            [self.tr("等级"), self.tr("对象库"), self.tr("未纳入（无事不扰、频次限制）"), self.tr("抽查比例"),
             self.tr("预计抽取")]
        )  # fmt: skip
        self.pool_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.pool_table.verticalHeader().hide()
        self.pool_table.setMaximumHeight(150)
        self.ratio_spins: dict[str, QDoubleSpinBox] = {}
        for row, grade in enumerate(GRADE_ORDER):
            self.pool_table.setItem(row, 0, QTableWidgetItem(f"{grade.value}"))
            spin = QDoubleSpinBox(self)
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            spin.setReadOnly(True)  # the grades' ratios, or the plan's kept with a lead's reason (按等级的抽查比例…)
            spin.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
            spin.valueChanged.connect(self._update_quotas)
            self.pool_table.setCellWidget(row, RATIO_COLUMN, spin)
            self.ratio_spins[grade.value] = spin
        self.ratio_note = QLabel(self)  # whose ratios: the grades', or the plan's with the lead's reason
        self.ratio_note.setWordWrap(True)
        self.exclude_dnd = QCheckBox(self.tr("排除无事不扰对象"), self)
        self.include_complaints = QCheckBox(self.tr("纳入有投诉举报的对象"), self)
        self.exclude_dnd.toggled.connect(self._update_quotas)
        self.seed_edit = QLineEdit(self)
        self._made_seed = ""  # the last seed the dialog made (not typed in)
        self.new_seed_button = new = QPushButton(self.tr("换一个"), self)
        new.clicked.connect(self._fresh_seed)
        self.seed_note = QLabel(self)  # the plan's seed commitment: filed here, elsewhere, or none
        self.seed_note.setWordWrap(True)
        self.per_task = QSpinBox(self)
        self.per_task.setRange(MIN_INSPECTORS, 6)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_edit, 1)
        seed_row.addWidget(new)
        form = QFormLayout()
        form.addRow(self.tr("检查计划"), self.plan_combo)
        form.addRow(self.tr("随机种子"), seed_row)
        form.addRow("", self.seed_note)
        form.addRow(self.tr("每项任务监督员"), self.per_task)
        form.addRow("", self.exclude_dnd)
        form.addRow("", self.include_complaints)

        self.draw_button = QPushButton(self.tr("抽取"), self)
        self.draw_button.clicked.connect(self.start_draw)
        self.cancel_button = QPushButton(self.tr("取消抽取"), self)
        self.cancel_button.clicked.connect(self.cancel_draw)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, STAGES)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = QTableWidget(0, 6, self)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("名称"), self.tr("统一社会信用代码"), self.tr("街道"), self.tr("等级"), self.tr("纳入方式"),
             self.tr("监督员")]
        )  # fmt: skip
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.left_out_title = QLabel(self)
        self.left_out_table = QTableWidget(0, 3, self)
        self.left_out_table.setHorizontalHeaderLabels(
            [self.tr("未纳入的对象"), self.tr("统一社会信用代码"), self.tr("原因")]
        )
        self.left_out_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.left_out_table.horizontalHeader().setStretchLastSection(True)
        self.left_out_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.accept_button = QPushButton(self.tr("接受并创建任务"), self)
        self.accept_button.clicked.connect(self.accept_draw)
        self.export_button = QPushButton(self.tr("导出公示表…"), self)
        self.exported.connect(lambda _path: self.export_button.setEnabled(True))
        self.export_button.clicked.connect(self._export_clicked)
        self.verify_button = QPushButton(self.tr("验证抽取"), self)
        self.verify_button.setToolTip(self.tr("用记录的随机种子和输入重新抽取，核对结果是否一致"))
        self.verify_button.clicked.connect(self.verify)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.reject)

        run_row = QHBoxLayout()
        for widget in (self.draw_button, self.cancel_button, self.progress):
            run_row.addWidget(widget)
        end_row = QHBoxLayout()
        end_row.addStretch(1)
        for widget in (self.verify_button, self.export_button, self.accept_button, close):
            end_row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pool_table)
        layout.addWidget(self.ratio_note)
        layout.addLayout(run_row)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.left_out_title)
        layout.addWidget(self.left_out_table, 1)
        layout.addLayout(end_row)
        self._set_running(False)
        self._show_left_out({}, {}, False)

    def _load_plans(self, plan_id: str | None) -> None:
        """Read the team's plans on the worker, then list them with `plan_id` (else the first) chosen."""
        team = self._user.team

        def read(store: Store) -> list[Plan]:
            return sorted(store.find(Plan, team=team), key=lambda p: (-p.year, p.plan_no))

        self._runner.run(read, lambda plans: self._show_plans(plans, plan_id), key=f"{self._key}-plans", owner=self)

    @property
    def loading(self) -> bool:
        """The plans, a pool or a plan's recorded draws are being read."""
        return any(self._runner.busy(f"{self._key}-{part}") for part in ("plans", "pool"))

    def _show_plans(self, plans: list[Plan], plan_id: str | None) -> None:
        self._plans = {p.id: p for p in plans}
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for plan in plans:
            filed = plan.status == PlanStatus.REGISTERED
            suffix = "" if filed else self.tr("（未备案）")
            self.plan_combo.addItem(f"{plan.plan_no} {plan.name}{suffix}", plan.id)
        if plan_id is not None:
            self.plan_combo.setCurrentIndex(max(0, self.plan_combo.findData(plan_id)))
        self.plan_combo.blockSignals(False)
        if not self.seed_edit.text():
            self._fresh_seed()
        if not plans:
            self.message.setText(self.tr("本科室还没有检查计划；请点“新建计划…”"))
        self._plan_changed()

    # --- the plan's pool ----------------------------------------------------------------------------------------

    def plan(self) -> Plan | None:
        """The chosen plan, as last read."""
        plan_id = self.plan_combo.currentData()
        return None if plan_id is None else self._plans.get(plan_id)

    def _plan_changed(self) -> None:
        plan = self.plan()
        self.draw_button.setEnabled(plan is not None and not self.running)
        if plan is None:
            return
        defaults = SamplingConfig.for_plan(plan)  # the ratios come with the pool: the grades' (信用+风险) or the plan's
        self.exclude_dnd.setChecked(defaults.exclude_do_not_disturb)
        self.include_complaints.setChecked(defaults.include_complaints)
        self._refresh_pool(plan)
        self._show_result(None)
        self.message.setText(self.tr("任务分类：%1").replace("%1", task_category_label(plan.category)))

    def _refresh_pool(self, plan: Plan) -> None:
        """Read the plan (again), its pool by grade and its latest recorded draw on the worker, then show them."""
        plan_id = plan.id

        def read(store: Store) -> PoolRead:
            current = store.get(Plan, plan_id) or plan
            recorded = planning.recorded_draws(store, plan_id)
            latest = recorded[0] if recorded else None
            ratios = planning.default_config(current).ratios  # the grades' (信用+风险), or the plan's with a reason
            counts = planning.pool_counts(store, current)
            names = planning.targets_by_id(store, sorted(latest.left_out)[:LEFT_OUT_ROWS]) if latest else {}
            return PoolRead(current, dict(ratios), counts, latest, names, planning.committed_seed(store, plan_id))

        for row in range(len(GRADE_ORDER)):
            self.pool_table.setItem(row, 1, QTableWidgetItem("…"))
        self._runner.run(read, self._show_pool, key=f"{self._key}-pool", owner=self)

    def _show_pool(self, found: PoolRead) -> None:
        plan, self._pool, recorded = found.plan, found.counts, found.recorded
        self._plans[plan.id], self._recorded_of[plan.id] = plan, recorded
        for row, grade in enumerate(GRADE_ORDER):
            self.pool_table.setItem(row, 1, QTableWidgetItem(str(self._pool.total[grade])))
            spin = self.ratio_spins[grade.value]
            spin.blockSignals(True)
            spin.setValue(found.ratios[grade] * 100)
            spin.blockSignals(False)
        reason = (plan.grade_override_reason or "").strip()
        self.ratio_note.setText(
            self.tr("抽查比例由负责人调整，理由：%1").replace("%1", reason)
            if reason
            else self.tr("抽查比例按等级默认（信用+风险分级）；如需调整，请在计划备案前于“按等级的抽查比例…”中说明理由")
        )
        self._show_commitment(plan, found.committed)
        self._update_quotas()
        self.verify_button.setEnabled(self.result is not None or self._latest_record() is not None)
        if self.result is None:
            reasons = {t: bilingual_part(why) for t, why in (recorded.left_out if recorded else {}).items()}
            self._show_left_out(reasons, found.names, recorded is not None)

    def _fresh_seed(self) -> None:
        self._made_seed = str(new_seed())
        self.seed_edit.setText(self._made_seed)

    def _show_commitment(self, plan: Plan, committed: int | None) -> None:
        """A plan with a filed seed hash is drawn with that seed: this laptop's fills the field and stays; a seed
        filed on another laptop is typed (the draw refuses another); a plan without one draws with any seed."""
        filed = bool(plan.seed_hash)
        if filed and committed is not None:
            self.seed_edit.setText(str(committed))
            note = self.tr("使用计划备案的种子（哈希 %1…），不能更换").replace("%1", (plan.seed_hash or "")[:12])
        elif filed:
            if self.seed_edit.isReadOnly() or self.seed_edit.text() == self._made_seed:  # not a seed typed in
                self.seed_edit.clear()
            note = self.tr("计划的种子哈希已在另一台电脑备案（%1…）：请输入该种子，不符的抽取会被拒绝").replace(
                "%1", (plan.seed_hash or "")[:12]
            )
        else:
            if self.seed_edit.isReadOnly() or not self.seed_edit.text():
                self._fresh_seed()
            note = self.tr("本计划未备案种子哈希；可在计划页“备案抽取种子…”中于抽取前备案")
        self.seed_edit.setReadOnly(filed and committed is not None)
        self.new_seed_button.setEnabled(not filed)
        self.seed_note.setText(note)

    def _update_quotas(self) -> None:
        """The expected draw per grade, over the targets a draw can take: the pool less those the yearly cap or the
        repeat-visit guard leave out and, when the plan excludes them, those exempt today (无事不扰). Complaints are
        among them already (they count toward their grade's quota)."""
        pool, exclude = self._pool, self.exclude_dnd.isChecked()
        for row, grade in enumerate(GRADE_ORDER):
            if pool is None:
                continue
            out = pool.capped[grade] + (pool.exempt[grade] if exclude else 0)
            expected = quota(self.ratio_spins[grade.value].value() / 100, pool.drawable(grade, exclude))
            self.pool_table.setItem(row, 2, QTableWidgetItem(str(out)))
            self.pool_table.setItem(row, 4, QTableWidgetItem(str(expected)))

    def config(self) -> SamplingConfig:
        return SamplingConfig(
            ratios={g: self.ratio_spins[g.value].value() / 100 for g in GRADE_ORDER},
            exclude_do_not_disturb=self.exclude_dnd.isChecked(),
            include_complaints=self.include_complaints.isChecked(),
        )

    def seed(self) -> int | None:
        text = self.seed_edit.text().strip()
        return int(text) if text.isdigit() and int(text) < 2**63 else None

    # --- drawing ------------------------------------------------------------------------------------------------

    def start_draw(self) -> None:
        plan, seed = self.plan(), self.seed()
        if plan is None:
            return
        if seed is None:
            self._fail(
                self.tr("随机种子应为 0 至 2^63−1 之间的整数 / the seed must be a whole number from 0 to 2^63−1")
            )
            return
        self.cancel_draw()
        self._show_result(None)
        self._set_running(True)
        plan_id, config, per_task, stages = plan.id, self.config(), self.per_task.value(), self._stages

        def draw(store: Store) -> planning.DrawResult:
            return planning.prepare_draw(store, plan_id, config, seed, per_task=per_task, on_stage=stages.reached.emit)

        self._runner.run(
            lambda store: _draw_and_preview(store, draw), self._finished, self._draw_refused, key=self._key
        )

    def cancel_draw(self) -> None:
        """Drop a running draw's answer (the rules cannot stop mid-draw; the worker finishes it and moves on)."""
        self._runner.cancel(self._key)
        self._set_running(False)

    @property
    def running(self) -> bool:
        return self._runner.busy(self._key)

    def _set_running(self, running: bool) -> None:
        self.draw_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setValue(0)
        self.progress.setVisible(running)

    @Slot(object)
    def _finished(self, drawn: Drawn) -> None:
        result, self._preview_targets, self._inspectors = drawn
        self._set_running(False)
        self._show_result(result)
        self.drawn.emit(result)

    def _draw_refused(self, refused: BaseException) -> None:
        self._fail(error_text(refused))

    @Slot(str)
    def _fail(self, message: str) -> None:
        self._set_running(False)
        self.message.setText(message)
        self.message.setStyleSheet("color: #b00020;")
        self.draw_failed.emit(message)

    def _show_result(self, result: planning.DrawResult | None) -> None:
        self.result = result
        self.accept_button.setEnabled(result is not None)
        self.export_button.setEnabled(result is not None or self.recorded is not None)
        self.verify_button.setEnabled(result is not None or self._latest_record() is not None)
        self.preview.setRowCount(0)
        self.message.setStyleSheet("")
        if result is None:
            return
        # Only the previewed targets were read with the draw; the export reads them all when asked.
        shown = draw_to_rows(result.draw)[:PREVIEW_ROWS]
        rows = draw_to_rows(result.draw, self._preview_targets)
        staff = {t.target_id: t.inspector_ids for t in result.tasks}
        self.preview.setRowCount(len(shown))
        for r, row in enumerate(rows[:PREVIEW_ROWS]):
            names = "、".join(self._inspectors[i].name for i in staff[row["target_id"]] if i in self._inspectors)
            reason = selection_reason_label(str(row["reason"]))
            values = (row["name"], row["credit_code"], row["street"], row["grade"], reason, names)
            for c, value in enumerate(values):
                self.preview.setItem(r, c, QTableWidgetItem(str(value)))
        draw = result.draw
        self.message.setText(
            self.tr("种子 %1；对象库 %2 户，排除无事不扰 %3 户，抽中 %4 户；输入摘要 %5")
            .replace("%1", str(draw.seed))
            .replace("%2", str(len(draw.pool_ids)))
            .replace("%3", str(len(draw.excluded_ids)))
            .replace("%4", str(len(draw.selected_ids)))
            .replace("%5", draw.input_digest[:16])
        )
        reasons = {t: error_text(why) for t, why in result.not_taken().items()}
        self._show_left_out(reasons, self._preview_targets, False)
        if result.left_out:  # the grade's yearly cap or repeat-visit guard: out of the pool, each with its reason
            named = [
                f"{self._preview_targets[t].name}：{error_text(result.left_out[t])}"
                for t in sorted(result.left_out)[:LEFT_OUT_SHOWN]
                if t in self._preview_targets
            ]
            more = len(result.left_out) - len(named)
            lines = [self.tr("因年度检查上限或重复检查间隔未纳入对象库 %n 户：", "", len(result.left_out)), *named]
            if more > 0:
                lines.append(self.tr("另有 %n 户", "", more))
            self.message.setText(self.message.text() + "\n" + "\n".join(lines))

    def _show_left_out(self, reasons: dict[str, str], targets: dict[str, Target], recorded: bool) -> None:
        """The targets of the pool the draw (shown, or the plan's latest recorded one) could not take, with why."""
        title = (
            self.tr("最近一次抽取记录未纳入 %n 户：", "", len(reasons))
            if recorded
            else self.tr("本次抽取未纳入 %n 户（无事不扰、年度检查上限、重复检查间隔）：", "", len(reasons))
        )
        if len(reasons) > LEFT_OUT_ROWS:
            title += " " + self.tr("列出前 %1 户，全部记录在抽取记录中").replace("%1", str(LEFT_OUT_ROWS))
        self.left_out_title.setText(title)
        self.left_out_title.setVisible(bool(reasons))
        self.left_out_table.setVisible(bool(reasons))
        ids = sorted(reasons)[:LEFT_OUT_ROWS]
        self.left_out_table.setRowCount(len(ids))
        for r, target_id in enumerate(ids):
            target = targets.get(target_id)
            values = (target.name if target else target_id, target.credit_code if target else "", reasons[target_id])
            for c, value in enumerate(values):
                self.left_out_table.setItem(r, c, QTableWidgetItem(value))

    # --- accepting, exporting -----------------------------------------------------------------------------------

    def accept_draw(self) -> bool:
        """Create the drawn tasks under the plan (saved with their outbox rows) on the worker; `tasks_created` tells
        their ids, or the refusal is said. Whether it was asked."""
        result, user_id = self.result, self._user.id
        if result is None or not self.accept_button.isEnabled():
            return False
        self.accept_button.setEnabled(False)
        self._runner.run(lambda store: planning.create_tasks_from_draw(store, result, user_id), self._accepted,
                         self._accept_refused, owner=self)  # fmt: skip
        return True

    def _accepted(self, record: SamplingDraw) -> None:
        ids = list(record.task_ids.values())
        self.recorded = record
        self._show_result(None)
        self.message.setText(self.tr("已创建 %n 项任务；抽取记录已保存，可验证、可导出公示", "", len(ids)))
        plan = self._plans.get(record.plan_id) or self.plan()
        if plan is not None:
            self._refresh_pool(plan)
        self.tasks_created.emit(ids)

    def _accept_refused(self, error: BaseException) -> None:
        self.accept_button.setEnabled(self.result is not None)
        self._fail(error_text(error))

    def _latest_record(self) -> SamplingDraw | None:
        plan_id = self.plan_combo.currentData()
        if self.recorded is not None and self.recorded.plan_id == plan_id:
            return self.recorded
        return self._recorded_of.get(plan_id) if plan_id else None

    def record_to_check(self) -> SamplingDraw | None:
        """The shown draw (as it would be recorded), else the plan's latest recorded draw."""
        if self.result is not None:
            return planning.draw_record(self.result, self._user.id)
        return self._latest_record()

    def verify(self) -> None:
        """Re-run the draw from its recorded seed and inputs in a worker; say whether the result is identical."""
        record = self.record_to_check()
        if record is None:
            return
        self.verify_button.setEnabled(False)
        self._runner.run_network(lambda: planning.check_draw(record), self._verified)

    @Slot(object)
    def _verified(self, check: planning.DrawCheck) -> None:
        self.verify_button.setEnabled(True)
        if check.identical:
            self.message.setStyleSheet("color: #1a7f37;")
            self.message.setText(self.tr("验证通过：按记录的种子重新抽取，结果完全一致"))
        else:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(self.tr("验证未通过，结果不一致：") + "；".join(check.differences))
        self.verified.emit(check)

    def export_to(self, path: Path) -> bool:
        """Write the shown (or last accepted) draw for publication: seed, rules, digests, targets, inspectors. Read on
        the database worker, written on the other; `exported(path)` once written, else the failure is said. Whether
        there was a draw to export."""
        record = planning.draw_record(self.result, self._user.id) if self.result is not None else self.recorded
        if record is None:
            self._fail(error_text(planning.PlanningError("尚未抽取", "nothing has been drawn yet")))
            return False

        def read(store: Store) -> tuple[Plan | None, dict[str, Target], dict[str, Inspector]]:
            targets = planning.targets_by_id(store, [*record.target_ids, *record.left_out])  # drawn and left out
            return store.get(Plan, record.plan_id), targets, {i.id: i for i in store.find(Inspector, team=record.team)}

        def write(found: tuple[Plan | None, dict[str, Target], dict[str, Inspector]]) -> None:
            plan, targets, inspectors = found
            self._runner.run_network(lambda: export_draw(path, record, plan, targets, inspectors), self.exported.emit,
                                     self._export_failed, owner=self)  # fmt: skip

        self.export_button.setEnabled(False)
        self._runner.run(read, write, self._export_failed, owner=self)
        return True

    def _export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self._fail(cannot_write(error) if isinstance(error, OSError) else error_text(error))

    def _export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出公示表"), "draw.xlsx", "Excel (*.xlsx)")
        if name:
            self.export_to(Path(name))

    def done(self, result: int) -> None:
        """Closing drops a running draw's answer (the worker finishes it and moves on)."""
        self.cancel_draw()
        super().done(result)
