"""Records ↔ table rows: list fields are JSON text, booleans 0/1, dates and times ISO text."""

from __future__ import annotations

import json
import typing
from datetime import UTC, datetime
from functools import cache
from typing import Any

from app.models import Record

LOCAL_COLUMNS = ("sync_state",)


@cache
def json_fields(model: type[Record]) -> frozenset[str]:
    """The fields stored as JSON text: those whose type is a list or a dict."""
    names = set()
    for name, info in model.model_fields.items():
        kinds = [info.annotation, *typing.get_args(info.annotation)]  # `list[str] | None` counts too
        origins = {typing.get_origin(kind) for kind in kinds}
        if origins & {list, dict}:
            names.add(name)
    return frozenset(names)


@cache
def bool_fields(model: type[Record]) -> frozenset[str]:
    return frozenset(name for name, info in model.model_fields.items() if info.annotation is bool)


def utc_now() -> str:
    """Now in UTC as ISO text with a Z, as the bookkeeping tables keep their times."""
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # json.dumps' own encoder, made once


def dumps(value: Any) -> str:
    """Compact JSON text, non-ASCII kept (what json.dumps(value, ensure_ascii=False, separators=(",", ":")) gives)."""
    return _ENCODE(value)


def to_row(record: Record) -> dict[str, Any]:
    """The record as column values (without sync_state)."""
    data = record.model_dump(mode="json")
    for name in json_fields(type(record)):
        data[name] = dumps(data[name])
    return data


def decode(model: type[Record], row: dict[str, Any]) -> dict[str, Any]:
    """A row as plain Python values: JSON decoded, booleans as bool; local columns kept."""
    out = dict(row)
    for name in json_fields(model):
        if out.get(name) is not None:
            out[name] = json.loads(out[name])
    for name in bool_fields(model):
        if name in out:
            out[name] = bool(out[name])
    return out


def from_row(model: type[Record], row: dict[str, Any]) -> Record:
    data = decode(model, row)
    for name in LOCAL_COLUMNS:
        data.pop(name, None)
    return model.model_validate(data)


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Fields whose stored value differs; updated_at alone is not a change worth sending."""
    return [k for k, v in new.items() if k not in ("updated_at", "version") and old.get(k) != v]
