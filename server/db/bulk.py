"""Many rows in one statement through the driver's executemany, the rows' values converted here in one pass.

SQLAlchemy's Core executemany converts each row's values through the column types' processors, one call per value,
and encodes JSON with the standard library: for a push of 500 records that was a third of its time. Here the
statement is compiled once per dialect and set of keys, JSON columns are encoded by orjson, and the other columns
keep the dialect's own processors (SQLite's text datetimes and integer booleans; PostgreSQL's `::JSON` casts are in
the compiled SQL). `dumps` and `loads` are also the engine's JSON serializer and deserializer (server/db/engine.py),
so every JSON value the server stores is written one way.

`one_of` is the read side's counterpart: `column IN (values)` with the whole list as one parameter, compiled per
dialect (`OneOf`), so no caller names its database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, ClassVar

import orjson
from sqlalchemy import JSON, Boolean, ColumnElement, String, TypeDecorator, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import ARRAY, TypeEngine

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


class IdList(TypeDecorator[list[str]]):
    """A list of text values bound as one parameter: an array on PostgreSQL, a JSON array's text elsewhere."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(ARRAY(String) if dialect.name == "postgresql" else String())

    def process_bind_param(self, value: list[str] | None, dialect: Dialect) -> Any:
        return value if dialect.name == "postgresql" else dumps(value)


class OneOf(ColumnElement[bool]):
    """`column IN (values)` for text values, the list bound as one parameter and read as a table: `unnest` of an
    array on PostgreSQL, `json_each` of a JSON array on SQLite (compiled below, per dialect). The statement's text is
    the same for any number of values, so it is compiled, parsed and planned once, where an IN list is rendered and
    parsed anew for every length (a push asks for hundreds of keys at a time), and no list meets a limit on bound
    parameters.

    Not `= ANY(array)` on PostgreSQL: with a table's statistics behind its growth (a user's mutations during a
    large import) its plan filtered every row of the user against the whole array, 60 ms for 500 ids among 10,000;
    as a semi-join the array is hashed or probed, never scanned per row."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a condition as it is: no `= 1` where booleans are integers (SQLite)
    _traverse_internals: ClassVar[list[tuple[str, Any]]] = [
        ("column", InternalTraversal.dp_clauseelement),
        ("values", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, values: Sequence[str]) -> None:
        self.column = column
        self.values = bindparam(None, list(values), type_=IdList())


@compiles(OneOf, "postgresql")
def _one_of_postgresql(element: OneOf, compiler: Any, **kw: Any) -> str:
    return f"{compiler.process(element.column, **kw)} IN (SELECT unnest({compiler.process(element.values, **kw)}))"


@compiles(OneOf)
def _one_of_sqlite(element: OneOf, compiler: Any, **kw: Any) -> str:
    values = compiler.process(element.values, **kw)
    return f"{compiler.process(element.column, **kw)} IN (SELECT value FROM json_each({values}))"


def one_of(column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    """`column IN (values)`, the list one parameter (`OneOf`)."""
    return OneOf(column, values)
