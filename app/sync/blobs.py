"""Resumable photo upload (tus-like): HEAD for dedup and the server's offset, POST to create, PATCH chunks from
the server's offset. Progress is written to `blob_uploads`, so a restart continues where the last run stopped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.store import Store
from app.sync.errors import BadRequestError, OffsetMismatchError
from app.sync.http import SyncClient
from app.sync.outbox import BLOB_ENTITIES, refresh_state
from app.sync.txn import immediate

CHUNK = 1 << 20


@dataclass(frozen=True)
class Upload:
    sha256: str
    size: int
    offset: int


def pending_uploads(store: Store) -> list[Upload]:
    rows = store.db.execute(
        "SELECT sha256, size, offset FROM blob_uploads WHERE state IN ('pending', 'uploading') ORDER BY rowid"
    ).fetchall()
    return [Upload(*row) for row in rows]


def pending_bytes(store: Store) -> int:
    row = store.db.execute(
        "SELECT coalesce(sum(size - offset), 0) FROM blob_uploads WHERE state IN ('pending', 'uploading')"
    ).fetchone()
    return int(row[0])


class BlobUploader:
    """Uploads one blob at a time; `on_bytes(n)` is told of every chunk the server acknowledged."""

    def __init__(self, store: Store, client: SyncClient, chunk: int = CHUNK) -> None:
        self.store = store
        self.client = client
        self.chunk = chunk

    def upload(self, upload: Upload, on_bytes: Callable[[int], None], stopped: Callable[[], bool]) -> bool:
        """Bring the server up to the whole blob; True when it is verified there, False when stopped first."""
        status = self.client.blob_head(upload.sha256)
        if status is None:
            status = self.client.blob_create(upload.sha256, upload.size)
        offset = status.offset
        self._progress(upload.sha256, offset, "uploading")
        with open(self.store.blobs.path(upload.sha256), "rb") as source:
            while offset < upload.size:
                if stopped():
                    return False
                source.seek(offset)
                data = source.read(self.chunk)
                try:
                    status = self.client.blob_append(upload.sha256, offset, data)
                except OffsetMismatchError as exc:
                    if exc.offset is None:
                        raise
                    offset = exc.offset  # another attempt got further (or a chunk half-arrived): go on from there
                    continue
                on_bytes(status.offset - offset)
                offset = status.offset
                self._progress(upload.sha256, offset, "uploading")
        if not (status.complete or self._verified(upload.sha256)):
            raise BadRequestError("服务器未确认照片", f"the server did not confirm blob {upload.sha256}")
        self._done(upload.sha256)
        return True

    def _verified(self, sha256: str) -> bool:
        status = self.client.blob_head(sha256)
        return status is not None and status.complete

    def _progress(self, sha256: str, offset: int, state: str) -> None:
        with immediate(self.store.db):
            self.store.db.execute(
                "UPDATE blob_uploads SET offset = ?, state = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
                " WHERE sha256 = ?",
                [offset, state, sha256],
            )

    def _done(self, sha256: str) -> None:
        with immediate(self.store.db):
            self.store.db.execute(
                "UPDATE blob_uploads SET offset = size, state = 'done', last_error = NULL WHERE sha256 = ?", [sha256]
            )
            for entity in BLOB_ENTITIES:
                for (record_id,) in self.store.db.execute(
                    f"SELECT id FROM {entity} WHERE sha256 = ?", [sha256]
                ).fetchall():
                    refresh_state(self.store, entity, record_id)
