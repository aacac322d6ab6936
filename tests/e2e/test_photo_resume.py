"""A photo upload cut half-way resumes from the server's offset: only the remaining bytes cross the wire, and the
evidence record shows "sent" only once the server has verified the whole photo."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.models import Evidence, Inspection, Plan, Task, new_id
from app.rules.codes import generate_key, issue
from app.sync.engine import Summary, SyncEngine
from app.sync.errors import OfflineError
from app.sync.http import SyncClient
from tests.helpers.devices import enrol, new_target
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.e2e
PHOTO = 3 * 1024 * 1024
OVERHEAD = 16 * 1024  # request lines and headers of the HEAD and PATCH requests


def _evidence_on_site(live_server: LiveServer, tmp_path: Path, proxy: FaultProxy):
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
    inspectors = [zhang.store.current_inspector_id(), new_id()]
    key, public, key_id = generate_key()  # the code's issuer: trusted here as the server's key would be
    zhang.store.set_signing_keys(zhang.store.signing_keys() | {key_id: public})
    code = issue(
        target_id=target.id,
        target_credit_code=target.credit_code,
        task_ids=[task.id],
        inspector_ids=inspectors,
        checklist_item_ids=[],
        valid_from=now - timedelta(hours=1),
        valid_until=now + timedelta(hours=8),
        issuer="长宁区卫生健康委员会",
        private_key=key,
    )
    zhang.store.save_many([code], synced=True)
    inspection = zhang.store.save(
        Inspection(code_id=code.id, target_id=target.id, task_ids=[task.id], inspector_ids=inspectors)
    )
    sha = zhang.store.blobs.put_bytes(os.urandom(PHOTO))
    evidence = zhang.store.save(
        Evidence(inspection_id=inspection.id, code_id=code.id, sha256=sha, size=PHOTO, taken_at=now)
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
    assert device.store.sync_state(Evidence, evidence.id) == "sent"
    direct.close()
    device.close()
