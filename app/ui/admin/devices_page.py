"""Signed-in devices of the district (server/devices.py): who is signed in on which laptop until when; a lost or
handed-back laptop is signed out for good (its tokens deleted: it must sign in again, which it cannot without the
password). Calls on the runner's network worker."""

from __future__ import annotations

from app.ui.admin.remote import AdminClient, Device
from app.ui.i18n import error_text
from app.ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.runner import Runner


class DevicesPage(QWidget):
    def __init__(self, runner: Runner, client: AdminClient | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin-devices")
        self._runner = runner
        self._client = client
        self.devices: list[Device] = []
        self.confirm = True  # ask before revoking (tests answer for the user)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("devices")
        self.table.setHorizontalHeaderLabels([self.tr("用户"), self.tr("设备"), self.tr("登录凭证"), self.tr("有效至")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        self.revoke_button = QPushButton(self.tr("吊销该设备的登录…"))
        self.revoke_button.setObjectName("revoke-device")
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("本辖区已登录的设备。笔记本丢失或交还时，吊销其登录：该设备须重新登录。")))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._update_buttons()

    def set_client(self, client: AdminClient | None) -> None:
        self._client = client
        self.refresh()

    def refresh(self) -> None:
        client = self._client
        if client is None:
            return
        self._runner.run_network(client.devices, self._show, self._failed, key="admin-devices", owner=self)

    def _show(self, devices: list[Device]) -> None:
        self.devices = devices
        self.table.setRowCount(len(devices))
        for row, d in enumerate(devices):
            until = d.expires_at[:16].replace("T", " ")
            for column, value in enumerate((d.username, d.device_id, str(d.tokens), until)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self._update_buttons()

    def selected(self) -> Device | None:
        rows = self.table.selectionModel().selectedRows()
        return self.devices[rows[0].row()] if rows else None

    def revoke_selected(self) -> None:
        device, client = self.selected(), self._client
        if device is None or client is None:
            return
        if self.confirm:
            answer = QMessageBox.question(
                self,
                self.tr("吊销设备登录"),
                self.tr("吊销 %1 在设备 %2 上的登录？该设备须重新输入密码登录。")
                .replace("%1", device.username)
                .replace("%2", device.device_id),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return

        def done(gone: int) -> None:
            self.message.setText(
                self.tr("已吊销 %1 在 %2 上的 %3 个登录凭证")
                .replace("%1", device.username)
                .replace("%2", device.device_id)
                .replace("%3", str(gone))
            )
            self.refresh()

        self._runner.run_network(
            lambda: client.revoke_device(device.username, device.device_id), done, self._failed, owner=self
        )

    def _failed(self, error: BaseException) -> None:
        self.message.setText(self.tr("失败：") + error_text(error))

    def _update_buttons(self) -> None:
        self.revoke_button.setEnabled(self.selected() is not None and self._client is not None)
