"""The sync engine (no Qt): push the outbox in batches, upload blobs, pull by cursor, each step checkpointed.

Push: a batch goes out, its answers are applied and its outbox rows deleted in one transaction. Pull: each page is
applied and the cursor advanced in one transaction (PouchDB's checkpoint after the durable write). Blobs: progress
in `blob_uploads` after every acknowledged chunk. Whatever fails, the next run resumes from what is durable.
"""

from __future__ import annotations

import gc
import logging
import random
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.models.ids import new_id
from app.models.wire import MAX_PULL_LIMIT, MAX_PUSH_BATCH, Mutation, PushResponse
from app.store import Store, StoreError, trusted_time
from app.store.migrations import SCHEMA_VERSION
from app.store.snapshot import SUFFIX as SNAPSHOT_SUFFIX
from app.sync import blobs
from app.sync.backoff import Backoff
from app.sync.errors import (
    AuthError,
    BadRequestError,
    OfflineError,
    OutdatedClientError,
    ServerError,
    StoppedError,
    SyncError,
)
from app.sync.http import SyncClient
from app.sync.keys import refresh_signing_keys

log = logging.getLogger("app.sync.engine")

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
    from_snapshot: int = 0  # of `pulled`, the records a first sync copied from the server's snapshot
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
        page_size: int = MAX_PULL_LIMIT,
        chunk_size: int = blobs.CHUNK,
        on_progress: Callable[[Progress], None] | None = None,
        snapshot: bool = True,
    ) -> None:
        """`snapshot`: a first sync may come from the server's snapshot (off: by pages only, as the bench compares)."""
        self.store = store
        self.client = client
        self.batch_size = min(batch_size, MAX_PUSH_BATCH)
        self.page_size = page_size
        self.snapshot = snapshot
        self.uploader = blobs.BlobUploader(store, client, chunk_size)
        self.on_progress = on_progress or (lambda _p: None)
        self._stop = threading.Event()
        self._sent_bytes = 0
        self._contact: dict[str, str] = {}  # this run's contact with the server's clock, not written yet

    def stop(self) -> None:
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def progress(self) -> Progress:
        return Progress(self.store.pending_changes(), self.store.pending_upload_bytes(), self._sent_bytes)

    def sync(self) -> Summary:
        """One full run: push, blobs, pull, the server's keys when they changed. Raises StoppedError when stopped, the
        typed SyncError when failing. An idle run (nothing to send, nothing new) makes one request and one write."""
        self._stop.clear()
        self._sent_bytes = 0
        self._contact = {}
        summary = Summary()
        failed: list[SyncError] = []
        for step in (self.push, self.upload_blobs, self._pull_noted):
            try:
                step(summary)
            except (StoppedError, AuthError, OutdatedClientError):  # stop now: no other step can do anything either
                raise
            except SyncError as exc:  # the next step runs all the same: a stuck upload must not freeze the pull
                failed.append(exc)
        if failed:
            if self._contact:
                self.store.set_metas(self._contact)
            raise failed[0]
        summary.finished_at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        self.store.set_metas({**self._contact, LAST_SYNC_KEY: summary.finished_at})  # one transaction, one fsync
        return summary

    def _pull_noted(self, summary: Summary) -> None:
        """The pull, then the server's time its last answer told: the gate's clock, written with the end of the run
        (the revocations are pulled now)."""
        self.pull(summary)
        self._contact = trusted_time.contact_meta(self.store, self.client.server_time)

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
        limit = self.batch_size
        while True:
            self._check_stop()
            batch = self.store.outbox_batch(limit)
            if not batch:
                return
            self.store.mark_sending(batch)
            try:
                answer = self.client.push(device, batch)
            except BadRequestError as exc:  # the request itself refused: find the mutation it is, park it alone
                if len(batch) == 1:
                    self.store.park_mutation(batch[0], f"{exc.code}: {exc}")
                limit = 1
                continue
            _check_answers(batch, answer)
            counts, conflict_ids = self.store.apply_push_answers(batch, answer.results)
            summary.conflict_ids += conflict_ids
            summary.accepted += counts["accepted"]
            summary.conflicts += counts["conflict"]
            summary.rejected += counts["rejected"]
            self.on_progress(self.progress())

    # --- blobs --------------------------------------------------------------------------------------------------

    def upload_blobs(self, summary: Summary) -> None:
        """Every queued file in turn, the next photo sent while the server finishes the one before
        (`BlobUploader.upload_all`); one the server fails on (5xx, a lost offset) does not hold up the next."""
        failed: list[SyncError] = []
        uploads = self.uploader.upload_all(self.store.pending_uploads(), self._count_bytes, self._stop.is_set)
        with closing(uploads):  # stopped or failed: the answer not read goes with its connection
            for outcome in uploads:
                try:
                    if outcome():
                        summary.blobs_uploaded += 1
                except (ServerError, BadRequestError) as exc:  # parked ones never get here: these may pass next time
                    failed.append(exc)
                summary.sent_bytes = self._sent_bytes
                self.on_progress(self.progress())
                self._check_stop()
        self._check_stop()
        if failed:
            raise failed[0]

    def _count_bytes(self, count: int) -> None:
        self._sent_bytes += count
        self.on_progress(self.progress())

    # --- pull ---------------------------------------------------------------------------------------------------

    def pull(self, summary: Summary) -> None:
        """Every page after the stored cursor, each applied with its cursor in one transaction; the next page is
        asked for before this one is written, so the server cuts it meanwhile (`SyncClient.pull_pages`). The first
        answer names the server's signing keys: when that is not the name of the set last trusted they are fetched
        and judged before anything is written (codes signed after a rotation verify at once; a swapped key stops the
        pull with KeyChangedError), otherwise no request is made for them."""
        self._check_stop()
        self._snapshot_file().unlink(missing_ok=True)  # one left by a run that died copying it
        if self.snapshot and self.store.pull_cursor() == 0 and self.store.snapshot_welcome():
            self._pull_snapshot(summary)
        pages = self.client.pull_pages(self.store.pull_cursor(), self.page_size)
        keys_checked = False
        try:
            while True:
                with collector_paused():  # the page read, parsed, validated and written
                    page = next(pages, None)
                    if page is None:
                        return
                    if not keys_checked:
                        refresh_signing_keys(self.store, self.client, self.client.keys_version)
                        keys_checked = True
                    self.store.apply_pull_page(page.changes, page.cursor)
                summary.pulled += len(page.changes)
                if page.has_more:
                    self._check_stop()
        finally:
            pages.close()  # stopped or failed: the answer asked for and not read goes with its connection

    def _pull_snapshot(self, summary: Summary) -> None:
        """A first sync copied from the server's snapshot when it offers one (app/store/snapshot.py); the pages after
        its cursor follow as usual. The file waits in the store's private folder and is removed whatever happens. A
        snapshot the server fails to make, or this store cannot use, costs only the try: the pages bring the same.
        Its answer names the signing keys, judged before anything is written, as a first page's are."""
        path = self._snapshot_file()
        try:
            if not self.client.snapshot(SCHEMA_VERSION, path):
                return
            refresh_signing_keys(self.store, self.client, self.client.keys_version)
            summary.from_snapshot = self.store.load_snapshot(path) or 0
            summary.pulled += summary.from_snapshot
        except (ServerError, BadRequestError, StoreError) as exc:
            log.warning("snapshot not used, pulling by pages: %s", exc)
        finally:
            path.unlink(missing_ok=True)

    def _snapshot_file(self) -> Path:
        return self.store.path.with_name(self.store.path.name + SNAPSHOT_SUFFIX)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off for one page: parsing, validating and writing it makes tens of
    thousands of objects that reference counting frees (none is in a cycle), and every collection meanwhile walks them
    and the whole heap (a third of the CPU of applying a page: bench/bench_sync.py). It runs again after the page, as
    it was (a thread that paused it already keeps it paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_answers(batch: list[Mutation], answer: PushResponse) -> None:
    """One answer per mutation sent, or the server is not speaking our protocol (retried later)."""
    if {r.mutation_id for r in answer.results} != {m.mutation_id for m in batch}:
        raise ServerError("服务器的回答与所发修改不对应", "the server's answers do not match the mutations sent")
