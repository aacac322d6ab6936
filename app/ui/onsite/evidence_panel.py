"""The evidence photos of one inspection: add from files, a camera folder or by drag and drop; captions; the item.

API (for the inspection window):
- `EvidencePanel(store, inspection, items=(), parent=None)`: `items` are the ChecklistItems a photo may document.
- `set_item(item_id | None)`: the item that new photos document (the checklist's current item); None = the whole visit.
- `add_files(paths)` / `add_folder(folder)`: import in the background (one at a time, in order); progress shown;
  refused files listed with their reason. Ctrl+O opens the file dialog, Ctrl+Shift+O the camera-folder dialog.
- Signals: `photo_added(Evidence)`, `refused(str)` (bilingual reason), `import_finished(imported, refused)`,
  `thumbnail_ready(sha256)`, `photos_changed()` (after an import or an edit: e.g. to re-check an item's need of a
  photo). `busy` is True while an import runs. `shutdown()` waits for the background work (closing the window).

Imports run on a one-thread pool with their own store connection (the database work stays serial); thumbnails are
made and loaded on another pool from the blob files alone, so the UI thread only draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from app.models.domain import ChecklistItem, Evidence, Inspection
from app.onsite.evidence import import_files, photo_files, photos_of, thumbnail, update_photo
from app.rules.codes import GateError
from app.store import BlobStore, Store, StoreError
from app.ui.qt import (
    QComboBox,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QHBoxLayout,
    QIcon,
    QImage,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPixmap,
    QProgressBar,
    QPushButton,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QVBoxLayout,
    QWidget,
    Signal,
)

ICON = 160  # px: thumbnail size shown
PHOTO_FILTER = "图片 / Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.JPG *.JPEG *.PNG)"
_SHA = Qt.ItemDataRole.UserRole


class _Relay(QObject):
    """Signals of the background jobs; QRunnable is no QObject. Queued to the UI thread."""

    progress = Signal(int, int)
    imported = Signal(object)
    refused = Signal(str)
    finished = Signal(int, int)
    thumbnail = Signal(str, QImage)


class _ImportJob(QRunnable):
    def __init__(self, store_path: Path, inspection: Inspection, paths: list[Path], item_id: str | None) -> None:
        super().__init__()
        self.relay = _Relay()
        self._args = (store_path, inspection, paths, item_id)

    def run(self) -> None:
        store_path, inspection, paths, item_id = self._args
        files = [f for p in paths for f in (photo_files(p) if p.is_dir() else [p])]
        imported: list[Evidence] = []

        def taken_in(evidence: Evidence) -> None:
            imported.append(evidence)
            self.relay.imported.emit(evidence)

        try:
            with Store.open(store_path) as store:
                report = import_files(store, inspection, files, item_id, self.relay.progress.emit, taken_in)
            for _path, reason in report.skipped:
                self.relay.refused.emit(reason)
        except (GateError, StoreError) as stopped:  # no code, or the inspection is locked: nothing more can go in
            self.relay.refused.emit(str(stopped))
        except Exception as exc:  # the panel waits for an answer: any failure must be one
            self.relay.refused.emit(f"照片导入中断 / the photo import stopped: {exc!r}")
        self.relay.finished.emit(len(imported), len(files) - len(imported))


class _ThumbnailJob(QRunnable):
    def __init__(self, blobs: BlobStore, sha256: str) -> None:
        super().__init__()
        self.relay = _Relay()
        self._blobs, self._sha = blobs, sha256

    def run(self) -> None:
        try:
            image = QImage(str(thumbnail(self._blobs, self._sha, ICON)))
        except OSError:  # the blob is not on this device (yet): keep the placeholder
            return
        self.relay.thumbnail.emit(self._sha, image)


class EvidencePanel(QWidget):
    photo_added = Signal(object)
    refused = Signal(str)
    import_finished = Signal(int, int)
    thumbnail_ready = Signal(str)
    photos_changed = Signal()

    def __init__(
        self, store: Store, inspection: Inspection, items: Sequence[ChecklistItem] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EvidencePanel")
        self.setAcceptDrops(True)
        self._store = store
        self._inspection = inspection
        self._items = list(items)
        self._imports = QThreadPool(self)
        self._imports.setMaxThreadCount(1)  # one writer, in the order asked
        self._thumbs = QThreadPool(self)
        self._thumbs.setMaxThreadCount(2)
        self._running = 0
        self._photos: dict[str, Evidence] = {}
        self._build()
        self.reload()

    # --- building --------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.new_item = self._item_combo()
        self.new_item.setToolTip(self.tr("新添加的照片所对应的检查事项"))
        self.add_button = QPushButton(self.tr("添加照片… (Ctrl+O)"), self)
        self.add_button.setShortcut(QKeySequence("Ctrl+O"))
        self.add_button.clicked.connect(self._choose_files)
        self.folder_button = QPushButton(self.tr("从相机文件夹导入…"), self)
        self.folder_button.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.folder_button.clicked.connect(self._choose_folder)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("新照片对应："), self))
        top.addWidget(self.new_item, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.folder_button)

        self.empty = QLabel(self.tr("尚无现场照片。可将照片拖到此处，或点击“添加照片”。"), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666; padding: 24px; border: 1px dashed #bbb;")
        self.list = QListWidget(self)
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setGridSize(QSize(ICON + 24, ICON + 44))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._show_selected)

        self.caption = QLineEdit(self)
        self.caption.setPlaceholderText(self.tr("照片说明，例如：2号诊室器械盒"))
        self.caption.editingFinished.connect(self._save_caption)
        self.photo_item = self._item_combo()
        self.photo_item.activated.connect(self._save_item)
        details = QHBoxLayout()
        details.addWidget(QLabel(self.tr("说明："), self))
        details.addWidget(self.caption, 2)
        details.addWidget(QLabel(self.tr("对应事项："), self))
        details.addWidget(self.photo_item, 1)

        self.progress = QProgressBar(self)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(details)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

    def _item_combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(self.tr("整体（不对应具体事项）"), None)
        for item in self._items:
            combo.addItem(f"{item.code} {item.title}", item.id)
        return combo

    # --- public ----------------------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._running > 0

    def set_item(self, item_id: str | None) -> None:
        index = self.new_item.findData(item_id)
        self.new_item.setCurrentIndex(max(index, 0))

    def add_files(self, paths: Iterable[Path | str]) -> None:
        paths = [Path(p) for p in paths]
        if not paths:
            return
        job = _ImportJob(self._store.path, self._inspection, paths, self.new_item.currentData())
        job.relay.progress.connect(self._progress)
        job.relay.imported.connect(self._imported)
        job.relay.refused.connect(self._refused)
        job.relay.finished.connect(self._finished)
        if self._running == 0:
            self.status.clear()
        self._running += 1
        self.progress.setRange(0, 0)
        self.progress.show()
        self._imports.start(job)

    def add_folder(self, folder: Path | str) -> None:
        self.add_files([Path(folder)])

    def reload(self) -> None:
        """Show the inspection's photos as stored (placeholders first, thumbnails as they come)."""
        self.list.clear()
        self._photos.clear()
        for evidence in photos_of(self._store, self._inspection.id):
            self._add_tile(evidence)
        self._update_empty()

    def shutdown(self) -> None:
        """Wait for the running import and thumbnails (call before the store closes)."""
        self._imports.waitForDone()
        self._thumbs.waitForDone()

    # --- drag and drop ---------------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    # --- tiles -----------------------------------------------------------------------------------------------------

    def _add_tile(self, evidence: Evidence) -> None:
        self._photos[evidence.sha256] = evidence
        tile = QListWidgetItem(self._placeholder(), self._tile_text(evidence))
        tile.setData(_SHA, evidence.sha256)
        tile.setToolTip(self._tooltip(evidence))
        self.list.addItem(tile)
        job = _ThumbnailJob(self._store.blobs, evidence.sha256)
        job.relay.thumbnail.connect(self._thumbnail_arrived)
        self._thumbs.start(job)

    def _placeholder(self) -> QIcon:
        pixmap = QPixmap(ICON, ICON)
        pixmap.fill(Qt.GlobalColor.lightGray)
        return QIcon(pixmap)

    def _tile_text(self, evidence: Evidence) -> str:
        when = evidence.taken_at.astimezone().strftime("%m-%d %H:%M")
        return f"{when} {evidence.caption}".strip()

    def _tooltip(self, evidence: Evidence) -> str:
        item = next((i.title for i in self._items if i.id == evidence.item_id), self.tr("整体"))
        taken = evidence.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return (
            self.tr("拍摄时间：%1\n对应事项：%2\nSHA-256：%3")
            .replace("%1", taken)
            .replace("%2", item)
            .replace("%3", evidence.sha256)
        )

    def _tile(self, sha256: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(_SHA) == sha256:
                return self.list.item(row)
        return None

    def _update_empty(self) -> None:
        self.empty.setVisible(self.list.count() == 0)

    # --- background results ----------------------------------------------------------------------------------------

    def _thumbnail_arrived(self, sha256: str, image: QImage) -> None:
        tile = self._tile(sha256)
        if tile is not None and not image.isNull():
            tile.setIcon(QIcon(QPixmap.fromImage(image)))
            self.thumbnail_ready.emit(sha256)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("正在导入 %1 / %2").replace("%1", str(done)).replace("%2", str(total)))

    def _imported(self, evidence: Evidence) -> None:
        self._add_tile(evidence)
        self._update_empty()
        self.photo_added.emit(evidence)

    def _refused(self, reason: str) -> None:
        lines = [line for line in self.status.text().split("\n") if line]
        self.status.setText("\n".join([*lines, f"⚠ {reason}"]))
        self.status.setStyleSheet("color: #b00020")
        self.refused.emit(reason)

    def _finished(self, imported: int, refused: int) -> None:
        self._running -= 1
        if self._running == 0:
            self.progress.hide()
        if refused == 0:
            self.status.setStyleSheet("")
            self.status.setText(self.tr("已添加 %1 张照片").replace("%1", str(imported)))
        self.import_finished.emit(imported, refused)
        self.photos_changed.emit()

    # --- editing ---------------------------------------------------------------------------------------------------

    def _selected(self) -> Evidence | None:
        tile = self.list.currentItem()
        return self._photos.get(tile.data(_SHA)) if tile else None

    def _show_selected(self) -> None:
        evidence = self._selected()
        self.caption.setEnabled(evidence is not None)
        self.photo_item.setEnabled(evidence is not None)
        self.caption.setText(evidence.caption if evidence else "")
        self.photo_item.setCurrentIndex(max(self.photo_item.findData(evidence.item_id if evidence else None), 0))

    def _save_caption(self) -> None:
        evidence = self._selected()
        if evidence is not None and self.caption.text() != evidence.caption:
            self._save(evidence, caption=self.caption.text().strip())

    def _save_item(self) -> None:
        evidence = self._selected()
        if evidence is not None and self.photo_item.currentData() != evidence.item_id:
            self._save(evidence, item_id=self.photo_item.currentData() or "")

    def _save(self, evidence: Evidence, **changes: str) -> None:
        try:
            saved = update_photo(self._store, evidence, **changes)
        except (GateError, StoreError) as refused:
            self._refused(str(refused))
            self._show_selected()  # back to what is stored
            return
        self._photos[saved.sha256] = saved
        tile = self._tile(saved.sha256)
        if tile is not None:
            tile.setText(self._tile_text(saved))
            tile.setToolTip(self._tooltip(saved))
        self.photos_changed.emit()

    # --- dialogs ---------------------------------------------------------------------------------------------------

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("选择现场照片"), "", PHOTO_FILTER)
        self.add_files(paths)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择相机或存储卡中的照片文件夹"))
        if folder:
            self.add_folder(folder)
