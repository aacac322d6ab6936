"""The 无感 flag of an inspection judged at push (issue 16): a remote inspection (documents and data, no visit) only
under tasks that are all remote checks and a target whose grade allows one; an inspection under remote tasks only is
flagged remote (one on-site task of a joint inspection makes it a visit). The flag decides whether the inspection
counts as a routine visit (the yearly cap, the repeat-visit guard), so a client may not set it apart from its tasks.
Called by the code rule (server/sync/code_rule.py) for a new inspection and for a change of its flag.
"""

from __future__ import annotations

from typing import Any

from app.models.enums import Grade
from server.sync.code_rule import Refusal
from server.sync.records import RecordCache


def check(cache: RecordCache, inspection: dict[str, Any]) -> Refusal | None:
    """None when the inspection's `remote` flag matches its tasks and its target's grade; else the refusal."""
    from server.grading import config_from_env  # the grading imports the sync records: read on use

    tasks = [cache.get("tasks", t) for t in inspection.get("task_ids") or []]
    flags = [bool(t.data.get("remote")) for t in tasks if t is not None and not t.deleted]
    if not inspection.get("remote"):
        if flags and all(flags):
            return Refusal(
                "remote_mismatch",
                "任务均为无感检查（远程核查），检查记录须标明为无感检查 / the inspection's tasks are all remote (无感) "
                "checks: the inspection must say it was remote",
            )
        return None  # an on-site visit (it may also cover a remote task of a joint inspection)
    if not flags or not all(flags):
        return Refusal(
            "remote_mismatch",
            "只有全部任务为无感检查时，检查记录才能标明为无感检查 / an inspection is remote (无感) only when all its "
            "tasks are remote checks",
        )
    target = cache.get("targets", inspection.get("target_id") or "")
    grade = Grade((target.data.get("grade") if target is not None else None) or Grade.B)
    if not config_from_env().defaults[grade].remote_allowed:
        return Refusal(
            "remote_not_allowed",
            f"等级 {grade} 的检查对象不能以无感方式（远程核查）检查，须现场检查 / a grade {grade} target cannot be "
            "checked remotely (无感); it needs a site visit",
        )
    return None
