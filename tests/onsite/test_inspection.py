"""Checklist execution and finishing through the store's gate: answers committed at once, finishing refused with what
is missing (nothing lost), completion locks the results and completes the tasks, and it all waits in the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import InspectionStatus, ItemResult, ResultValue, Task, TaskStatus
from app.onsite import inspection as onsite
from app.onsite.evidence import import_photo
from app.rules.codes import GateError, Reason
from app.store import LockedError, Store
from tests.onsite.evidence_helpers import jpeg
from tests.onsite.world import SiteWorld, site_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SiteWorld]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield site_world(store)


def test_the_checklist_is_the_code_s_items_grouped_by_checklist(world: SiteWorld) -> None:
    code = world.code_for(world.task)
    sections = onsite.checklist(world.store, code)
    assert [s.checklist.id for s in sections] == [c.id for c in world.checklists]
    assert [i.id for s in sections for i in s.items] == [i.id for i in world.items]


def test_a_code_without_items_covers_its_plan_s_checklists(world: SiteWorld) -> None:
    code = world.code_for(world.task, items=[])
    sections = onsite.checklist(world.store, code)
    assert [s.checklist.id for s in sections] == world.plan.checklist_ids
    assert len([i for s in sections for i in s.items]) > len(world.items)  # every item, not just the first four


def test_starting_sets_the_tasks_in_progress_and_reopening_continues(world: SiteWorld) -> None:
    code = world.code_for(world.task)
    first = onsite.start(world.store, code.id)
    assert world.store.get(Task, world.task.id).status == TaskStatus.IN_PROGRESS
    assert onsite.start(world.store, code.id).id == first.id


def test_an_expired_code_starts_nothing_and_says_why(world: SiteWorld) -> None:
    code = world.code_for(world.task, starts_in=-10, hours=2)
    with pytest.raises(GateError) as refused:
        onsite.start(world.store, code.id)
    assert refused.value.verdict.reason is Reason.EXPIRED
    assert world.store.get(Task, world.task.id).status == TaskStatus.PLANNED
    assert world.store.outbox() == []


def test_every_answer_is_committed_at_once_and_changing_it_keeps_one_result(world: SiteWorld) -> None:
    code = world.code_for(world.task)
    inspection = onsite.start(world.store, code.id)
    item = world.items[0].id
    onsite.answer(world.store, inspection, item, ResultValue.COMPLIANT)
    onsite.answer(world.store, inspection, item, ResultValue.NON_COMPLIANT)
    onsite.set_note(world.store, inspection, item, "  消毒记录缺失  ")
    with Store.open(world.store.path) as other:  # what another connection (a restart) sees
        [result] = other.find(ItemResult, inspection_id=inspection.id)
    assert (result.result, result.note) == (ResultValue.NON_COMPLIANT, "消毒记录缺失")


def test_finishing_with_missing_answers_is_refused_listing_them_and_keeps_everything(world: SiteWorld) -> None:
    code = world.code_for(world.task)
    sections = onsite.checklist(world.store, code)
    inspection = onsite.start(world.store, code.id)
    first, second, *rest = world.items
    onsite.answer(world.store, inspection, first.id, ResultValue.COMPLIANT)
    onsite.answer(world.store, inspection, second.id, ResultValue.NON_COMPLIANT)
    outbox = len(world.store.outbox())
    with pytest.raises(onsite.FinishError) as refused:
        onsite.finish(world.store, inspection, sections)
    problems = refused.value.problems
    assert [i.id for i in problems.unanswered] == [i.id for i in rest]
    assert [i.id for i in problems.unsupported] == [second.id]
    assert (
        rest[0].code in refused.value.zh
        and "not answered" in refused.value.en
        and "note or a photo" in str(refused.value)
    )
    assert world.store.get(type(inspection), inspection.id).status == InspectionStatus.IN_PROGRESS
    assert len(world.store.outbox()) == outbox and len(world.store.list(ItemResult)) == 2


def test_a_photo_of_the_item_supports_a_non_compliant_result(world: SiteWorld, tmp_path: Path) -> None:
    code = world.code_for(world.task)
    sections = onsite.checklist(world.store, code)
    inspection = onsite.start(world.store, code.id)
    for item in world.items:
        onsite.answer(world.store, inspection, item.id, ResultValue.COMPLIANT)
    onsite.answer(world.store, inspection, world.items[0].id, ResultValue.NON_COMPLIANT)
    assert onsite.problems(world.store, inspection.id, sections).unsupported
    import_photo(world.store, inspection, jpeg(tmp_path / "p.jpg"), item_id=world.items[0].id)
    assert not onsite.problems(world.store, inspection.id, sections)


def test_finishing_locks_the_results_completes_the_tasks_and_queues_it_all(world: SiteWorld) -> None:
    second = world.add_task(joint_inspection_id="joint-1")
    world.store.save_many([world.task.model_copy(update={"joint_inspection_id": "joint-1"})], synced=True)
    code = world.code_for(world.task, second)
    sections = onsite.checklist(world.store, code)
    inspection = onsite.start(world.store, code.id)
    for item in world.items:
        onsite.answer(world.store, inspection, item.id, ResultValue.NOT_APPLICABLE)
    onsite.set_findings(world.store, inspection, "现场未发现问题")
    done = onsite.finish(world.store, inspection, sections)

    assert done.status == InspectionStatus.COMPLETED and done.completed_at is not None
    assert done.findings == "现场未发现问题"
    for task_id in (world.task.id, second.id):
        task = world.store.get(Task, task_id)
        assert task.status == TaskStatus.COMPLETED and task.completed_on == onsite.shanghai_today(world.store)
    with pytest.raises(LockedError):
        onsite.answer(world.store, done, world.items[0].id, ResultValue.COMPLIANT)
    queued = {(m["entity"], m["record_id"]) for m in world.store.outbox()}
    assert ("inspections", done.id) in queued and ("tasks", second.id) in queued
    assert {("item_results", r.id) for r in world.store.list(ItemResult)} <= queued
