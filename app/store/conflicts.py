"""`conflicts`: both values of every disputed field, kept until the user chooses one (the choice is a saved change), or
until the server settles it and the device learns so by pull (`settled_by_pull`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlite_utils

from app.models.wire import Change
from app.store.rows import utc_now

Choice = Literal["local", "server"]


@dataclass(frozen=True)
class Conflict:
    id: str
    entity: str
    record_id: str
    fields: list[str]
    local: dict[str, Any]
    server: dict[str, Any]
    created_at: str

    def chosen(self, choices: dict[str, Choice]) -> dict[str, Any]:
        """The value picked for every disputed field."""
        return {f: (self.local if choices[f] == "local" else self.server)[f] for f in self.fields}


def open_conflicts(db: sqlite_utils.Database) -> list[Conflict]:
    rows = db.execute(
        "SELECT id, entity, record_id, fields, local, server, created_at FROM conflicts"
        " WHERE resolved_at IS NULL ORDER BY created_at, id"
    ).fetchall()
    return [Conflict(i, e, r, json.loads(f), json.loads(loc), json.loads(srv), c) for i, e, r, f, loc, srv, c in rows]


def mark_resolved(db: sqlite_utils.Database, conflict_id: str) -> None:
    db.execute("UPDATE conflicts SET resolved_at = ? WHERE id = ?", [utc_now(), conflict_id])


def settled_by_pull(db: sqlite_utils.Database, changes: Sequence[Change]) -> list[tuple[str, str, str]]:
    """Close the open conflicts a pulled page settles; return them as (conflict id, entity, record id).

    Call before the page is applied: it compares with the version held here, which is the server's version the
    conflict was raised against (or a later one of our own accepted writes). A pulled version newer than that, whose
    every disputed field holds one of the two values, means the server moved on past the disagreement: a team lead
    resolved it in the inbox (`POST /api/conflicts/{id}/resolve` always writes a new version, in the lead's name,
    for `kept` as for `other`), or the record was written since. The device's copy then agrees with the server and
    the conflict closes here; the value the server did not keep stays in the lead's inbox (`field_history`) until
    the lead chooses. A third value, a deletion, or the disputed version pulled again leave it open.
    """
    if not changes:
        return []
    open_ = {}
    for conflict in open_conflicts(db):
        open_.setdefault((conflict.entity, conflict.record_id), []).append(conflict)
    settled = []
    for change in changes:
        found = open_.get((change.entity, change.id))
        if not found or change.deleted:
            continue
        row = db.execute(f"SELECT version FROM {change.entity} WHERE id = ?", [change.id]).fetchone()
        if row is None or change.version <= row[0]:
            continue
        for conflict in found:
            if conflict.fields == ["deleted"]:
                continue
            if all(change.data.get(f) in (conflict.local.get(f), conflict.server.get(f)) for f in conflict.fields):
                mark_resolved(db, conflict.id)
                settled.append((conflict.id, conflict.entity, conflict.record_id))
    return settled
