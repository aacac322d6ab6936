"""Today (今日任务): the inspector's open tasks as visits, each with its code's status and what to do next. No Qt.

A visit is one task, or every task of a merged joint inspection (same `joint_inspection_id`): one team, one door,
one code, all their checklists. The code status is the store gate's own verdict, so Today never calls a code valid
that the store would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.models import Inspection, InspectionCode, Target, Task
from app.models.enums import OPEN_STATUSES, TaskStatus
from app.onsite.inspection import inspection_under
from app.rules.codes import Reason, Verdict
from app.store import Store, gate


class CodeStatus(StrEnum):
    NONE = "none"  # no code and none requested: request one (needs the network)
    REQUESTED = "requested"  # requested, not yet here: sync
    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    INVALID = "invalid"  # any other refusal (unknown key, forged, not for me): the verdict says why


_BY_REASON = {
    Reason.OK: CodeStatus.VALID,
    Reason.NOT_YET_VALID: CodeStatus.NOT_YET_VALID,
    Reason.EXPIRED: CodeStatus.EXPIRED,
    Reason.REVOKED: CodeStatus.REVOKED,
}


@dataclass(frozen=True)
class Visit:
    """One visit of one target: its tasks, the newest code covering them, its verdict, and the inspection if begun."""

    tasks: tuple[Task, ...]
    target: Target | None
    code: InspectionCode | None
    verdict: Verdict | None
    status: CodeStatus
    inspection: Inspection | None

    @property
    def task_ids(self) -> list[str]:
        return [t.id for t in self.tasks]

    @property
    def scheduled_on(self) -> date | None:
        days = [t.scheduled_on for t in self.tasks if t.scheduled_on]
        return min(days) if days else None

    @property
    def joint(self) -> bool:
        return len(self.tasks) > 1

    @property
    def can_inspect(self) -> bool:
        return self.status is CodeStatus.VALID


def visits_of(store: Store, inspector_id: str | None) -> list[Visit]:
    """The open visits with a task assigned to `inspector_id`, by schedule (unscheduled last), then target name."""
    if not inspector_id:
        return []
    mine = [t for t in store.find(Task, status=OPEN_STATUSES) if inspector_id in t.inspector_ids]
    groups: dict[str, list[Task]] = {}
    for task in mine:
        key = task.joint_inspection_id or task.id
        if key in groups:
            continue
        if task.joint_inspection_id:
            joint = store.find(Task, joint_inspection_id=task.joint_inspection_id)
            groups[key] = sorted((t for t in joint if t.status in OPEN_STATUSES), key=lambda t: t.id)
        else:
            groups[key] = [task]
    visits = [visit_of(store, tasks) for tasks in groups.values()]
    return sorted(visits, key=lambda v: (v.scheduled_on is None, v.scheduled_on or date.max, _name(v), v.task_ids))


def visit_of(store: Store, tasks: list[Task]) -> Visit:
    code = code_for(store, [t.id for t in tasks])
    target = store.get(Target, tasks[0].target_id)
    if code is None:
        requested = any(t.status == TaskStatus.CODE_REQUESTED for t in tasks)
        status = CodeStatus.REQUESTED if requested else CodeStatus.NONE
        return Visit(tuple(tasks), target, None, None, status, None)
    verdict = gate.verdict(store, code)
    status = _BY_REASON.get(verdict.reason, CodeStatus.INVALID)
    return Visit(tuple(tasks), target, code, verdict, status, inspection_under(store, code.id))


def code_for(store: Store, task_ids: list[str]) -> InspectionCode | None:
    """The newest code (by start of validity) naming any of `task_ids`; older ones may be expired or revoked."""
    if not task_ids:
        return None
    codes = store.codes_naming(task_ids)
    return max(codes, key=lambda c: (c.valid_from.isoformat(), c.id)) if codes else None


def _name(visit: Visit) -> str:
    return visit.target.name if visit.target else ""
