"""The sync engine (no Qt): push the outbox in batches, upload blobs, pull by cursor, each step checkpointed.

Push: a batch goes out, its answers are applied and its outbox rows deleted in one transaction. Pull: each page is
applied and the cursor advanced in one transaction (PouchDB's checkpoint after the durable write). Blobs: progress
in `blob_uploads` after every acknowledged chunk. Whatever fails, the next run resumes from what is durable.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.models.ids import new_id
from app.models.wire import MAX_PUSH_BATCH
from app.store import Store
from app.sync import blobs, outbox
from app.sync.backoff import Backoff
from app.sync.errors import OfflineError, ServerError, StoppedError
from app.sync.http import SyncClient
from app.sync.keys import trust_signing_keys
from app.sync.txn import immediate, without_foreign_keys

CURSOR_KEY = "pull_cursor"
DEVICE_KEY = "device_id"
LAST_SYNC_KEY = "last_sync_at"


@dataclass(frozen=True)
class Progress:
    pending_changes: int
    pending_photo_bytes: int
    sent_bytes: int


@dataclass
class Summary:
    accepted: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    blobs_uploaded: int = 0
    sent_bytes: int = 0
    finished_at: str = ""
    conflict_ids: list[str] = field(default_factory=list)


def device_id(store: Store) -> str:
    """This installation's id, made once and kept in sync_meta."""
    found = store.meta(DEVICE_KEY)
    if found is None:
        found = new_id()
        store.set_meta(DEVICE_KEY, found)
    return found


class SyncEngine:
    """One sync run at a time on one thread; `stop()` may be called from any thread and takes effect at the next
    batch, page or chunk boundary."""

    def __init__(
        self,
        store: Store,
        client: SyncClient,
        *,
        batch_size: int = 200,
        page_size: int = 1000,
        chunk_size: int = blobs.CHUNK,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.batch_size = min(batch_size, MAX_PUSH_BATCH)
        self.page_size = page_size
        self.uploader = blobs.BlobUploader(store, client, chunk_size)
        self.on_progress = on_progress or (lambda _p: None)
        self._stop = threading.Event()
        self._sent_bytes = 0

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def progress(self) -> Progress:
        return Progress(outbox.pending_count(self.store), blobs.pending_bytes(self.store), self._sent_bytes)

    def sync(self) -> Summary:
        """One full run: push, blobs, pull. Raises StoppedError when stopped, the typed SyncError when failing."""
        self._stop.clear()
        self._sent_bytes = 0
        summary = Summary()
        self.push(summary)
        self.upload_blobs(summary)
        trust_signing_keys(self.store, self.client.signing_keys())  # codes signed after a rotation verify at once
        self.pull(summary)
        summary.finished_at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        self.store.set_meta(LAST_SYNC_KEY, summary.finished_at)
        return summary

    def sync_with_retries(self, backoff: Backoff | None = None, attempts: int = 8) -> Summary:
        """`sync()`, retried on network and server failures with backoff and jitter (the wait ends early on stop)."""
        backoff = backoff or Backoff(rng=random.Random())
        for attempt in range(attempts):
            try:
                return self.sync()
            except (OfflineError, ServerError):
                if attempt == attempts - 1:
                    raise
                if self._stop.wait(backoff.next_delay()):
                    raise StoppedError() from None
        raise AssertionError("unreachable: the loop returns or raises")

    def _check_stop(self) -> None:
        if self._stop.is_set():
            raise StoppedError()

    # --- push ---------------------------------------------------------------------------------------------------

    def push(self, summary: Summary) -> None:
        device = device_id(self.store)
        while True:
            self._check_stop()
            batch = outbox.next_batch(self.store, self.batch_size)
            if not batch:
                return
            with immediate(self.store.db):
                outbox.mark_sending(self.store, batch)
            answer = self.client.push(device, batch)
            with immediate(self.store.db):
                counts, conflict_ids = outbox.apply_answers(self.store, batch, answer.results)
            summary.conflict_ids += conflict_ids
            summary.accepted += counts["accepted"]
            summary.conflicts += counts["conflict"]
            summary.rejected += counts["rejected"]
            self.on_progress(self.progress())

    # --- blobs --------------------------------------------------------------------------------------------------

    def upload_blobs(self, summary: Summary) -> None:
        for upload in blobs.pending_uploads(self.store):
            self._check_stop()
            if self.uploader.upload(upload, self._count_bytes, lambda: self._stop.is_set()):
                summary.blobs_uploaded += 1
            summary.sent_bytes = self._sent_bytes
            self.on_progress(self.progress())
        self._check_stop()

    def _count_bytes(self, count: int) -> None:
        self._sent_bytes += count
        self.on_progress(self.progress())

    # --- pull ---------------------------------------------------------------------------------------------------

    def pull(self, summary: Summary) -> None:
        while True:
            self._check_stop()
            since = int(self.store.meta(CURSOR_KEY) or 0)
            page = self.client.pull(since, self.page_size)
            with without_foreign_keys(self.store.db), immediate(self.store.db):
                self.store.apply_remote(page.changes)
                outbox.keep_conflict_states(self.store, page.changes)
                self.store.db.execute(
                    "INSERT INTO sync_meta (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [CURSOR_KEY, str(page.cursor)],
                )
            summary.pulled += len(page.changes)
            if not page.has_more:
                return
