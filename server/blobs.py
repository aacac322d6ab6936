"""Blob bytes behind a small interface (a local folder by default; object storage is where it scales), and the lock
that lets one request at a time write an upload, across every server process.

Each upload (one per blob, user and device: `upload_key`) grows in `partial/<key>` by appended requests, fsynced at
the end of each one (also when its connection drops), so bytes that arrived survive and the upload resumes from the
stored offset (an fsync per network read, ~48 for a 3 MB photo, was the upload's bottleneck). A finished upload is
verified against its name and moved to `<sha256[:2]>/<sha256>`.

Bytes are hashed as they are written (a body-camera video of several GB is not read again at the end): the process
keeps an upload's running SHA-256 with the partial file's identity (inode, size, times) after the bytes it covers;
a request that finds the file as it left it goes on hashing, any other (another process wrote it, a restart) hashes
the file from disk at the end, as before.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from anyio import CancelScope, to_thread
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

_LOCK_CLASS = 0x626C6F62  # "blob": the advisory-lock namespace of uploads, apart from any other advisory lock


def upload_key(sha256: str, username: str, device_id: str) -> str:
    """The partial file's name: the blob, and a digest of its owner (names never reach the file system)."""
    owner = hashlib.sha256(f"{username}\0{device_id}".encode()).hexdigest()[:16]
    return f"{sha256}.{owner}"


class BlobStorage(Protocol):
    def offset(self, upload: str) -> int:
        """Bytes held of an unfinished upload (0 when none)."""

    async def append(self, upload: str, chunks: AsyncIterator[bytes], limit: int) -> int:
        """Streamed: the network reads are gathered into blocks of `_BLOCK` bytes, each written and hashed on a
        worker thread, and the file is fsynced once at the end of the request (also when its connection dropped: what
        arrived is kept); the event loop only receives. Nothing holds the request's body beyond one block."""
        written = 0
        block = bytearray()
        with open(self._partial(upload), "ab") as fh:
            digest = self._hashes.take(upload, os.fstat(fh.fileno()))
            try:
                async for chunk in chunks:
                    if written + len(block) + len(chunk) > limit:
                        raise TooLong
                    block += chunk
                    if len(block) >= _BLOCK:
                        written += await to_thread.run_sync(_write, fh, block, digest)
                        block = bytearray()
            except TooLong:
                block = bytearray()
                await to_thread.run_sync(fh.truncate, fh.tell() - written)  # refuse the whole request: nothing changed
                digest = None  # it counted the bytes taken back: the file is hashed from disk at the end
                raise
            finally:  # once per request, off the loop; shielded so that a cancelled request still keeps its bytes
                with CancelScope(shield=True):
                    await to_thread.run_sync(_write, fh, block, digest, True)
                    if digest is not None:
                        self._hashes.keep(upload, digest, os.fstat(fh.fileno()))
        return self.offset(upload)

    def finish(self, upload: str, sha256: str) -> bool:
        """Verify the partial upload's hash; keep it as the blob when it matches, discard it when not."""

    def discard(self, upload: str) -> None: ...

    def has(self, sha256: str) -> bool:
        """Whether the complete, verified blob is stored."""

    def path(self, sha256: str) -> Path: ...


class TooLong(Exception):
    """More bytes arrived than the upload declared."""


_Stamp = tuple[int, int, int, int]
_RUNNING_KEPT = 256  # running hashes kept per process (uploads in progress); the oldest is hashed from disk instead


def _stamp(stat: os.stat_result) -> _Stamp:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


class _RunningHashes:
    """Each unfinished upload's SHA-256 so far, valid only for the partial file exactly as it was left."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, tuple[Any, _Stamp]] = OrderedDict()
        self._mutex = threading.Lock()

    def take(self, upload: str, stat: os.stat_result) -> Any | None:
        """The running hash of the file as it is now (a new one for an empty file), or None: hash it from disk."""
        with self._mutex:
            kept = self._kept.pop(upload, None)
        if kept is not None and kept[1] == _stamp(stat):
            return kept[0]
        return hashlib.sha256() if stat.st_size == 0 else None

    def keep(self, upload: str, digest: Any, stat: os.stat_result) -> None:
        with self._mutex:
            self._kept[upload] = (digest, _stamp(stat))
            while len(self._kept) > _RUNNING_KEPT:
                self._kept.popitem(last=False)

    def drop(self, upload: str) -> None:
        with self._mutex:
            self._kept.pop(upload, None)


_BLOCK = 1 << 20  # bytes of a request gathered before a write: one thread hop per MiB, not per network read


def _write(fh: BinaryIO, block: bytearray, digest: Any | None, durable: bool = False) -> int:
    """Append `block` to the open partial file and to its running hash; flush and fsync when `durable`."""
    fh.write(block)
    if digest is not None:
        digest.update(block)
    if durable:
        fh.flush()
        os.fsync(fh.fileno())
    return len(block)


class LocalBlobStorage:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "partial").mkdir(parents=True, exist_ok=True)
        self._hashes = _RunningHashes()

    def _partial(self, upload: str) -> Path:
        return self.root / "partial" / upload

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def offset(self, upload: str) -> int:
        partial = self._partial(upload)
        return partial.stat().st_size if partial.exists() else 0

    async def append(self, upload: str, chunks: AsyncIterator[bytes], limit: int) -> int:
        """Streamed: each network read is written (and hashed) as it comes; nothing holds the request's body."""
        written = 0
        with open(self._partial(upload), "ab") as fh:
            digest = self._hashes.take(upload, os.fstat(fh.fileno()))
            try:
                async for chunk in chunks:
                    if written + len(chunk) > limit:
                        raise TooLong
                    fh.write(chunk)
                    written += len(chunk)
                    if digest is not None:
                        digest.update(chunk)
            except TooLong:
                fh.truncate(fh.tell() - written)  # refuse the whole chunk request: nothing changed
                digest = None  # it counted the bytes taken back: the file is hashed from disk at the end
                raise
            finally:  # once per request, also when the connection dropped: what arrived is kept
                fh.flush()
                os.fsync(fh.fileno())
                if digest is not None:
                    self._hashes.keep(upload, digest, os.fstat(fh.fileno()))
        return self.offset(upload)

    def finish(self, upload: str, sha256: str) -> bool:
        partial = self._partial(upload)
        digest = self._hashes.take(upload, partial.stat())
        if digest is None:  # not hashed as it arrived (another process, a restart): read it once
            digest = hashlib.sha256()
            with open(partial, "rb") as fh:
                while block := fh.read(1 << 20):
                    digest.update(block)
        if digest.hexdigest() != sha256:
            partial.unlink()
            return False
        final = self.path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, final)
        return True

    def discard(self, upload: str) -> None:
        self._hashes.drop(upload)
        self._partial(upload).unlink(missing_ok=True)

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()


class UploadLocks:
    """One writer per blob. On PostgreSQL an advisory lock keyed by the hash, taken with try-lock on a connection of
    its own (outside the request pool, so holding it never waits for a pooled connection, and a process that dies
    releases it with its connection); on SQLite, which serves one process, a set in memory.

    Nobody waits for the lock: a request that finds it taken is told to retry (423), so no thread or connection is
    held behind a slow upload."""

    def __init__(self, engine: Engine) -> None:
        self._engine = create_engine(engine.url, poolclass=NullPool) if engine.dialect.name == "postgresql" else None
        self._held: set[str] = set()
        self._mutex = threading.Lock()

    def try_acquire(self, sha256: str) -> Callable[[], None] | None:
        """Take the blob's lock without waiting: its release, or None when another request holds it. Blocking I/O
        on PostgreSQL: call it off the event loop."""
        if self._engine is None:
            return self._try_local(sha256)
        key = int(sha256[:8], 16) - (1 << 31)  # int4; two blobs sharing 32 bits only ever wait a turn
        conn = self._engine.connect()
        try:
            taken = conn.execute(text("SELECT pg_try_advisory_lock(:c, :k)"), {"c": _LOCK_CLASS, "k": key}).scalar()
            conn.commit()
        except BaseException:
            conn.close()
            raise
        if not taken:
            conn.close()
            return None

        def release() -> None:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:c, :k)"), {"c": _LOCK_CLASS, "k": key})
                conn.commit()
            finally:
                conn.close()  # closing ends the session, which releases the lock even if the unlock failed

        return release

    def _try_local(self, sha256: str) -> Callable[[], None] | None:
        with self._mutex:
            if sha256 in self._held:
                return None
            self._held.add(sha256)

        def release() -> None:
            with self._mutex:
                self._held.discard(sha256)

        return release
