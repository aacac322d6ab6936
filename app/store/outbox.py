"""The outbox as the sync engine sees it: ordered batches out, the server's answers applied.

An answered mutation leaves the outbox in the same transaction that applies its answer (new version, conflict kept
with both values, or the refusal noted), so a crash before that commit just sends the batch again, and the server
answers a mutation id it has seen with the same answer (idempotent). The functions here run inside the caller's
write transaction (`Store` opens it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils
from pydantic import ValidationError

from app.models import ENTITY_MODELS, new_id
from app.models.wire import Mutation, MutationResult
from app.store import uploads
from app.store.blobs import BlobStore
from app.store.rows import decode, dumps, to_row, utc_now
from app.store.sync_state import BLOB_ENTITIES, refresh, refresh_many

_NOT_SENT_FIELDS = frozenset({"id", "version", "updated_at"})


def next_batch(db: sqlite_utils.Database, limit: int, author: str | None) -> list[Mutation]:
    """The oldest unsent mutations in order, at most one per record (a second one waits for the first's version),
    skipping the parked ones (they stay, flagged, until someone fixes or exports them); a row no longer valid as a
    mutation is parked here. Only `author`'s: a change goes out under the name of the user who made it, never another's.
    Runs in the caller's write transaction."""
    rows = db.execute(
        "SELECT mutation_id, entity, record_id, op, base_version, fields FROM outbox"
        " WHERE last_error IS NULL AND author IS ? ORDER BY seq LIMIT ?",
        [author, limit],
    ).fetchall()
    batch: list[Mutation] = []
    seen: set[tuple[str, str]] = set()
    for mutation_id, entity, record_id, op, base, fields in rows:
        if (entity, record_id) in seen:
            break
        seen.add((entity, record_id))
        try:
            m = Mutation(
                mutation_id=mutation_id,
                entity=entity,
                id=record_id,
                op=op,
                base_version=base,
                fields=json.loads(fields),
            )
        except ValidationError as exc:  # no server would take it (an older version wrote it): parked, not retried
            _park_row(db, mutation_id, entity, record_id, f"invalid_record: {_unsendable(exc)}")
            continue
        batch.append(m)
    return batch


def _unsendable(exc: ValidationError) -> str:
    where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors()[:3])
    return f"本机记录无效，无法发送（{where}） / this device's change is invalid and cannot be sent ({where})"


def authors(db: sqlite_utils.Database) -> set[str]:
    return {a for (a,) in db.execute("SELECT DISTINCT author FROM outbox WHERE author IS NOT NULL").fetchall()}


def pending_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM outbox").fetchone()[0]


def mark_sending(db: sqlite_utils.Database, batch: list[Mutation]) -> None:
    for entity, ids in _by_entity((m.entity, m.id) for m in batch if m.op == "upsert").items():
        db.conn.executemany(f"UPDATE {entity} SET sync_state = 'sending' WHERE id = ?", ([i] for i in ids))


def _by_entity(keys: Iterable[tuple[str, Any]]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for entity, value in keys:
        grouped.setdefault(entity, []).append(value)
    return grouped


def apply_answers(
    db: sqlite_utils.Database, blobs: BlobStore, batch: list[Mutation], results: list[MutationResult]
) -> tuple[dict[str, int], list[str]]:
    """Apply the server's answers to a batch (one answer per mutation, checked by the caller).
    Returns the counts by status and the ids of the conflicts stored."""
    answers = {r.mutation_id: r for r in results}
    counts = {"accepted": 0, "conflict": 0, "rejected": 0}
    conflict_ids: list[str] = []
    accepted = [(m, answers[m.mutation_id]) for m in batch if answers[m.mutation_id].status == "accepted"]
    _accepted(db, blobs, accepted)  # in bulk: a batch holds one mutation per record, so none waits for another
    for m in batch:
        answer = answers[m.mutation_id]
        counts[answer.status] += 1
        if answer.status == "conflict":
            conflict_ids.append(_conflict(db, m, answer))
        elif answer.status == "rejected":
            _park_row(db, m.mutation_id, m.entity, m.id, f"{answer.error}: {answer.message}", refreshed=False)
    refresh_many(db, ((m.entity, m.id) for m in batch))
    return counts, conflict_ids


def park(db: sqlite_utils.Database, m: Mutation, reason: str) -> None:
    """Keep a refused mutation out of later batches with its reason ("code: 中文 / English") until the user acts."""
    _park_row(db, m.mutation_id, m.entity, m.id, reason)


def _park_row(
    db: sqlite_utils.Database, mutation_id: str, entity: str, record_id: str, reason: str, refreshed: bool = True
) -> None:
    db.execute("UPDATE outbox SET last_error = ?, attempts = attempts + 1 WHERE mutation_id = ?", [reason, mutation_id])
    if refreshed:
        refresh(db, entity, record_id)


def _accepted(db: sqlite_utils.Database, blobs: BlobStore, accepted: list[tuple[Mutation, MutationResult]]) -> None:
    """The accepted mutations leave the outbox; the records take the versions the server gave them."""
    db.conn.executemany("DELETE FROM outbox WHERE mutation_id = ?", ([m.mutation_id] for m, _a in accepted))
    versioned = [(m, a.version) for m, a in accepted if a.version is not None]
    # Later local changes of a record were made on top of this one, which the server now holds at `version`.
    db.conn.executemany(
        "UPDATE outbox SET base_version = ? WHERE entity = ? AND record_id = ?",
        ([version, m.entity, m.id] for m, version in versioned),
    )
    for entity, rows in _by_entity((m.entity, (v, m.id)) for m, v in versioned if m.op == "upsert").items():
        db.conn.executemany(f"UPDATE {entity} SET version = ? WHERE id = ?", rows)
    for m, _version in versioned:  # a file no record here names any more (deleted meanwhile) is not sent
        if m.entity in BLOB_ENTITIES and "sha256" in m.fields and uploads.named(db, m.fields["sha256"]):
            uploads.enqueue(db, blobs, m.fields["sha256"])


def _conflict(db: sqlite_utils.Database, m: Mutation, answer: MutationResult) -> str:
    """Keep both values; merge the rest. The mutation's non-conflicting fields go out again on the server's version
    (as a new mutation: its id is answered already), and later local changes drop the disputed fields."""
    server = answer.record or {}
    version = int(server.get("version", 0))
    model = ENTITY_MODELS[m.entity]
    row = next(db.query(f"SELECT * FROM {m.entity} WHERE id = ?", [m.id]), None)
    local = decode(model, row) if row else None
    disputed = ["deleted"] if m.op == "delete" else list(answer.conflict_fields)
    if m.op == "delete":
        mine, theirs = {"deleted": True}, {"deleted": False}
    else:
        source = local or m.fields
        mine = {f: source.get(f) for f in disputed}
        theirs = {f: server.get(f) for f in disputed}
    conflict_id = new_id()
    db.execute(
        "INSERT INTO conflicts (id, entity, record_id, local, server, fields, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [conflict_id, m.entity, m.id, dumps(mine), dumps(theirs), dumps(disputed), utc_now()],
    )
    pending = _pending_fields(db, m.entity, m.id)
    merged = {**server, **{f: local[f] for f in pending if local and f in local and f not in _NOT_SENT_FIELDS}}
    _write_row(db, model, {**merged, "id": m.id, "version": version})
    for seq, fields in db.execute(
        "SELECT seq, fields FROM outbox WHERE entity = ? AND record_id = ? ORDER BY seq", [m.entity, m.id]
    ).fetchall():
        kept = {f: v for f, v in json.loads(fields).items() if f not in disputed and server.get(f) != v}
        if set(kept) <= _NOT_SENT_FIELDS:
            db.execute("DELETE FROM outbox WHERE seq = ?", [seq])
        else:
            db.execute(
                "UPDATE outbox SET mutation_id = ?, base_version = ?, fields = ? WHERE seq = ?",
                [new_id(), version, dumps(kept), seq],
            )
    return conflict_id


def _pending_fields(db: sqlite_utils.Database, entity: str, record_id: str) -> set[str]:
    names: set[str] = set()
    for (fields,) in db.execute(
        "SELECT fields FROM outbox WHERE entity = ? AND record_id = ?", [entity, record_id]
    ).fetchall():
        names.update(json.loads(fields))
    return names


def _write_row(db: sqlite_utils.Database, model: type, data: dict[str, Any]) -> None:
    row = to_row(model.model_validate(data))
    names = list(row)
    db.execute(
        f"INSERT INTO {model.entity} ({', '.join(names)}, sync_state) VALUES ({', '.join('?' for _ in names)}, ?)"
        f" ON CONFLICT(id) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names if n != 'id')},"
        " sync_state = excluded.sync_state",
        [*row.values(), "conflict"],
    )
