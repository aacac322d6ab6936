"""The imports page: a district's export (xlsx or CSV) of targets or staff, previewed on the server with every refused
row and its reasons and every change, then imported. The file is read and sent on the runner's network worker, with
the upload's progress and then the server's through the rows (a bar fed by the worker as the server checks them, so
a 100,000-row file shows how far it is); the UI thread only draws."""

from __future__ import annotations

from pathlib import Path

from app.models.imports import ImportReport
from app.ui.admin.remote import AdminClient
from app.ui.i18n import error_text
from app.ui.onsite.inspection_window import in_language
from app.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QObject,
    QProgressBar,
    QPushButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

KINDS = ("targets", "users", "catalogue")


class _Progress(QObject):
    """Carries the upload's progress, then the server's through the rows, from the network worker to the UI thread
    (queued signals)."""

    sent = Signal(int, int)
    rows = Signal(str, int, int)  # stage (reading, checking, writing), done, total


def _show(value: object) -> str:
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return "" if value is None else str(value)


class ImportsPage(QWidget):
    """`client`: the signed-in admin's client, used on the network worker only."""

    imported = Signal(object)  # the ImportReport of an import that wrote

    def __init__(self, runner: Runner, client: AdminClient | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin-imports")
        self._runner = runner
        self._client = client
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self._progress = _Progress(self)
        self._progress.sent.connect(self._show_progress)
        self._progress.rows.connect(self._show_rows)
        self.rows_seen: list[tuple[str, int, int]] = []  # the server's progress reports of the last send
        self._last_percent = -1

        self.kind = QComboBox()
        self.kind.addItem(self.tr("检查对象"), "targets")
        self.kind.addItem(self.tr("人员（执法证号、科室）"), "users")
        self.kind.addItem(self.tr("检查表与检查事项（已用的检查表生成新版本）"), "catalogue")
        self.kind.currentIndexChanged.connect(self._forget_preview)
        self.deactivate = QCheckBox(self.tr("名单为全部人员：名单中没有的本辖区用户停用（不删除）"))
        self.deactivate.setObjectName("deactivate-missing")
        self.deactivate.setChecked(True)
        self.deactivate.toggled.connect(self._forget_preview)
        self.choose_button = QPushButton(self.tr("选择文件…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(self.tr("尚未选择文件（xlsx 或 CSV）"))
        self.preview_button = QPushButton(self.tr("预览"))
        self.preview_button.clicked.connect(self.preview)
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setObjectName("import-button")
        self.import_button.clicked.connect(self.run_import)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("import-summary")

        self.refused = self._table(["行", "代码 / 用户名", "名称", "拒绝原因"])
        self.refused.setObjectName("refused-rows")
        self.changes = self._table(["行", "代码 / 用户名", "名称", "变化"])
        self.changes.setObjectName("changed-rows")
        self.refused_title = QLabel(self.tr("被拒绝的行"))
        self.changes_title = QLabel(self.tr("将新增或更新的记录"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("导入")))
        top.addWidget(self.kind)
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.preview_button)
        top.addWidget(self.import_button)
        split = QSplitter(Qt.Orientation.Vertical)
        for title, table in ((self.refused_title, self.refused), (self.changes_title, self.changes)):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(title)
            inner.addWidget(table)
            split.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.deactivate)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self._update_buttons()

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels([self.tr(h) for h in headers])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        table.setWordWrap(True)
        return table

    # --- actions --------------------------------------------------------------------------------------------------

    def set_client(self, client: AdminClient | None) -> None:
        self._client = client
        self._update_buttons()

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择导出文件"), "", self.tr("表格 (*.xlsx *.csv);;所有文件 (*)")
        )
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(path.name)
        self._forget_preview()

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(KINDS.index(kind))

    def preview(self) -> None:
        self._send(dry_run=True)

    def run_import(self) -> None:
        self._send(dry_run=False)

    def _send(self, *, dry_run: bool) -> None:
        client, path, kind = self._client, self.path, self.kind.currentData()
        deactivate = kind == "users" and self.deactivate.isChecked()
        if client is None or path is None:
            return
        progress, rows = self._progress.sent, self._progress.rows
        self.rows_seen = []
        self._last_percent = -1
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("读取文件…"))
        self.progress.setVisible(True)
        self.summary.setText(self.tr("正在预览…") if dry_run else self.tr("正在导入…"))

        def work() -> ImportReport:
            data = path.read_bytes()
            return client.import_file(
                kind, data, dry_run=dry_run, progress=progress.emit, deactivate_missing=deactivate, rows=rows.emit
            )

        self._runner.run_network(work, self._answered, self._failed, key="admin-import", owner=self)
        self._update_buttons()

    def _show_progress(self, sent: int, total: int) -> None:
        percent = 100 * sent // total if total else 100
        if percent == self._last_percent:
            return
        self._last_percent = percent
        if sent >= total:  # the file is there: the server reads and checks every row now
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("服务器正在逐行检查…"))
        else:
            self.progress.setValue(percent)
            self.progress.setFormat(
                self.tr("上传 %p%（%1 / %2 KB）").replace("%1", str(sent // 1024)).replace("%2", str(total // 1024))
            )

    def _show_rows(self, stage: str, done: int, total: int) -> None:
        """The server's progress through the file: rows checked of all (a bar), or reading and writing (busy)."""
        self.rows_seen.append((stage, done, total))
        if stage == "checking" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(
                self.tr("服务器逐行检查：%1 / %2 行").replace("%1", str(done)).replace("%2", str(total))
            )
        elif stage == "writing":
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("正在写入 %1 条记录…").replace("%1", str(total)))
        else:
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("服务器正在读取文件…"))

    def _answered(self, report: ImportReport) -> None:
        self.report = report
        self.progress.setVisible(False)
        self._fill(report)
        if not report.dry_run:
            self.imported.emit(report)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.progress.setVisible(False)
        self.summary.setText(self.tr("失败：") + error_text(error))
        self._update_buttons()

    def _forget_preview(self) -> None:
        self.report = None
        self.summary.setText("")
        self.refused.setRowCount(0)
        self.changes.setRowCount(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._runner.busy("admin-import")
        ready = self._client is not None and self.path is not None and not busy
        self.preview_button.setEnabled(ready)
        # an import only after a preview of this file and kind that found something to write
        previewed = self.report is not None and self.report.dry_run
        report = self.report
        writes = previewed and report is not None and report.created_count + report.updated_count > 0
        writes = writes or (previewed and report is not None and report.deactivated_count > 0)
        self.import_button.setEnabled(ready and writes)
        self.choose_button.setEnabled(not busy)
        self.kind.setEnabled(not busy)
        self.deactivate.setVisible(self.kind.currentData() == "users")
        self.deactivate.setEnabled(not busy)

    # --- the report -----------------------------------------------------------------------------------------------

    def _fill(self, report: ImportReport) -> None:
        head = self.tr("预览（尚未写入）") if report.dry_run else self.tr("已导入")
        text = self.tr("%1：共 %2 行；新增 %3，更新 %4，未变 %5，拒绝 %6")
        counts = (report.rows, report.created_count, report.updated_count, report.unchanged_count)
        for n, value in enumerate((head, *counts, report.refused_count), 1):
            text = text.replace(f"%{n}", str(value))
        if report.deactivated_count:
            text += self.tr("；停用 %1 人（名单中没有，不删除）").replace("%1", str(report.deactivated_count))
        if report.ignored_columns:
            text += self.tr("；未识别的列：") + "、".join(report.ignored_columns)
        if report.initial_passwords:
            text += self.tr("；新用户的初始密码（只显示这一次）：") + "，".join(
                f"{u} {p}" for u, p in report.initial_passwords.items()
            )
        self.summary.setText(text)
        self.refused.setRowCount(len(report.refused))
        for row, refused in enumerate(report.refused):
            values = (str(refused.row), refused.key, refused.name, "\n".join(self._side(m) for m in refused.messages))
            for column, value in enumerate(values):
                self.refused.setItem(row, column, QTableWidgetItem(value))
        changed = [(self.tr("新增"), r) for r in report.created] + [(self.tr("更新"), r) for r in report.updated]
        changed += [(self.tr("停用（名单中没有，不删除）"), r) for r in report.deactivated]
        self.changes.setRowCount(len(changed))
        for row, (what, entry) in enumerate(changed):
            detail = "；".join(f"{c.field}: {_show(c.old)} → {_show(c.new)}" for c in entry.changes) or what
            if entry in report.deactivated:
                detail = what
            for column, value in enumerate((str(entry.row or "—"), entry.key, entry.name, detail)):
                self.changes.setItem(row, column, QTableWidgetItem(value))
        self.refused.resizeRowsToContents()
        self.changes.resizeRowsToContents()

    @staticmethod
    def _side(message: str) -> str:
        """A server message "中文 / English" in the interface's language."""
        zh, _, en = message.partition(" / ")
        return in_language(zh, en or zh)
