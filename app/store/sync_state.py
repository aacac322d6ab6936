"""A record's `sync_state` worked out from the bookkeeping tables: conflict, error (parked: refused for good),
local, sending or sent; for a photo or signature, `verified` once the server has received its file whole and checked
its hash (`sent` then means every byte went out but the server has not confirmed the check yet); and, for one pulled
from another device before its file reached the server, blob_pending ("photo not yet received")."""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from app.models.wire import Change

# records whose `sha256` names a file uploaded apart: a photo, a signature image, a body-camera video (执法记录仪)
BLOB_ENTITIES = ("evidence", "signatures", "recordings")


def refresh(db: sqlite_utils.Database, entity: str, record_id: str) -> None:
    """Set the record's state: an open conflict, a refused mutation, a queued one, a blob still uploading, or sent."""
    if db.execute(
        "SELECT 1 FROM conflicts WHERE entity = ? AND record_id = ? AND resolved_at IS NULL", [entity, record_id]
    ).fetchone():
        state = "conflict"
    elif db.execute(
        "SELECT 1 FROM outbox WHERE entity = ? AND record_id = ? AND last_error IS NOT NULL", [entity, record_id]
    ).fetchone():
        state = "error"
    elif db.execute("SELECT 1 FROM outbox WHERE entity = ? AND record_id = ?", [entity, record_id]).fetchone():
        state = "local"
    elif entity in BLOB_ENTITIES:
        state = _file_state(_upload_state(db, entity, record_id))
    else:
        state = "sent"
    db.execute(f"UPDATE {entity} SET sync_state = ? WHERE id = ?", [state, record_id])


_KEYS = "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)"  # (entity, id) pairs


def refresh_many(db: sqlite_utils.Database, keys: Iterable[tuple[str, str]]) -> None:
    """`refresh` for many records, (entity, id), in a few statements: one query each of conflicts and outbox for all
    of them, one executemany of the states per entity (a photo's or signature's file state read one by one)."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    pairs = json.dumps(keys)
    conflicted = set(
        db.execute(
            f"SELECT entity, record_id FROM conflicts WHERE resolved_at IS NULL AND (entity, record_id) IN ({_KEYS})",
            [pairs],
        ).fetchall()
    )
    queued = {
        (entity, record_id): bool(parked)
        for entity, record_id, parked in db.execute(
            "SELECT entity, record_id, max(last_error IS NOT NULL) FROM outbox"
            f" WHERE (entity, record_id) IN ({_KEYS}) GROUP BY entity, record_id",
            [pairs],
        ).fetchall()
    }
    states: dict[str, list[tuple[str, str]]] = {}
    for entity, record_id in keys:
        if (entity, record_id) in conflicted:
            state = "conflict"
        elif (entity, record_id) in queued:
            state = "error" if queued[(entity, record_id)] else "local"
        elif entity in BLOB_ENTITIES:
            state = _file_state(_upload_state(db, entity, record_id))
        else:
            state = "sent"
        states.setdefault(entity, []).append((state, record_id))
    for entity, rows in states.items():
        db.conn.executemany(f"UPDATE {entity} SET sync_state = ? WHERE id = ?", rows)


def pulled(change: Change) -> str:
    """The state of a record as pulled: sent; for a photo or signature verified (the server serves only files it
    has checked whole), or blob_pending while the server waits for its file."""
    if change.blob_pending:
        return "blob_pending"
    return "verified" if change.entity in BLOB_ENTITIES else "sent"


def _file_state(upload: tuple[str, int, int] | None) -> str:
    """A photo's or signature's state from its upload: verified once the server checked the file (or when no
    upload of ours is queued: the server had it already), error when parked, sent when every byte went out but the
    check is not confirmed yet, else sending."""
    if upload is None or upload[0] == "done":
        return "verified"
    state, offset, size = upload
    if state == "error":
        return "error"
    return "sent" if size and offset >= size else "sending"


def _upload_state(db: sqlite_utils.Database, entity: str, record_id: str) -> tuple[str, int, int] | None:
    row = db.execute(
        f"SELECT b.state, b.offset, b.size FROM {entity} e JOIN blob_uploads b ON b.sha256 = e.sha256 WHERE e.id = ?",
        [record_id],
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def refresh_blob_records(db: sqlite_utils.Database, sha256: str) -> list[tuple[str, str]]:
    """Refresh every evidence, signature and recording naming this blob; return them as (entity, id)."""
    found = []
    for entity in BLOB_ENTITIES:
        for (record_id,) in db.execute(f"SELECT id FROM {entity} WHERE sha256 = ?", [sha256]).fetchall():
            refresh(db, entity, record_id)
            found.append((entity, record_id))
    return found


def keep_local_states(db: sqlite_utils.Database, changes: Iterable[Change]) -> None:
    """A pulled record keeps what this device knows better than the server's copy: an open conflict (both values
    live on in `conflicts`) or a file of ours not yet verified there (still sending, or parked)."""
    open_ = set(db.execute("SELECT entity, record_id FROM conflicts WHERE resolved_at IS NULL").fetchall())
    unsent = {sha for (sha,) in db.execute("SELECT sha256 FROM blob_uploads WHERE state != 'done'").fetchall()}
    for change in changes:
        if change.deleted:
            continue
        if (change.entity, change.id) in open_ or (
            change.entity in BLOB_ENTITIES and change.data.get("sha256") in unsent
        ):
            refresh(db, change.entity, change.id)


VISIT_ENTITIES = ("inspections", "item_results", "evidence", "signatures", "amendments", "recordings")


def visit_rollup(db: sqlite_utils.Database, inspection_id: str) -> dict[tuple[str, str], int]:
    """How many records of one visit are in each state, by (kind, state): kind "file" for photos and signatures
    (their files travel apart), "record" for the rest."""
    counts: dict[tuple[str, str], int] = {}
    for entity in VISIT_ENTITIES:
        key = "id" if entity == "inspections" else "inspection_id"
        kind = "file" if entity in BLOB_ENTITIES else "record"
        for state, count in db.execute(
            f"SELECT sync_state, count(*) FROM {entity} WHERE {key} = ? GROUP BY sync_state", [inspection_id]
        ).fetchall():
            counts[(kind, state)] = counts.get((kind, state), 0) + count
    return counts
