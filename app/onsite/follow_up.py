"""责令改正 and its 复查: a correction order issued on site creates the follow-up task at its deadline. No Qt.

The follow-up is a task of its own (category `follow_up`, under the first task's plan, for the same inspectors),
so it needs its own code before anyone goes back (无码不检查). The order is written through the code gate, so it can
only be issued while the inspection is open, for items of the code that were found non-compliant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from app.models import CorrectionOrder, Inspection, ItemResult, ResultValue, Task, TaskCategory
from app.onsite.inspection import shanghai_today
from app.store import Store, StoreError


def issue_correction_order(
    store: Store,
    inspection: Inspection,
    item_ids: Sequence[str],
    requirements: str,
    deadline: date,
    demands: Mapping[str, str] | None = None,
) -> tuple[CorrectionOrder, Task]:
    """Save the order and its follow-up task in one transaction; refuse (StoreError) with nothing written when the
    items are not non-compliant results of this inspection or the deadline is not after today.

    `demands`: the correction demands the inspector edited before printing (item id -> text, for listed items); the
    documents state the catalogue's standard demand for the others."""
    _check(store, inspection, item_ids, requirements, deadline)
    first = store.get(Task, inspection.task_ids[0])
    if first is None:
        raise StoreError("找不到本次检查的任务，无法安排复查", "the inspection's task is missing; no follow-up planned")
    follow_up = Task(
        plan_id=first.plan_id,
        target_id=inspection.target_id,
        category=TaskCategory.FOLLOW_UP,
        team=first.team,
        district=first.district,
        department=first.department,
        inspector_ids=list(inspection.inspector_ids),
        scheduled_on=deadline,
        due_on=deadline,
    )
    order = CorrectionOrder(
        inspection_id=inspection.id,
        code_id=inspection.code_id,
        target_id=inspection.target_id,
        item_ids=list(dict.fromkeys(item_ids)),
        requirements=requirements.strip(),
        deadline=deadline,
        follow_up_task_id=follow_up.id,
        demands={k: v.strip() for k, v in (demands or {}).items() if k in item_ids and v.strip()},
    )
    # One transaction, the gate first: a locked or code-less inspection writes no task either.
    order, follow_up = store.save_all([order, follow_up])
    return order, follow_up


def orders_of(store: Store, inspection_id: str) -> list[CorrectionOrder]:
    return sorted(store.find(CorrectionOrder, inspection_id=inspection_id), key=lambda o: o.deadline)


def _check(store: Store, inspection: Inspection, item_ids: Sequence[str], requirements: str, deadline: date) -> None:
    if not item_ids:
        raise StoreError("请选择须改正的不符合项", "choose the non-compliant items to be corrected")
    if not requirements.strip():
        raise StoreError("请填写改正要求", "write what must be corrected")
    today = shanghai_today(store)
    if deadline <= today:
        raise StoreError(
            f"改正期限须晚于今天（{today.isoformat()}）", f"the deadline must be after today ({today.isoformat()})"
        )
    results = {r.item_id: r for r in store.find(ItemResult, inspection_id=inspection.id)}
    compliant = [i for i in item_ids if i not in results or results[i].result != ResultValue.NON_COMPLIANT]
    if compliant:
        raise StoreError(
            f"只能对判定为不符合的事项责令改正：{'、'.join(compliant)}",
            f"only items found non-compliant can be ordered corrected: {', '.join(compliant)}",
        )
