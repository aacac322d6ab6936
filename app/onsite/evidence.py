"""Evidence photos (执法全过程记录): import a photo file as it is, under the inspection's code. No Qt here.

API (used by the evidence panel and the inspection window):
- `import_photo(store, inspection, path, item_id=None, caption="") -> Evidence`: check the file (size first, then
  Pillow: a real, fully decodable image of an accepted format), keep its ORIGINAL bytes unchanged as a blob named by
  SHA-256, and save an `Evidence` record through the store (so the code gate applies). Raises EvidenceError (bilingual)
  on a refused file, or the gate's errors; on any refusal nothing is written: no blob, no record, no outbox row.
- `import_folder(store, inspection, folder, on_progress=None) -> FolderImport`: every image of a camera folder
  (not recursive, by name), the others skipped with their reason; `import_files(...)` the same for a list of files.
- `update_photo(store, evidence, caption=None, item_id=None) -> Evidence`: edit the caption or the item documented.
- `photos_of(store, inspection_id) -> list[Evidence]`, in the order they were taken (`Store.photos_of`).
Thumbnails are `store.blobs.thumbnail(sha256, size)` (app/store/blobs.py): they need only the blob folder.

The time taken comes from EXIF DateTimeOriginal (with OffsetTimeOriginal when present; without it the camera's time is
taken as this computer's local time), else from the file's modification time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from PIL import ExifTags, Image, UnidentifiedImageError

from app.errors import BilingualError
from app.models.domain import Evidence, Inspection
from app.store import Store
from app.store.db import MAX_BLOB_BYTES

# Until a login told the server's limit (an older server, or never signed in): the server's default.
DEFAULT_MAX_PHOTO_BYTES = 50 * 1024 * 1024
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "TIFF", "WEBP", "MPO"})  # MPO: JPEGs of phones with depth data
_EXIF_TIME = "%Y:%m:%d %H:%M:%S"
_HEIF = frozenset({".heic", ".heif"})  # iPhone photos: Pillow reads them only with a plugin we do not ship


class EvidenceError(BilingualError, ValueError):
    """A photo refused; `zh` and `en` say why, for the user. Nothing was written."""


@dataclass
class CheckedPhoto:
    """A file that passed the checks: its format's MIME type and the time the photo was taken (UTC)."""

    path: Path
    size: int
    mime: str
    taken_at: datetime


@dataclass
class FolderImport:
    imported: list[Evidence] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # file and the bilingual reason


def photo_limit(store: Store) -> int:
    """The largest file the server takes, as it said at login (one limit for both sides)."""
    told = store.meta(MAX_BLOB_BYTES)
    return int(told) if told and told.isdigit() else DEFAULT_MAX_PHOTO_BYTES


def check_photo(path: Path, limit: int = DEFAULT_MAX_PHOTO_BYTES) -> CheckedPhoto:
    """Refuse what is not a readable photo of an accepted format, by size (against the server's `limit`) before
    anything is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EvidenceError(
            f"无法读取文件 {path.name}（{exc.strerror}）", f"cannot read {path.name} ({exc.strerror})"
        ) from exc
    if size > limit:
        raise EvidenceError(
            f"文件 {path.name} 过大（{_mb(size)}，服务器上限 {_mb(limit)}），未添加；"
            "请在相机中选择较小的尺寸或 JPEG 后重拍",
            f"{path.name} is too large ({_mb(size)}; the server takes at most {_mb(limit)}); not added. "
            "Set the camera to a smaller size or JPEG and take it again",
        )
    if path.suffix.lower() in _HEIF:
        raise EvidenceError(
            f"{path.name} 为 HEIC/HEIF 格式，本程序无法读取；"
            "请在手机相机设置中选择“兼容性最佳”（JPEG）后重拍，或导出为 JPEG",
            f"{path.name} is HEIC/HEIF, which this app cannot read; set the phone camera to 'Most Compatible' (JPEG) "
            "or export the photo as JPEG",
        )
    if size == 0:
        raise EvidenceError(f"文件 {path.name} 是空文件，未添加", f"{path.name} is empty; not added")
    try:
        with Image.open(path) as probe:
            probe.verify()  # structure and checksums, without decoding
        with Image.open(path) as image:
            fmt = image.format or ""
            if fmt in ("JPEG", "MPO"):  # decode at 1/8 scale: every block is still read, in 1/64 of the memory
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()  # decode the whole file: a truncated or damaged one fails here
            taken = _exif_time(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise EvidenceError(
            f"文件 {path.name} 不是可读取的图片或已损坏，未添加",
            f"{path.name} is not a readable image or is damaged; not added ({type(exc).__name__})",
        ) from exc
    if fmt not in ACCEPTED_FORMATS:
        raise EvidenceError(
            f"不支持的图片格式 {fmt}（{path.name}），请使用 JPEG、PNG、TIFF 或 WebP",
            f"unsupported image format {fmt} ({path.name}); use JPEG, PNG, TIFF or WebP",
        )
    if taken is None:
        taken = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return CheckedPhoto(path, size, Image.MIME.get(fmt, "image/jpeg"), taken)


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def import_photo(
    store: Store, inspection: Inspection, path: Path, item_id: str | None = None, caption: str = ""
) -> Evidence:
    """Check `path`, store its original bytes and its Evidence record under the inspection's code; return the record."""
    photo = check_photo(path, photo_limit(store))
    with open(photo.path, "rb") as f:
        sha = hashlib.file_digest(f, "sha256").hexdigest()
    _refuse_duplicate(store, inspection.id, sha, photo.path)
    record = Evidence(
        inspection_id=inspection.id,
        code_id=inspection.code_id,
        item_id=item_id,
        sha256=sha,
        size=photo.size,
        mime=photo.mime,
        taken_at=photo.taken_at,
        caption=caption,
    )
    existed = store.blobs.has(sha)
    stored = store.blobs.put_file(photo.path)
    if stored != sha:
        raise EvidenceError(
            f"文件 {photo.path.name} 在添加过程中被修改，未添加",
            f"{photo.path.name} changed while being added; not added",
        )
    try:
        return store.save(record)
    except BaseException:
        if not existed:  # the gate (or anything else) refused: leave no orphan blob behind
            store.blobs.path(sha).unlink(missing_ok=True)
        raise


def import_folder(
    store: Store, inspection: Inspection, folder: Path, on_progress: Callable[[int, int], None] | None = None
) -> FolderImport:
    """Import every file of a camera `folder` that is a photo; report the rest."""
    return import_files(store, inspection, photo_files(folder), on_progress=on_progress)


def import_files(
    store: Store,
    inspection: Inspection,
    paths: list[Path],
    item_id: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_imported: Callable[[Evidence], None] | None = None,
) -> FolderImport:
    """Import each file, refused ones reported, not raised; `on_progress(done, total)` after each file.

    A refusal of the code gate (GateError, LockedError) is raised: no later file could be stored either.
    """
    report = FolderImport()
    for done, path in enumerate(paths, 1):
        try:
            evidence = import_photo(store, inspection, path, item_id=item_id)
        except EvidenceError as refused:
            report.skipped.append((path, str(refused)))
        else:
            report.imported.append(evidence)
            if on_imported:
                on_imported(evidence)
        if on_progress:
            on_progress(done, len(paths))
    return report


def photo_files(folder: Path) -> list[Path]:
    """The files of `folder` by name, hidden ones (.DS_Store, ._IMG…) left out; not recursive."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))


def photos_of(store: Store, inspection_id: str) -> list[Evidence]:
    return store.photos_of(inspection_id)


def update_photo(
    store: Store, evidence: Evidence, *, caption: str | None = None, item_id: str | None = None
) -> Evidence:
    """Change a photo's caption or the item it documents (the bytes never change); through the gate."""
    changes = {"caption": caption} if caption is not None else {}
    if item_id is not None:
        changes["item_id"] = item_id or None  # "" detaches the photo from its item
    return store.save(evidence.model_copy(update=changes))


def _refuse_duplicate(store: Store, inspection_id: str, sha: str, path: Path) -> None:
    if store.find(Evidence, inspection_id=inspection_id, sha256=sha):
        raise EvidenceError(
            f"照片 {path.name} 已添加到本次检查，未重复添加", f"{path.name} is already a photo of this inspection"
        )


def _exif_time(image: Image.Image) -> datetime | None:
    """DateTimeOriginal as UTC, with its offset when the camera wrote one; None when absent or unreadable."""
    exif = image.getexif().get_ifd(ExifTags.IFD.Exif)
    raw = exif.get(ExifTags.Base.DateTimeOriginal)
    if not isinstance(raw, str):
        return None
    try:
        taken = datetime.strptime(raw.strip("\x00 "), _EXIF_TIME)
    except ValueError:
        return None
    offset = exif.get(ExifTags.Base.OffsetTimeOriginal)
    if isinstance(offset, str):
        try:
            return datetime.fromisoformat(taken.isoformat() + offset.strip("\x00 ")).astimezone(UTC)
        except ValueError:
            pass
    return taken.astimezone().astimezone(UTC)  # no offset: the camera's clock is taken as local time
