"""app/sync/parked.py: work the server refused for good is counted and exported (each change with its reason, each
photo's file in plaintext), so a logout never waits for ever; the parked work stays in the store."""

from __future__ import annotations

import json
from pathlib import Path

from app.store import Store
from app.sync.parked import EXPORT_NAME, export_parked, parked_count
from tests.helpers.devices import new_target


def test_parked_changes_and_photos_are_counted_and_exported(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        target = store.save(new_target("被拒宾馆"))
        assert parked_count(store) == 0
        [mutation] = store.outbox_batch(10)
        store.park_mutation(mutation, "forbidden: 无权修改 / not allowed")
        photo = b"\xff\xd8 not really a jpeg"
        sha = store.blobs.put_bytes(photo)
        store.enqueue_upload(sha)
        store.park_upload(sha, "blob_too_large: 文件过大 / file too large")
        assert parked_count(store) == 2

        exported = export_parked(store, tmp_path / "export", "zhang.wei")

        assert exported == tmp_path / "export" / EXPORT_NAME
        document = json.loads(exported.read_text(encoding="utf-8"))
        assert document["username"] == "zhang.wei"
        [change] = document["changes"]
        assert (change["record_id"], change["reason"]) == (target.id, "forbidden: 无权修改 / not allowed")
        assert change["fields"]["name"] == "被拒宾馆"
        [kept] = document["photos"]
        assert (kept["sha256"], kept["copied"], kept["reason"]) == (
            sha,
            True,
            "blob_too_large: 文件过大 / file too large",
        )
        assert (tmp_path / "export" / sha).read_bytes() == photo
        assert parked_count(store) == 2  # exported, not forgotten: the store keeps its author's work
