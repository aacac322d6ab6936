"""Saving a made document where the user chose: written whole under a temporary name, then renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from app.documents.errors import DocumentError


def export(pdf: bytes, path: Path) -> Path:
    """Write `pdf` to `path` atomically; DocumentError (nothing written, nothing else changed) when that fails."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise DocumentError(f"文件夹 {folder} 不存在，文书未保存", f"the folder {folder} does not exist; not saved")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".pdf")
    except OSError as exc:
        raise _unwritable(folder, exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _unwritable(folder, exc) from exc
    return path


def _unwritable(folder: Path, exc: OSError) -> DocumentError:
    return DocumentError(
        f"无法写入文件夹 {folder}（{exc.strerror or exc}），可能是只读文件夹；文书未保存，请另选位置",
        f"cannot write to the folder {folder} ({exc.strerror or exc}), it may be read-only; "
        "the document was not saved, choose another place",
    )
