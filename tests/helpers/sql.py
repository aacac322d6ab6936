"""Raw SQL on a store's file for tests that set up or check what no Store method offers (the store keeps its own
connection private). A connection of the test's own, committed and closed at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from typing import Any

from app.store import Store


def sql(store: Store, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run one statement on the store's file; return its rows."""
    with closing(sqlite3.connect(store.path)) as conn:
        rows = conn.execute(statement, params).fetchall()
        conn.commit()
        return rows


def one(store: Store, statement: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row."""
    return sql(store, statement, params)[0][0]
