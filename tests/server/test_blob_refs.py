"""Records before their files: evidence is accepted before its photo, pulled as not final, and again once it is."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

from app.models import Evidence
from tests.server.world import World, mutation

PHOTO = os.urandom(50_000)
SHA = hashlib.sha256(PHOTO).hexdigest()


def _upload(world: World) -> None:
    headers = world["zhang"].headers
    assert world.client.post(f"/api/blobs/{SHA}", headers={**headers, "Upload-Length": str(len(PHOTO))}).is_success
    patch = world.client.patch(f"/api/blobs/{SHA}", content=PHOTO, headers={**headers, "Upload-Offset": "0"})
    assert patch.json()["complete"] is True


def test_evidence_is_pending_until_its_photo_completes_then_pulled_again_final(world: World) -> None:
    inspection = world.inspection("zhang", "li")
    evidence = Evidence(
        inspection_id=inspection.id, code_id=inspection.code_id, sha256=SHA, size=len(PHOTO), taken_at=datetime.now(UTC)
    )
    results = world["zhang"].push(mutation(inspection), mutation(evidence))
    assert [r["status"] for r in results] == ["accepted", "accepted"]

    first, cursor = world["li"].pull_all()
    assert first[("evidence", evidence.id)]["blob_pending"] is True
    assert first[("inspections", inspection.id)]["blob_pending"] is False

    _upload(world)
    page = world["li"].pull(cursor)
    [again] = page["changes"]
    assert (again["entity"], again["id"], again["version"]) == ("evidence", evidence.id, 1)
    assert again["blob_pending"] is False


def test_a_photo_uploaded_before_its_record_is_final_at_once(world: World) -> None:
    _upload(world)
    inspection = world.inspection("zhang", "li")
    evidence = Evidence(
        inspection_id=inspection.id, code_id=inspection.code_id, sha256=SHA, size=len(PHOTO), taken_at=datetime.now(UTC)
    )
    world["zhang"].push(mutation(inspection), mutation(evidence))
    records, _ = world["lead"].pull_all()
    assert records[("evidence", evidence.id)]["blob_pending"] is False
