"""Work the server refused for good (parked): exported so logout is never refused for ever.

A parked change or photo cannot be sent as it is (the server's reason says why), so "sync first" cannot end the
session. Logout then takes a folder: every parked change with its reason and every parked photo file are copied
there for the team lead, and the session ends. The parked work stays in this store, which stays its author's: no
other user may sign in on it while it holds unsent work (app/sync/auth.py).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from app.store import Store

EXPORT_NAME = "parked.json"


def parked_count(store: Store) -> int:
    return len(store.parked_changes()) + len(store.parked_uploads())


def export_parked(store: Store, folder: Path, username: str) -> Path:
    """Write `parked.json` (each refused change and photo with the server's reason) and the photo files into
    `folder`; return the JSON file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for upload in store.parked_uploads():
        copied = store.blobs.has(upload.sha256)
        if copied:  # the plaintext: the lead opens it without this device's key
            with store.blobs.open(upload.sha256) as source, open(folder / upload.sha256, "wb") as out:
                shutil.copyfileobj(source, out)
        photos.append({"sha256": upload.sha256, "size": upload.size, "reason": upload.reason, "copied": copied})
    changes = [
        {k: row[k] for k in ("mutation_id", "entity", "record_id", "op", "base_version", "fields", "created_at")}
        | {"reason": row["last_error"]}
        for row in store.parked_changes()
    ]
    document = {
        "username": username,
        "exported_at": datetime.now(UTC).isoformat(),
        "changes": changes,
        "photos": photos,
    }
    target = folder / EXPORT_NAME
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return target
