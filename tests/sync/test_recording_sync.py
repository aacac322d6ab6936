"""A body-camera video syncs like a photo, against the real server: the co-inspector pulls its record at once, as
"not yet received" until the file is verified on the server, then final; a video whose bytes no longer match its
name is parked as a hash mismatch without its last piece ever being sent (the read reaching the end checks the
hash before it returns; the request carrying it is cut and the server keeps the pieces before it)."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

from app.models import Inspection
from app.models.domain import Recording
from app.models.wire import BlobStatus
from app.onsite.recordings import import_recording
from app.sync.blobs import PIECE
from app.sync.engine import Summary
from app.sync.http import SyncClient
from tests.browser.site import seed
from tests.helpers.devices import Device, enrol
from tests.helpers.live_server import LiveServer

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
SIZE = 2 * (1 << 20) + 4321


def _recorded(live_server: LiveServer, tmp_path: Path) -> tuple[Device, Recording]:
    _completed, code = seed(live_server)
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    zhang.engine.sync()
    inspection = zhang.store.save(
        Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )
    source = tmp_path / "DSJ-0451_0007.mp4"
    source.write_bytes(MP4_HEAD + os.urandom(SIZE - len(MP4_HEAD)))
    started = inspection.started_at - timedelta(minutes=10)
    recording = import_recording(zhang.store, inspection, source, started, started + timedelta(minutes=12), "DSJ-0451")
    return zhang, recording


def test_the_co_inspector_pulls_a_video_as_not_yet_received_until_its_file_is_verified(
    live_server: LiveServer, tmp_path: Path
) -> None:
    zhang, recording = _recorded(live_server, tmp_path)
    zhang.engine.push(Summary())  # the record is on the server, its file not yet
    assert zhang.store.sync_state(Recording, recording.id) == "sending"
    li = enrol(live_server.url, tmp_path / "li", "li")

    li.engine.sync()
    pulled = li.store.get(Recording, recording.id)
    fields = ("inspection_id", "sha256", "size", "started_at", "ended_at", "camera")
    assert pulled is not None and [getattr(pulled, f) for f in fields] == [getattr(recording, f) for f in fields]
    assert li.store.sync_state(Recording, recording.id) == "blob_pending"

    assert zhang.engine.sync().blobs_uploaded == 1
    assert zhang.store.sync_state(Recording, recording.id) == "verified"
    li.engine.sync()  # moved to the head of the log when its file completed
    assert li.store.sync_state(Recording, recording.id) == "verified"
    zhang.close()
    li.close()


def test_a_video_changed_on_disk_is_parked_before_its_last_chunk_goes(live_server: LiveServer, tmp_path: Path) -> None:
    zhang, recording = _recorded(live_server, tmp_path)
    path = zhang.store.blobs.path(recording.sha256)
    damaged = bytearray(path.read_bytes())
    damaged[100] ^= 1  # a plain (unencrypted) test store: the bytes no longer match the name
    path.write_bytes(bytes(damaged))

    zhang.engine.sync()

    [parked] = zhang.store.parked_uploads()
    assert parked.sha256 == recording.sha256 and parked.reason.startswith("hash_mismatch")
    assert zhang.store.sync_state(Recording, recording.id) == "error"
    held = _settled(SyncClient(live_server.url, zhang.client.token), recording.sha256, 2 * PIECE)
    assert not held.complete and held.offset == 2 * PIECE  # the pieces before the last: the last never sent
    zhang.close()


def _settled(client: SyncClient, sha256: str, offset: int, timeout: float = 10.0) -> BlobStatus:
    """The server's status of the upload once it holds `offset` bytes (or at the deadline): the request the client
    cut is still writing what arrived when the client's next request is answered, and HEAD does not wait for it."""
    deadline = time.monotonic() + timeout
    while True:  # each round is a request to the server, no sleep
        held = client.blob_head(sha256)
        assert held is not None and held.offset <= offset
        if held.offset == offset or time.monotonic() > deadline:
            return held
