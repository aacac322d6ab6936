"""Photos sent one while the server finishes the one before (`BlobUploader.upload_all`), against the real server:
every outcome is told for its own photo (a damaged one parked between two good ones), and a run stopped with an
answer outstanding leaves nothing wrong: the next run asks the server's offset and sends nothing twice."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from app.models import Evidence, Inspection
from app.sync.blobs import BlobUploader
from app.sync.engine import Summary
from tests.browser.site import seed
from tests.helpers.devices import Device, enrol
from tests.helpers.live_server import LiveServer

SIZE = 200_000


def _photos_pushed(live_server: LiveServer, folder: Path, count: int) -> tuple[Device, list[Evidence]]:
    """zhang's photos under a code the server issued, their records pushed and their files queued for upload."""
    _completed, code = seed(live_server)
    zhang = enrol(live_server.url, folder, "zhang")
    zhang.engine.sync()
    inspection = zhang.store.save(
        Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )
    photos = []
    for _ in range(count):
        sha = zhang.store.blobs.put_bytes(os.urandom(SIZE))
        photos.append(
            zhang.store.save(
                Evidence(
                    inspection_id=inspection.id, code_id=code.id, sha256=sha, size=SIZE, taken_at=datetime.now(UTC)
                )
            )
        )
    zhang.engine.push(Summary())
    return zhang, photos


def test_each_photo_gets_its_own_outcome_a_damaged_one_parked_between_good_ones(
    live_server: LiveServer, tmp_path: Path
) -> None:
    device, photos = _photos_pushed(live_server, tmp_path, 4)
    damaged = device.store.blobs.path(photos[1].sha256)
    data = bytearray(damaged.read_bytes())
    data[1000] ^= 1  # a plain test store: the bytes no longer match their name
    damaged.write_bytes(bytes(data))
    summary = Summary()

    device.engine.upload_blobs(summary)

    assert summary.blobs_uploaded == 3 and summary.sent_bytes == 3 * SIZE
    [parked] = device.store.parked_uploads()
    assert parked.sha256 == photos[1].sha256 and parked.reason.startswith("hash_mismatch")
    for photo in (photos[0], *photos[2:]):
        assert device.client.blob_head(photo.sha256).complete
        assert device.store.sync_state(Evidence, photo.id) == "verified"
    assert device.store.sync_state(Evidence, photos[1].id) == "error"
    device.close()


def test_a_run_stopped_with_an_answer_outstanding_is_finished_by_the_next(
    live_server: LiveServer, tmp_path: Path
) -> None:
    device, photos = _photos_pushed(live_server, tmp_path, 3)
    sent: list[int] = []
    outcomes = BlobUploader(device.store, device.client).upload_all(
        device.store.pending_uploads(), sent.append, lambda: False
    )
    first = next(outcomes)  # the second photo is on its way before the first one's answer is read
    assert first() is True and sent == [SIZE]
    outcomes.close()  # stopped here: the second's answer is never read
    assert device.store.sync_state(Evidence, photos[0].id) == "verified"
    assert {u.sha256 for u in device.store.pending_uploads()} == {p.sha256 for p in photos[1:]}

    _complete_on_the_server(device, photos[1].sha256)  # the request the client cut was sent whole
    summary = Summary()
    device.engine.upload_blobs(summary)

    assert summary.blobs_uploaded == 2 and device.store.pending_uploads() == []
    assert summary.sent_bytes == SIZE  # only the third: the second, whole on the server, is not sent again
    assert {device.store.sync_state(Evidence, p.id) for p in photos} == {"verified"}
    device.close()


def _complete_on_the_server(device: Device, sha256: str, timeout: float = 10.0) -> None:
    """Until the server holds the whole file (it may still be writing a request whose answer nobody reads)."""
    deadline = time.monotonic() + timeout
    while not device.client.blob_head(sha256).complete:  # each round is a request to the server, no sleep
        assert time.monotonic() < deadline, "the server never completed the file"
