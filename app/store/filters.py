"""`Store.find` filters as SQL: field names checked against the model, values always bound, never spliced."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any

from app.models import Record
from app.store.errors import StoreError

_CHUNK = 500  # ids per query: well under SQLite's bound-parameter limit


class _Present:
    def __repr__(self) -> str:
        return "PRESENT"


PRESENT = _Present()  # matches a field that holds any value (IS NOT NULL)
_MANY = (list, tuple, set, frozenset)


def _param(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return int(value) if isinstance(value, bool) else value


def clauses(model: type[Record], match: Mapping[str, Any]) -> Iterator[tuple[str | None, list[Any]]]:
    """(where, params) for each query `find` runs: one, or one per chunk of the longest list of values."""
    unknown = set(match) - set(model.model_fields)
    if unknown:
        raise StoreError(f"未知字段：{', '.join(sorted(unknown))}", f"unknown fields: {', '.join(sorted(unknown))}")
    lists = {name: list(dict.fromkeys(v)) for name, v in match.items() if isinstance(v, _MANY)}
    longest = max(lists, key=lambda name: len(lists[name]), default=None)
    chunks = [lists[longest][i : i + _CHUNK] for i in range(0, len(lists[longest]), _CHUNK)] if longest else [[]]
    for chunk in chunks or [[]]:
        parts, params = [], []
        for name, value in match.items():
            if value is None:
                parts.append(f"{name} IS NULL")
            elif value is PRESENT:
                parts.append(f"{name} IS NOT NULL")
            elif isinstance(value, _MANY):
                values = chunk if name == longest else lists[name]
                parts.append(f"{name} IN ({', '.join('?' for _ in values)})" if values else "0")
                params += [_param(v) for v in values]
            else:
                parts.append(f"{name} = ?")
                params.append(_param(value))
        yield (" AND ".join(parts) or None), params
