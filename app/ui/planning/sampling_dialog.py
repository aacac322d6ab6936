"""双随机 draw dialog: a filed plan's pool by grade, ratios, seed; the draw in a worker thread; accept or export.

The draw runs in its own thread with its own store connection (SQLite connections belong to one thread), so a pool of
200,000 targets never blocks the window. Cancelling discards the answer; nothing is saved until the lead accepts.
"""

from __future__ import annotations

from pathlib import Path

from app import planning
from app.models.domain import Inspector, Plan, SamplingDraw
from app.models.enums import Grade, PlanStatus
from app.reports.xlsx import export_draw
from app.rules.sampling import (
    GRADE_ORDER,
    MIN_INSPECTORS,
    SamplingConfig,
    SamplingError,
    draw_to_rows,
    new_seed,
    quota,
)
from app.store import Store, StoreError
from app.ui.labels import task_category_label
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
    QThread,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)

PREVIEW_ROWS = 500  # the preview shows this many; the export has every row
STAGES = 3  # load the pool, draw targets, draw inspectors
BAD_SEED = "随机种子应为 0 至 2^63−1 之间的整数 / the seed must be a whole number from 0 to 2^63−1"


class DrawWorker(QObject):
    """Runs one draw on its own connection; answers with `done(DrawResult)` or `failed(message)`."""

    stage = Signal(int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, store_path: Path, plan_id: str, config: SamplingConfig, seed: int, per_task: int) -> None:
        super().__init__()
        self._args = (store_path, plan_id, config, seed, per_task)

    @Slot()
    def run(self) -> None:
        store_path, plan_id, config, seed, per_task = self._args
        try:
            with Store.open(store_path) as store:
                result = planning.prepare_draw(
                    store, plan_id, config, seed, per_task=per_task, on_stage=self.stage.emit
                )
        except (planning.PlanningError, SamplingError, StoreError) as exc:
            self.failed.emit(str(exc))
            return
        self.done.emit(result)


class VerifyWorker(QObject):
    """Re-runs a recorded draw from its seed and inputs (pure: no store); answers with `done(DrawCheck)`."""

    done = Signal(object)

    def __init__(self, record: SamplingDraw) -> None:
        super().__init__()
        self._record = record

    @Slot()
    def run(self) -> None:
        self.done.emit(planning.check_draw(self._record))


class SamplingDialog(QDialog):
    """Draw targets and inspectors for one of `user`'s team plans, look, then accept (tasks saved) or export."""

    drawn = Signal(object)  # the DrawResult shown
    draw_failed = Signal(str)
    tasks_created = Signal(list)  # ids of the tasks saved
    verified = Signal(object)  # the DrawCheck of a re-run

    def __init__(self, store: Store, user: Inspector, plan_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SamplingDialog")
        self.setWindowTitle(self.tr("双随机抽取"))
        self.resize(980, 720)
        self._store = store
        self._user = user
        self.result: planning.DrawResult | None = None
        self.recorded: SamplingDraw | None = None  # the draw last accepted here (saved, synced)
        self._threads: list[QThread] = []  # a cancelled draw's thread runs on until its draw ends
        self._worker: DrawWorker | None = None
        self._verifier: VerifyWorker | None = None
        self._pool: dict[Grade, int] = {}
        self._inspectors: dict[str, Inspector] = {}
        self._build()
        self._load_plans(plan_id)

    # --- building -----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.plan_combo = QComboBox(self)
        self.plan_combo.currentIndexChanged.connect(self._plan_changed)
        self.pool_table = QTableWidget(len(GRADE_ORDER), 4, self)
        self.pool_table.setHorizontalHeaderLabels(
            [self.tr("等级"), self.tr("对象库"), self.tr("抽查比例"), self.tr("预计抽取")]
        )
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
            spin.valueChanged.connect(self._update_quotas)
            self.pool_table.setCellWidget(row, 2, spin)
            self.ratio_spins[grade.value] = spin
        self.exclude_dnd = QCheckBox(self.tr("排除无事不扰对象"), self)
        self.include_complaints = QCheckBox(self.tr("纳入有投诉举报的对象"), self)
        self.seed_edit = QLineEdit(self)
        new = QPushButton(self.tr("换一个"), self)
        new.clicked.connect(lambda: self.seed_edit.setText(str(new_seed())))
        self.per_task = QSpinBox(self)
        self.per_task.setRange(MIN_INSPECTORS, 6)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_edit, 1)
        seed_row.addWidget(new)
        form = QFormLayout()
        form.addRow(self.tr("检查计划"), self.plan_combo)
        form.addRow(self.tr("随机种子"), seed_row)
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
        self.accept_button = QPushButton(self.tr("接受并创建任务"), self)
        self.accept_button.clicked.connect(self.accept_draw)
        self.export_button = QPushButton(self.tr("导出公示表…"), self)
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
        layout.addLayout(run_row)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)
        layout.addLayout(end_row)
        self._set_running(False)

    def _load_plans(self, plan_id: str | None) -> None:
        plans = sorted(self._store.list(Plan, "team = ?", [self._user.team]), key=lambda p: (-p.year, p.plan_no))
        for plan in plans:
            filed = plan.status == PlanStatus.REGISTERED
            suffix = "" if filed else self.tr("（未备案）")
            self.plan_combo.addItem(f"{plan.plan_no} {plan.name}{suffix}", plan.id)
        if plan_id is not None:
            self.plan_combo.setCurrentIndex(max(0, self.plan_combo.findData(plan_id)))
        self.seed_edit.setText(str(new_seed()))
        self._plan_changed()

    # --- the plan's pool ----------------------------------------------------------------------------------------

    def plan(self) -> Plan | None:
        plan_id = self.plan_combo.currentData()
        return None if plan_id is None else self._store.get(Plan, plan_id)

    def _plan_changed(self) -> None:
        plan = self.plan()
        if plan is None:
            return
        defaults = SamplingConfig.for_plan(plan)
        self.exclude_dnd.setChecked(defaults.exclude_do_not_disturb)
        self.include_complaints.setChecked(defaults.include_complaints)
        for grade in GRADE_ORDER:
            self.ratio_spins[grade.value].setValue(defaults.ratios[grade] * 100)
        self._refresh_pool(plan)
        self._show_result(None)
        self.message.setText(self.tr("任务分类：%1").replace("%1", task_category_label(plan.category)))

    def _refresh_pool(self, plan: Plan) -> None:
        self._pool = planning.pool_by_grade(self._store, plan)
        for row, grade in enumerate(GRADE_ORDER):
            self.pool_table.setItem(row, 1, QTableWidgetItem(str(self._pool[grade])))
        self._update_quotas()

    def _update_quotas(self) -> None:
        """The expected draw per grade (before do-not-disturb exclusions and complaint inclusions)."""
        for row, grade in enumerate(GRADE_ORDER):
            expected = quota(self.ratio_spins[grade.value].value() / 100, self._pool.get(grade, 0))
            self.pool_table.setItem(row, 3, QTableWidgetItem(str(expected)))

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
        thread = QThread(self)
        thread.setObjectName("sampling-draw")
        worker = self._worker = DrawWorker(self._store.path, plan.id, self.config(), seed, self.per_task.value())
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.stage.connect(self.progress.setValue)
        worker.done.connect(self._finished)
        worker.failed.connect(self._fail)
        for signal in (worker.done, worker.failed):
            signal.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(lambda: self._threads.remove(thread))
        self._threads.append(thread)
        thread.start()

    def cancel_draw(self) -> None:
        """Drop a running draw's answer (the rules cannot stop mid-draw; its thread ends on its own)."""
        if self._worker is not None:
            self._worker.done.disconnect(self._finished)
            self._worker.failed.disconnect(self._fail)
            self._worker = None
        self._set_running(False)

    @property
    def running(self) -> bool:
        return self._worker is not None

    def _set_running(self, running: bool) -> None:
        self.draw_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setValue(0)
        self.progress.setVisible(running)

    @Slot(object)
    def _finished(self, result: planning.DrawResult) -> None:
        self._worker = None
        self._set_running(False)
        self._show_result(result)
        self.drawn.emit(result)

    @Slot(str)
    def _fail(self, message: str) -> None:
        self._worker = None
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
        # Only the previewed targets are read here, on the UI thread; the export reads them all when asked.
        shown = draw_to_rows(result.draw)[:PREVIEW_ROWS]
        targets = planning.targets_by_id(self._store, [str(row["target_id"]) for row in shown])
        self._inspectors = {i.id: i for i in self._store.list(Inspector, "team = ?", [result.plan.team])}
        rows = draw_to_rows(result.draw, targets)
        staff = {t.target_id: t.inspector_ids for t in result.tasks}
        self.preview.setRowCount(len(shown))
        for r, row in enumerate(rows[:PREVIEW_ROWS]):
            names = "、".join(self._inspectors[i].name for i in staff[row["target_id"]] if i in self._inspectors)
            values = (row["name"], row["credit_code"], row["street"], row["grade"], row["reason"], names)
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

    # --- accepting, exporting -----------------------------------------------------------------------------------

    def accept_draw(self) -> list[str]:
        """Create the drawn tasks under the plan (saved with their outbox rows); the ids, or [] when refused."""
        if self.result is None:
            return []
        try:
            record = planning.create_tasks_from_draw(self._store, self.result, self._user.id)
        except (planning.PlanningError, StoreError) as exc:
            self._fail(str(exc))
            return []
        ids = list(record.task_ids.values())
        self.recorded = record
        self._show_result(None)
        self.message.setText(self.tr("已创建 %n 项任务；抽取记录已保存，可验证、可导出公示", "", len(ids)))
        self._refresh_pool(self._store.get(Plan, record.plan_id) or self.plan())
        self.tasks_created.emit(ids)
        return ids

    def _latest_record(self) -> SamplingDraw | None:
        plan_id = self.plan_combo.currentData()
        if self.recorded is not None and self.recorded.plan_id == plan_id:
            return self.recorded
        recorded = planning.recorded_draws(self._store, plan_id) if plan_id else []
        return recorded[0] if recorded else None

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
        thread = QThread(self)
        thread.setObjectName("sampling-verify")
        worker = self._verifier = VerifyWorker(record)  # held: a worker without a Python owner would be collected
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.done.connect(self._verified)
        worker.done.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(lambda: self._threads.remove(thread))
        self._threads.append(thread)
        thread.start()

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

    def export_to(self, path: Path) -> Path:
        """Write the shown (or last accepted) draw for publication: seed, rules, digests, targets, inspectors."""
        record = planning.draw_record(self.result, self._user.id) if self.result is not None else self.recorded
        if record is None:
            raise planning.PlanningError("尚未抽取", "nothing has been drawn yet")
        plan = self._store.get(Plan, record.plan_id)
        targets = planning.targets_by_id(self._store, record.target_ids)
        inspectors = {i.id: i for i in self._store.list(Inspector, "team = ?", [record.team])}
        return export_draw(path, record, plan, targets, inspectors)

    def _export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出公示表"), "draw.xlsx", "Excel (*.xlsx)")
        if name:
            try:
                self.export_to(Path(name))
            except OSError as exc:
                self._fail(f"无法写入文件 / cannot write the file: {exc}")

    def done(self, result: int) -> None:
        """Closing drops a running draw's answer and waits for its thread, so nothing outlives the dialog."""
        self.cancel_draw()
        for thread in list(self._threads):
            thread.wait()
        super().done(result)
