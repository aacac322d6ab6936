"""Photo and signature files, named by the SHA-256 of their content and written atomically (temporary name, fsync,
rename). In an unlocked encrypted store each file is sealed (AES-256-GCM, app/store/crypto.py); the name stays the hash
of the plaintext, so dedup and the server protocol do not change, and every read checks the content against it."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps

from app.store import crypto
from app.store.errors import StoreError

_CHUNK = 1 << 20
THUMB_SIZE = 256  # px, the longer side of a photo's thumbnail in lists


class BlobStore:
    """Content-addressed files under `root`, fanned out by the first two hex digits (`ab/abcdef…`).

    `key` seals new files; by default the key the store folder (`root`'s parent) was unlocked with in this process.
    """

    def __init__(self, root: Path, key: bytes | None = None) -> None:
        self.root = Path(root)
        self._key = key

    @property
    def key(self) -> bytes | None:
        return self._key if self._key is not None else crypto.key_for(self.root.parent)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StoreError(
                f"照片哈希应为64位小写十六进制：{sha256!r}", f"a blob hash is 64 lower-case hex digits: {sha256!r}"
            )
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def read(self, sha256: str) -> bytes:
        """The file's content, checked against its name: BlobTamperedError when a byte differs."""
        path = self.path(sha256)
        data = self._plaintext(path)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise crypto.BlobTamperedError(path)
        return data

    def open(self, sha256: str) -> BinaryIO:
        """The file's content as a seekable stream, one chunk in memory at a time (a video of several GB streams);
        checked against its name as it is read: reading the last byte raises BlobTamperedError when one differs."""
        path = self.path(sha256)
        if not crypto.is_sealed(path):
            return VerifiedStream(open(path, "rb"), path.stat().st_size, sha256, path)
        if self.key is None:
            raise crypto.StoreLockedError(self.root.parent)
        reader = crypto.SealedReader(self.key, path)
        return VerifiedStream(reader, reader.size, sha256, path)

    def size(self, sha256: str) -> int:
        """The content's size in bytes (a sealed file is larger on disk by its header and tags)."""
        path = self.path(sha256)
        stored = path.stat().st_size
        if not crypto.is_sealed(path):
            return stored
        body = stored - len(crypto.BLOB_MAGIC) - crypto.PREFIX
        chunks = max(1, -(-body // (crypto.CHUNK + crypto.TAG)))
        return body - chunks * crypto.TAG

    def thumbnail(self, sha256: str, size: int = THUMB_SIZE) -> bytes:
        """A JPEG thumbnail of a stored photo, cached in `thumbnails/` beside the blobs (sealed like them); the
        original is never touched. Needs no database, so a thread pool can make thumbnails."""
        target = self.root.parent / "thumbnails" / f"{sha256}-{size}.jpg"
        if target.is_file():
            return self._plaintext(target)
        with Image.open(io.BytesIO(self.read(sha256))) as image:
            small = ImageOps.exif_transpose(image)  # shown upright as the camera held it
            small.thumbnail((size, size))
            small = small.convert("RGB")
        out = io.BytesIO()
        small.save(out, "JPEG", quality=85)
        crypto.private_folder(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".thumb-")
        with os.fdopen(fd, "wb") as f:
            f.writelines(self._sealed([out.getvalue()]))
        os.replace(tmp, target)
        return out.getvalue()

    def put_bytes(self, data: bytes) -> str:
        return self._put([data])

    def put_file(self, source: Path, on_bytes: Callable[[int], None] | None = None) -> str:
        """Copy `source` in, streamed in 1 MiB chunks (never read whole into memory); return its hash. `on_bytes(n)`
        is told of every chunk read (an import's progress)."""
        with open(source, "rb") as f:
            chunks = iter(lambda: f.read(_CHUNK), b"")
            return self._put(chunks if on_bytes is None else _told(chunks, on_bytes))

    def seal_all(self) -> int:
        """Seal every plain file in place (the migration of a plain store); drop the plain thumbnail cache. Returns
        how many files were sealed. Each file is replaced atomically, so a cut run leaves each file whole."""
        if self.key is None:
            raise crypto.StoreLockedError(self.root.parent)
        sealed = 0
        for path in sorted(self.root.glob("??/*")) if self.root.is_dir() else []:
            if path.name.startswith(".") or crypto.is_sealed(path):
                continue
            self._write(path, [path.read_bytes()])
            sealed += 1
        thumbnails = self.root.parent / "thumbnails"
        for path in thumbnails.glob("*.jpg") if thumbnails.is_dir() else []:
            path.unlink()
        return sealed

    def _plaintext(self, path: Path) -> bytes:
        if not crypto.is_sealed(path):
            return path.read_bytes()
        if self.key is None:
            raise crypto.StoreLockedError(self.root.parent)
        return crypto.open_sealed(self.key, path)

    def _sealed(self, chunks: Iterable[bytes]) -> Iterable[bytes]:
        return chunks if self.key is None else crypto.seal_chunks(self.key, chunks)

    def _write(self, final: Path, chunks: Iterable[bytes]) -> None:
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.writelines(self._sealed(chunks))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, final)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _put(self, chunks: Iterable[bytes]) -> str:
        crypto.private_folder(self.root)
        digest = hashlib.sha256()

        def hashed() -> Iterable[bytes]:
            for chunk in chunks:
                digest.update(chunk)
                yield chunk

        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")  # 0600
        try:
            with os.fdopen(fd, "wb") as out:
                out.writelines(self._sealed(hashed()))
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path(sha)
            if final.exists():  # same content already stored: the name says it all
                os.unlink(tmp)
                return sha
            crypto.private_folder(final.parent)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
            return sha
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


def _told(chunks: Iterable[bytes], on_bytes: Callable[[int], None]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk
        on_bytes(len(chunk))


class VerifiedStream(crypto.SeekableReader):
    """A blob's plaintext stream (`inner`, seekable) checked against its name as it is read: the bytes from the start
    up to the furthest read are hashed once each (a forward seek hashes the bytes it skips, so a resumed upload still
    checks the whole file), and the read that reaches the end raises BlobTamperedError, before returning its bytes,
    when the whole content does not match. One chunk of the inner stream is held at a time."""

    def __init__(self, inner: BinaryIO | io.RawIOBase, size: int, sha256: str, path: Path) -> None:
        super().__init__()
        self._inner, self.size, self._sha256, self._path = inner, size, sha256, path
        self._digest, self._hashed, self._pos, self._checked = hashlib.sha256(), 0, 0, False

    def read(self, size: int | None = -1) -> bytes:
        self._hash_up_to(min(self._pos, self.size))
        self._inner.seek(self._pos)
        data = self._inner.read(-1 if size is None else size)
        if self._pos + len(data) > self._hashed:
            self._digest.update(data[self._hashed - self._pos :])
            self._hashed = self._pos + len(data)
        self._check()
        self._pos += len(data)
        return data

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()

    def _hash_up_to(self, offset: int) -> None:
        """Hash the bytes between the furthest read and `offset` (a forward seek skipped them)."""
        if self._hashed >= offset:
            return
        self._inner.seek(self._hashed)
        while self._hashed < offset:
            block = self._inner.read(min(_CHUNK, offset - self._hashed))
            if not block:
                raise crypto.BlobTamperedError(self._path)
            self._digest.update(block)
            self._hashed += len(block)

    def _check(self) -> None:
        if self._hashed >= self.size and not self._checked:
            if self._hashed != self.size or self._digest.hexdigest() != self._sha256:
                raise crypto.BlobTamperedError(self._path)
            self._checked = True


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); directories cannot be opened this way on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
