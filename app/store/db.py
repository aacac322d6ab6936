"""The local store: one SQLite file per user, every local change written with its outbox row in one transaction."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils
from sqlcipher3 import dbapi2 as sqlcipher

from app.models import ENTITY_MODELS, Plan, Record, new_id
from app.models.domain import Evidence, InspectionCode, Signature
from app.models.enums import SignerRole
from app.models.wire import Change, Mutation, MutationResult
from app.store import (
    conflicts,
    crypto,
    filters,
    gate,
    guard,
    outbox,
    profile,
    queries,
    remote,
    search,
    snapshot,
    sync_state,
    trusted_time,
    uploads,
)
from app.store.blobs import BlobStore
from app.store.changes import CONFLICTS, META, PARKED, ChangeLog
from app.store.conflicts import Choice, Conflict
from app.store.errors import RecordNotFoundError, StoreError, StoreTooNewError
from app.store.migrations import SCHEMA_VERSION, migrate
from app.store.paths import in_data_root
from app.store.queries import PoolEntry
from app.store.rows import changed_fields, dumps, from_row, to_row, utc_now
from app.store.txn import immediate, without_foreign_keys
from app.store.uploads import ParkedUpload, Upload

R = TypeVar("R", bound=Record)

# sync_meta keys written at login (app/sync/auth.py) and read by the code gate
SIGNING_KEYS = "signing_keys"
SIGNING_KEYS_VERSION = "signing_keys.version"  # the server's name of the published keys they were taken from
USER_INSPECTOR_ID = "user.inspector_id"
USER_ROLE = "user.role"
USER_NAME = "user.username"
USER_TEAM = "user.team"
MAX_BLOB_BYTES = "server.max_blob_bytes"  # the server's file limit, told at login; photos over it are refused at import
MAX_RECORDING_BYTES = "server.max_recording_bytes"  # the same for body-camera videos (执法记录仪)
PULL_CURSOR = "pull_cursor"
# How long a write waits for the other connection's write lock (the runner's and the sync engine's; the longest write
# is a draw's thousands of tasks, well under this). Waiting happens on a worker thread, never on the UI thread.
BUSY_TIMEOUT_S = 30.0
SEAL = "seal."  # + an inspection id: its sealed full-process record as JSON (app/onsite/record_seal.py)

# The author of a change is whoever is signed in on this store when it is made (a store belongs to its user).
_OUTBOX_INSERT = (
    "INSERT INTO outbox (mutation_id, entity, record_id, op, base_version, fields, created_at, author)"
    f" VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT value FROM sync_meta WHERE key = '{USER_NAME}'))"
)


def _upsert_sql(entity: str, columns: list[str]) -> str:
    # ON CONFLICT DO UPDATE keeps the rowid, so the FTS index sees an update, not a delete and a new row.
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    return f"INSERT INTO {entity} ({names}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}"


def read_user_version(path: Path, key: bytes | None = None) -> int:
    """The schema version of an existing file, read without writing anything to it (with `key` for an encrypted
    one: StoreLockedError when the key is wrong)."""
    try:
        conn = connect(path, key, read_only=True)
        try:
            return conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except (sqlite3.DatabaseError, sqlcipher.DatabaseError) as exc:
        if key is not None:
            raise crypto.StoreLockedError(path.parent) from exc
        raise StoreError(
            f"无法读取本地数据文件 {path}：它不是有效的数据库，或已加密而尚未登录解锁（{exc}）",
            f"cannot read the local data file {path}: it is not a valid database, or it is encrypted and nobody has "
            f"signed in to unlock it ({exc})",
        ) from exc


CIPHER_CACHE_KIB = 65536  # an encrypted store's page cache (64 MiB); see bench/bench_encryption.py


class _GuardedCipherConnection(guard.GuardMixin, sqlcipher.Connection):
    """An SQLCipher connection under the same UI-thread guard as a plain one."""


def connect(path: Path, key: bytes | None, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the store file: plain SQLite without a key, SQLCipher with one (the key set before anything
    else is read). check_same_thread off: the store may be opened on the UI thread and used on the database worker."""
    target, uri = (f"{path.resolve().as_uri()}?mode=ro", True) if read_only else (str(path), False)
    if key is None:
        return sqlite3.connect(
            target, uri=uri, timeout=BUSY_TIMEOUT_S, check_same_thread=False, factory=guard.GuardedConnection
        )
    conn = sqlcipher.connect(
        target, uri=uri, timeout=BUSY_TIMEOUT_S, check_same_thread=False, factory=_GuardedCipherConnection
    )
    conn.execute(crypto.sqlcipher_key_pragma(key))
    conn.execute(f"PRAGMA cache_size = -{CIPHER_CACHE_KIB}")  # decrypted pages kept: each miss decrypts again
    return conn  # type: ignore[return-value]  # the same DB-API; sqlite_utils takes either


def encrypt_plain_store(path: Path, key: bytes) -> None:
    """Encrypt a plain store file and its blobs in place, keeping every row (unsent work included): the whole
    database is exported into a new SQLCipher file, which then replaces the plain one atomically."""
    plain = sqlcipher.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything committed is in the main file now
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        fresh = path.with_name(f".{path.name}.encrypting")
        fresh.unlink(missing_ok=True)
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", [str(fresh)])
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    os.chmod(fresh, 0o600)
    os.replace(fresh, path)
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    BlobStore(path.parent / "blobs", key).seal_all()


class Store:
    """A user's local store, the only owner of its SQL and transactions. Use from one thread at a time (the UI
    serialises database work on one worker)."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path,
        clock: Callable[[], datetime] | None = None,
        key: bytes | None = None,
    ) -> None:
        self._db = db
        self.path = path
        self.encrypted = key is not None
        self.blobs = BlobStore(path.parent / "blobs", key)
        self.clock = clock or (lambda: datetime.now(UTC))  # the laptop's clock; tests move it
        self.uptime, self.boot_id = trusted_time.uptime, trusted_time.boot_id  # the gate's trusted time; tests too
        self.changes = ChangeLog()  # what each committed write changed, told to subscribers

    @classmethod
    def open(cls, path: Path, clock: Callable[[], datetime] | None = None, key: bytes | None = None) -> Store:
        """Open (creating or upgrading) the store at `path`. A file from a newer app raises StoreTooNewError.

        `key` (by default the key its folder was unlocked with in this process, app/store/crypto.py) opens it through
        SQLCipher; a plain store opened with a key is encrypted first, its photos too. An encrypted store opened
        without its key raises StoreLockedError.
        """
        path = Path(path)
        key = key if key is not None else crypto.key_for(path.parent)
        crypto.private_folder(path.parent, tighten=in_data_root(path.parent))
        if path.exists():
            if key is not None and crypto.is_plain_sqlite(path):
                encrypt_plain_store(path, key)
            found = read_user_version(path, key)
            if found > SCHEMA_VERSION:
                raise StoreTooNewError(path, found, SCHEMA_VERSION)
        else:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # 0600 from the start
        db = sqlite_utils.Database(connect(path, key))
        db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db)
        return cls(db, path, clock, key)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------------------------------

    def get(self, model: type[R], record_id: str) -> R | None:
        row = self._row(model.entity, record_id)
        return None if row is None else from_row(model, row)

    def list(self, model: type[R]) -> list[R]:
        """Every record of `model` (`find` filters by field)."""
        return [from_row(model, row) for row in self._db.table(model.entity).rows_where()]

    def find(self, model: type[R], **match: Any) -> list[R]:
        """Records of `model` whose fields match: a value is equal, a list or set is any of them, None is unset and
        `PRESENT` is set (`Store.find(Task, team="一科", status=[...], joint_inspection_id=None)`)."""
        found: list[R] = []
        for where, params in filters.clauses(model, match):
            found += [from_row(model, row) for row in self._db.table(model.entity).rows_where(where, params)]
        return found

    def sync_state(self, model: type[Record], record_id: str) -> str | None:
        row = self._db.execute(f"SELECT sync_state FROM {model.entity} WHERE id = ?", [record_id]).fetchone()
        return None if row is None else row[0]

    def sync_states(self, model: type[Record], record_ids: Sequence[str]) -> dict[str, str]:
        """The sync state of each of these records that exists here, by id."""
        found: dict[str, str] = {}
        for start in range(0, len(record_ids), 500):  # under SQLite's bound-parameter limit
            chunk = list(record_ids[start : start + 500])
            marks = ", ".join("?" for _ in chunk)
            sql = f"SELECT id, sync_state FROM {model.entity} WHERE id IN ({marks})"
            found.update(dict(self._db.execute(sql, chunk).fetchall()))
        return found

    def parked_changes(self) -> list[dict[str, Any]]:
        """Mutations the server refused (their `last_error` says why), in the order they were made."""
        return [row for row in self.outbox() if row["last_error"]]

    def outbox(self) -> list[dict[str, Any]]:
        """Unsent mutations in the order they were made, fields decoded."""
        rows = self._db.query("SELECT * FROM outbox ORDER BY seq")
        return [decode_outbox(row) for row in rows]

    def _row(self, entity: str, record_id: str) -> dict[str, Any] | None:
        return next(self._db.query(f"SELECT * FROM {entity} WHERE id = ?", [record_id]), None)

    # --- local changes: row and outbox in one transaction ------------------------------------------------------

    def save(self, record: R, changed: Iterable[str] | None = None) -> R:
        """Write `record` and its outbox mutation atomically; return it with the new updated_at.

        `changed` names the fields to send; by default they are worked out against the stored row (all fields for a
        new record). Saving a record equal to the stored one writes nothing. Inspection work passes the code gate.
        """
        entity = type(record).entity
        record = record.model_copy(update={"updated_at": datetime.now(UTC)})
        row = to_row(record)
        with self._writing():
            self._gate(record)
            old = self._row(entity, record.id)
            if changed is not None:
                fields = list(changed)
            elif old is None:
                fields = list(row)
            else:
                fields = changed_fields(old, row)
            if old is not None and not fields:
                return record
            columns = [*row, "sync_state"]
            self._db.execute(_upsert_sql(entity, columns), [*row.values(), "local"])
            self.changes.note(entity, [record.id])
            self._db.execute(_OUTBOX_INSERT, self._mutation(record, row, fields))
        return record

    def save_all(self, records: Iterable[R], changed: Iterable[str] | None = None) -> list[R]:
        """`save` each record in order, all in one transaction: every record and its mutation, or none (the gate runs
        before each write, so an invalid code leaves every record as it was). `changed` applies to each record."""
        fields = None if changed is None else list(changed)
        with self._writing():
            return [self.save(record, changed=fields) for record in records]

    def save_many(self, records: Iterable[Record], *, synced: bool = False) -> int:
        """Write many records whole in one transaction with executemany; return how many.

        By default each gets an outbox mutation carrying all its fields, as a batch of creates. `synced=True` is for
        records that are already on the server (the demo loader, a restored export): no outbox rows, state `sent`,
        and no code gate (the server accepted them). Records are written in the order given, parents before children.
        """
        state = "sent" if synced else "local"
        count = 0
        with self._writing():
            for model, run in groupby(records, key=type):
                batch = list(run)
                if not synced:
                    for record in batch:
                        self._gate(record)
                rows = [to_row(r) for r in batch]
                columns = [*rows[0], "sync_state"]
                self._db.conn.executemany(_upsert_sql(model.entity, columns), ([*row.values(), state] for row in rows))
                if not synced:
                    self._db.conn.executemany(
                        _OUTBOX_INSERT, (self._mutation(r, row, list(row)) for r, row in zip(batch, rows, strict=True))
                    )
                self.changes.note(model.entity, (r.id for r in batch))
                count += len(batch)
        return count

    def delete(self, model: type[Record], record_id: str) -> None:
        """Delete a record and queue the deletion for the server, atomically (a photo's, signature's or recording's
        queued upload too, when no other record names its file)."""
        with self._writing():
            old = self._row(model.entity, record_id)
            if old is None:
                raise RecordNotFoundError(model.entity, record_id)
            self._gate(from_row(model, old))
            self._db.execute(f"DELETE FROM {model.entity} WHERE id = ?", [record_id])
            if model.entity in sync_state.BLOB_ENTITIES:  # its file's queued upload goes, unless another names it
                uploads.forget(self._db, old["sha256"])
            self.changes.note(model.entity, [record_id])
            mutation = [new_id(), model.entity, record_id, "delete", old["version"], "{}", utc_now()]
            self._db.execute(_OUTBOX_INSERT, mutation)

    def _gate(self, record: Record) -> None:
        if record.entity in gate.GATED:
            gate.check(self, record)

    @staticmethod
    def _mutation(record: Record, row: dict[str, Any], fields: list[str]) -> list[Any]:
        data = record.model_dump(mode="json")
        # updated_at always goes too: the server keeps the time of the save, so the record it sends back is this one
        payload = {name: data[name] for name in [*fields, "updated_at"] if name in data}
        return [new_id(), record.entity, record.id, "upsert", record.version, dumps(payload), utc_now()]

    # --- pulled changes -----------------------------------------------------------------------------------------

    def apply_remote(self, changes: Iterable[Change]) -> list[str]:
        """Apply pulled changes in one transaction, without outbox rows; return the ids left alone.

        A record with unsent outbox rows is never overwritten (its local change is pushed first and the server
        answers with a conflict if needed). Every change is validated before anything is written. Foreign keys are
        not checked here: the server's data is authoritative and may arrive child-first across pages. Each entity's
        records are validated in one call and written with one executemany (app/store/remote.py).
        """
        changes = list(changes)
        batches = remote.prepare(changes)  # before the write lock is taken
        with without_foreign_keys(self._db), self._writing():
            pending = set(self._db.execute("SELECT DISTINCT entity, record_id FROM outbox").fetchall())
            for whole in (b.without(pending) for b in batches):
                batch = whole.without(remote.unchanged(self._db.conn, whole))  # the echo of our own writes: not written
                if not batch.ids:
                    continue
                self.changes.note(batch.entity, batch.ids)
                with remote.search_index_in_bulk(self._db.conn, batch):
                    self._write_batch(batch)
        return [c.id for c in changes if (c.entity, c.id) in pending]

    def _write_batch(self, batch: remote.EntityBatch) -> None:
        if batch.deleted:
            sql = f"DELETE FROM {batch.entity} WHERE id = ?"
            self._db.conn.executemany(sql, ([record_id] for record_id in batch.deleted))
        if batch.rows:
            sql = _upsert_sql(batch.entity, [*batch.rows[0], "sync_state"])
            rows = zip(batch.rows, batch.states, strict=True)
            self._db.conn.executemany(sql, ([*row.values(), state] for row, state in rows))

    # --- sync bookkeeping ---------------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM sync_meta WHERE key = ?", [key]).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        with self._writing():
            self._db.execute(
                "INSERT INTO sync_meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            self.changes.note(META, [key])

    def set_metas(self, values: Mapping[str, str]) -> None:
        """Several sync_meta keys in one transaction."""
        with self._writing():
            for key, value in values.items():
                self.set_meta(key, value)

    # --- who is using this store, and the keys codes are checked against ---------------------------------------

    def signing_keys(self) -> dict[str, str]:
        """The server signing keys this device trusts (key id → base64 raw Ed25519), as pinned and endorsed."""
        return json.loads(self.meta(SIGNING_KEYS) or "{}")

    def set_signing_keys(self, keys: dict[str, str], version: str | None = None) -> None:
        """The trusted keys and, in the same transaction, the server's name (`X-Keys-Version`) of the published set
        they were taken from; without one the name is forgotten, so the next sync fetches the keys again."""
        self.set_metas({SIGNING_KEYS: json.dumps(keys, sort_keys=True), SIGNING_KEYS_VERSION: version or ""})

    def signing_keys_version(self) -> str | None:
        """The server's name of the published keys the trusted ones were last taken from; None when unknown."""
        return self.meta(SIGNING_KEYS_VERSION) or None

    def current_inspector_id(self) -> str | None:
        """The logged-in user's inspector record id (set at login); the code gate checks codes name them."""
        return self.meta(USER_INSPECTOR_ID)

    # --- push: the outbox in batches, the server's answers ------------------------------------------------------

    def outbox_batch(self, limit: int) -> list[Mutation]:
        """The next mutations to push, the signed-in user's only: oldest first, one per record, refused ones left
        out."""
        with self._writing():  # a row that is not a valid mutation any more is parked on the way
            return outbox.next_batch(self._db, limit, self.meta(USER_NAME))

    def unsent_authors(self) -> set[str]:
        """Who made the changes still queued here (anyone's but the signed-in user's block another sign-in)."""
        return outbox.authors(self._db)

    def pending_changes(self) -> int:
        """Mutations not yet acknowledged by the server (refused ones included)."""
        return outbox.pending_count(self._db)

    def mark_sending(self, batch: Sequence[Mutation]) -> None:
        with self._writing():
            outbox.mark_sending(self._db, list(batch))
            self._note_batch(batch)

    def apply_push_answers(
        self, batch: Sequence[Mutation], results: Sequence[MutationResult]
    ) -> tuple[dict[str, int], list[str]]:
        """The server's answers to a pushed batch, applied and the answered mutations removed in one transaction.
        Returns the counts by status and the ids of the conflicts stored."""
        with self._writing():
            self._note_batch(batch)  # versions and sync states change
            counts, conflict_ids = outbox.apply_answers(self._db, self.blobs, list(batch), list(results))
            self.changes.note(CONFLICTS, conflict_ids)
            refused = {r.mutation_id for r in results if r.status == "rejected"}
            self.changes.note(PARKED, [m.id for m in batch if m.mutation_id in refused])
            return counts, conflict_ids

    def park_mutation(self, mutation: Mutation, reason: str) -> None:
        """The server refused the request carrying this one mutation: it waits, with the reason, for the user."""
        with self._writing():
            outbox.park(self._db, mutation, reason)
            self._note_batch([mutation])
            self.changes.note(PARKED, [mutation.id])

    def _note_batch(self, batch: Sequence[Mutation]) -> None:
        for m in batch:
            self.changes.note(m.entity, [m.id])

    # --- pull: pages and the cursor -----------------------------------------------------------------------------

    def pull_cursor(self) -> int:
        return int(self.meta(PULL_CURSOR) or 0)

    def apply_pull_page(self, changes: Sequence[Change], cursor: int) -> list[str]:
        """A pulled page and the cursor after it in one transaction (the checkpoint moves only with the durable
        write); records with an open conflict or a file of ours not yet verified keep that state, and the conflicts
        the page settles close (`conflicts.settled_by_pull`). Returns the ids left alone, as `apply_remote`. An empty
        page at the cursor already held (an idle sync) writes nothing and tells nobody."""
        if not changes and cursor == self.pull_cursor():
            return []
        with without_foreign_keys(self._db), self._writing():
            settled = conflicts.settled_by_pull(self._db, changes)  # the server moved past them (a lead resolved)
            skipped = self.apply_remote(changes)
            sync_state.keep_local_states(self._db, changes)
            for _conflict_id, entity, record_id in settled:
                sync_state.refresh(self._db, entity, record_id)
                self.changes.note(entity, [record_id])
            if settled:
                self.changes.note(CONFLICTS, [conflict_id for conflict_id, _e, _r in settled])
            self.set_meta(PULL_CURSOR, str(cursor))
        return skipped

    def load_snapshot(self, path: Path) -> int | None:
        """A first sync from the server's snapshot file (app/store/snapshot.py): its tables copied in one
        transaction and the pull cursor set to its own; the number of records copied. None, with nothing written,
        when this store is not empty; StoreError, with nothing written, when the file cannot be used."""
        snapshot.attach(self._db.conn, path, cipher=self.encrypted)
        try:
            with without_foreign_keys(self._db), self._writing():
                if not snapshot.welcome(self._db.conn, self.pull_cursor()):
                    return None
                cursor, copied = snapshot.copy(self._db.conn)
                for entity, ids in copied.items():
                    self.changes.note(entity, ids)
                self.set_meta(PULL_CURSOR, str(cursor))
        finally:
            snapshot.detach(self._db.conn)
        return sum(len(ids) for ids in copied.values())

    def snapshot_welcome(self) -> bool:
        """Whether a first sync may come from a snapshot (`load_snapshot`): nothing pulled, sent or made here yet."""
        return snapshot.welcome(self._db.conn, self.pull_cursor())

    # --- photo and signature uploads ----------------------------------------------------------------------------

    def pending_uploads(self) -> list[Upload]:
        return uploads.pending(self._db)

    def pending_upload_bytes(self) -> int:
        return uploads.pending_bytes(self._db)

    def unverified_uploads(self) -> int:
        """Files the server has not verified yet."""
        return uploads.unverified_count(self._db)

    def enqueue_upload(self, sha256: str) -> None:
        with self._writing():
            uploads.enqueue(self._db, self.blobs, sha256)

    def upload_progress(self, sha256: str, offset: int) -> None:
        with self._writing():
            for entity, record_id in uploads.progress(self._db, sha256, offset):
                self.changes.note(entity, [record_id])

    def parked_uploads(self) -> list[ParkedUpload]:
        """Files the server refused for good (or missing here), with the reason."""
        return uploads.parked(self._db)

    def park_upload(self, sha256: str, reason: str) -> None:
        with self._writing():
            for entity, record_id in uploads.park(self._db, sha256, reason):
                self.changes.note(entity, [record_id])
                self.changes.note(PARKED, [record_id])

    def upload_done(self, sha256: str) -> None:
        with self._writing():
            for entity, record_id in uploads.done(self._db, sha256):
                self.changes.note(entity, [record_id])

    # --- conflicts ----------------------------------------------------------------------------------------------

    def open_conflicts(self) -> list[Conflict]:
        return conflicts.open_conflicts(self._db)

    def resolve_conflict(self, conflict: Conflict, choices: dict[str, Choice]) -> None:
        """Apply the chosen value of every disputed field as one local change and mark the conflict resolved."""
        missing = [f for f in conflict.fields if choices.get(f) not in ("local", "server")]
        if missing:
            raise StoreError(f"请为每个字段选择取值：{', '.join(missing)}", f"choose a value for: {', '.join(missing)}")
        model = ENTITY_MODELS[conflict.entity]
        with self._writing():
            if conflict.fields == ["deleted"]:
                if choices["deleted"] == "local":
                    self.delete(model, conflict.record_id)
            else:
                record = self.get(model, conflict.record_id)
                if record is None:
                    raise RecordNotFoundError(conflict.entity, conflict.record_id)
                updated = model.model_validate({**record.model_dump(mode="json"), **conflict.chosen(choices)})
                self.save(updated, changed=conflict.fields)
            conflicts.mark_resolved(self._db, conflict.id)
            self.changes.note(CONFLICTS, [conflict.id])
            if self._row(conflict.entity, conflict.record_id) is not None:
                sync_state.refresh(self._db, conflict.entity, conflict.record_id)

    # --- queries of the planning and on-site services -----------------------------------------------------------

    def pool_grades(self, plan: Plan) -> dict[str, int]:
        """Targets per grade in the plan's pool (its industries in its district, not yet tasked under it)."""
        return queries.pool_grades(self._db, plan)

    def pool(self, plan: Plan) -> list[PoolEntry]:
        return queries.pool(self._db, plan)

    def complaint_target_ids(self, statuses: Sequence[str]) -> set[str]:
        return queries.complaint_target_ids(self._db, statuses)

    def recusals_by_inspector(self) -> dict[str, list[str]]:
        return queries.recusals_by_inspector(self._db)

    def last_task_completion(self) -> dict[str, date]:
        return queries.last_task_completion(self._db)

    def codes_naming(self, task_ids: Sequence[str]) -> list[InspectionCode]:
        """Every code that names any of `task_ids`."""
        rows = {row["id"]: row for row in queries.code_rows_naming(self._db, task_ids)}  # once, if in two chunks
        return [from_row(InspectionCode, row) for row in rows.values()]

    def photographed_items(self, inspection_id: str) -> set[str]:
        return queries.photographed_items(self._db, inspection_id)

    def visit_rollup(self, inspection_id: str) -> dict[tuple[str, str], int]:
        """How many of the visit's records are in each sync state, by ("file" | "record", state)."""
        return sync_state.visit_rollup(self._db, inspection_id)

    def photos_of(self, inspection_id: str) -> list[Evidence]:
        """The inspection's photos in the order they were taken."""
        return sorted(self.find(Evidence, inspection_id=inspection_id), key=lambda e: (e.taken_at, e.id))

    def signatures_of(self, inspection_id: str) -> list[Signature]:
        """The inspection's signatures, inspectors first, then by time."""
        found = self.find(Signature, inspection_id=inspection_id)
        return sorted(found, key=lambda s: (s.signer_role != SignerRole.INSPECTOR, s.signed_at))

    # --- search and the target list -----------------------------------------------------------------------------

    def search_target_ids(self, query: str, limit: int | None = 200) -> list[str]:
        return search.target_ids_matching(self._db, query, limit)

    def target_ids(self, order_by: str = "name") -> list[str]:
        return search.all_target_ids(self._db, order_by)

    def targets_by_ids(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return search.targets_by_ids(self._db, ids)

    def target_profile(self, target_id: str) -> dict[str, Any]:
        return profile.target_profile(self._db, target_id)

    # --- transactions -------------------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A write transaction (BEGIN IMMEDIATE; a savepoint when nested), with constraint failures turned into a
        bilingual StoreError (after the rollback); the outermost one tells the change subscribers what it
        committed."""
        outermost = not self._db.conn.in_transaction
        committed = False
        try:
            with immediate(self._db):
                yield
            committed = True
        except (sqlite3.IntegrityError, sqlcipher.IntegrityError) as exc:
            raise StoreError(
                f"保存失败，数据违反约束（如引用的记录不存在），未做任何改动：{exc}",
                f"not saved: the data breaks a constraint (such as a reference to a missing record); "
                f"nothing was changed: {exc}",
            ) from exc
        finally:
            if outermost:
                self.changes.deliver() if committed else self.changes.discard()


def decode_outbox(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "fields": json.loads(row["fields"])}
