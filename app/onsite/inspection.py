"""Checklist execution and finishing, under the inspection code. No Qt; every write goes through the store's gate.

- `start(store, code_id) -> Inspection`: open the inspection under the code (or return the one already opened) and
  set its tasks in progress, in one transaction. The gate refuses an invalid code with its reason.
- `checklist(store, code) -> list[Section]`: the items the code covers, grouped by checklist.
- `answer(store, inspection, item_id, result)`, `set_note(...)`, `set_findings(...)`: each committed at once; a
  result records the version of the checklist its item belongs to (`checklist_version`).
- `problems(store, inspection, sections) -> Problems`: unanswered items, and non-compliant items without a note or a
  photo; `finish(...)` refuses with them (FinishError), else completes the inspection (locking its results) and
  its tasks in one transaction. The outbox carries it all to the server at the next sync.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from app.errors import BilingualError
from app.models import (
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionCode,
    InspectionStatus,
    ItemResult,
    Plan,
    ResultValue,
    Task,
    TaskStatus,
)
from app.onsite import record_seal
from app.rules.shanghai import shanghai_date
from app.store import RecordNotFoundError, Store


class FinishError(BilingualError, ValueError):
    """Finishing refused: `problems` lists what is missing. Nothing was changed."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(*problems.describe())
        self.problems = problems


@dataclass(frozen=True)
class Section:
    """One checklist's items, in their order; or, `remembered`, the items this target failed before or has open
    correction orders for, put first (app/onsite/remembered.py)."""

    checklist: Checklist | None
    items: tuple[ChecklistItem, ...]
    remembered: bool = False


@dataclass(frozen=True)
class Problems:
    unanswered: tuple[ChecklistItem, ...] = ()
    unsupported: tuple[ChecklistItem, ...] = ()  # non-compliant without a note or a photo

    def __bool__(self) -> bool:
        return bool(self.unanswered or self.unsupported)

    def describe(self) -> tuple[str, str]:
        zh, en = [], []
        if self.unanswered:
            codes = _codes(self.unanswered)
            zh.append(f"尚有 {len(self.unanswered)} 项未检查：{codes}")
            en.append(f"{len(self.unanswered)} item(s) not answered yet: {codes}")
        if self.unsupported:
            codes = _codes(self.unsupported)
            zh.append(f"{len(self.unsupported)} 项不符合项须填写说明或附照片：{codes}")
            en.append(f"{len(self.unsupported)} non-compliant item(s) need a note or a photo: {codes}")
        kept_zh, kept_en = "。检查未完成，已录入的结果均已保存", ". Not finished; every answer is kept"
        return "；".join(zh) + kept_zh, "; ".join(en) + kept_en


@dataclass
class Answers:
    """The inspection's results by item id, and which items have photos."""

    results: dict[str, ItemResult] = field(default_factory=dict)
    photographed: set[str] = field(default_factory=set)


def shanghai_today(store: Store) -> date:
    return shanghai_date(store.clock())


def code_of(store: Store, code_id: str) -> InspectionCode:
    code = store.get(InspectionCode, code_id)
    if code is None:
        raise RecordNotFoundError(InspectionCode.entity, code_id)
    return code


def start(store: Store, code_id: str) -> Inspection:
    """The inspection open under `code_id`, started now (tasks set in progress) if there is none yet."""
    code = code_of(store, code_id)
    existing = inspection_under(store, code_id)
    if existing is not None:  # one code, one inspection: reopening continues it (or shows it, once completed)
        return existing
    inspection = Inspection(
        code_id=code.id,
        target_id=code.target_id,
        task_ids=code.task_ids,
        inspector_ids=code.inspector_ids,
        started_at=store.clock(),
        remote=_remote(store.find(Task, id=code.task_ids)),  # 无感: the record says so (issue 16)
    )
    # One transaction, the inspection first: the gate refuses an invalid code before any task moves.
    saved = store.save_all([inspection, *_tasks_set(store, code.task_ids, TaskStatus.IN_PROGRESS)])
    return saved[0]


def inspection_under(store: Store, code_id: str) -> Inspection | None:
    """The inspection opened under `code_id` (one in progress first, else the completed one), or None."""
    found = store.find(Inspection, code_id=code_id)
    found.sort(key=lambda i: (i.status != InspectionStatus.IN_PROGRESS, i.started_at.isoformat()))
    return found[0] if found else None


def checklist(store: Store, code: InspectionCode) -> list[Section]:
    """The items the code covers, grouped by checklist in the code's order (or, for a code that lists no items, every
    item of its tasks' plans' checklists)."""
    if code.checklist_item_ids:
        items = _items_by_ids(store, code.checklist_item_ids)
    else:
        items = _items_of_plans(store, code.task_ids)
    order: dict[str, list[ChecklistItem]] = {}
    for item in items:
        order.setdefault(item.checklist_id, []).append(item)
    return [Section(store.get(Checklist, cid), tuple(group)) for cid, group in order.items()]


def answers(store: Store, inspection_id: str) -> Answers:
    found = Answers()
    for result in store.find(ItemResult, inspection_id=inspection_id):
        found.results[result.item_id] = result
    found.photographed = store.photographed_items(inspection_id)
    return found


def answer(store: Store, inspection: Inspection, item_id: str, result: ResultValue | str) -> ItemResult:
    """Record (or change) the result of one item, committed at once; the note is kept."""
    current = _result(store, inspection.id, item_id)
    item = store.get(ChecklistItem, item_id)
    version = item.checklist_version if item is not None else None  # the version answered (issue 15)
    if current is None:
        current = ItemResult(
            inspection_id=inspection.id,
            code_id=inspection.code_id,
            item_id=item_id,
            result=result,
            checklist_version=version,
        )
    else:
        current = current.model_copy(
            update={"result": ResultValue(result), "checklist_version": current.checklist_version or version}
        )
    return store.save(current)


def set_note(store: Store, inspection: Inspection, item_id: str, note: str) -> ItemResult:
    """The note of an answered item (a note needs a result first: the UI asks for one)."""
    current = _result(store, inspection.id, item_id)
    if current is None:
        raise ValueError("请先选择该项的检查结果，再填写说明 / choose the item's result before writing a note")
    return store.save(current.model_copy(update={"note": note.strip()}))


def set_findings(store: Store, inspection: Inspection, findings: str) -> Inspection:
    stored = store.get(Inspection, inspection.id) or inspection
    return store.save(stored.model_copy(update={"findings": findings.strip()}))


def problems(store: Store, inspection_id: str, sections: Sequence[Section]) -> Problems:
    found = answers(store, inspection_id)
    items = [item for section in sections for item in section.items]
    unanswered = tuple(i for i in items if i.id not in found.results)
    unsupported = tuple(
        i
        for i in items
        if (r := found.results.get(i.id)) is not None
        and r.result == ResultValue.NON_COMPLIANT
        and not r.note.strip()
        and i.id not in found.photographed
    )
    return Problems(unanswered, unsupported)


def finish(store: Store, inspection: Inspection, sections: Sequence[Section]) -> Inspection:
    """Complete the inspection: refused with FinishError while items are missing; otherwise the tasks are completed and
    the inspection is locked, in one transaction (completing is the inspection's last change)."""
    found = problems(store, inspection.id, sections)
    if found:
        raise FinishError(found)
    stored = store.get(Inspection, inspection.id) or inspection
    tasks = _tasks_set(store, stored.task_ids, TaskStatus.COMPLETED, completed_on=shanghai_today(store))
    completed = stored.model_copy(update={"status": InspectionStatus.COMPLETED, "completed_at": store.clock()})
    made = record_seal.make_seal(store, completed)  # 执法全过程记录: the events sealed with this device's key
    completed = completed.model_copy(update={"seal": record_seal.as_field(made)})  # the seal goes with the finish
    saved = store.save_all([*tasks, completed])  # one transaction; completing locks it, so it comes last
    record_seal.keep(store, made)
    return saved[-1]


def _tasks_set(store: Store, task_ids: Sequence[str], status: TaskStatus, **changes: object) -> list[Task]:
    """The tasks moved to `status` (unsaved); those already there or closed are left out."""
    tasks = (store.get(Task, task_id) for task_id in task_ids)
    return [
        t.model_copy(update={"status": status, **changes})
        for t in tasks
        if t is not None and t.status not in (status, TaskStatus.CLOSED)
    ]


def _result(store: Store, inspection_id: str, item_id: str) -> ItemResult | None:
    found = store.find(ItemResult, inspection_id=inspection_id, item_id=item_id)
    return found[0] if found else None


def _items_by_ids(store: Store, item_ids: Sequence[str]) -> list[ChecklistItem]:
    rank = {item_id: n for n, item_id in enumerate(item_ids)}
    return sorted(store.find(ChecklistItem, id=list(item_ids)), key=lambda i: rank[i.id])


def _items_of_plans(store: Store, task_ids: Sequence[str]) -> list[ChecklistItem]:
    checklist_ids: list[str] = []
    for task_id in task_ids:
        task = store.get(Task, task_id)
        plan = store.get(Plan, task.plan_id) if task else None
        checklist_ids += [c for c in (plan.checklist_ids if plan else []) if c not in checklist_ids]
    items = [i for cid in checklist_ids for i in store.find(ChecklistItem, checklist_id=cid)]
    return sorted(items, key=lambda i: (checklist_ids.index(i.checklist_id), i.position, i.code))


def _codes(items: Sequence[ChecklistItem]) -> str:
    shown = "、".join(i.code for i in items[:12])
    return shown + ("…" if len(items) > 12 else "")


def _remote(tasks: list[Task]) -> bool:
    """A remote (无感) inspection: every task of it is a remote check; one on-site task makes it a visit (the server's
    rule, server/sync/visit_rule.py)."""
    return bool(tasks) and all(t.remote for t in tasks)
