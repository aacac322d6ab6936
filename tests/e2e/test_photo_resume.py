"""A photo upload cut half-way resumes from the server's offset: only the remaining bytes cross the wire, and the
evidence record shows "verified" only once the server has verified the whole photo."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.models import Evidence, Inspection, new_id
from app.sync.engine import Summary, SyncEngine
from app.sync.errors import OfflineError
from app.sync.http import SyncClient
from tests.browser.site import seed
from tests.helpers.devices import enrol
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.e2e
PHOTO = 3 * 1024 * 1024
OVERHEAD = 16 * 1024  # request lines and headers of the HEAD and PATCH requests


def _evidence_on_site(live_server: LiveServer, tmp_path: Path, proxy: FaultProxy):
    """zhang's photo under a code the server issued (the records seeded with its own functions), on his laptop."""
    _completed, code = seed(live_server)
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang", sync_url=proxy.url)
    zhang.engine.sync()
    inspection = zhang.store.save(
        Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )
    sha = zhang.store.blobs.put_bytes(os.urandom(PHOTO))
    evidence = zhang.store.save(
        Evidence(inspection_id=inspection.id, code_id=code.id, sha256=sha, size=PHOTO, taken_at=datetime.now(UTC))
    )
    return zhang, evidence


def test_cut_upload_resumes_with_the_remaining_bytes(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    device, evidence = _evidence_on_site(live_server, tmp_path, proxy)
    device.engine.push(Summary())
    assert device.store.sync_state(Evidence, evidence.id) == "sending"  # accepted, but the photo is not there yet

    proxy.set_plan(FaultPlan(budget=PHOTO // 2))
    with pytest.raises(OfflineError):
        device.engine.upload_blobs(Summary())
    direct = SyncClient(live_server.url, device.client.token)
    held = direct.blob_head(evidence.sha256).offset
    assert 0 < held < PHOTO

    proxy.set_plan(FaultPlan())  # back online; a fresh engine, as after a restart of the app
    summary = SyncEngine(device.store, device.client).sync()

    assert summary.blobs_uploaded == 1
    assert PHOTO - held <= proxy.bytes_up <= PHOTO - held + OVERHEAD
    assert direct.blob_head(evidence.sha256).complete
    assert device.store.sync_state(Evidence, evidence.id) == "verified"
    direct.close()
    device.close()


def test_a_photo_deleted_before_its_upload_holds_nothing_up(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    """The record went to the server, the photo did not (offline), then the inspector deleted it: the server refuses
    to take a file no record of his references, and the rest of the sync goes on."""
    device, kept = _evidence_on_site(live_server, tmp_path, proxy)
    dropped = device.store.save(
        kept.model_copy(update={"id": new_id(), "sha256": device.store.blobs.put_bytes(os.urandom(1000)), "size": 1000})
    )
    device.engine.push(Summary())
    device.store.delete(Evidence, dropped.id)
    device.engine.push(Summary())  # the deletion reaches the server before any byte of the photo

    summary = SyncEngine(device.store, device.client).sync()
    assert summary.blobs_uploaded == 1
    assert device.store.sync_state(Evidence, kept.id) == "verified"
    direct = SyncClient(live_server.url, device.client.token)
    assert direct.blob_head(dropped.sha256) is None
    direct.close()
    device.close()
