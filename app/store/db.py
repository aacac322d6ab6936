"""The local store: one SQLite file per user, every local change written with its outbox row in one transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from app.models import ENTITY_MODELS, Record, new_id
from app.models.wire import Change
from app.store import gate, profile, search
from app.store.blobs import BlobStore
from app.store.errors import RecordNotFoundError, StoreError, StoreTooNewError
from app.store.migrations import SCHEMA_VERSION, migrate
from app.store.rows import changed_fields, dumps, from_row, to_row

R = TypeVar("R", bound=Record)

# sync_meta keys written at login (app/sync/auth.py) and read by the code gate
SIGNING_KEYS = "signing_keys"
USER_INSPECTOR_ID = "user.inspector_id"
USER_ROLE = "user.role"
USER_NAME = "user.username"
USER_TEAM = "user.team"

_OUTBOX_INSERT = (
    "INSERT INTO outbox (mutation_id, entity, record_id, op, base_version, fields, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _upsert_sql(entity: str, columns: list[str]) -> str:
    # ON CONFLICT DO UPDATE keeps the rowid, so the FTS index sees an update, not a delete and a new row.
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    return f"INSERT INTO {entity} ({names}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}"


def read_user_version(path: Path) -> int:
    """The schema version of an existing file, read without writing anything to it."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"无法读取本地数据文件 {path}：它不是有效的数据库（{exc}）",
            f"cannot read the local data file {path}: it is not a valid database ({exc})",
        ) from exc


class Store:
    """A user's local store. Use from one thread at a time (the UI serialises database work on one worker)."""

    def __init__(self, db: sqlite_utils.Database, path: Path, clock: Callable[[], datetime] | None = None) -> None:
        self.db = db
        self.path = path
        self.blobs = BlobStore(path.parent / "blobs")
        self.clock = clock or (lambda: datetime.now(UTC))  # the code gate's "now"; tests move it

    @classmethod
    def open(cls, path: Path, clock: Callable[[], datetime] | None = None) -> Store:
        """Open (creating or upgrading) the store at `path`. A file from a newer app raises StoreTooNewError."""
        path = Path(path)
        if path.exists():
            found = read_user_version(path)
            if found > SCHEMA_VERSION:
                raise StoreTooNewError(path, found, SCHEMA_VERSION)
        path.parent.mkdir(parents=True, exist_ok=True)
        # check_same_thread off: the store may be opened on the UI thread and used on the database worker.
        db = sqlite_utils.Database(sqlite3.connect(path, check_same_thread=False))
        db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db)
        return cls(db, path, clock)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------------------------------

    def get(self, model: type[R], record_id: str) -> R | None:
        row = self._row(model.entity, record_id)
        return None if row is None else from_row(model, row)

    def list(self, model: type[R], where: str | None = None, params: Iterable[Any] | dict[str, Any] = ()) -> list[R]:
        """Records of `model`, optionally filtered by an SQL `where` clause with bound `params`."""
        rows = self.db.table(model.entity).rows_where(where, params if isinstance(params, dict) else list(params))
        return [from_row(model, row) for row in rows]

    def sync_state(self, model: type[Record], record_id: str) -> str | None:
        row = self.db.execute(f"SELECT sync_state FROM {model.entity} WHERE id = ?", [record_id]).fetchone()
        return None if row is None else row[0]

    def outbox(self) -> list[dict[str, Any]]:
        """Unsent mutations in the order they were made, fields decoded."""
        rows = self.db.query("SELECT * FROM outbox ORDER BY seq")
        return [decode_outbox(row) for row in rows]

    def _row(self, entity: str, record_id: str) -> dict[str, Any] | None:
        return next(self.db.query(f"SELECT * FROM {entity} WHERE id = ?", [record_id]), None)

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
            self.db.execute(_upsert_sql(entity, columns), [*row.values(), "local"])
            self.db.execute(_OUTBOX_INSERT, self._mutation(record, row, fields))
        return record

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
                self.db.conn.executemany(_upsert_sql(model.entity, columns), ([*row.values(), state] for row in rows))
                if not synced:
                    self.db.conn.executemany(
                        _OUTBOX_INSERT, (self._mutation(r, row, list(row)) for r, row in zip(batch, rows, strict=True))
                    )
                count += len(batch)
        return count

    def delete(self, model: type[Record], record_id: str) -> None:
        """Delete a record and queue the deletion for the server, atomically."""
        with self._writing():
            old = self._row(model.entity, record_id)
            if old is None:
                raise RecordNotFoundError(model.entity, record_id)
            self._gate(from_row(model, old))
            self.db.execute(f"DELETE FROM {model.entity} WHERE id = ?", [record_id])
            self.db.execute(_OUTBOX_INSERT, [new_id(), model.entity, record_id, "delete", old["version"], "{}", _now()])

    def _gate(self, record: Record) -> None:
        if record.entity in gate.GATED:
            gate.check(self, record, self.clock())

    @staticmethod
    def _mutation(record: Record, row: dict[str, Any], fields: list[str]) -> list[Any]:
        data = record.model_dump(mode="json")
        payload = {name: data[name] for name in fields if name in data}
        return [new_id(), record.entity, record.id, "upsert", record.version, dumps(payload), _now()]

    # --- pulled changes -----------------------------------------------------------------------------------------

    def apply_remote(self, changes: Iterable[Change]) -> list[str]:
        """Apply pulled changes in one transaction, without outbox rows; return the ids left alone.

        A record with unsent outbox rows is never overwritten (its local change is pushed first and the server
        answers with a conflict if needed). Every change is validated before anything is written. Foreign keys are
        not checked here: the server's data is authoritative and may arrive child-first across pages.
        """
        prepared = [self._prepare_remote(change) for change in changes]
        skipped: list[str] = []
        self.db.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction, hence here
        try:
            with self._writing():
                pending = {(e, i) for e, i in self.db.execute("SELECT DISTINCT entity, record_id FROM outbox")}
                for change, row in prepared:
                    if (change.entity, change.id) in pending:
                        skipped.append(change.id)
                    elif change.deleted:
                        self.db.execute(f"DELETE FROM {change.entity} WHERE id = ?", [change.id])
                    else:
                        columns = [*row, "sync_state"]
                        self.db.execute(_upsert_sql(change.entity, columns), [*row.values(), "sent"])
        finally:
            self.db.execute("PRAGMA foreign_keys = ON")
        return skipped

    @staticmethod
    def _prepare_remote(change: Change) -> tuple[Change, dict[str, Any]]:
        model = ENTITY_MODELS.get(change.entity)
        if model is None:
            raise StoreError(f"未知的数据类型：{change.entity}", f"unknown entity: {change.entity}")
        if change.deleted:
            return change, {}
        try:
            record = model.model_validate({**change.data, "id": change.id, "version": change.version})
        except ValueError as exc:
            raise StoreError(
                f"服务器发来的记录无效（{change.entity} {change.id}），未做任何改动：{exc}",
                f"the server sent an invalid record ({change.entity} {change.id}); nothing was changed: {exc}",
            ) from exc
        return change, to_row(record)

    # --- sync bookkeeping ---------------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM sync_meta WHERE key = ?", [key]).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        with self._writing():
            self.db.execute(
                "INSERT INTO sync_meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    # --- who is using this store, and the keys codes are checked against ---------------------------------------

    def signing_keys(self) -> dict[str, str]:
        """The server signing keys this device trusts (key id → base64 raw Ed25519), as pinned and endorsed."""
        return json.loads(self.meta(SIGNING_KEYS) or "{}")

    def set_signing_keys(self, keys: dict[str, str]) -> None:
        self.set_meta(SIGNING_KEYS, json.dumps(keys, sort_keys=True))

    def current_inspector_id(self) -> str | None:
        """The logged-in user's inspector record id (set at login); the code gate checks codes name them."""
        return self.meta(USER_INSPECTOR_ID)

    # --- search and the target list -----------------------------------------------------------------------------

    def search_target_ids(self, query: str, limit: int | None = 200) -> list[str]:
        return search.target_ids_matching(self.db, query, limit)

    def target_ids(self, order_by: str = "name") -> list[str]:
        return search.all_target_ids(self.db, order_by)

    def targets_by_ids(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        return search.targets_by_ids(self.db, ids)

    def target_profile(self, target_id: str) -> dict[str, Any]:
        return profile.target_profile(self.db, target_id)

    # --- transactions -------------------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """db.atomic(), with constraint failures turned into a bilingual StoreError (after the rollback)."""
        try:
            with self.db.atomic():
                yield
        except sqlite3.IntegrityError as exc:
            raise StoreError(
                f"保存失败，数据违反约束（如引用的记录不存在），未做任何改动：{exc}",
                f"not saved: the data breaks a constraint (such as a reference to a missing record); "
                f"nothing was changed: {exc}",
            ) from exc


def decode_outbox(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "fields": json.loads(row["fields"])}
