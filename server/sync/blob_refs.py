"""Records that reference a blob (evidence photos, signature images) and whether their file is on the server yet.

The rule (docs/ARCHITECTURE.md, "Records before their files"): such a record is accepted before its bytes, so the
inspection reaches the server at once, but it is not final until the blob is complete and verified. Pull marks it
`blob_pending`; when the blob completes, its records move to the head of the change log so every device pulls them
again, now final.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.tables import BlobRow, RecordRow
from server.sync.records import RecordCache, lock_change_log

BLOB_ENTITIES = frozenset({"evidence", "signatures"})


def pending_blobs(session: Session, sha256s: Iterable[str]) -> set[str]:
    """The given blobs that are not complete on the server (unknown or still uploading)."""
    wanted = set(sha256s)
    if not wanted:
        return set()
    complete = session.scalars(
        select(BlobRow.sha256).where(BlobRow.sha256.in_(sorted(wanted)), BlobRow.complete.is_(True))
    )
    return wanted - set(complete)


def mark_pending(session: Session, changes: list[dict[str, Any]]) -> None:
    """Set `blob_pending` on every pulled change (True for a live record whose blob is not complete)."""
    refs = [c["data"].get("sha256") if c["entity"] in BLOB_ENTITIES and not c["deleted"] else None for c in changes]
    pending = pending_blobs(session, filter(None, refs))
    for change, sha256 in zip(changes, refs, strict=True):
        change["blob_pending"] = sha256 in pending


def republish(session: Session, sha256: str) -> int:
    """Move the records referencing a just-completed blob to the head of the change log; returns how many."""
    lock_change_log(session)
    ids = session.execute(
        select(RecordRow.entity, RecordRow.id).where(
            RecordRow.entity.in_(sorted(BLOB_ENTITIES)), RecordRow.data["sha256"].as_string() == sha256
        )
    ).all()
    cache = RecordCache(session)
    cache.load(ids)
    for key in ids:
        cache.put(cache.states[tuple(key)])
    cache.flush()
    return len(ids)
