"""Records that reference a blob (evidence photos, signature images, body-camera videos) and whether their file is on
the server yet.

The rule (docs/ARCHITECTURE.md, "Records before their files"): such a record is accepted before its bytes, so the
inspection reaches the server at once, but it is not final until the blob is complete and verified. Pull marks it
`blob_pending`; when the blob completes, its records move to the head of the change log so every device pulls them
again, now final.

Records also decide who may upload a blob and who may learn anything about it (docs/ARCHITECTURE.md, "Blobs owned"):
a blob is in a caller's scope when a live record referencing it is visible to the caller, and only the user who set
a record's `sha256` may declare an upload of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Index, literal_column, select, text
from sqlalchemy.orm import Session

from server.db.tables import BlobRow, RecordRow
from server.sync.records import FieldMark, RecordCache, lock_change_log
from server.sync.scope import Actor, Scope, hidden_entities, visible

BLOB_ENTITIES = frozenset({"evidence", "signatures", "recordings"})


def pending_blobs(session: Session, sha256s: Iterable[str]) -> set[str]:
    """The given blobs that are not complete on the server (unknown or still uploading)."""
    wanted = set(sha256s)
    if not wanted:
        return set()
    complete = session.scalars(
        select(BlobRow.sha256).where(BlobRow.sha256.in_(sorted(wanted)), BlobRow.complete.is_(True))
    )
    return wanted - set(complete)


@dataclass(frozen=True)
class BlobRef:
    """A live record referencing a blob: who set its `sha256`, the size it states (evidence only), its scope."""

    entity: str
    id: str
    author: str
    size: int | None
    scope: Scope


# The records referencing a blob, written as the partial index of migration 0005 is (the planner uses an expression
# index only for the same expression, and a partial one only for a literal condition).
# Body-camera files (recordings, issue 17) are few: found through the primary key's entity prefix, beside the index.
_REFERENCING = {
    "postgresql": "((records.entity IN ('evidence', 'signatures') AND (records.data ->> 'sha256') = :sha256)"
    " OR (records.entity = 'recordings' AND (records.data ->> 'sha256') = :sha256))",
    "sqlite": "((records.entity IN ('evidence', 'signatures') AND json_extract(records.data, '$.sha256') = :sha256)"
    " OR (records.entity = 'recordings' AND json_extract(records.data, '$.sha256') = :sha256))",
}


# Declared for the schema comparison of the migration tests; migration 0005 creates it on both databases.
Index(
    "ix_records_blob_sha256",
    RecordRow.__table__.c.data.op("->>")(literal_column("'sha256'")),
    postgresql_where=text("entity IN ('evidence', 'signatures')"),
)


def _referencing(session: Session, sha256: str) -> Any:
    return text(_REFERENCING[session.get_bind().dialect.name]).bindparams(sha256=sha256)


def visible_refs(session: Session, actor: Actor, sha256: str) -> list[BlobRef]:
    """The live records referencing the blob that `actor` may see."""
    rows = session.execute(
        select(RecordRow.entity, RecordRow.id, RecordRow.data, RecordRow.field_meta, RecordRow.district, RecordRow.team)
        .where(_referencing(session, sha256), RecordRow.deleted.is_(False))
        .order_by(RecordRow.entity, RecordRow.id)
    ).all()
    hidden = hidden_entities(actor)
    refs = []
    for row in rows:
        scope = Scope(row.district, row.team)
        if row.entity in hidden or not visible(actor, scope):
            continue
        mark = row.field_meta.get("sha256")
        author = FieldMark.of(mark).username if mark else ""
        refs.append(BlobRef(row.entity, row.id, author, row.data.get("size"), scope))
    return refs


def republish(session: Session, sha256: str) -> int:
    """Move the records referencing a just-completed blob to the head of the change log; returns how many."""
    lock_change_log(session)
    ids = session.execute(select(RecordRow.entity, RecordRow.id).where(_referencing(session, sha256))).all()
    cache = RecordCache(session)
    cache.load(ids)
    for key in ids:
        cache.put(cache.states[tuple(key)])
    cache.flush()
    return len(ids)
