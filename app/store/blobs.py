"""Photo and signature files, named by their SHA-256 and written atomically (temporary name, fsync, rename)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from app.store.errors import StoreError

_CHUNK = 1 << 20


class BlobStore:
    """Content-addressed files under `root`, fanned out by the first two hex digits (`ab/abcdef…`)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StoreError(
                f"照片哈希应为64位小写十六进制：{sha256!r}", f"a blob hash is 64 lower-case hex digits: {sha256!r}"
            )
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        return self._put([data])

    def put_file(self, source: Path) -> str:
        """Copy `source` in, streamed in 1 MiB chunks (never read whole into memory); return its hash."""
        with open(source, "rb") as f:
            return self._put(iter(lambda: f.read(_CHUNK), b""))

    def _put(self, chunks: Iterable[bytes]) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path(sha)
            if final.exists():  # same content already stored: the name says it all
                os.unlink(tmp)
                return sha
            final.parent.mkdir(exist_ok=True)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
            return sha
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); directories cannot be opened this way on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
