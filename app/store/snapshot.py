"""A first sync copied from a server-made snapshot (issue 18): one transaction instead of a record at a time.

The server makes the snapshot with this very package (server/sync/snapshot.py: a plain store of the same schema
version, filled by `Store.apply_pull_page` from the caller's pull pages), so its tables are what a paged first sync
would have written here, row for row, sync states included. Copying them is a handful of `INSERT … SELECT`s: no
JSON, no validation, no row making on the laptop. The search index of targets is built once after the copy, its
row-by-row triggers off meanwhile (the same trade as `remote.search_index_in_bulk`).

Only an empty store takes one: no cursor, nothing in the outbox, no record of any entity. Anything else (a file of
another schema version, a table whose columns differ, a file that is not a database) is refused with nothing
written, and the caller pulls by pages as before.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from app.models import ENTITY_MODELS
from app.store.errors import StoreError
from app.store.migrations import SCHEMA_VERSION
from app.store.remote import FTS_TRIGGERS, triggers_off

SCHEMA = "snapshot"  # the name the file is attached under
SUFFIX = ".snapshot"  # the file waits beside the store (its private folder) while it is copied, removed after
_FTS_ALL = (
    "INSERT INTO targets_fts(rowid, name, address, credit_code) SELECT rowid, name, address, credit_code FROM targets"
)


def welcome(conn: sqlite3.Connection, cursor: int) -> bool:
    """Whether this store may take a snapshot: never pulled, nothing unsent, no record at all."""
    if cursor != 0 or conn.execute("SELECT 1 FROM outbox LIMIT 1").fetchone():
        return False
    return not any(conn.execute(f"SELECT 1 FROM {entity} LIMIT 1").fetchone() for entity in ENTITY_MODELS)


def attach(conn: sqlite3.Connection, path: Path, cipher: bool) -> None:
    """Attach the snapshot file (plain SQLite; `KEY ''` tells SQLCipher so). Outside any transaction."""
    key = " KEY ''" if cipher else ""
    try:
        conn.execute(f"ATTACH DATABASE ? AS {SCHEMA}{key}", [str(path)])
        version = conn.execute(f"PRAGMA {SCHEMA}.user_version").fetchone()[0]
    except (sqlite3.DatabaseError, sqlcipher.DatabaseError) as exc:
        detach(conn)
        raise _refused(f"不是有效的数据库（{exc}）", f"not a valid database ({exc})") from exc
    if version != SCHEMA_VERSION:
        detach(conn)
        raise _refused(
            f"其数据版本为 {version}，本机为 {SCHEMA_VERSION}", f"it is of schema {version}, ours {SCHEMA_VERSION}"
        )


def detach(conn: sqlite3.Connection) -> None:
    attached = {row[1] for row in conn.execute("PRAGMA database_list")}
    if SCHEMA in attached:
        conn.execute(f"DETACH DATABASE {SCHEMA}")


def copy(conn: sqlite3.Connection) -> tuple[int, dict[str, list[str]]]:
    """Inside the caller's write transaction: every entity table copied from the attached snapshot, the search index
    built; the snapshot's pull cursor and the ids copied per entity (for the change notification)."""
    row = conn.execute(f"SELECT value FROM {SCHEMA}.sync_meta WHERE key = 'pull_cursor'").fetchone()
    if row is None or not str(row[0]).isdigit():
        raise _refused("其中没有同步位置", "it holds no pull cursor")
    copied: dict[str, list[str]] = {}
    with triggers_off(conn, FTS_TRIGGERS):
        for entity in ENTITY_MODELS:
            columns = _columns(conn, "main", entity)
            if _columns(conn, SCHEMA, entity) != columns:
                raise _refused(f"表 {entity} 的结构与本机不同", f"its table {entity} differs from ours")
            names = ", ".join(columns)
            conn.execute(f"INSERT INTO main.{entity} ({names}) SELECT {names} FROM {SCHEMA}.{entity}")
            copied[entity] = [r[0] for r in conn.execute(f"SELECT id FROM main.{entity}")]
        conn.execute(_FTS_ALL)
    return int(row[0]), copied


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def _refused(zh: str, en: str) -> StoreError:
    return StoreError(
        f"服务器的快照不能使用：{zh}；改为逐页同步", f"the server's snapshot cannot be used: {en}; pulling by pages"
    )
