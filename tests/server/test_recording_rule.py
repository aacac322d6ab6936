"""Abuse of body-camera files (执法记录仪) on the server, refused before anything is written: a time range outside its
visit, too long or in the future; a recording's file or inspection swapped afterwards; a completed inspection's
recording changed or deleted (one is still added to it); NUL, huge or forged fields; someone else's inspection; a
replay. What belongs is taken (a camera switched on before arriving)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from app.models import Inspection, new_id
from app.models.domain import Recording
from tests.server.codes_world import issued, ready
from tests.server.world import World, mutation


def _ongoing(world: World) -> Inspection:
    """zhang's and li's visit, begun now under a code issued now, not finished."""
    task, _ = ready(world, "zhang", "li")
    code = issued(world["lead"], [task.id])
    inspection = Inspection(
        code_id=code["id"],
        target_id=code["target_id"],
        task_ids=code["task_ids"],
        inspector_ids=code["inspector_ids"],
        started_at=datetime.now(UTC),
    )
    assert [r["status"] for r in world["zhang"].push(mutation(inspection))] == ["accepted"]
    return inspection


def _finished(world: World) -> Inspection:
    """zhang's and li's visit, begun now (under a code issued now) and finished a minute later."""
    inspection = _ongoing(world)
    return _finish(world, inspection)


def _finish(world: World, inspection: Inspection) -> Inspection:
    done = inspection.model_copy(
        update={"status": "completed", "completed_at": inspection.started_at + timedelta(minutes=1), "version": 1}
    )
    assert [r["status"] for r in world["zhang"].push(mutation(done, base_version=1))] == ["accepted"]
    return done


def _fields(inspection: Inspection, start: timedelta, length: timedelta, **extra: Any) -> dict[str, Any]:
    began = inspection.started_at + start
    return {
        "id": new_id(),
        "inspection_id": inspection.id,
        "sha256": hashlib.sha256(new_id().encode()).hexdigest(),
        "size": 5_000_000_000,
        "mime": "video/mp4",
        "started_at": began.isoformat(),
        "ended_at": (began + length).isoformat(),
        "camera": "DSJ-0451",
    } | extra


def _push(world: World, who: str, fields: dict[str, Any], base_version: int = 0) -> tuple[str, str | None]:
    [answer] = world[who].push(
        mutation(entity="recordings", record_id=fields["id"], fields=fields, base_version=base_version)
    )
    return answer["status"], answer["error"]


def test_a_time_range_outside_the_visit_is_refused(world: World) -> None:
    inspection = _finished(world)
    minute = timedelta(minutes=1)
    refused = {
        "the day before": _fields(inspection, timedelta(days=-1), 20 * minute),
        "hours before": _fields(inspection, timedelta(hours=-5), 20 * minute),
        "13 hours long": _fields(inspection, timedelta(hours=-12), timedelta(hours=13)),
        "ending tomorrow": _fields(inspection, 10 * minute, timedelta(days=1)),
    }
    for name, fields in refused.items():
        assert _push(world, "zhang", fields) == ("rejected", "recording_out_of_range"), name
    backwards = _fields(inspection, -10 * minute, -5 * minute)
    assert _push(world, "zhang", backwards) == ("rejected", "invalid_record")
    switched_on_early = _fields(inspection, -90 * minute, 95 * minute)
    assert _push(world, "zhang", switched_on_early) == ("accepted", None)
    assert world["zhang"].pull_all()[0][("recordings", switched_on_early["id"])]


def test_a_recordings_file_and_inspection_never_change_but_its_caption_may(world: World) -> None:
    inspection, other = _ongoing(world), _ongoing(world)
    fields = _fields(inspection, timedelta(minutes=-20), timedelta(minutes=22))
    assert _push(world, "li", fields) == ("accepted", None)
    swaps = [
        {"sha256": hashlib.sha256(b"another video").hexdigest()},
        {"size": 1},
        {"inspection_id": other.id},
    ]
    for swap in swaps:
        assert _push(world, "li", {"id": fields["id"]} | swap, base_version=1) == ("rejected", "recording_fixed")
    assert _push(world, "li", {"id": fields["id"], "caption": "进门至签字"}, base_version=1) == ("accepted", None)
    moved = {"id": fields["id"], "ended_at": (inspection.started_at + timedelta(days=2)).isoformat()}
    assert _push(world, "li", moved, base_version=2) == ("rejected", "recording_out_of_range")


def test_a_completed_inspections_recordings_are_sealed_yet_one_may_still_be_added(world: World) -> None:
    inspection = _ongoing(world)
    fields = _fields(inspection, timedelta(minutes=-20), timedelta(minutes=22))
    assert _push(world, "li", fields) == ("accepted", None)
    done = _finish(world, inspection)
    shifted = (done.started_at - timedelta(minutes=30)).isoformat()
    changes = {
        "its time range": {"started_at": shifted},
        "its camera": {"camera": "DSJ-9999"},
        "its caption": {"caption": "另一段"},
        "a forged file": {"sha256": hashlib.sha256(b"another video").hexdigest()},
    }
    for name, change in changes.items():
        assert _push(world, "li", {"id": fields["id"]} | change, base_version=1) == ("rejected", "recording_sealed"), (
            name
        )
    [deleted] = world["li"].push(
        mutation(entity="recordings", record_id=fields["id"], op="delete", fields={}, base_version=1)
    )
    assert (deleted["status"], deleted["error"]) == ("rejected", "recording_sealed")
    assert "completed" in deleted["message"] and "检查已完成" in deleted["message"]
    records, _ = world["zhang"].pull_all()
    kept = Recording.model_validate(records[("recordings", fields["id"])]["data"])
    assert kept.camera == "DSJ-0451" and kept.version == 1 and not records[("recordings", fields["id"])]["deleted"]
    later = _fields(done, timedelta(minutes=-10), timedelta(minutes=12))  # imported at the office afterwards
    assert _push(world, "zhang", later) == ("accepted", None)


def test_nul_huge_and_forged_fields_and_a_stranger_are_refused_and_a_replay_writes_once(world: World) -> None:
    inspection = _finished(world)
    span = (timedelta(minutes=-20), timedelta(minutes=22))
    bad = {
        "NUL in the camera": _fields(inspection, *span, camera="DSJ\x000451"),
        "a huge caption": _fields(inspection, *span, caption="录" * 100_000),
        "a size past int64": _fields(inspection, *span, size=2**63),
        "a zero size": _fields(inspection, *span, size=0),
        "an upper-case hash": _fields(inspection, *span, sha256="AB" * 32),
        "a short hash": _fields(inspection, *span, sha256="ab" * 31),
        "not a video": _fields(inspection, *span, mime="application/x-msdownload"),
        "a year 9999 start": _fields(inspection, *span, started_at="9999-01-01T00:00:00+00:00"),
    }
    for name, fields in bad.items():
        response = world["zhang"].push_raw(mutation(entity="recordings", record_id=fields["id"], fields=fields))
        refused = response.status_code == 422 or (  # the whole request (a NUL anywhere), or the record
            [(r["status"], r["error"]) for r in response.json()["results"]] == [("rejected", "invalid_record")]
        )
        assert refused, name
    unknown = _fields(inspection, *span, inspection_id=new_id())
    assert _push(world, "zhang", unknown)[0] == "rejected"
    assert _push(world, "wang", _fields(inspection, *span)) == ("rejected", "forbidden")  # not his inspection

    good = mutation(entity="recordings", record_id=new_id(), fields={})
    good["fields"] = _fields(inspection, *span) | {"id": good["id"]}
    first = world["zhang"].push(good)
    again = world["zhang"].push(good)  # the same mutation sent twice (a lost answer)
    assert [a["status"] for a in first + again] == ["accepted", "accepted"]
    assert first[0]["version"] == again[0]["version"] == 1
    records, _ = world["zhang"].pull_all()
    assert sum(1 for entity, _id in records if entity == "recordings" and _id == good["id"]) == 1
    recording = Recording.model_validate(records[("recordings", good["id"])]["data"])
    assert recording.camera == "DSJ-0451"
