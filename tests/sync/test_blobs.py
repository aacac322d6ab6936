"""Photo uploads against the real server: chunks from the server's offset, progress kept in the store, the record
"sending" until the server verified the whole file, and a stopped upload resumed where it stopped."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from app.models import Evidence, Inspection
from app.sync.blobs import BlobUploader
from app.sync.engine import Summary
from tests.browser.site import seed
from tests.helpers.devices import Device, enrol
from tests.helpers.live_server import LiveServer

SIZE = 300_000
CHUNK = 64 * 1024


def _photo_pushed(live_server: LiveServer, folder: Path) -> tuple[Device, Evidence]:
    """zhang's photo under a code the server issued, its record pushed and its file queued for upload."""
    _completed, code = seed(live_server)
    zhang = enrol(live_server.url, folder, "zhang")
    zhang.engine.sync()
    inspection = zhang.store.save(
        Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )
    sha = zhang.store.blobs.put_bytes(os.urandom(SIZE))
    evidence = zhang.store.save(
        Evidence(inspection_id=inspection.id, code_id=code.id, sha256=sha, size=SIZE, taken_at=datetime.now(UTC))
    )
    zhang.engine.push(Summary())
    return zhang, evidence


def test_an_upload_goes_in_chunks_and_marks_the_record_sent_once_verified(
    live_server: LiveServer, tmp_path: Path
) -> None:
    device, evidence = _photo_pushed(live_server, tmp_path)
    [upload] = device.store.pending_uploads()
    assert (upload.sha256, upload.size, upload.offset) == (evidence.sha256, SIZE, 0)
    assert device.store.sync_state(Evidence, evidence.id) == "sending"
    acknowledged: list[int] = []

    done = BlobUploader(device.store, device.client, CHUNK).upload(upload, acknowledged.append, lambda: False)

    assert done and sum(acknowledged) == SIZE and len(acknowledged) == -(-SIZE // CHUNK)
    assert device.client.blob_head(evidence.sha256).complete
    assert device.store.pending_uploads() == [] and device.store.unverified_uploads() == 0
    assert device.store.sync_state(Evidence, evidence.id) == "verified"
    device.close()


def test_a_stopped_upload_keeps_its_offset_and_resumes_from_the_server(live_server: LiveServer, tmp_path: Path) -> None:
    device, evidence = _photo_pushed(live_server, tmp_path)
    [upload] = device.store.pending_uploads()
    sent: list[int] = []
    uploader = BlobUploader(device.store, device.client, CHUNK)

    assert not uploader.upload(upload, sent.append, lambda: len(sent) >= 2)  # stopped after two chunks

    [kept] = device.store.pending_uploads()
    assert kept.offset == 2 * CHUNK == device.client.blob_head(evidence.sha256).offset
    assert device.store.pending_upload_bytes() == SIZE - 2 * CHUNK
    assert device.store.sync_state(Evidence, evidence.id) == "sending"

    assert uploader.upload(kept, sent.append, lambda: False)
    assert sum(sent) == SIZE  # nothing sent twice
    assert device.store.sync_state(Evidence, evidence.id) == "verified"
    device.close()
