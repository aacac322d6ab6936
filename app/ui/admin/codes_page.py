"""Inspection codes of the district (as synced): revoke one with a reason (the server refuses it from then on, and
every device learns it at its next sync), and read a code's use log (亮码 and inspections started, with device and
place). The list is read on the database worker, the server called on the network worker."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.models import InspectionCode
from app.models.wire import CodeUse
from app.store import Store
from app.ui.admin.remote import AdminClient
from app.ui.i18n import error_text
from app.ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
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


def _codes(store: Store) -> list[tuple[InspectionCode, str]]:
    """Every code here with its target's name, newest first."""
    codes = sorted(store.list(InspectionCode), key=lambda c: c.valid_from, reverse=True)
    names = {t["id"]: t["name"] for t in store.targets_by_ids({c.target_id for c in codes})}
    return [(c, names.get(c.target_id, c.target_id)) for c in codes]


def _when(value: datetime | str | None) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime) else value
    return text[:16].replace("T", " ")


class CodesPage(QWidget):
    revoked = Signal(str)  # a code's id, revoked on the server

    def __init__(self, runner: Runner, client: AdminClient | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin-codes")
        self._runner = runner
        self._client = client
        self.codes: list[tuple[InspectionCode, str]] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("codes")
        self.table.setHorizontalHeaderLabels(
            [self.tr("检查码"), self.tr("检查对象"), self.tr("有效至"), self.tr("状态")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.uses = QListWidget()
        self.uses.setObjectName("code-uses")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("撤销原因（必填，例如：任务取消、检查人员变更）"))
        self.reason.textChanged.connect(self._update_buttons)
        self.revoke_button = QPushButton(self.tr("撤销检查码"))
        self.revoke_button.setObjectName("revoke-code")
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel(self.tr("使用记录")))
        side.addWidget(self.uses, 1)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.revoke_button)
        side.addLayout(row)
        side.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._update_buttons()

    def set_client(self, client: AdminClient | None) -> None:
        self._client = client
        self._update_buttons()

    def reload(self) -> None:
        self._runner.run(_codes, self._show, key="admin-codes", owner=self)

    def _show(self, codes: list[tuple[InspectionCode, str]]) -> None:
        chosen = self.selected()
        self.codes = codes
        self.table.setRowCount(len(codes))
        now = datetime.now(UTC)
        for row, (code, name) in enumerate(codes):
            if code.revoked_at is not None:
                state = self.tr("已撤销：") + (code.revoke_reason or "")
            elif code.valid_until.replace(tzinfo=code.valid_until.tzinfo or UTC) <= now:
                state = self.tr("已过期")
            else:
                state = self.tr("有效")
            for column, value in enumerate((code.short_code, name, _when(code.valid_until), state)):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if chosen is not None and code.id == chosen.id:
                self.table.selectRow(row)
        self._update_buttons()

    def select_code(self, code_id: str) -> None:
        for row, (code, _name) in enumerate(self.codes):
            if code.id == code_id:
                self.table.selectRow(row)

    def selected(self) -> InspectionCode | None:
        rows = self.table.selectionModel().selectedRows()
        return self.codes[rows[0].row()][0] if rows and rows[0].row() < len(self.codes) else None

    def _selected_changed(self) -> None:
        self.uses.clear()
        code, client = self.selected(), self._client
        self._update_buttons()
        if code is None or client is None:
            return
        self._runner.run_network(lambda: client.code_uses(code.id), self._show_uses, self._failed, key="admin-uses")

    def _show_uses(self, uses: list[CodeUse]) -> None:
        self.uses.clear()
        if not uses:
            self.uses.addItem(self.tr("尚无使用记录"))
        for use in uses:
            place = use.location or (f"{use.latitude:.5f}, {use.longitude:.5f}" if use.latitude is not None else "")
            self.uses.addItem(f"{_when(use.used_at)}  {use.username}  {use.device_id or ''}  {place}".rstrip())

    def revoke_selected(self) -> None:
        code, client, reason = self.selected(), self._client, self.reason.text().strip()
        if code is None or client is None or not reason:
            return

        def done(answer: Any) -> None:
            self.message.setText(
                self.tr("已撤销检查码 %1；各设备下次同步后不能再用它检查").replace("%1", answer.code.short_code)
            )
            self.reason.clear()
            revoked = InspectionCode.model_validate(answer.code.model_dump())
            self._show([(revoked if c.id == revoked.id else c, name) for c, name in self.codes])
            self.revoked.emit(revoked.id)  # the main window syncs: the store learns it as every device does

        self._runner.run_network(lambda: client.revoke_code(code.id, reason), done, self._failed, owner=self)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(self.tr("失败：") + error_text(error))

    def _update_buttons(self) -> None:
        ready = self.selected() is not None and self._client is not None and bool(self.reason.text().strip())
        code = self.selected()
        self.revoke_button.setEnabled(ready and code is not None and code.revoked_at is None)
