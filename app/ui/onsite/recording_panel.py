"""The inspection window's 执法记录仪 tab: the visit's body-camera videos (`Recording`), each a line (time range in
Shanghai time, camera, file, hash prefix, size, sync state), and 添加执法记录仪视频… to add one.

Adding: the file is checked on the database worker (`check_video`: size against the server's limit, container), the
time range is confirmed in `RecordingDialog` (prefilled by `suggested_range`, refused there when it does not belong
to the visit), then the file is copied into the encrypted blob store on the runner's files worker (`copy_video` needs
no database, only the blob folder and its key, so a copy of several GB holds up neither a read of the UI nor a sync;
it streams a MiB at a time and reports each to the progress bar; it stops at the cancel button or when the runner
closes), and the record is saved on the database worker (`add_recording`). No thread of its own.

Changing and deleting: the line chosen, 修改… opens `EditRecordingDialog` (time range and camera, checked as at
import) and saves through `edit_recording`; 删除… asks first, then `delete_recording` takes the record, its file's
queued upload and its file. Both refused with the reason once the inspection is completed (its sealed record; the
server refuses too); a video may still be added.

API: `choose()` (file dialog), `add_file(path)` (check, then the dialog), `start_import(video, started, ended,
camera, caption)` (after the dialog), `cancel()` (the copy running), `reload()`, `selected()`, `edit_selected()`
(`edit_dialog`), `edit(recording_id, started, ended, camera)`, `delete_selected()` (`confirm`), `delete(recording_id)`;
signals `added(Recording)`, `refused(str)`, `import_finished()`, `edited(Recording)`, `deleted(Recording)`.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from app.models import Inspection
from app.models.domain import Recording
from app.onsite.recordings import (
    CheckedVideo,
    add_recording,
    check_video,
    copy_video,
    delete_recording,
    edit_recording,
    recording_limit,
    recordings_of,
    suggested_range,
)
from app.rules.recordings import range_refusal
from app.rules.shanghai import SHANGHAI
from app.store import Store
from app.store.blobs import BlobStore
from app.store.errors import RecordNotFoundError
from app.ui.i18n import error_text, in_language
from app.ui.qt import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QObject,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner, Stopped
from app.ui.sync_badge import state_icon, state_tooltip

VIDEO_FILTER = "视频 / Videos (*.mp4 *.MP4 *.mov *.MOV *.avi *.AVI *.mkv *.MKV)"
_MIB = 1 << 20


class _Relay(QObject):
    """The copy's progress, emitted on the files worker, delivered queued on the UI thread."""

    copied = Signal(int)


def recording_line(recording: Recording) -> str:
    """One line of a recording: its time range (Shanghai), camera, file, hash prefix and size (also in documents)."""
    start, end = (t.astimezone(SHANGHAI) for t in (recording.started_at, recording.ended_at))
    span = (
        f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
        if start.date() == end.date()
        else f"{start:%m-%d %H:%M}–{end:%m-%d %H:%M}"
    )
    parts = [span, recording.camera or "", recording.caption, recording.sha256[:12], _size(recording.size)]
    return " · ".join(p for p in parts if p)


def _size(size: int) -> str:
    return f"{size / 1024**3:.2f} GB" if size >= 1024**3 else f"{size / _MIB:.1f} MB"


def _checked(
    store: Store, inspection_id: str, path: Path
) -> tuple[CheckedVideo, Inspection, tuple[datetime, datetime]]:
    """On the database worker: the file checked against the server's limit, the inspection as stored, a range."""
    inspection = store.get(Inspection, inspection_id)
    if inspection is None:
        raise RecordNotFoundError(Inspection.entity, inspection_id)
    video = check_video(path, recording_limit(store))
    return video, inspection, suggested_range(inspection, video)


def _save(
    store: Store,
    inspection_id: str,
    video: CheckedVideo,
    sha256: str,
    times: tuple[datetime, datetime],
    camera: str,
    caption: str,
) -> Recording:
    inspection = store.get(Inspection, inspection_id)
    if inspection is None:
        raise RecordNotFoundError(Inspection.entity, inspection_id)
    return add_recording(store, inspection, video, sha256, *times, camera or None, caption)


def _listed(store: Store, inspection_id: str) -> tuple[list[Recording], dict[str, str]]:
    found = recordings_of(store, inspection_id)
    return found, store.sync_states(Recording, [r.id for r in found])


class _RangeDialog(QDialog):
    """The form both recording dialogs share: the file, its time range (Shanghai time) and the camera number; a range
    that does not belong to the visit (app/rules/recordings.py) is refused here, before anything is copied or saved.
    `name` prefixes the widgets' object names."""

    def __init__(
        self,
        inspection: Inspection,
        name: str,
        file_line: str,
        times: tuple[datetime, datetime],
        camera: str,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}-dialog")
        self._inspection = inspection
        self.started = _time_edit(self, times[0], f"{name}-started")
        self.ended = _time_edit(self, times[1], f"{name}-ended")
        self.camera = QLineEdit(camera, self)
        self.camera.setObjectName(f"{name}-camera")
        self.camera.setPlaceholderText(self.tr("记录仪编号（可选）"))
        self.message = QLabel(self)
        self.message.setObjectName(f"{name}-message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        self.form = QFormLayout()
        self.form.addRow(self.tr("文件"), QLabel(escape(file_line), self))
        self.form.addRow(self.tr("开始时间"), self.started)
        self.form.addRow(self.tr("结束时间"), self.ended)
        self.form.addRow(self.tr("记录仪"), self.camera)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def times(self) -> tuple[datetime, datetime]:
        """The range as entered (Shanghai time), in UTC."""
        return tuple(  # type: ignore[return-value]
            edit.dateTime().toPython().replace(tzinfo=SHANGHAI).astimezone(UTC) for edit in (self.started, self.ended)
        )

    def accept(self) -> None:
        visit = self._inspection
        refusal = range_refusal(*self.times(), visit.started_at, visit.completed_at, datetime.now(UTC))
        if refusal is None:
            super().accept()
        else:
            self.message.setText(in_language(*refusal))


class RecordingDialog(_RangeDialog):
    """A video about to be added: its range prefilled (`suggested_range`), its camera number and a caption."""

    def __init__(
        self,
        inspection: Inspection,
        video: CheckedVideo,
        times: tuple[datetime, datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(inspection, "recording", f"{video.path.name} · {_size(video.size)}", times, "", parent)
        self.video = video
        self.setWindowTitle(self.tr("添加执法记录仪视频"))
        self.caption = QLineEdit(video.path.name, self)
        self.caption.setObjectName("recording-caption")
        self.form.addRow(self.tr("说明"), self.caption)


class EditRecordingDialog(_RangeDialog):
    """A recording's time range and camera number, changed."""

    def __init__(self, inspection: Inspection, recording: Recording, parent: QWidget | None = None) -> None:
        times = (recording.started_at, recording.ended_at)
        super().__init__(inspection, "edit-recording", recording_line(recording), times, recording.camera or "", parent)
        self.recording = recording
        self.setWindowTitle(self.tr("修改执法记录仪视频"))


def _time_edit(parent: QWidget, moment: datetime, name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit(moment.astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0), parent)
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
    edit.setCalendarPopup(True)
    return edit


class RecordingPanel(QWidget):
    added = Signal(object)  # the saved Recording
    refused = Signal(str)
    import_finished = Signal()  # copied and saved, or refused: the panel is idle again
    edited = Signal(object)  # the changed Recording
    deleted = Signal(object)  # the Recording deleted

    def __init__(self, runner: Runner, inspection: Inspection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordingPanel")
        self._runner = runner
        self._inspection = inspection
        self._blobs = BlobStore(runner.store_path.parent / "blobs")  # the store's blob folder: files only
        self._copied = 0
        self.busy = False
        self.dialog: RecordingDialog | None = None
        self.edit_dialog: EditRecordingDialog | None = None
        self.confirm: QMessageBox | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("recordings")
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add-recording")
        self.add_button.clicked.connect(self.choose)
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("edit-recording")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("delete-recording")
        self.delete_button.clicked.connect(self.delete_selected)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("recording-progress")
        self.progress.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("cancel-recording")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self._stop = threading.Event()  # set by the cancel button, read by the copy on the files worker
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.empty, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        copying = QHBoxLayout()
        copying.addWidget(self.progress, 1)
        copying.addWidget(self.cancel_button)
        layout.addLayout(copying)
        layout.addWidget(self.status)
        self._retranslate()
        self._update_buttons()
        self.reload()

    def _retranslate(self) -> None:
        self.add_button.setText(self.tr("添加执法记录仪视频…"))
        self.edit_button.setText(self.tr("修改…"))
        self.edit_button.setToolTip(self.tr("修改所选录像的时间范围和记录仪编号（检查完成后不能修改）"))
        self.delete_button.setText(self.tr("删除…"))
        self.delete_button.setToolTip(self.tr("删除所选录像及其尚未上传的文件（检查完成后不能删除）"))
        self.cancel_button.setText(self.tr("取消导入"))
        self.empty.setText(self.tr("执法记录仪视频：导入后随检查同步，可断点续传"))

    # --- public ----------------------------------------------------------------------------------------------------

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("选择执法记录仪视频"), "", VIDEO_FILTER)
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        """Check the file on the database worker, then ask for its time range (`dialog`)."""
        inspection_id = self._inspection.id
        self.status.clear()
        self._runner.run(lambda store: _checked(store, inspection_id, Path(path)), self._ask, self._failed)

    def start_import(
        self, video: CheckedVideo, started: datetime, ended: datetime, camera: str = "", caption: str = ""
    ) -> None:
        """Copy the file in on the runner's files worker (progress a MiB at a time), then save its record."""
        relay = _Relay()  # no parent: the copy goes on (and reports into nothing) if the panel closes meanwhile
        relay.copied.connect(self._progress)
        self.busy, self._copied = True, 0
        self._stop = stop = threading.Event()
        self.add_button.setEnabled(False)
        self.cancel_button.show()
        self.progress.setRange(0, max(1, video.size // _MIB))
        self.progress.setValue(0)
        self.progress.show()
        blobs, inspection_id = self._blobs, self._inspection.id
        times = (started, ended)

        def saved(sha256: str) -> None:
            self._runner.run(
                lambda store: _save(store, inspection_id, video, sha256, times, camera, caption),
                self._saved,
                self._failed,
            )

        def copy(stopped: Stopped) -> str:  # on the files worker (no Store: the blob folder); relay lives as long
            return copy_video(blobs, video, relay.copied.emit, lambda: stop.is_set() or stopped())

        self._runner.run_files(copy, saved, self._failed)

    def cancel(self) -> None:
        """Stop the copy running now: its partial file is removed, nothing is recorded."""
        self._stop.set()

    def selected(self) -> Recording | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def edit_selected(self) -> None:
        """Open the time range and camera of the recording chosen (`edit_dialog`); saved on OK."""
        recording = self.selected()
        if recording is None:
            return
        self.edit_dialog = dialog = EditRecordingDialog(self._inspection, recording, self)
        dialog.accepted.connect(lambda: self.edit(recording.id, *dialog.times(), dialog.camera.text().strip()))
        dialog.open()

    def edit(self, recording_id: str, started: datetime, ended: datetime, camera: str = "") -> None:
        """Save a recording's new time range and camera on the database worker (refused once the visit is done)."""
        self.status.clear()
        self._runner.run(
            lambda store: edit_recording(store, recording_id, started, ended, camera or None),
            self._edited,
            self._refused_change,
        )

    def delete_selected(self) -> None:
        """Ask (`confirm`), then delete the recording chosen."""
        recording = self.selected()
        if recording is None:
            return
        self.confirm = box = QMessageBox(self)
        box.setObjectName("delete-recording-confirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("删除执法记录仪视频"))
        box.setText(self.tr("删除录像 %1？尚未上传的文件将一并删除。").replace("%1", recording_line(recording)))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self.delete(recording.id))
        box.open()

    def delete(self, recording_id: str) -> None:
        """Delete a recording on the database worker, with its queued upload and file (refused once the visit is
        done)."""
        self.status.clear()
        self._runner.run(lambda store: delete_recording(store, recording_id), self._deleted, self._refused_change)

    def reload(self) -> None:
        inspection_id = self._inspection.id
        self._runner.run(lambda store: _listed(store, inspection_id), self._show, key=f"recordings-{inspection_id}")

    # --- answers ---------------------------------------------------------------------------------------------------

    def _ask(self, checked: tuple[CheckedVideo, Inspection, tuple[datetime, datetime]]) -> None:
        video, inspection, times = checked
        self.dialog = RecordingDialog(inspection, video, times, self)
        self.dialog.accepted.connect(lambda: self._confirmed(self.dialog))
        self.dialog.open()

    def _confirmed(self, dialog: RecordingDialog | None) -> None:
        if dialog is None:
            return
        started, ended = dialog.times()
        self.start_import(dialog.video, started, ended, dialog.camera.text().strip(), dialog.caption.text().strip())

    def _progress(self, count: int) -> None:
        self._copied += count
        self.progress.setValue(self._copied // _MIB)
        done, total = self._copied / _MIB, self.progress.maximum()
        self.progress.setFormat(self.tr("正在导入 %1 / %2 MB").replace("%1", f"{done:.0f}").replace("%2", str(total)))

    def _saved(self, recording: Recording) -> None:
        self._idle()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("已添加执法记录仪视频：%1").replace("%1", recording_line(recording)))
        self.added.emit(recording)
        self.reload()
        self.import_finished.emit()

    def _edited(self, recording: Recording) -> None:
        self.status.setStyleSheet("")
        self.status.setText(self.tr("已修改执法记录仪视频：%1").replace("%1", recording_line(recording)))
        self.edited.emit(recording)
        self.reload()

    def _deleted(self, recording: Recording) -> None:
        self.status.setStyleSheet("")
        self.status.setText(self.tr("已删除执法记录仪视频：%1").replace("%1", recording_line(recording)))
        self.deleted.emit(recording)
        self.reload()

    def _refused_change(self, error: BaseException) -> None:
        reason = error_text(error)
        self.status.setStyleSheet("color: #b00020")
        self.status.setText(f"⚠ {reason}")
        self.refused.emit(reason)

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _failed(self, error: BaseException) -> None:
        reason = error_text(error)
        self._idle()
        self.status.setStyleSheet("color: #b00020")
        self.status.setText(f"⚠ {reason}")
        self.refused.emit(reason)
        self.import_finished.emit()

    def _idle(self) -> None:
        self.busy = False
        self.add_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()

    def _show(self, listed: tuple[list[Recording], dict[str, str]]) -> None:
        recordings, states = listed
        self.list.clear()
        for recording in recordings:
            state = states.get(recording.id, "local")
            item = QListWidgetItem(state_icon(state), recording_line(recording))
            item.setToolTip(state_tooltip(state))
            item.setData(Qt.ItemDataRole.UserRole, recording)
            self.list.addItem(item)
        self._update_buttons()
