"""Logging out with parked work: the offer to export it first (issue 12).

Logout is refused while anything is unsent. When all that is left is parked (refused by the server for good), "sync
first" can never end the session, so the window offers this dialog: it says how much is parked and takes a folder;
the export and the logout then run on the sync worker (`SyncThread.log_out(export_to=folder)`), never here. The
parked work stays in the store as well; the folder is for the team lead.
"""

from __future__ import annotations

from pathlib import Path

from app.sync.errors import UnsentWorkError
from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)


def export_would_end_it(refusal: UnsentWorkError) -> bool:
    """Whether everything unsent is parked: then an export lets the logout go through."""
    return refusal.parked > 0 and refusal.parked == refusal.changes + refusal.photos


class ParkedExportDialog(QDialog):
    """Asks for the folder the parked work goes to before logging out; `chosen(Path)` when the user accepts."""

    chosen = Signal(object)  # Path of the folder

    def __init__(self, refusal: UnsentWorkError, start_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parked-export-dialog")
        self.setWindowTitle(self.tr("导出被拒绝的内容后退出登录"))
        layout = QVBoxLayout(self)
        self.explanation = QLabel(
            self.tr(
                "服务器拒绝了 %1 项修改或照片，它们无法再发送，因此不能直接退出登录。"
                "请把它们导出到一个文件夹（含原因说明 parked.json 和照片文件），交组长处理；本机仍保留一份。"
            ).replace("%1", str(refusal.parked))
        )
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(start_folder))
        self.folder.setObjectName("export-folder")
        self.browse = QPushButton(self.tr("选择文件夹…"))
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("导出并退出登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export-and-log-out")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.folder.textChanged.connect(lambda text: self.export_button.setEnabled(bool(text.strip())))
        layout.addWidget(self.buttons)

    @Slot()
    def _browse(self) -> None:
        found = QFileDialog.getExistingDirectory(self, self.tr("导出到文件夹"), self.folder.text())
        if found:
            self.folder.setText(found)

    def accept(self) -> None:
        text = self.folder.text().strip()
        if not text:
            return
        super().accept()
        self.chosen.emit(Path(text))
