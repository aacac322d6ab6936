"""Pulled changes made into table rows in bulk: per entity of a page, one validation of all its records (a pydantic
`TypeAdapter` over the list) and one dump back to JSON values; `Store.apply_remote` then writes each entity's rows with
one executemany. A large page of targets is indexed for search in bulk (`search_index_in_bulk`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from app.models import ENTITY_MODELS, Record
from app.models.wire import Change
from app.store import sync_state
from app.store.errors import StoreError
from app.store.rows import dumps, json_fields

# A page with at least this many targets is indexed for search in one statement rather than by the triggers row by row
# (half the CPU of writing a page of targets: bench/bench_sync.py)
BULK_INDEX_MIN = 100
FTS_TRIGGERS = ("targets_fts_ai", "targets_fts_ad", "targets_fts_au")  # app/store/migrations.py, version 2
_PAGE_IDS = "SELECT value FROM json_each(?)"
_INDEXED = f"SELECT id, name, address, credit_code FROM targets WHERE id IN ({_PAGE_IDS})"  # the indexed columns
_FTS_FORGET = (  # what the delete and update triggers do, for the rows here whose indexed text goes or changes
    "INSERT INTO targets_fts(targets_fts, rowid, name, address, credit_code)"
    f" SELECT 'delete', rowid, name, address, credit_code FROM targets WHERE id IN ({_PAGE_IDS})"
)
_FTS_ADD = (  # what the insert and update triggers do, for the rows written with new indexed text
    "INSERT INTO targets_fts(rowid, name, address, credit_code)"
    f" SELECT rowid, name, address, credit_code FROM targets WHERE id IN ({_PAGE_IDS})"
)


@dataclass
class EntityBatch:
    """One entity's share of a page, the last change of each record only (every change carries the whole record,
    so the last one is the record's state after the page): rows to upsert, with their sync state as pulled, and ids
    to delete."""

    entity: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [row["id"] for row in self.rows] + self.deleted

    def without(self, keep: set[tuple[str, str]]) -> EntityBatch:
        """The batch less the records in `keep` (entity, id)."""
        if not any((self.entity, record_id) in keep for record_id in self.ids):
            return self
        live = [(r, s) for r, s in zip(self.rows, self.states, strict=True) if (self.entity, r["id"]) not in keep]
        gone = [i for i in self.deleted if (self.entity, i) not in keep]
        return EntityBatch(self.entity, [r for r, _s in live], [s for _r, s in live], gone)


def unchanged(conn: sqlite3.Connection, batch: EntityBatch) -> set[tuple[str, str]]:
    """The batch's records already here exactly as pulled (every column and the sync state): the echo of this
    device's own accepted changes, which need no write and no change notification."""
    if not batch.rows:
        return set()
    names = [*batch.rows[0], "sync_state"]
    sql = f"SELECT id, {', '.join(names)} FROM {batch.entity} WHERE id IN ({_PAGE_IDS})"
    here = {row[0]: row[1:] for row in conn.execute(sql, [json.dumps([r["id"] for r in batch.rows])])}
    return {
        (batch.entity, r["id"])
        for r, state in zip(batch.rows, batch.states, strict=True)
        if here.get(r["id"]) == (*r.values(), state)
    }


@cache
def _list_adapter(model: type[Record]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def prepare(changes: Iterable[Change]) -> list[EntityBatch]:
    """Every change validated, as rows by entity. StoreError names the first unknown entity or invalid record."""
    latest: dict[str, dict[str, Change]] = {}
    for change in changes:
        if change.entity not in ENTITY_MODELS:
            raise StoreError(f"未知的数据类型：{change.entity}", f"unknown entity: {change.entity}")
        by_id = latest.setdefault(change.entity, {})
        by_id.pop(change.id, None)  # a record changed twice in the page: its later change, in its place
        by_id[change.id] = change
    return [_batch(entity, list(by_id.values())) for entity, by_id in latest.items()]


def _batch(entity: str, changes: list[Change]) -> EntityBatch:
    model = ENTITY_MODELS[entity]
    live = [c for c in changes if not c.deleted]
    adapter = _list_adapter(model)
    try:
        records = adapter.validate_python([{**c.data, "id": c.id, "version": c.version} for c in live])
    except ValidationError as exc:
        raise _invalid(live[_first_index(exc)], exc) from exc
    rows = adapter.dump_python(records, mode="json")
    as_json = json_fields(model)
    for row in rows:
        for name in as_json:
            row[name] = dumps(row[name])
    return EntityBatch(entity, rows, [sync_state.pulled(c) for c in live], [c.id for c in changes if c.deleted])


def _first_index(exc: ValidationError) -> int:
    loc = exc.errors()[0]["loc"]
    return int(loc[0]) if loc and isinstance(loc[0], int) else 0


def _invalid(change: Change, exc: ValidationError) -> StoreError:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"][1:])
    why = f"{where}: {first['msg']}" if where else first["msg"]
    return StoreError(
        f"服务器发来的记录无效（{change.entity} {change.id}），未做任何改动：{why}",
        f"the server sent an invalid record ({change.entity} {change.id}); nothing was changed: {why}",
    )


@contextmanager
def search_index_in_bulk(conn: sqlite3.Connection, batch: EntityBatch) -> Iterator[None]:
    """Inside the page's transaction, around the writes of a large batch of targets: the search entries of its rows
    already here removed first and those of its written rows added after, each in one statement, with the
    row-by-row triggers off in between (`triggers_off`). Only rows whose indexed text (name, address, credit code) is
    new, changed or deleted are touched: the echo of this device's own pushed changes re-indexes nothing. Smaller
    batches, and other entities, keep the triggers."""
    if batch.entity != "targets" or len(batch.rows) + len(batch.deleted) < BULK_INDEX_MIN:
        yield
        return
    here = {row[0]: tuple(row[1:]) for row in conn.execute(_INDEXED, [json.dumps(batch.ids)])}
    changed = [r["id"] for r in batch.rows if here.get(r["id"]) != (r["name"], r["address"], r["credit_code"])]
    with triggers_off(conn, FTS_TRIGGERS):
        conn.execute(_FTS_FORGET, [json.dumps([i for i in (*changed, *batch.deleted) if i in here])])
        yield
        conn.execute(_FTS_ADD, [json.dumps(changed)])


@contextmanager
def triggers_off(conn: sqlite3.Connection, names: tuple[str, ...]) -> Iterator[None]:
    """Inside a write transaction: the triggers dropped, and made again from their own SQL after. They are gone only
    inside this transaction (schema changes are transactional: a rollback brings them back, and no other connection
    sees them missing, the write lock being ours)."""
    marks = ", ".join("?" for _ in names)
    sql = f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks}) ORDER BY name"
    triggers = conn.execute(sql, names).fetchall()
    if len(triggers) != len(names):
        raise StoreError("本地数据库的搜索索引触发器缺失", "the local database's search index triggers are missing")
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    yield
    for _name, trigger_sql in triggers:
        conn.execute(trigger_sql)
