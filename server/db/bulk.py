"""Many rows in one statement through the driver's executemany, the rows' values converted here in one pass.

SQLAlchemy's Core executemany converts each row's values through the column types' processors, one call per value,
and encodes JSON with the standard library: for a push of 500 records that was a third of its time. Here the
statement is compiled once per dialect and set of keys, JSON columns are encoded by orjson, and the other columns
keep the dialect's own processors (SQLite's text datetimes and integer booleans; PostgreSQL's `::JSON` casts are in
the compiled SQL). `dumps` and `loads` are also the engine's JSON serializer and deserializer (server/db/engine.py),
so every JSON value the server stores is written one way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import orjson
from sqlalchemy import JSON
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase

Convert = Callable[[Any], Any] | None


def dumps(value: Any) -> str:
    """JSON text, as compact as json.dumps(separators=(",", ":"), ensure_ascii=False) would write it."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def loads(text: str | bytes) -> Any:
    if not isinstance(text, str | bytes):  # SQLite hands back a JSON number stored alone as a number (NUMERIC
        raise TypeError(f"not JSON text: {type(text).__name__}")  # affinity); SQLAlchemy expects json's TypeError
    return orjson.loads(text)


def execute_many(session: Session, statement: UpdateBase, rows: Sequence[dict[str, Any]]) -> None:
    """Run `statement` (an insert or an update with bind parameters) once per row; every row has the same keys."""
    if not rows:
        return
    connection = session.connection()
    sql, positional, converts = _compiled(connection.dialect, statement, tuple(rows[0]))
    if positional:  # SQLite's qmark: tuples in the statement's order
        params: list[Any] = [tuple(f(row[k]) if f else row[k] for k, f in converts) for row in rows]
    else:  # psycopg's pyformat: dicts
        params = [{k: (f(row[k]) if f else row[k]) for k, f in converts} for row in rows]
    connection.exec_driver_sql(sql, params)


@cache
def _compiled(
    dialect: Dialect, statement: UpdateBase, keys: tuple[str, ...]
) -> tuple[str, bool, tuple[tuple[str, Convert], ...]]:
    """The SQL, whether its parameters are positional, and each parameter's key and conversion (in the statement's
    order when positional)."""
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    names = compiled.positiontup if compiled.positional else keys
    converts = []
    for name in names or ():
        kind = compiled.binds[name].type
        convert = dumps if isinstance(kind, JSON) else kind.dialect_impl(dialect).bind_processor(dialect)
        converts.append((name, convert))
    return str(compiled), compiled.positional, tuple(converts)
