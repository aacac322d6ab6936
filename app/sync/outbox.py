"""The outbox as the sync engine sees it: ordered batches out, the server's answers applied in one transaction.

An answered mutation leaves the outbox in the same transaction that applies its answer (new version, conflict kept
with both values, or the refusal noted), so a crash before that commit just sends the batch again, and the server
answers a mutation id it has seen with the same answer (idempotent).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from app.models import ENTITY_MODELS, new_id
from app.models.wire import Change, Mutation, MutationResult
from app.store import Store
from app.store.rows import decode, dumps, to_row
from app.sync.errors import ServerError

BLOB_ENTITIES = ("evidence", "signatures")  # records whose `sha256` names a photo or signature image
_NOT_SENT_FIELDS = frozenset({"id", "version", "updated_at"})


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def next_batch(store: Store, limit: int) -> list[Mutation]:
    """The oldest unsent mutations in order, at most one per record (a second one waits for the first's version),
    skipping the ones the server refused (they stay, flagged, until someone fixes or exports them)."""
    rows = store.db.execute(
        "SELECT mutation_id, entity, record_id, op, base_version, fields FROM outbox"
        " WHERE last_error IS NULL ORDER BY seq LIMIT ?",
        [limit],
    ).fetchall()
    batch: list[Mutation] = []
    seen: set[tuple[str, str]] = set()
    for mutation_id, entity, record_id, op, base, fields in rows:
        if (entity, record_id) in seen:
            break
        seen.add((entity, record_id))
        batch.append(
            Mutation(
                mutation_id=mutation_id,
                entity=entity,
                id=record_id,
                op=op,
                base_version=base,
                fields=json.loads(fields),
            )
        )
    return batch


def pending_count(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM outbox").fetchone()[0]


def mark_sending(store: Store, batch: list[Mutation]) -> None:
    for m in batch:
        if m.op == "upsert":
            store.db.execute(f"UPDATE {m.entity} SET sync_state = 'sending' WHERE id = ?", [m.id])


def apply_answers(
    store: Store, batch: list[Mutation], results: list[MutationResult]
) -> tuple[dict[str, int], list[str]]:
    """Apply the server's answers to a batch; the caller holds the write transaction.
    Returns the counts by status and the ids of the conflicts stored."""
    answers = {r.mutation_id: r for r in results}
    if set(answers) != {m.mutation_id for m in batch}:
        raise ServerError("服务器的回答与所发修改不对应", "the server's answers do not match the mutations sent")
    counts = {"accepted": 0, "conflict": 0, "rejected": 0}
    conflict_ids: list[str] = []
    for m in batch:
        answer = answers[m.mutation_id]
        counts[answer.status] += 1
        if answer.status == "accepted":
            _accepted(store, m, answer)
        elif answer.status == "conflict":
            conflict_ids.append(_conflict(store, m, answer))
        else:
            store.db.execute(
                "UPDATE outbox SET last_error = ?, attempts = attempts + 1 WHERE mutation_id = ?",
                [f"{answer.error}: {answer.message}", m.mutation_id],
            )
        refresh_state(store, m.entity, m.id)
    return counts, conflict_ids


def _accepted(store: Store, m: Mutation, answer: MutationResult) -> None:
    store.db.execute("DELETE FROM outbox WHERE mutation_id = ?", [m.mutation_id])
    if answer.version is None:
        return
    # Later local changes of the record were made on top of this one, which the server now holds at `version`.
    store.db.execute(
        "UPDATE outbox SET base_version = ? WHERE entity = ? AND record_id = ?", [answer.version, m.entity, m.id]
    )
    if m.op == "upsert":
        store.db.execute(f"UPDATE {m.entity} SET version = ? WHERE id = ?", [answer.version, m.id])
    if m.entity in BLOB_ENTITIES and "sha256" in m.fields:
        enqueue_blob(store, m.fields["sha256"])


def enqueue_blob(store: Store, sha256: str) -> None:
    path = store.blobs.path(sha256)
    if path.is_file():
        store.db.execute(
            "INSERT OR IGNORE INTO blob_uploads (sha256, size, offset, state) VALUES (?, ?, 0, 'pending')",
            [sha256, path.stat().st_size],
        )
    else:
        store.db.execute(
            "INSERT OR IGNORE INTO blob_uploads (sha256, size, offset, state, last_error)"
            " VALUES (?, 0, 0, 'error', 'missing locally')",
            [sha256],
        )


def _conflict(store: Store, m: Mutation, answer: MutationResult) -> str:
    """Keep both values; merge the rest. The mutation's non-conflicting fields go out again on the server's version
    (as a new mutation: its id is answered already), and later local changes drop the disputed fields."""
    server = answer.record or {}
    version = int(server.get("version", 0))
    model = ENTITY_MODELS[m.entity]
    row = next(store.db.query(f"SELECT * FROM {m.entity} WHERE id = ?", [m.id]), None)
    local = decode(model, row) if row else None
    disputed = ["deleted"] if m.op == "delete" else list(answer.conflict_fields)
    if m.op == "delete":
        mine, theirs = {"deleted": True}, {"deleted": False}
    else:
        source = local or m.fields
        mine = {f: source.get(f) for f in disputed}
        theirs = {f: server.get(f) for f in disputed}
    conflict_id = new_id()
    store.db.execute(
        "INSERT INTO conflicts (id, entity, record_id, local, server, fields, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [conflict_id, m.entity, m.id, dumps(mine), dumps(theirs), dumps(disputed), _now()],
    )
    pending = _pending_fields(store, m.entity, m.id)
    merged = {**server, **{f: local[f] for f in pending if local and f in local and f not in _NOT_SENT_FIELDS}}
    _write_row(store, model, {**merged, "id": m.id, "version": version})
    for seq, fields in store.db.execute(
        "SELECT seq, fields FROM outbox WHERE entity = ? AND record_id = ? ORDER BY seq", [m.entity, m.id]
    ).fetchall():
        kept = {f: v for f, v in json.loads(fields).items() if f not in disputed and server.get(f) != v}
        if set(kept) <= _NOT_SENT_FIELDS:
            store.db.execute("DELETE FROM outbox WHERE seq = ?", [seq])
        else:
            store.db.execute(
                "UPDATE outbox SET mutation_id = ?, base_version = ?, fields = ? WHERE seq = ?",
                [new_id(), version, dumps(kept), seq],
            )
    return conflict_id


def _pending_fields(store: Store, entity: str, record_id: str) -> set[str]:
    names: set[str] = set()
    for (fields,) in store.db.execute(
        "SELECT fields FROM outbox WHERE entity = ? AND record_id = ?", [entity, record_id]
    ).fetchall():
        names.update(json.loads(fields))
    return names


def _write_row(store: Store, model: type, data: dict[str, Any]) -> None:
    row = to_row(model.model_validate(data))
    names = list(row)
    store.db.execute(
        f"INSERT INTO {model.entity} ({', '.join(names)}, sync_state) VALUES ({', '.join('?' for _ in names)}, ?)"
        f" ON CONFLICT(id) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names if n != 'id')},"
        " sync_state = excluded.sync_state",
        [*row.values(), "conflict"],
    )


def keep_conflict_states(store: Store, changes: list[Change]) -> None:
    """A pulled record with an open conflict stays marked as one (both values live on in `conflicts`)."""
    open_ = set(store.db.execute("SELECT entity, record_id FROM conflicts WHERE resolved_at IS NULL").fetchall())
    for change in changes:
        if (change.entity, change.id) in open_ and not change.deleted:
            refresh_state(store, change.entity, change.id)


def refresh_state(store: Store, entity: str, record_id: str) -> None:
    """A record's sync state from its bookkeeping: conflict, error, local (queued), sending (blob), or sent."""
    db = store.db
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
    elif (
        entity in BLOB_ENTITIES
        and db.execute(
            f"SELECT 1 FROM {entity} e JOIN blob_uploads b ON b.sha256 = e.sha256 WHERE e.id = ? AND b.state != 'done'",
            [record_id],
        ).fetchone()
    ):
        state = "sending"
    else:
        state = "sent"
    db.execute(f"UPDATE {entity} SET sync_state = ? WHERE id = ?", [state, record_id])
