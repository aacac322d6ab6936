"""Write transactions: BEGIN IMMEDIATE at the top level, savepoints inside, so that a read-then-write never meets
another connection's writer half-way (WAL would answer SQLITE_BUSY_SNAPSHOT, which no busy timeout cures)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils


@contextmanager
def immediate(db: sqlite_utils.Database) -> Iterator[None]:
    """One write transaction; nested calls become savepoints (sqlite-utils' atomic())."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


@contextmanager
def without_foreign_keys(db: sqlite_utils.Database) -> Iterator[None]:
    """Pulled pages may bring children before parents; the pragma only works outside a transaction."""
    db.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.conn.execute("PRAGMA foreign_keys = ON")
