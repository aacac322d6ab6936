"""The records table and its change log, read and written in bulk for a whole batch.

A `RecordCache` loads the records a batch touches in a few queries, holds their state while the batch is applied
(so a record created early in a batch is the parent of a later one) and writes every change in one flush:
record rows, one change-log row per touched record at a fresh sequence number. It remembers the version of every row
it read (`read`) and every key it found missing (`absent`), so a batch merged before the write lock can check under
the lock, in one query, that nothing it decided on has moved since (server/sync/push.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, or_, select, text
from sqlalchemy.orm import Session

from app.models import Record
from server.db.bulk import execute_many, one_of
from server.db.tables import ChangeRow, RecordRow
from server.sync.scope import Scope, own_scope, parent_ref

Key = tuple[str, str]
_records = RecordRow.__table__
_changes = ChangeRow.__table__


@dataclass
class RecordState:
    entity: str
    id: str
    version: int
    data: dict[str, Any]
    field_meta: dict[str, list[Any]]  # field -> FieldMark as a list: [version, username, device id]
    scope: Scope
    deleted: bool = False
    updated_by: str = ""
    is_new: bool = False


SERVER_DEVICE = "server"  # the device of server-made writes (loaders, issued codes, task status set by 申码)


@dataclass(frozen=True)
class FieldMark:
    """Who last changed a field, and from which device: two devices of one user must not overwrite each other."""

    version: int
    username: str
    device_id: str | None  # None for marks written before devices were tracked

    @classmethod
    def of(cls, stored: list[Any]) -> FieldMark:
        return cls(stored[0], stored[1], stored[2] if len(stored) > 2 else None)

    def stored(self) -> list[Any]:
        return [self.version, self.username, self.device_id]


@dataclass
class RecordCache:
    session: Session
    states: dict[Key, RecordState] = field(default_factory=dict)
    missing: set[Key] = field(default_factory=set)
    touched: dict[Key, None] = field(default_factory=dict)  # insertion-ordered set: change-log order
    read: dict[Key, int] = field(default_factory=dict)  # the version of each row as it was read
    absent: set[Key] = field(default_factory=set)  # the keys read and found missing (even if the batch made them)

    def load(self, keys: Iterable[Key]) -> None:
        """Fetch the given records not yet cached: one query for all their entities."""
        wanted = sorted({key for key in keys if key not in self.states and key not in self.missing})
        if not wanted:
            return
        for row in self.session.connection().execute(select(_records).where(keys_in(wanted))):
            self.states[(row.entity, row.id)] = _state_of(row)
            self.read[(row.entity, row.id)] = row.version
        absent = [key for key in wanted if key not in self.states]
        self.missing.update(absent)
        self.absent.update(absent)

    def get(self, entity: str, record_id: str) -> RecordState | None:
        self.load([(entity, record_id)])
        return self.states.get((entity, record_id))

    def scope_of(self, entity: str, data: dict[str, Any]) -> Scope | None:
        """The record's scope; None when its parent is unknown."""
        scope = own_scope(entity, data)
        if scope is not None:
            return scope
        ref = parent_ref(entity, data)
        parent = self.get(*ref) if ref else None
        return parent.scope if parent else None

    def put(self, state: RecordState) -> None:
        key = (state.entity, state.id)
        self.states[key] = state
        self.missing.discard(key)
        self.touched.pop(key, None)
        self.touched[key] = None

    def flush(self) -> None:
        """Write every touched record and move each to the head of the change log."""
        flush_all(self.session, [self])


def flush_all(session: Session, caches: list[RecordCache]) -> None:
    """Write the touched records of several caches (whose keys do not overlap) in one statement per table, and move
    each to the head of the change log in the caches' order."""
    states = [cache.states[key] for cache in caches for key in cache.touched]
    if not states:
        return
    now = datetime.now(UTC)
    rows = [_row_of(s, now) for s in states]
    new_rows = [r for r, s in zip(rows, states, strict=True) if s.is_new]
    old_rows = [r for r, s in zip(rows, states, strict=True) if not s.is_new]
    execute_many(session, _INSERT, new_rows)
    if old_rows:
        keyed = [{"k_entity": r.pop("entity"), "k_id": r.pop("id"), **r} for r in old_rows]
        execute_many(session, _UPDATE_BY_KEY, keyed)
    moving = [(s.entity, s.id) for s in states if not s.is_new]
    if moving:
        session.execute(delete(_changes).where(keys_in(moving, _changes.c.entity, _changes.c.record_id)))
    execute_many(
        session,
        _CHANGE_INSERT,
        [{"entity": s.entity, "record_id": s.id, "district": s.scope.district, "team": s.scope.team} for s in states],
    )
    for s in states:
        s.is_new = False
    for cache in caches:
        cache.touched.clear()


_INSERT = _records.insert()
_CHANGE_INSERT = _changes.insert()
_UPDATE_BY_KEY = _records.update().where(
    _records.c.entity == bindparam("k_entity"), _records.c.id == bindparam("k_id")
)  # the row's other columns are set from each parameter set


def keys_in(
    keys: Iterable[Key], entity: Any = _records.c.entity, record_id: Any = _records.c.id
) -> ColumnElement[bool]:
    """`(entity = e AND id IN (...)) OR ...`, one term per entity, each id list one parameter (`one_of`): the primary
    key's index serves each term."""
    by_entity: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_entity[key[0]].append(key[1])
    return or_(*(and_(entity == e, one_of(record_id, ids)) for e, ids in sorted(by_entity.items())))


def _state_of(row: Any) -> RecordState:
    return RecordState(
        entity=row.entity,
        id=row.id,
        version=row.version,
        data=row.data,
        field_meta=dict(row.field_meta),
        scope=Scope(row.district, row.team),
        deleted=row.deleted,
        updated_by=row.updated_by,
    )


def _row_of(state: RecordState, now: datetime) -> dict[str, Any]:
    return {
        "entity": state.entity,
        "id": state.id,
        "version": state.version,
        "data": state.data,
        "field_meta": state.field_meta,
        "district": state.scope.district,
        "team": state.scope.team,
        "deleted": state.deleted,
        "updated_at": now,
        "updated_by": state.updated_by,
    }


def lock_change_log(session: Session) -> None:
    """Serialise writers on PostgreSQL so sequence numbers commit in order and a pull never skips one.

    (SQLite has a single writer anyway; readers are not blocked by this lock mode.)
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE changes IN EXCLUSIVE MODE"))


def write_records(cache: RecordCache, records: Iterable[Record], *, username: str) -> None:
    """Store server-made records as they are (loaders, accounts, issued codes), each at version + 1."""
    records = list(records)
    cache.load((r.entity, r.id) for r in records)
    for record in records:
        data = record.model_dump(mode="json")
        current = cache.states.get((record.entity, record.id))
        version = current.version + 1 if current else 1
        data["version"] = version
        scope = cache.scope_of(record.entity, data)
        if scope is None:
            raise ValueError(f"上级记录不存在 / the parent record of {record.entity} {record.id} is unknown")
        cache.put(
            RecordState(
                entity=record.entity,
                id=record.id,
                version=version,
                data=data,
                field_meta=_field_meta(current, data, FieldMark(version, username, SERVER_DEVICE)),
                scope=scope,
                updated_by=username,
                is_new=current is None,
            )
        )


def _field_meta(current: RecordState | None, data: dict[str, Any], mark: FieldMark) -> dict[str, list[Any]]:
    """Mark only the fields this write changes, so a client's stale edit of other fields still merges."""
    meta = dict(current.field_meta) if current else {}
    for name, value in data.items():
        if current is None or current.data.get(name) != value:
            meta[name] = mark.stored()
    return meta
