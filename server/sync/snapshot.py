"""A first sync as one file (issue 18): the caller's scope made into a client store once, copied by each laptop.

A district's first sync by pages spends most of its time on the laptop, a record at a time (JSON, validation, rows).
Here the server makes what the laptop would make, with the client's own code: a plain store of the client's schema
(app.store, the version this server ships with) filled by `Store.apply_pull_page` from the very pull pages the
laptop would have asked for. The laptop copies its tables in one transaction (app/store/snapshot.py) and pulls on by
pages from the snapshot's cursor, so a snapshot is never wrong, only older: what happened after it comes as pages.

One snapshot is kept per scope (district, team or all teams for an admin, the entities the role does not see: what
decides a pull's visibility, server/sync/pull.py) and made again once the change log has moved on more than
`refresh_changes` past it. None is offered when the log is small (`min_changes`: pages are quick then) or the client's
schema version is not ours. Files are gzip'd at level 1 (a snapshot shrinks ~5x) and sent as they are stored.
Snapshots are made in the background, one at a time, so the first laptop of a scope syncs by pages as before.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Role
from app.models.wire import MAX_PULL_LIMIT, PullResponse
from app.store import Store
from app.store.migrations import SCHEMA_VERSION
from server.db.tables import ChangeRow
from server.sync.pull import pull
from server.sync.scope import Actor, hidden_entities

log = logging.getLogger("server.snapshot")
CHUNK = 1 << 20
_NAME = "{key}-{cursor}.sqlite3.gz"


@dataclass(frozen=True)
class Opened:
    """A snapshot file opened for sending (a newer one may replace it meanwhile: the open file stays readable)."""

    handle: BinaryIO
    cursor: int
    size: int

    def chunks(self) -> Iterator[bytes]:
        with self.handle:
            while chunk := self.handle.read(CHUNK):
                yield chunk


class Snapshots:
    """The snapshots of one server process, kept in `folder`, made one at a time on a worker of their own: no request
    waits for one (a scope's first ask, and an ask while its snapshot is too far behind, start the making; the first
    is answered "none yet", the second with the older snapshot, still right)."""

    def __init__(
        self, sessions: sessionmaker[Session], folder: Path, min_changes: int, refresh_changes: int, max_bytes: int
    ) -> None:
        self._sessions = sessions
        self._folder = folder
        self._min_changes = min_changes
        self._refresh_changes = refresh_changes
        self._max_bytes = max_bytes
        self._making: set[str] = set()  # scopes whose snapshot is being made or waits for the worker
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot")
        for left in folder.glob(".making-*"):  # a making cut short by a stop or a crash
            shutil.rmtree(left, ignore_errors=True)

    def open(self, actor: Actor, schema: int) -> Opened | None:
        """The caller's snapshot, opened; None when none is offered or there is none yet."""
        if schema != SCHEMA_VERSION:
            return None
        with self._sessions() as session:
            head = session.scalar(select(func.max(ChangeRow.seq))) or 0
        if head < self._min_changes:
            return None
        key = scope_key(actor)
        found = self._latest(key)
        if found is None or head - found[1] > self._refresh_changes:
            self._make_soon(actor, key)
        if found is None:
            return None
        path, cursor = found
        try:
            handle = path.open("rb")
        except FileNotFoundError:  # a newer one replaced it just now: pages this time
            return None
        return Opened(handle, cursor, os.fstat(handle.fileno()).st_size)

    def close(self) -> None:
        """The snapshot being made is finished, those waiting are dropped (the server stops)."""
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _make_soon(self, actor: Actor, key: str) -> None:
        with self._lock:
            if key in self._making:
                return
            self._making.add(key)
        self._worker.submit(self._make_logged, actor, key)

    def _make_logged(self, actor: Actor, key: str) -> None:
        try:
            self._make(actor, key)
        except Exception:  # the next ask of the scope tries again; pages serve it meanwhile
            log.exception("making the snapshot of scope %s failed", key)
        finally:
            with self._lock:
                self._making.discard(key)

    def _latest(self, key: str) -> tuple[Path, int] | None:
        made = [(p, int(p.name.split("-")[1].split(".")[0])) for p in self._folder.glob(f"{key}-*.sqlite3.gz")]
        return max(made, key=lambda found: found[1], default=None)

    def _make(self, actor: Actor, key: str) -> None:
        """The scope's store built from its pull pages in a folder of its own, gzip'd beside the others; the older
        files of the scope removed (a download of one goes on from its open file)."""
        self._folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".making-", dir=self._folder))
        try:
            store_path = work / "store.sqlite3"
            with Store.open(store_path) as store:
                cursor = self._fill(store, actor)
            with closing(sqlite3.connect(store_path)) as conn:  # one file, no -wal beside it where it is attached
                conn.execute("PRAGMA journal_mode = DELETE")
            made = self._folder / _NAME.format(key=key, cursor=cursor)
            packed = work / made.name
            with store_path.open("rb") as source, gzip.open(packed, "wb", compresslevel=1) as target:
                shutil.copyfileobj(source, target, CHUNK)
            os.replace(packed, made)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for older in self._folder.glob(f"{key}-*.sqlite3.gz"):
            if older != made:
                older.unlink(missing_ok=True)

    def _fill(self, store: Store, actor: Actor) -> int:
        cursor, more = 0, True
        while more:
            with self._sessions() as session:
                body = pull(session, actor, cursor, MAX_PULL_LIMIT, self._max_bytes)
            page = PullResponse.model_validate_json(body)
            store.apply_pull_page(page.changes, page.cursor)
            cursor, more = page.cursor, page.has_more
        return cursor


def scope_key(actor: Actor) -> str:
    """What decides what a pull shows the caller (server/sync/pull.py `_visible`), as a file-name-safe key."""
    team = None if actor.role == Role.ADMIN else actor.team
    scope = [actor.district, team, sorted(hidden_entities(actor)), SCHEMA_VERSION]
    return hashlib.sha256(json.dumps(scope).encode()).hexdigest()[:24]
