"""A photo upload cut half-way resumes from the server's offset: only the remaining bytes cross the wire, and the
evidence record shows "sent" only once the server has verified the whole photo."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.models import Evidence, Inspection, InspectionCode, Plan, Task, new_id
from app.models.wire import Change
from app.sync.engine import Summary, SyncEngine
from app.sync.errors import OfflineError
from app.sync.http import SyncClient
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.sync.live import ServerProcess, enrol, new_target

pytestmark = pytest.mark.e2e
PHOTO = 3 * 1024 * 1024
OVERHEAD = 16 * 1024  # request lines and headers of the HEAD and PATCH requests


def _evidence_on_site(live_server: ServerProcess, tmp_path: Path, proxy: FaultProxy):
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang", sync_url=proxy.url)
    target = lead.store.save(new_target())
    plan = lead.store.save(
        Plan(
            plan_no="P-1",
            name="2025 区抽",
            category="district_random",
            year=2025,
            team="公共场所科",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        )
    )
    task = lead.store.save(Task(plan_id=plan.id, target_id=target.id, category="district_random", team="公共场所科"))
    lead.engine.sync()
    zhang.engine.sync()
    now = datetime.now(UTC)
    inspectors = [new_id(), new_id()]
    code = InspectionCode(
        short_code="ABC123",
        target_id=target.id,
        target_credit_code=target.credit_code,
        task_ids=[task.id],
        inspector_ids=inspectors,
        valid_from=now,
        valid_until=now + timedelta(1),
        issuer="server",
        key_id="k1",
        signature="c2ln",
    )
    zhang.store.apply_remote(
        [Change(seq=0, entity=code.entity, id=code.id, version=1, data=code.model_dump(mode="json"))]
    )
    inspection = zhang.store.save(
        Inspection(code_id=code.id, target_id=target.id, task_ids=[task.id], inspector_ids=inspectors)
    )
    sha = zhang.store.blobs.put_bytes(os.urandom(PHOTO))
    evidence = zhang.store.save(
        Evidence(inspection_id=inspection.id, code_id=code.id, sha256=sha, size=PHOTO, taken_at=now)
    )
    return zhang, evidence


def test_cut_upload_resumes_with_the_remaining_bytes(
    live_server: ServerProcess, proxy: FaultProxy, tmp_path: Path
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
    assert device.store.sync_state(Evidence, evidence.id) == "sent"
    direct.close()
    device.close()
