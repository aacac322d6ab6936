"""A record's JSON field as text, written so the expression indexes on `records` serve lookups by it.

The planner uses an expression index only for the same expression, character for character once parsed, and a
JSON path given as a bound parameter (what `RecordRow.data[name].as_string()` compiles to) never matches one. So the
field name is a literal here: `(data ->> 'target_id')` on PostgreSQL, `json_extract(data, '$.target_id')` on
SQLite, the expressions of migration 0009. Each index leads with `entity`, so a lookup `entity = :e AND field IN
(...)` uses it whatever entity is asked for (a partial index would need the entity as a literal too).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from sqlalchemy import Index, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from server.db.tables import RecordRow

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
# The JSON fields with an index (migrations 0009, 0010): 申码's codes of a target and its unused short code, a
# plan's checklist items, the public page's code by short code; grading's records of a target and results of an
# inspection; the cases of a case number (server/case_rule.py).
INDEXED_FIELDS = ("target_id", "short_code", "checklist_id", "inspection_id", "case_no")


class JsonText(ColumnElement[str]):
    """`column ->> 'name'` (PostgreSQL) or `json_extract(column, '$.name')` (SQLite): a JSON field as text."""

    inherit_cache = True
    type = String()
    _traverse_internals: ClassVar[list[tuple[str, Any]]] = [
        ("column", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_string),
    ]

    def __init__(self, column: Any, name: str) -> None:
        if not _NAME.match(name):  # a literal in the SQL: plain names only
            raise ValueError(f"not a plain JSON field name: {name!r}")
        self.column = column
        self.name = name


@compiles(JsonText, "postgresql")
def _postgresql(element: JsonText, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.column, **kw)} ->> '{element.name}')"


@compiles(JsonText)
def _sqlite(element: JsonText, compiler: Any, **kw: Any) -> str:
    return f"json_extract({compiler.process(element.column, **kw)}, '$.{element.name}')"


def record_field(name: str) -> JsonText:
    """The records' JSON field `name` as text, as the indexes of migration 0009 are written."""
    return JsonText(RecordRow.__table__.c.data, name)


def index_name(name: str) -> str:
    return f"ix_records_{name}"


# Declared for the schema comparison of the migration tests; migrations 0009 and 0010 create them on both databases.
for _field in INDEXED_FIELDS:
    Index(index_name(_field), RecordRow.__table__.c.entity, record_field(_field))
