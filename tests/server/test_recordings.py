"""Body-camera files (执法记录仪) on the server: a recording is added to a finished inspection by its own inspectors
(not gated by the code: it is imported after the visit), by nobody else; its file may be far larger than a photo's
limit, within the recordings' own; it uploads and verifies like a photo."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from app.models import Evidence, Inspection
from app.models.domain import Recording
from tests.server.codes_world import issued, ready
from tests.server.photos import append, declare, head
from tests.server.world import World, mutation

BIG = 60 * 1024 * 1024  # above the photos' 50 MB limit


def _finished(world: World) -> Inspection:
    task, _ = ready(world, "zhang", "li")
    code = issued(world["lead"], [task.id])
    started = datetime.now(UTC)
    inspection = Inspection(
        code_id=code["id"],
        target_id=code["target_id"],
        task_ids=code["task_ids"],
        inspector_ids=code["inspector_ids"],
        started_at=started,
    )
    done = inspection.model_copy(update={"status": "completed", "completed_at": started + timedelta(minutes=1)})
    assert [r["status"] for r in world["zhang"].push(mutation(inspection), mutation(done))] == ["accepted"] * 2
    return done


def _recording(inspection: Inspection, data: bytes, size: int | None = None, **fields: Any) -> Recording:
    return Recording(
        inspection_id=inspection.id,
        sha256=hashlib.sha256(data).hexdigest(),
        size=size or len(data),
        started_at=inspection.started_at - timedelta(minutes=17),  # switched on before the door; not in the future
        ended_at=inspection.started_at + timedelta(minutes=1),
        camera="DSJ-0451",
        **fields,
    )


def _answer(world: World, who: str, *mutations: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r["error"]) for r in world[who].push(*mutations)]


def test_the_inspection_s_inspectors_add_a_recording_after_the_visit(world: World) -> None:
    inspection = _finished(world)
    video = b"\x00\x00\x00\x18ftypmp42" + b"v" * 1000
    recording = _recording(inspection, video)
    assert _answer(world, "wang", mutation(recording)) == [("rejected", "forbidden")]  # another team's inspector
    assert _answer(world, "lead", mutation(recording)) == [("rejected", "forbidden")]  # did not inspect
    assert _answer(world, "li", mutation(recording)) == [("accepted", None)]
    late_photo = Evidence(
        inspection_id=inspection.id, code_id=inspection.code_id, sha256="ab" * 32, size=10, taken_at=datetime.now(UTC)
    )
    assert _answer(world, "li", mutation(late_photo))[0][0] == "rejected"  # a photo is still on-site work only
    li = world["li"]
    assert declare(li, recording.sha256, len(video)).status_code == 201
    assert append(li, recording.sha256, 0, video).json()["complete"] is True
    assert head(world["lead"], recording.sha256).status_code == 200  # the team sees the verified file


def test_a_video_may_be_larger_than_a_photo_within_the_recordings_limit(world: World) -> None:
    inspection = _finished(world)
    big = _recording(inspection, b"big video", size=BIG)
    assert _answer(world, "zhang", mutation(big)) == [("accepted", None)]
    assert declare(world["zhang"], big.sha256, BIG).status_code == 201
    huge_size = world.client.app.state.settings.max_recording_bytes + 1
    huge = _recording(inspection, b"huge video", size=huge_size)
    assert _answer(world, "zhang", mutation(huge)) == [("accepted", None)]
    refused = declare(world["zhang"], huge.sha256, huge_size)
    assert refused.status_code == 413 and refused.json()["code"] == "blob_too_large"


def test_a_recording_states_a_time_range_and_a_video_type(world: World) -> None:
    inspection = _finished(world)
    backwards = _recording(inspection, b"x").model_dump(mode="json") | {
        "ended_at": (inspection.started_at - timedelta(minutes=30)).isoformat()  # before it started
    }
    photo_type = _recording(inspection, b"y").model_dump(mode="json") | {"mime": "image/jpeg"}
    for fields in (backwards, photo_type):
        answer = _answer(world, "zhang", mutation(entity="recordings", record_id=fields["id"], fields=fields))
        assert answer == [("rejected", "invalid_record")]
