"""撮合: proposing to merge tasks on the same target into one joint inspection (进一次门，查多项事).

Tasks from different plans, categories or departments on one target whose scheduled dates fall within a window are
proposed as one visit with one code, all their checklists and the union of their teams. The team lead accepts or
rejects each proposal; a rejected proposal is not proposed again while its tasks stay the same.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from app.errors import BilingualError
from app.models.domain import Inspector, Plan, Task
from app.models.enums import TaskStatus
from app.models.ids import new_id

HOME_DEPARTMENT = "卫生健康委员会"
DEFAULT_WINDOW_DAYS = 14
DEFAULT_REPEAT_GUARD_DAYS = 30
# In progress means an inspection has started under the task's own code: too late to merge it.
MERGEABLE_STATUSES = frozenset({TaskStatus.PLANNED, TaskStatus.CODE_REQUESTED})


class MergeError(BilingualError, ValueError):
    """A merge decision that cannot be made; `zh` and `en` say why, for the user."""


@dataclass(frozen=True)
class Participant:
    """Someone from another department joining the visit, shown by name and department."""

    inspector_id: str
    name: str  # empty when the other department's staff record is not known here
    department: str


@dataclass(frozen=True)
class MergeProposal:
    proposal_id: str  # stable for the same set of tasks, so a rejection can be remembered
    target_id: str
    tasks: tuple[Task, ...]  # sorted by scheduled date, then id
    suggested_on: date  # the earliest scheduled date: no task is pushed later than planned
    inspector_ids: tuple[str, ...]  # union over the tasks, first seen first
    participants: tuple[Participant, ...]  # inspectors of other departments
    departments: tuple[str, ...]
    categories: tuple[str, ...]
    checklist_ids: tuple[str, ...]  # union of the plans' checklists, first seen first
    last_inspected_on: date | None
    repeat_warning: str | None  # bilingual, when the target was inspected within the guard's days

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tasks)


@dataclass(frozen=True)
class Rejection:
    """A team lead's rejection of a proposal, for the audit trail and to keep it from coming back."""

    proposal_id: str
    task_ids: tuple[str, ...]
    reason: str
    decided_by: str | None = None


def proposal_id(task_ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(task_ids)).encode()).hexdigest()[:32]


def propose_merges(
    tasks: Iterable[Task],
    window_days: int = DEFAULT_WINDOW_DAYS,
    recent_inspections: Mapping[str, date] | None = None,
    *,
    repeat_guard_days: int = DEFAULT_REPEAT_GUARD_DAYS,
    plans: Mapping[str, Plan] | None = None,
    inspectors: Mapping[str, Inspector] | None = None,
    home_department: str = HOME_DEPARTMENT,
    rejected: Iterable[str] = (),
) -> list[MergeProposal]:
    """Proposals over open, unmerged, scheduled tasks, sorted by suggested date then target.

    Tasks are grouped by target and swept in date order; a group holds the tasks within `window_days` of its first.
    A group is proposed when it has two or more tasks that differ in plan, category or department.
    `recent_inspections` maps a target id to the date it was last inspected, for the repeat-inspection guard;
    `plans` supplies the checklists; `inspectors` names other departments' participants; `rejected` holds the
    proposal ids the lead turned down.
    """
    if window_days < 0 or repeat_guard_days < 0:
        raise MergeError("时间窗口和重复检查天数不能为负", "the window and the repeat-guard days must not be negative")
    by_target: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        if task.status in MERGEABLE_STATUSES and task.joint_inspection_id is None and task.scheduled_on is not None:
            by_target[task.target_id].append(task)
    context = _Context(recent_inspections or {}, repeat_guard_days, plans or {}, inspectors or {}, home_department)
    skip = set(rejected)
    proposals = [
        proposal
        for group in _windows(by_target, window_days)
        if (proposal := context.propose(group)).proposal_id not in skip
    ]
    proposals.sort(key=lambda p: (p.suggested_on, p.target_id))
    return proposals


def _windows(by_target: Mapping[str, list[Task]], window_days: int) -> Iterable[list[Task]]:
    """Groups of two or more tasks from more than one plan, category or department, within the window."""
    for group_tasks in by_target.values():
        if len(group_tasks) < 2:
            continue
        group_tasks.sort(key=lambda t: (t.scheduled_on, t.id))
        group: list[Task] = []
        for task in group_tasks:
            if group and (task.scheduled_on - group[0].scheduled_on).days > window_days:
                yield from _if_mixed(group)
                group = []
            group.append(task)
        yield from _if_mixed(group)


def _if_mixed(group: list[Task]) -> list[list[Task]]:
    sources = {(t.plan_id, t.category, t.department) for t in group}
    return [group] if len(group) >= 2 and len(sources) >= 2 else []


@dataclass(frozen=True)
class _Context:
    recent: Mapping[str, date]
    guard_days: int
    plans: Mapping[str, Plan]
    inspectors: Mapping[str, Inspector]
    home_department: str

    def propose(self, group: Sequence[Task]) -> MergeProposal:
        suggested = group[0].scheduled_on
        target_id = group[0].target_id
        last = self.recent.get(target_id)
        return MergeProposal(
            proposal_id=proposal_id(t.id for t in group),
            target_id=target_id,
            tasks=tuple(group),
            suggested_on=suggested,
            inspector_ids=_union(i for t in group for i in t.inspector_ids),
            participants=self._participants(group),
            departments=_union(t.department for t in group),
            categories=_union(t.category for t in group),
            checklist_ids=self._checklists(group),
            last_inspected_on=last,
            repeat_warning=self._repeat_warning(last, suggested),
        )

    def _checklists(self, group: Sequence[Task]) -> tuple[str, ...]:
        plans = [self.plans[t.plan_id] for t in group if t.plan_id in self.plans]
        return _union(c for plan in plans for c in plan.checklist_ids)

    def _participants(self, group: Sequence[Task]) -> tuple[Participant, ...]:
        seen: dict[str, Participant] = {}
        for task in group:
            for inspector_id in task.inspector_ids:
                known = self.inspectors.get(inspector_id)
                department = known.department if known else task.department
                if department != self.home_department and inspector_id not in seen:
                    seen[inspector_id] = Participant(inspector_id, known.name if known else "", department)
        return tuple(seen.values())

    def _repeat_warning(self, last: date | None, suggested: date) -> str | None:
        if last is None or abs((suggested - last).days) >= self.guard_days:
            return None
        return (
            f"该对象已于 {last.isoformat()} 检查，距建议日期不足 {self.guard_days} 天，请避免重复检查 / "
            f"this target was inspected on {last.isoformat()}, less than {self.guard_days} days from the suggested "
            "date: avoid a repeat inspection"
        )


def _union(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def accept(
    proposal: MergeProposal, current: Mapping[str, Task] | None = None, joint_inspection_id: str | None = None
) -> tuple[str, list[Task]]:
    """Merge the proposal's tasks: one joint inspection id, the union of inspectors, the suggested date on each.

    `current` maps task ids to the tasks as they are now (from the store); the proposal's snapshots are used for
    the others. Returns the joint inspection id and updated copies; nothing given is modified. Refuses when a task
    was merged, started or finished since the proposal was made.
    """
    tasks = [(current or {}).get(t.id, t) for t in proposal.tasks]
    stale = [t.id for t in tasks if t.joint_inspection_id is not None or t.status not in MERGEABLE_STATUSES]
    if stale:
        raise MergeError(
            f"任务 {'、'.join(stale)} 已合并、已开始或已结束，撮合建议已失效",
            f"task(s) {', '.join(stale)} were merged, started or finished since; the proposal no longer holds",
        )
    joint_id = joint_inspection_id or new_id()
    update = {
        "joint_inspection_id": joint_id,
        "inspector_ids": list(proposal.inspector_ids),
        "scheduled_on": proposal.suggested_on,
    }
    return joint_id, [task.model_copy(update=update) for task in tasks]


def reject(proposal: MergeProposal, reason: str, decided_by: str | None = None) -> Rejection:
    """Record the lead's rejection; pass its proposal_id to `propose_merges(rejected=...)` to keep it away."""
    if not reason.strip():
        raise MergeError("驳回撮合建议须说明原因", "rejecting a merge proposal needs a reason")
    return Rejection(proposal.proposal_id, proposal.task_ids, reason.strip(), decided_by)
