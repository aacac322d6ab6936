"""责令改正 creates its 复查: a follow-up task at the deadline, for the same inspectors, that needs its own code."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.models import CorrectionOrder, Inspection, ResultValue, Task, TaskCategory, TaskStatus
from app.onsite import inspection as onsite
from app.onsite.follow_up import issue_correction_order, orders_of
from app.onsite.today import CodeStatus, visits_of
from app.store import LockedError, Store, StoreError
from tests.helpers.gate import ME
from tests.onsite.world import SiteWorld, site_world


@pytest.fixture
def on_site(tmp_path: Path) -> Iterator[tuple[SiteWorld, Inspection]]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        world = site_world(store)
        inspection = onsite.start(store, world.code_for(world.task).id)
        onsite.answer(store, inspection, world.items[0].id, ResultValue.NON_COMPLIANT)
        onsite.answer(store, inspection, world.items[1].id, ResultValue.COMPLIANT)
        yield world, inspection


def test_a_correction_order_creates_a_follow_up_task_at_its_deadline_needing_its_own_code(on_site) -> None:
    world, inspection = on_site
    deadline = onsite.shanghai_today(world.store) + timedelta(days=15)
    order, task = issue_correction_order(world.store, inspection, [world.items[0].id], "补全消毒记录", deadline)
    assert order.follow_up_task_id == task.id and order.deadline == deadline
    stored = world.store.get(Task, task.id)
    assert (stored.category, stored.status) == (TaskCategory.FOLLOW_UP, TaskStatus.PLANNED)
    assert stored.scheduled_on == deadline
    assert stored.inspector_ids == inspection.inspector_ids and stored.plan_id == world.task.plan_id
    assert [o.id for o in orders_of(world.store, inspection.id)] == [order.id]
    follow_up = next(v for v in visits_of(world.store, ME) if v.task_ids == [task.id])
    assert follow_up.status is CodeStatus.NONE  # the visit's code does not cover the follow-up
    queued = {(m["entity"], m["record_id"]) for m in world.store.outbox()}
    assert {("correction_orders", order.id), ("tasks", task.id)} <= queued


@pytest.mark.parametrize(
    ("items", "requirements", "days", "message"),
    [
        ([], "改正", 10, "choose the non-compliant items"),
        (["first"], "  ", 10, "write what must be corrected"),
        (["first"], "改正", 0, "deadline must be after today"),
        (["second"], "改正", 10, "only items found non-compliant"),
    ],
)
def test_bad_orders_are_refused_with_nothing_written(on_site, items, requirements, days, message) -> None:
    world, inspection = on_site
    ids = {"first": world.items[0].id, "second": world.items[1].id}
    deadline = onsite.shanghai_today(world.store) + timedelta(days=days)
    tasks_before = len(world.store.list(Task))
    with pytest.raises(StoreError, match=message):
        issue_correction_order(world.store, inspection, [ids[i] for i in items], requirements, deadline)
    assert world.store.list(CorrectionOrder) == [] and len(world.store.list(Task)) == tasks_before


def test_no_order_once_the_inspection_is_completed(on_site) -> None:
    world, inspection = on_site
    sections = onsite.checklist(world.store, onsite.code_of(world.store, inspection.code_id))
    onsite.set_note(world.store, inspection, world.items[0].id, "无消毒记录")
    for item in world.items[2:]:
        onsite.answer(world.store, inspection, item.id, ResultValue.COMPLIANT)
    done = onsite.finish(world.store, inspection, sections)
    tasks_before = len(world.store.list(Task))
    with pytest.raises(LockedError):
        issue_correction_order(world.store, done, [world.items[0].id], "改正", done.completed_at.date() + timedelta(9))
    assert len(world.store.list(Task)) == tasks_before
