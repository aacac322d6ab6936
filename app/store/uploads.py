"""`blob_uploads`: which photo and signature files still go to the server, and how far each upload got."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from app.store.blobs import BlobStore
from app.store.sync_state import BLOB_ENTITIES, refresh_blob_records


@dataclass(frozen=True)
class Upload:
    sha256: str
    size: int
    offset: int


@dataclass(frozen=True)
class ParkedUpload:
    """A file the server refused for a reason retrying will not fix (too large, hash mismatch), or missing here."""

    sha256: str
    size: int
    reason: str  # "code: 中文 / English"


def pending(db: sqlite_utils.Database) -> list[Upload]:
    rows = db.execute(
        "SELECT sha256, size, offset FROM blob_uploads WHERE state IN ('pending', 'uploading') ORDER BY rowid"
    ).fetchall()
    return [Upload(*row) for row in rows]


def parked(db: sqlite_utils.Database) -> list[ParkedUpload]:
    rows = db.execute(
        "SELECT sha256, size, coalesce(last_error, '') FROM blob_uploads WHERE state = 'error' ORDER BY rowid"
    ).fetchall()
    return [ParkedUpload(*row) for row in rows]


def park(db: sqlite_utils.Database, sha256: str, reason: str) -> list[tuple[str, str]]:
    """Stop trying a file the server refused; the records naming it are parked with the reason (returned)."""
    db.execute(
        "UPDATE blob_uploads SET state = 'error', last_error = ?,"
        " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE sha256 = ?",
        [reason, sha256],
    )
    return refresh_blob_records(db, sha256)


def pending_bytes(db: sqlite_utils.Database) -> int:
    row = db.execute(
        "SELECT coalesce(sum(size - offset), 0) FROM blob_uploads WHERE state IN ('pending', 'uploading')"
    ).fetchone()
    return int(row[0])


def unverified_count(db: sqlite_utils.Database) -> int:
    """Files the server has not verified yet (pending, uploading or failed)."""
    return int(db.execute("SELECT count(*) FROM blob_uploads WHERE state != 'done'").fetchone()[0])


def enqueue(db: sqlite_utils.Database, blobs: BlobStore, sha256: str) -> None:
    """Queue a file for upload once; a file missing on this device is queued as failed, never silently dropped."""
    if blobs.has(sha256):
        db.execute(
            "INSERT OR IGNORE INTO blob_uploads (sha256, size, offset, state) VALUES (?, ?, 0, 'pending')",
            [sha256, blobs.size(sha256)],
        )
    else:
        db.execute(
            "INSERT OR IGNORE INTO blob_uploads (sha256, size, offset, state, last_error)"
            " VALUES (?, 0, 0, 'error', 'missing locally')",
            [sha256],
        )


def progress(db: sqlite_utils.Database, sha256: str, offset: int) -> list[tuple[str, str]]:
    """How far the server is known to hold the file; once every byte is there (not yet confirmed as checked), the
    records naming it are refreshed to `sent` and returned."""
    db.execute(
        "UPDATE blob_uploads SET offset = ?, state = 'uploading', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
        " WHERE sha256 = ?",
        [offset, sha256],
    )
    whole = db.execute("SELECT 1 FROM blob_uploads WHERE sha256 = ? AND size > 0 AND offset >= size", [sha256])
    return refresh_blob_records(db, sha256) if whole.fetchone() else []


def done(db: sqlite_utils.Database, sha256: str) -> list[tuple[str, str]]:
    """The server verified the file: the upload is done and the records naming it are verified (returned)."""
    db.execute("UPDATE blob_uploads SET offset = size, state = 'done', last_error = NULL WHERE sha256 = ?", [sha256])
    return refresh_blob_records(db, sha256)


def named(db: sqlite_utils.Database, sha256: str) -> bool:
    """A photo, signature or recording on this device names the file."""
    return any(
        db.execute(f"SELECT 1 FROM {entity} WHERE sha256 = ? LIMIT 1", [sha256]).fetchone() for entity in BLOB_ENTITIES
    )


def forget(db: sqlite_utils.Database, sha256: str) -> bool:
    """Drop the file's queued upload once no record here names it (its record deleted); True when nothing names it
    (the caller may remove the file itself). A chunk of it in flight is then acknowledged into nothing."""
    if named(db, sha256):
        return False
    db.execute("DELETE FROM blob_uploads WHERE sha256 = ?", [sha256])
    return True
