"""Whole inspections through a faulty link (issue 12): the code request, the answers, a photo, the signatures, the
finish, an amendment by the second inspector's laptop and a planning change by the lead, each device syncing through
a proxy that drops, resets, cuts answers, duplicates and delays, seeded. Every run ends with the server and all three
devices equal: nothing left unsent, parked or in conflict, every record at the server's version on every device,
each record there once (nothing applied twice), and the photo and signature files verified on the server."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from PIL import Image, ImageDraw

from app.models import Evidence, Inspection, InspectionCode, ItemResult, Signature, Task
from app.models.domain import Amendment
from app.onsite import inspection as onsite
from app.onsite.amendments import amend_findings
from app.onsite.evidence import import_photo
from app.onsite.signatures import Signer, sign, signers_of
from app.sync.backoff import Backoff
from app.sync.codes import request_codes
from app.sync.errors import OfflineError, ServerError
from app.sync.http import SyncClient
from tests.helpers.devices import Device, enrol, server_record
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.helpers.live_server import LiveServer
from tests.onsite.evidence_helpers import jpeg
from tests.sync.test_no_false_conflicts import planned_tasks

pytestmark = pytest.mark.e2e

WEIGHTS = {"pass": 4.0, "delay": 1.0, "drop": 1.0, "reset": 1.0, "cut_answer": 1.0, "duplicate": 1.0}
SITE = (Inspection, ItemResult, Evidence, Signature, Amendment)
T = TypeVar("T")


def _signature_png(seed: int) -> bytes:
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(10, 80), (100 + seed % 150, 20), (290, 70)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _retried(call: Callable[[], T]) -> T:
    """Again at once on a network or server failure: each request draws its own fault."""
    for _ in range(80):
        try:
            return call()
        except (OfflineError, ServerError):
            continue
    raise AssertionError("the code request never got through")


def _sync(device: Device, seed: int) -> None:
    device.engine.sync_with_retries(Backoff(0.01, 0.3, random.Random(seed)), attempts=80)


def _code_for(zhang: Device, task: Task, seed: int) -> InspectionCode:
    """申码 through the faulty link. When the answer was lost on the way back, asking again gets the code the server
    issued the first time (the same caller, the same tasks: idempotent), never a refusal."""
    [answer] = _retried(lambda: request_codes(zhang.store, zhang.client, [task.id]))
    assert answer.code is not None, answer.refusal
    return answer.code


def _inspect(zhang: Device, task: Task, rng: random.Random, folder: Path, seed: int) -> Inspection:
    code = _code_for(zhang, task, seed)
    inspection = onsite.start(zhang.store, code.id)
    items = [item for section in onsite.checklist(zhang.store, code) for item in section.items]
    for n, item in enumerate(items):
        onsite.answer(zhang.store, inspection, item.id, "compliant" if n else "non_compliant")
        if rng.random() < 0.3:
            _sync(zhang, seed)  # a sync in the middle of the visit
    import_photo(zhang.store, inspection, jpeg(folder / f"IMG_{seed}.JPG", color=(seed % 256, 80, 160)), items[0].id)
    for signer in signers_of(zhang.store, inspection):
        named = signer if signer.name else Signer(signer.role, "王经理")
        sign(zhang.store, inspection, named, _signature_png(seed))
    return onsite.finish(zhang.store, inspection, onsite.checklist(zhang.store, code))


def _check_equal(server: LiveServer, devices: list[Device], inspection: Inspection) -> None:
    lead = devices[-1]
    direct = SyncClient(server.url, lead.client.token)
    for device in devices:
        assert device.store.outbox() == [], device.store.outbox()
        assert device.store.parked_uploads() == [] and device.store.open_conflicts() == []
        assert device.store.pending_uploads() == []
    records = [(Inspection, inspection.id)] + [
        (model, r.id) for model in SITE[1:] for r in lead.store.find(model, inspection_id=inspection.id)
    ]
    counts = {model: sum(1 for m, _ in records if m is model) for model in SITE}
    assert counts[ItemResult] == len(onsite.answers(lead.store, inspection.id).results) >= 1
    assert (counts[Evidence], counts[Amendment]) == (1, 1), counts  # once each: nothing applied twice
    assert counts[Signature] == len(inspection.inspector_ids) + 1
    for model, record_id in records:
        version, data = server_record(server, model.entity, record_id)
        for device in devices:
            local = device.store.get(model, record_id)
            assert local is not None and local.version == version, (device, model.entity, record_id)
            final = "verified" if model in (Evidence, Signature) else "sent"  # a file: received and checked
            assert device.store.sync_state(model, record_id) == final, (model.entity, record_id)
        if model in (Evidence, Signature):
            status = direct.blob_head(data["sha256"])  # asked past the proxy: the check itself meets no fault
            assert status is not None and status.complete
    direct.close()
    stored = server_record(server, "inspections", inspection.id)[1]
    assert stored["status"] == "completed"


def run_once(seed: int, server: LiveServer, proxy: FaultProxy, folder: Path) -> None:
    rng = random.Random(seed)
    task, _other = planned_tasks(server)
    proxy.set_plan(FaultPlan(seed=seed, weights=WEIGHTS, max_delay=0.03))
    devices = [
        enrol(server.url, folder / name, name, sync_url=proxy.url, batch_size=rng.randint(1, 5), chunk_size=4096)
        for name in ("zhang", "li", "lead")
    ]
    zhang, li, lead = devices
    try:
        for device in devices:
            _sync(device, seed)
        inspection = _inspect(zhang, task, rng, folder, seed)
        if rng.random() < 0.5:  # the lead moves the task's due date while the visit goes on: no conflict
            current = lead.store.get(Task, task.id)
            lead.store.save(current.model_copy(update={"due_on": current.scheduled_on}))
        for device in (zhang, lead, li):
            _sync(device, seed)
        amend_findings(li.store, li.store.get(Inspection, inspection.id), f"补充记录 {seed}", reason="现场遗漏")
        for _round in range(2):
            for device in devices:
                _sync(device, seed)
        _check_equal(server, devices, inspection)
    finally:
        for device in devices:
            device.close()


@pytest.mark.parametrize("seed", range(30))
def test_whole_inspections_under_faults(seed: int, live_server: LiveServer, proxy: FaultProxy, tmp_path: Path) -> None:
    run_once(seed, live_server, proxy, tmp_path)


@pytest.mark.long
@pytest.mark.timeout(0)  # runs for many minutes by design
def test_whole_inspections_under_faults_long(live_server: LiveServer, proxy: FaultProxy, tmp_path: Path) -> None:
    for seed in range(1000, 2000):
        run_once(seed, live_server, proxy, tmp_path / str(seed))
