"""The status-bar sync area: online/offline dot, pending changes, pending photo bytes with a progress bar, the last
successful sync, errors in words, and the "立即同步" button (the main window gives it F5)."""

from __future__ import annotations

from datetime import datetime

from app.sync.engine import Summary
from app.ui.qt import QEvent, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget, Signal, Slot
from app.ui.sync_worker import ERROR, OFFLINE, ONLINE, SYNCING

_COLOURS = {ONLINE: "#2e7d32", OFFLINE: "#9e9e9e", SYNCING: "#1565c0", ERROR: "#c62828"}


def _bytes(count: int) -> str:
    return f"{count / 1_048_576:.1f} MB" if count >= 1_048_576 else f"{count / 1024:.0f} KB"


class SyncStatus(QWidget):
    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = OFFLINE
        self._progress = (0, 0, 0)
        self._last_sync: datetime | None = None
        self.dot = QLabel("●")
        self.state_label = QLabel()
        self.pending_label = QLabel()
        self.photo_bar = QProgressBar()
        self.photo_bar.setMaximumWidth(160)
        self.photo_bar.setTextVisible(True)
        self.last_sync_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setStyleSheet(f"color: {_COLOURS[ERROR]}")
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for widget in (
            self.dot,
            self.state_label,
            self.pending_label,
            self.photo_bar,
            self.last_sync_label,
            self.error_label,
            self.sync_button,
        ):
            layout.addWidget(widget)
        self.set_state(OFFLINE)
        self.retranslate()

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("立即同步"))
        self.sync_button.setToolTip(self.tr("与服务器同步 (F5)"))
        self._show_state()
        self._show_progress()
        self.last_sync_label.setText(
            self.tr("上次同步 %1").replace("%1", self._last_sync.strftime("%H:%M"))
            if self._last_sync
            else self.tr("尚未同步")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(str)
    def set_state(self, state: str) -> None:
        self.state = state
        self.dot.setStyleSheet(f"color: {_COLOURS[state]}")
        self.sync_button.setEnabled(state != SYNCING)
        if state in (ONLINE, SYNCING):
            self.error_label.clear()
        self._show_state()

    def _show_state(self) -> None:
        words = {ONLINE: self.tr("在线"), OFFLINE: self.tr("离线"), SYNCING: self.tr("同步中…"), ERROR: self.tr("出错")}
        self.state_label.setText(words[self.state])

    @Slot(int, int, int)
    def set_progress(self, pending_changes: int, pending_photo_bytes: int, sent_bytes: int) -> None:
        self._progress = (pending_changes, pending_photo_bytes, sent_bytes)
        self._show_progress()

    def _show_progress(self) -> None:
        pending_changes, pending_photo_bytes, sent_bytes = self._progress
        self.pending_label.setText(self.tr("待同步修改 %n 条", "", pending_changes))
        total = pending_photo_bytes + sent_bytes
        self.photo_bar.setVisible(total > 0)
        self.photo_bar.setRange(0, max(total // 1024, 1))
        self.photo_bar.setValue(sent_bytes // 1024)
        self.photo_bar.setFormat(self.tr("照片待传 %1").replace("%1", _bytes(pending_photo_bytes)))

    @Slot(object)
    def set_finished(self, summary: Summary) -> None:
        self._last_sync = datetime.fromisoformat(summary.finished_at.replace("Z", "+00:00")).astimezone()
        self.retranslate()

    @Slot(str)
    def set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setToolTip(message)
