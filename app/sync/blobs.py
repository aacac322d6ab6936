"""Resumable photo upload (tus-like): POST declares the upload and answers the server's offset (or that the file is
complete there already: dedup), PATCH chunks from the server's offset. Progress is written to `blob_uploads`, so a
restart continues where the last run stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from app.store import Store
from app.store.crypto import BlobTamperedError
from app.store.uploads import Upload
from app.sync.errors import BadRequestError, OffsetMismatchError, ServerError
from app.sync.http import SyncClient

CHUNK = 8 << 20  # bytes per PATCH: a photo in one request; a resume re-sends at most one (less: see ChunkBody)
PIECE = 1 << 20  # bytes of a chunk held in memory at a time: the request body streams from the blob store
# Refusals a later run may not meet: an earlier request of ours still writes the file (the next run goes on from its
# offset); no record of ours references it yet or any more (it stays queued, holding nothing up).
_RETRIED = frozenset({"upload_busy", "blob_no_record"})
MISSING = "missing_locally"


class BlobUploader:
    """Uploads one blob at a time; `on_bytes(n)` is told of every chunk the server acknowledged."""

    def __init__(self, store: Store, client: SyncClient, chunk: int = CHUNK) -> None:
        self.store = store
        self.client = client
        self.chunk = chunk

    def upload(self, upload: Upload, on_bytes: Callable[[int], None], stopped: Callable[[], bool]) -> bool:
        """Bring the server up to the whole blob; True when it is verified there, False when stopped first, when the
        server is still writing an earlier request of this upload (the next run goes on from its offset), when no
        record of ours on the server references the file any more (it stays queued; nothing else is held up), or
        when the server refused it for a reason retrying will not fix (too large, hash mismatch): then it is parked
        with that reason and no later run tries it again."""
        try:
            return self._upload(upload, on_bytes, stopped)
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

    def _upload(self, upload: Upload, on_bytes: Callable[[int], None], stopped: Callable[[], bool]) -> bool:
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
