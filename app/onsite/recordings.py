"""Body-camera files (执法记录仪, `Recording`): import a video of a visit as it is, streamed into the encrypted blob
store (a file of several GB is never read whole into memory). No Qt here.

API (used by the inspection window, on the runner's database worker):
- `check_video(path, limit) -> CheckedVideo`: size first (against the server's limit), then the container's signature
  (MP4/MOV `ftyp`, AVI `RIFF…AVI `, Matroska/WebM); an MP4's or MOV's duration from its `mvhd` box when found (boxes
  are walked by seeking: only their headers are read). Raises RecordingError (bilingual).
- `suggested_range(inspection, video) -> (started, ended)`: the file's time (it ends when the camera closed it) when
  it meets the visit, else the visit's start; as long as the video when known, else the visit.
- `copy_video(blobs, video, on_bytes=None, stopped=None) -> sha256`: stream the file into the blob store (`on_bytes(n)`
  per MiB: the progress bar; `stopped()`: the cancel button); needs no database (the blob folder and its key only),
  so the window runs it on the runner's files worker, holding up neither the database nor a sync.
- `add_recording(store, inspection, video, sha256, started_at, ended_at, camera=None, caption="")`: check the time
  range (app/rules/recordings.py) and save the record; on a refusal the copied file goes too.
- `import_recording(store, inspection, path, started_at, ended_at, ...)`: the three in one. On a refusal nothing is
  written.
- `recordings_of(store, inspection_id)`: in the order they were recorded.
- `edit_recording(store, recording_id, started_at, ended_at, camera=None)`: a new time range (checked as at import)
  and camera number; `delete_recording(store, recording_id)`: the record, its queued upload and, when no other record
  names it, its file. Both refused once the inspection is completed (the sealed record; the server refuses too,
  `recording_sealed`); a video may still be added to it.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from app.errors import BilingualError
from app.models import InspectionStatus
from app.models.domain import Evidence, Inspection, Recording, Signature
from app.rules.recordings import range_refusal
from app.store import Store
from app.store.blobs import BlobStore
from app.store.db import MAX_RECORDING_BYTES

# Until a login told the server's limit for videos (FI_MAX_RECORDING_BYTES): the server's default.
DEFAULT_MAX_RECORDING_BYTES = 16 * 1024**3
_MIME = {"mp4": "video/mp4", "mov": "video/quicktime", "avi": "video/x-msvideo", "mkv": "video/x-matroska"}
GUESSED_SPAN = timedelta(hours=2)  # a video's length when neither its header nor the visit says
_BOXES_READ = 64  # top-level and moov boxes looked at for the duration, at most


class RecordingError(BilingualError, ValueError):
    """A video refused; `zh` and `en` say why. Nothing was written."""


class ImportCancelled(RecordingError):
    """The inspector stopped the copy; nothing was kept."""

    def __init__(self) -> None:
        super().__init__("已取消导入，未添加", "the import was cancelled; nothing was added")


@dataclass(frozen=True)
class CheckedVideo:
    path: Path
    size: int
    mime: str
    modified: datetime  # the file's modification time (UTC): when the camera closed it, when copied as it is
    duration: timedelta | None  # from an MP4's or MOV's header; None when not found


def recording_limit(store: Store) -> int:
    told = store.meta(MAX_RECORDING_BYTES)
    return int(told) if told and told.isdigit() else DEFAULT_MAX_RECORDING_BYTES


def check_video(path: Path, limit: int = DEFAULT_MAX_RECORDING_BYTES) -> CheckedVideo:
    path = Path(path)
    try:
        stat = path.stat()
        with open(path, "rb") as f:
            head = f.read(16)
            kind = _container(head)
            duration = _mp4_duration(f, stat.st_size) if kind in ("mp4", "mov") else None
    except OSError as exc:
        raise RecordingError(
            f"无法读取文件 {path.name}（{exc.strerror}）", f"cannot read {path.name} ({exc.strerror})"
        ) from exc
    if stat.st_size == 0:
        raise RecordingError(f"文件 {path.name} 是空文件，未添加", f"{path.name} is empty; not added")
    if stat.st_size > limit:
        raise RecordingError(
            f"文件 {path.name} 过大（{_gb(stat.st_size)}，服务器上限 {_gb(limit)}），未添加",
            f"{path.name} is too large ({_gb(stat.st_size)}; the server takes at most {_gb(limit)}); not added",
        )
    if kind is None:
        raise RecordingError(
            f"文件 {path.name} 不是支持的视频（MP4、MOV、AVI、MKV），未添加",
            f"{path.name} is not a supported video (MP4, MOV, AVI, MKV); not added",
        )
    modified = datetime.fromtimestamp(stat.st_mtime, UTC)
    return CheckedVideo(path, stat.st_size, _MIME[kind], modified, duration)


def suggested_range(inspection: Inspection, video: CheckedVideo) -> tuple[datetime, datetime]:
    """Where the video probably lies: ending at the file's time when that meets the visit, else from the visit's
    start; as long as the video, or else as the visit (a visit still going on: so far; at most `GUESSED_SPAN`)."""
    now = datetime.now(UTC)
    visit_end = inspection.completed_at or min(now, inspection.started_at + GUESSED_SPAN)
    length = video.duration or min(max(visit_end - inspection.started_at, timedelta(minutes=1)), GUESSED_SPAN)
    ended = video.modified
    if range_refusal(ended - length, ended, inspection.started_at, inspection.completed_at, now):
        ended = min(inspection.started_at + length, now)
    return ended - length, ended


def import_recording(
    store: Store,
    inspection: Inspection,
    path: Path,
    started_at: datetime,
    ended_at: datetime,
    camera: str | None = None,
    caption: str = "",
    on_bytes: Callable[[int], None] | None = None,
) -> Recording:
    """Check, copy in and record a video in one go (the window does the copy on the files worker instead:
    `check_video`, `copy_video`, `add_recording`)."""
    video = check_video(path, recording_limit(store))
    refuse_range(inspection, started_at, ended_at)
    sha256 = copy_video(store.blobs, video, on_bytes)
    return add_recording(store, inspection, video, sha256, started_at, ended_at, camera, caption)


def refuse_range(inspection: Inspection, started_at: datetime, ended_at: datetime) -> None:
    refusal = range_refusal(started_at, ended_at, inspection.started_at, inspection.completed_at, datetime.now(UTC))
    if refusal is not None:
        raise RecordingError(*refusal)


def copy_video(
    blobs: BlobStore,
    video: CheckedVideo,
    on_bytes: Callable[[int], None] | None = None,
    stopped: Callable[[], bool] | None = None,
) -> str:
    """Stream the file into the blob store (sealed chunk by chunk; needs no database); its SHA-256. `stopped()` is
    asked after every MiB: when it says so, the partial copy is removed and ImportCancelled raised."""

    def told(count: int) -> None:
        if on_bytes is not None:
            on_bytes(count)
        if stopped is not None and stopped():
            raise ImportCancelled

    sha256 = blobs.put_file(video.path, told)
    if blobs.size(sha256) != video.size:
        raise RecordingError(
            f"文件 {video.path.name} 在添加过程中被修改，未添加",
            f"{video.path.name} changed while being added; not added",
        )
    return sha256


def add_recording(
    store: Store,
    inspection: Inspection,
    video: CheckedVideo,
    sha256: str,
    started_at: datetime,
    ended_at: datetime,
    camera: str | None = None,
    caption: str = "",
) -> Recording:
    """Save the record of a copied video; on a refusal the copy goes too (unless another record names it)."""
    try:
        refuse_range(inspection, started_at, ended_at)
        if store.find(Recording, inspection_id=inspection.id, sha256=sha256):
            raise RecordingError(
                f"此录像（{video.path.name}）已添加到本次检查", f"this video ({video.path.name}) is already added"
            )
        recording = Recording(
            inspection_id=inspection.id,
            sha256=sha256,
            size=video.size,
            mime=video.mime,
            started_at=started_at,
            ended_at=ended_at,
            camera=camera or None,
            caption=caption,
            imported_by=store.current_inspector_id(),
        )
        return store.save(recording)
    except BaseException:
        if not store.find(Recording, sha256=sha256) and not store.find(Evidence, sha256=sha256):
            store.blobs.path(sha256).unlink(missing_ok=True)
        raise


def edit_recording(
    store: Store, recording_id: str, started_at: datetime, ended_at: datetime, camera: str | None = None
) -> Recording:
    """Change a recording's time range and camera while its inspection is not completed."""
    recording, inspection = _open_recording(store, recording_id)
    refuse_range(inspection, started_at, ended_at)
    changed = recording.model_copy(update={"started_at": started_at, "ended_at": ended_at, "camera": camera or None})
    return store.save(changed)


def delete_recording(store: Store, recording_id: str) -> Recording:
    """Delete a recording while its inspection is not completed: the record (the deletion queued for the server), its
    file's queued upload and, once no record names it, the file."""
    recording, _inspection = _open_recording(store, recording_id)
    store.delete(Recording, recording.id)
    if not any(store.find(model, sha256=recording.sha256) for model in (Recording, Evidence, Signature)):
        with suppress(OSError):  # held open elsewhere (an upload's last read): left behind, named by nothing
            store.blobs.path(recording.sha256).unlink(missing_ok=True)
    return recording


def _open_recording(store: Store, recording_id: str) -> tuple[Recording, Inspection]:
    """The recording and its inspection, refused when the inspection is completed (its record is sealed)."""
    recording = store.get(Recording, recording_id)
    if recording is None:
        raise RecordingError("录像记录不存在", "the recording does not exist")
    inspection = store.get(Inspection, recording.inspection_id)
    if inspection is None:
        raise RecordingError("录像所属的检查不存在", "the recording's inspection does not exist")
    if inspection.status == InspectionStatus.COMPLETED:
        raise RecordingError(
            "检查已完成，执法记录仪录像不能再修改或删除（可继续添加）",
            "the inspection is completed: its body-camera recordings can no longer be changed or deleted (one may "
            "still be added)",
        )
    return recording, inspection


def recordings_of(store: Store, inspection_id: str) -> list[Recording]:
    return sorted(store.find(Recording, inspection_id=inspection_id), key=lambda r: (r.started_at, r.id))


def _container(head: bytes) -> str | None:
    if head[4:8] == b"ftyp":
        return "mov" if head[8:10] == b"qt" else "mp4"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "mkv"
    return None


def _mp4_duration(f: BinaryIO, size: int) -> timedelta | None:
    """The `mvhd` duration of an MP4/MOV: top-level boxes, then moov's children, by their headers only."""
    moov = _find_box(f, 0, size, b"moov")
    if moov is None:
        return None
    mvhd = _find_box(f, *moov, b"mvhd")
    if mvhd is None:
        return None
    f.seek(mvhd[0])
    body = f.read(32)
    if len(body) < 20:
        return None
    if body[0] == 1:
        if len(body) < 32:
            return None
        scale, length = struct.unpack(">IQ", body[20:32])
    else:
        scale, length = struct.unpack(">II", body[12:20])
    return timedelta(seconds=length / scale) if scale and 0 < length / scale < 86_400 else None


def _find_box(f: BinaryIO, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """The body (start, end) of the first box of `kind` between `start` and `end`."""
    at = start
    for _ in range(_BOXES_READ):
        if at + 8 > end:
            return None
        f.seek(at)
        header = f.read(16)
        if len(header) < 8:
            return None
        length, name = struct.unpack(">I4s", header[:8])
        skip = 8
        if length == 1 and len(header) == 16:
            length, skip = struct.unpack(">Q", header[8:16])[0], 16
        elif length == 0:
            length = end - at
        if length < skip:
            return None
        if name == kind:
            return at + skip, min(end, at + length)
        at += length
    return None


def _gb(size: int) -> str:
    return f"{size / 1024**3:.2f} GB"
