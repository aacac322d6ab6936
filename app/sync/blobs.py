"""Resumable photo upload (tus-like): POST declares the upload and answers the server's offset (or that the file is
complete there already: dedup), PATCH chunks from the server's offset. Progress is written to `blob_uploads`, so a
restart continues where the last run stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO, TypeVar

from app.store import Store
from app.store.crypto import BlobTamperedError
from app.store.uploads import Upload
from app.sync.errors import BadRequestError, OffsetMismatchError, ServerError, SyncError
from app.sync.http import Sent, SyncClient

CHUNK = 8 << 20  # bytes per PATCH: a photo in one request; a resume re-sends at most one (less: see ChunkBody)
PIECE = 1 << 20  # bytes of a chunk held in memory at a time: the request body streams from the blob store
# Refusals a later run may not meet: an earlier request of ours still writes the file (the next run goes on from its
# offset); no record of ours references it yet or any more (it stays queued, holding nothing up).
_RETRIED = frozenset({"upload_busy", "blob_no_record"})
MISSING = "missing_locally"
T = TypeVar("T")
OnBytes = Callable[[int], None]  # told of every chunk the server acknowledged
Stopped = Callable[[], bool]


class BlobUploader:
    """Uploads files; `on_bytes(n)` is told of every chunk the server acknowledged."""

    def __init__(self, store: Store, client: SyncClient, chunk: int = CHUNK) -> None:
        self.store = store
        self.client = client
        self.chunk = chunk

    def upload(self, upload: Upload, on_bytes: OnBytes, stopped: Stopped) -> bool:
        """Bring the server up to the whole blob; True when it is verified there, False when stopped first, when the
        server is still writing an earlier request of this upload (the next run goes on from its offset), when no
        record of ours on the server references the file any more (it stays queued; nothing else is held up), or
        when the server refused it for a reason retrying will not fix (too large, hash mismatch): then it is parked
        with that reason and no later run tries it again."""
        return self._handled(upload, lambda: self._upload(upload, on_bytes, stopped))

    def upload_all(
        self, uploads: Iterable[Upload], on_bytes: OnBytes, stopped: Stopped
    ) -> Iterator[Callable[[], bool]]:
        """Each upload's outcome in turn, to be called: it returns or raises as `upload` does. A photo that goes in
        one request is sent before the answer to the one before is read, so the server finishes a photo (its hash,
        fsync and record) while the next arrives; at most one answer is outstanding. Larger files go one chunk at a
        time as in `upload`. Closing the iterator drops the answer not read (the next run asks the server's offset)."""
        waiting: _Outstanding | None = None
        try:
            for upload in uploads:
                if stopped():
                    break
                begun = self._begin_handled(upload, on_bytes, stopped)
                previous, waiting = waiting, begun if isinstance(begun, _Outstanding) else None
                if previous is not None:
                    yield partial(self._handled, previous.upload, partial(self._end, previous, on_bytes, stopped))
                if not isinstance(begun, _Outstanding):
                    yield partial(_told, begun)
            if waiting is not None:
                previous, waiting = waiting, None
                yield partial(self._handled, previous.upload, partial(self._end, previous, on_bytes, stopped))
        finally:
            if waiting is not None:
                self.client.abandon(waiting.sent)

    def _begin_handled(self, upload: Upload, on_bytes: OnBytes, stopped: Stopped) -> _Outstanding | bool | SyncError:
        """`_begin` with `upload`'s handling; a failure kept to be told in its turn."""
        try:
            return self._handled(upload, lambda: self._begin(upload, on_bytes, stopped))
        except SyncError as exc:
            return exc

    def _begin(self, upload: Upload, on_bytes: OnBytes, stopped: Stopped) -> _Outstanding | bool:
        """Declare the upload; when the rest goes in one request, send it and leave its answer for `_end`."""
        status = self.client.blob_create(upload.sha256, upload.size)
        self.store.upload_progress(upload.sha256, status.offset)
        if status.complete:
            self.store.upload_done(upload.sha256)
            return True
        if upload.size - status.offset > self.chunk:
            return self._upload(upload, on_bytes, stopped)
        with self.store.blobs.open(upload.sha256) as source:  # the plaintext, checked against its hash
            source.seek(status.offset)
            body = ChunkBody(source, upload.size - status.offset, upload.sha256)
            sent = self.client.blob_append_start(upload.sha256, status.offset, body)
        return _Outstanding(upload, status.offset, sent)

    def _end(self, outstanding: _Outstanding, on_bytes: OnBytes, stopped: Stopped) -> bool:
        """The answer to a photo sent by `_begin`; anything short of complete goes on as `upload` would."""
        upload = outstanding.upload
        try:
            status = self.client.blob_append_finish(outstanding.sent)
        except OffsetMismatchError as exc:
            if exc.offset is None:
                raise
            return self._upload(upload, on_bytes, stopped)  # another attempt got further: from the server's offset
        on_bytes(status.offset - outstanding.offset)
        if not status.complete:
            return self._upload(upload, on_bytes, stopped)
        self.store.upload_done(upload.sha256)
        return True

    def _handled(self, upload: Upload, step: Callable[[], T]) -> T | bool:
        """`step()`, with the refusals of `upload` handled as it says (parked, or left for a later run: False)."""
        try:
            return step()
        except OffsetMismatchError:
            raise
        except BadRequestError as exc:
            if exc.code in _RETRIED:
                return False
            self.store.park_upload(upload.sha256, f"{exc.code}: {exc}")
            return False
        except FileNotFoundError:
            self.store.park_upload(upload.sha256, f"{MISSING}: 本机上的文件已丢失 / the file is missing on this device")
            return False
        except BlobTamperedError as exc:  # the bytes here no longer match their hash: sending them would not help
            self.store.park_upload(upload.sha256, f"hash_mismatch: {exc}")
            return False

    def _upload(self, upload: Upload, on_bytes: OnBytes, stopped: Stopped) -> bool:
        status = self.client.blob_create(upload.sha256, upload.size)  # the server's offset (or complete) if it has one
        offset = status.offset
        self.store.upload_progress(upload.sha256, offset)
        with self.store.blobs.open(upload.sha256) as source:  # the plaintext, checked against its hash
            while offset < upload.size:
                if stopped():
                    return False
                source.seek(offset)
                body = ChunkBody(source, min(self.chunk, upload.size - offset), upload.sha256)
                try:
                    status = self.client.blob_append(upload.sha256, offset, body)
                except OffsetMismatchError as exc:
                    if exc.offset is None:
                        raise
                    offset = exc.offset  # another attempt got further (or a chunk half-arrived): go on from there
                    continue
                on_bytes(status.offset - offset)
                offset = status.offset
                if not status.complete:  # a verified one is marked done below, in one write
                    self.store.upload_progress(upload.sha256, offset)
        if not (status.complete or self._verified(upload.sha256)):
            raise ServerError("服务器未确认照片", f"the server did not confirm blob {upload.sha256}")
        self.store.upload_done(upload.sha256)
        return True

    def _verified(self, sha256: str) -> bool:
        status = self.client.blob_head(sha256)
        return status is not None and status.complete


@dataclass(frozen=True)
class _Outstanding:
    """A photo sent whole from `offset`, its answer not read yet."""

    upload: Upload
    offset: int
    sent: Sent


def _told(outcome: bool | SyncError) -> bool:
    if isinstance(outcome, SyncError):
        raise outcome
    return outcome


class ChunkBody:
    """One PATCH's body: `length` bytes of `source` from its position, read a `PIECE` at a time while the request is
    sent (requests streams an iterable body that has a length, with that Content-Length: each piece one send), so a
    chunk of any size holds one piece in memory. The server keeps the bytes that arrived when a request is cut, so a
    resume starts from its offset and re-sends less than one chunk."""

    def __init__(self, source: BinaryIO, length: int, sha256: str) -> None:
        self._source, self._length, self._sha256 = source, length, sha256

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[bytes]:
        left = self._length
        while left:
            piece = self._source.read(min(PIECE, left))
            if not piece:  # the file ends before the size its record states: the bytes are not the named ones
                raise BlobTamperedError(Path(self._sha256))
            left -= len(piece)
            yield piece
