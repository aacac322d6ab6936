"""The server's judgement of a pushed body-camera file (执法记录仪, `Recording`), once the authorization table let
the caller write it (server/sync/push.py): its time range belongs to its inspection's visit (app/rules/recordings.py,
on the server's clock), and the file it names and the inspection it belongs to never change (another video is another
recording: a swapped hash would pass a file off as the one recorded). A recording of a completed inspection (the sealed
record) is never changed or deleted: one may still be added after the visit, as videos are imported at the office."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.models import InspectionStatus
from app.rules.recordings import range_refusal
from server.sync.records import RecordCache

Verdict = tuple[str, str] | None  # (code, "中文 / English") refusing the write, or None
FIXED = ("inspection_id", "sha256", "size")
_TIMES = frozenset({"started_at", "ended_at"})
SEALED = (
    "recording_sealed",
    "检查已完成，其执法记录仪录像不能再修改或删除 / the inspection is completed: its body-camera recordings can no "
    "longer be changed or deleted",
)


def check(
    cache: RecordCache,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    changed: list[str],
    now: datetime | None = None,
) -> Verdict:
    if before is not None and _sealed(cache, before):
        return SEALED
    if after is None:
        return None
    if before is not None and any(field in changed for field in FIXED):
        return "recording_fixed", "录像的文件与所属检查不能更改 / a recording's file and inspection cannot be changed"
    inspection = cache.get("inspections", after.get("inspection_id") or "")
    if inspection is None or inspection.deleted:
        return "unknown_parent", "检查记录不存在 / the recording's inspection is not on the server"
    if before is not None and not _TIMES.intersection(changed):
        return None
    visit = inspection.data
    completed = visit.get("completed_at")
    refusal = range_refusal(
        _instant(after["started_at"]),
        _instant(after["ended_at"]),
        _instant(visit["started_at"]),
        _instant(completed) if completed else None,
        now or datetime.now(UTC),
    )
    return None if refusal is None else ("recording_out_of_range", " / ".join(refusal))


def _sealed(cache: RecordCache, before: dict[str, Any]) -> bool:
    """The recording's inspection is completed: the sealed record, to which a video is still added, never changed."""
    inspection = cache.get("inspections", before.get("inspection_id") or "")
    return inspection is not None and inspection.data.get("status") == InspectionStatus.COMPLETED


def _instant(value: str | datetime) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
