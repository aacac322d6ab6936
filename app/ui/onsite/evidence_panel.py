"""The evidence photos of one inspection: add from files, a camera folder or by drag and drop; captions; the item.

API (for the inspection window):
- `EvidencePanel(runner, inspection, items=(), parent=None)`: `items` are the ChecklistItems a photo may document.
- `set_item(item_id | None)`: the item that new photos document (the checklist's current item); None = the whole visit.
- `add_files(paths)` / `add_folder(folder)`: import in the background (one at a time, in order); progress shown;
  refused files listed with their reason. Ctrl+O opens the file dialog, Ctrl+Shift+O the camera-folder dialog.
- Signals: `photo_added(Evidence)`, `refused(str)` (bilingual reason), `import_finished(imported, refused)`,
  `thumbnail_ready(sha256)`, `photos_changed()` (after an import or an edit: e.g. to re-check an item's need of a
  photo). `busy` is True while an import runs. `shutdown()` drops the thumbnails not yet made (closing the window).

Imports, the list and edits run on the runner's database worker, in order with every other write; thumbnails are made
from the blob files alone on the runner's files worker (no database), so the UI thread only draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path

from app.errors import BilingualError
from app.models import SignerRole
from app.models.domain import ChecklistItem, Evidence, Inspection, Signature
from app.onsite.evidence import import_files, photo_files, photos_of, update_photo
from app.onsite.signatures import signatures_of
from app.rules.codes import GateError
from app.store import BlobStore, RecordNotFoundError, Store, StoreError
from app.ui.i18n import bilingual_part, error_text
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
    QPainter,
    QPixmap,
    QProgressBar,
    QPushButton,
    QRect,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner, Stopped
from app.ui.sync_badge import state_icon, state_tooltip

ICON = 160  # px: thumbnail size shown
PHOTO_FILTER = "图片 / Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.JPG *.JPEG *.PNG)"
_SHA = Qt.ItemDataRole.UserRole


class _Relay(QObject):
    """Reports of the import as it runs on the database worker. Queued to the UI thread."""

    progress = Signal(int, int)
    imported = Signal(object)
    refused = Signal(str)


def _photos_and_states(store: Store, inspection_id: str) -> tuple[list[Evidence], dict[str, str]]:
    photos = photos_of(store, inspection_id)
    return photos, store.sync_states(Evidence, [p.id for p in photos])


def _signatures_and_states(store: Store, inspection_id: str) -> tuple[list[Signature], dict[str, str]]:
    signatures = signatures_of(store, inspection_id)
    return signatures, store.sync_states(Signature, [s.id for s in signatures])


def _import(store: Store, inspection_id: str, paths: list[Path], item_id: str | None, relay: _Relay) -> tuple[int, int]:
    """On the database worker: import the files (folders opened), reporting each photo; (imported, refused)."""
    files = [f for p in paths for f in (photo_files(p) if p.is_dir() else [p])]
    imported: list[Evidence] = []

    def taken_in(evidence: Evidence) -> None:
        imported.append(evidence)
        relay.imported.emit(evidence)

    try:
        inspection = store.get(Inspection, inspection_id)
        if inspection is None:
            raise RecordNotFoundError(Inspection.entity, inspection_id)
        report = import_files(store, inspection, files, item_id, relay.progress.emit, taken_in)
        for _path, reason in report.skipped:
            relay.refused.emit(bilingual_part(reason))
    except (GateError, StoreError) as stopped:  # no code, or the inspection is locked: nothing more can go in
        relay.refused.emit(error_text(stopped))
    except Exception as exc:  # the panel waits for an answer: any failure must be one
        relay.refused.emit(error_text(BilingualError(f"照片导入中断：{exc!r}", f"the photo import stopped: {exc!r}")))
    return len(imported), len(files) - len(imported)


def _thumbnail(blobs: BlobStore, sha256: str, stopped: Stopped) -> QImage | None:
    """On the files worker: the photo's thumbnail, or None when the blob is not on this device (yet) or the panel
    closed first (the placeholder stays)."""
    if stopped():
        return None
    try:
        return QImage.fromData(blobs.thumbnail(sha256, ICON))
    except OSError:
        return None


class EvidencePanel(QWidget):
    photo_added = Signal(object)
    refused = Signal(str)
    import_finished = Signal(int, int)
    thumbnail_ready = Signal(str)
    photos_changed = Signal()

    def __init__(
        self, runner: Runner, inspection: Inspection, items: Sequence[ChecklistItem] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EvidencePanel")
        self.setAcceptDrops(True)
        self._runner = runner
        self._blobs = BlobStore(runner.store_path.parent / "blobs")  # the store's blob folder: files only
        self._inspection = inspection
        self._items = list(items)
        self._thumbs: set[str] = set()  # runner keys of the thumbnails asked for and not yet arrived
        self._running = 0
        self._photos: dict[str, Evidence] = {}
        self._states: dict[str, str] = {}  # evidence id -> sync state, as last read
        self._signature_states: dict[str, str] = {}  # signature id -> sync state, as last read
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

        self.signatures_title = QLabel(self.tr("签名："), self)
        self.signatures = QListWidget(self)  # who signed, each with its sync state (issue 12)
        self.signatures.setObjectName("signatures")
        self.signatures.setFlow(QListWidget.Flow.LeftToRight)
        self.signatures.setWrapping(True)
        self.signatures.setIconSize(QSize(18, 18))
        self.signatures.setMaximumHeight(self.fontMetrics().height() * 3 + 12)
        signed_row = QHBoxLayout()
        signed_row.addWidget(self.signatures_title)
        signed_row.addWidget(self.signatures, 1)

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
        layout.addLayout(signed_row)
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
        relay = _Relay()  # no parent: the import goes on (and reports into nothing) if the panel closes meanwhile
        relay.progress.connect(self._progress)
        relay.imported.connect(self._imported)
        relay.refused.connect(self._refused)
        if self._running == 0:
            self.status.clear()
        self._running += 1
        self.progress.setRange(0, 0)
        self.progress.show()
        inspection_id, item_id = self._inspection.id, self.new_item.currentData()
        self._runner.run(lambda store: _import(store, inspection_id, paths, item_id, relay), self._finished)

    def add_folder(self, folder: Path | str) -> None:
        self.add_files([Path(folder)])

    def reload(self) -> None:
        """Show the inspection's photos as stored (placeholders first, thumbnails as they come)."""
        inspection_id = self._inspection.id
        key = f"photos-{inspection_id}"
        self._runner.run(lambda store: _photos_and_states(store, inspection_id), self._show_photos, key=key)
        self.reload_signatures()

    def reload_signatures(self) -> None:
        """Show who has signed, each signature with its sync state (read on the database worker)."""
        inspection_id = self._inspection.id
        self._runner.run(
            lambda store: _signatures_and_states(store, inspection_id),
            self._show_signatures,
            key=f"signatures-{inspection_id}",
        )

    def refresh_states(self) -> None:
        """Read the photos' and signatures' sync states again (after a save, sync or upload) and redraw their icons
        and tooltips; the tiles and their thumbnails stay."""
        inspection_id = self._inspection.id
        self._runner.run(
            lambda store: _photos_and_states(store, inspection_id), self._states_read, key=f"states-{inspection_id}"
        )
        self.reload_signatures()

    def _states_read(self, found: tuple[list[Evidence], dict[str, str]]) -> None:
        photos, states = found
        if {p.sha256 for p in photos} != set(self._photos):  # photos came or went meanwhile: show them anew
            self._show_photos(found)
            return
        self._states = states
        for row in range(self.list.count()):
            tile = self.list.item(row)
            evidence = self._photos.get(tile.data(_SHA))
            if evidence is not None:
                tile.setToolTip(self._tooltip(evidence))
                self._thumb_icon(tile, tile.icon().pixmap(ICON, ICON).toImage(), repaint_only=True)

    def _show_signatures(self, found: tuple[list[Signature], dict[str, str]]) -> None:
        signatures, self._signature_states = found
        self.signatures.clear()
        for signature in signatures:
            state = self._signature_states.get(signature.id, "local")
            who = signature.signer_name or self.tr("被检查单位")
            if signature.signer_role == SignerRole.PARTY:
                who = self.tr("被检查单位：%1").replace("%1", who)
            row = QListWidgetItem(state_icon(state), who)
            row.setData(Qt.ItemDataRole.UserRole, signature.id)
            when = signature.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            row.setToolTip(state_tooltip(state) + "\n" + self.tr("签名时间：%1").replace("%1", when))
            self.signatures.addItem(row)
        self.signatures_title.setVisible(bool(signatures))
        self.signatures.setVisible(bool(signatures))

    def _show_photos(self, found: tuple[list[Evidence], dict[str, str]]) -> None:
        photos, self._states = found
        self.list.clear()
        self._photos.clear()
        for evidence in photos:
            self._add_tile(evidence)
        self._update_empty()

    def shutdown(self) -> None:
        """Drop the thumbnails not yet made (imports and edits are the runner's: they finish even after the window
        closes)."""
        for key in self._thumbs:
            self._runner.cancel(key)
        self._thumbs.clear()

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
        self._thumb_icon(tile, self._placeholder().pixmap(ICON, ICON).toImage())
        self._ask_thumbnail(evidence.sha256)

    def _ask_thumbnail(self, sha256: str) -> None:
        # Keyed per panel and photo: shutdown() can drop them, and a second panel's ask does not silence this one's.
        key, blobs = f"thumbnail:{id(self)}:{sha256}", self._blobs
        self._thumbs.add(key)
        self._runner.run_files(
            partial(_thumbnail, blobs, sha256), partial(self._thumbnail_arrived, key, sha256), key=key, owner=self
        )

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
        state = state_tooltip(self._states.get(evidence.id, "local")) + "\n"  # sync state first (issue 12)
        return state + (
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

    def _thumbnail_arrived(self, key: str, sha256: str, image: QImage | None) -> None:
        self._thumbs.discard(key)
        tile = self._tile(sha256)
        if tile is not None and image is not None and not image.isNull():
            self._thumb_icon(tile, image)
            self.thumbnail_ready.emit(sha256)

    def _thumb_icon(self, tile: QListWidgetItem, image: QImage, repaint_only: bool = False) -> None:
        """The thumbnail with the photo's sync state in its corner (`repaint_only`: over the icon shown, the corner
        cleared first)."""
        pixmap = QPixmap.fromImage(image)
        if repaint_only:
            corner = QPainter(pixmap)
            corner.fillRect(QRect(pixmap.width() - 26, 2, 24, 24), Qt.GlobalColor.white)
            corner.end()
        evidence = self._photos.get(tile.data(_SHA))
        state = self._states.get(evidence.id, "local") if evidence else "local"
        painter = QPainter(pixmap)
        state_icon(state).paint(painter, QRect(pixmap.width() - 26, 2, 24, 24))
        painter.end()
        tile.setIcon(QIcon(pixmap))

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

    def _finished(self, counts: tuple[int, int]) -> None:
        imported, refused = counts
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
        self._runner.run(lambda store: update_photo(store, evidence, **changes), self._saved, self._not_saved)

    def _not_saved(self, refused: BaseException) -> None:
        self._refused(error_text(refused))
        self._show_selected()  # back to what is stored

    def _saved(self, saved: Evidence) -> None:
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
