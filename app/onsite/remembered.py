"""The checklist remembers (issue 17): the items this target failed at earlier inspections, and those of its open
correction orders (责令改正 whose 复查 is not done), come first on the next visit, marked, with last time's note.

Read on the database worker when an inspection opens; only finished inspections of the same target that started
before this one count, their results as amended. An order is open while its follow-up task is neither completed nor
closed; the orders of this very inspection are not memories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from app.models import CorrectionOrder, Inspection, InspectionStatus, ItemResult, ResultValue, Task, TaskStatus
from app.onsite.amendments import effective_results
from app.onsite.inspection import Section
from app.rules.shanghai import shanghai_date
from app.store import Store

DONE = (TaskStatus.COMPLETED, TaskStatus.CLOSED)


@dataclass(frozen=True)
class Remembered:
    """What is remembered of one item: when it last failed and what was noted then; the deadline of an open
    correction order listing it."""

    item_id: str
    failed_on: date | None = None
    note: str = ""
    order_deadline: date | None = None

    @property
    def open_order(self) -> bool:
        return self.order_deadline is not None


def remembered(store: Store, inspection: Inspection) -> dict[str, Remembered]:
    """Item id -> what is remembered, for the target of `inspection`."""
    found: dict[str, Remembered] = {}
    earlier = [
        i
        for i in store.find(Inspection, target_id=inspection.target_id, status=InspectionStatus.COMPLETED.value)
        if i.id != inspection.id and i.started_at < inspection.started_at
    ]
    for past in sorted(earlier, key=lambda i: i.started_at):  # the newest failure's note wins
        values = effective_results(store, past.id, store.find(ItemResult, inspection_id=past.id))
        day = shanghai_date(past.completed_at or past.started_at)
        for item_id, value in values.items():
            if value["result"] == ResultValue.NON_COMPLIANT:
                found[item_id] = Remembered(item_id, day, value["note"])
    for order in store.find(CorrectionOrder, target_id=inspection.target_id):
        if order.inspection_id == inspection.id or not _open(store, order):
            continue
        for item_id in order.item_ids:
            seen = found.get(item_id, Remembered(item_id))
            deadline = min(d for d in (seen.order_deadline, order.deadline) if d is not None)
            found[item_id] = replace(seen, order_deadline=deadline)
    return found


def _open(store: Store, order: CorrectionOrder) -> bool:
    task = store.get(Task, order.follow_up_task_id) if order.follow_up_task_id else None
    return task is None or task.status not in DONE


def remembered_first(sections: Sequence[Section], memory: dict[str, Remembered]) -> list[Section]:
    """The remembered items of the checklist in a first section of their own (open orders first, then by the last
    failure, newest first), each still once; the other sections keep their order without them."""
    items = [item for section in sections for item in section.items if item.id in memory]
    if not items:
        return list(sections)
    items.sort(key=lambda i: (not memory[i.id].open_order, -(memory[i.id].failed_on or date.min).toordinal()))
    rest = [replace(s, items=tuple(i for i in s.items if i.id not in memory)) for s in sections]
    return [Section(None, tuple(items), remembered=True), *(s for s in rest if s.items)]
