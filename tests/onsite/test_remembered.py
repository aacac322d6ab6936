"""The checklist remembers (app/onsite/remembered.py): items the target failed before (as amended) and items of its
open correction orders come first on the next visit, with last time's note; a closed order, another target, a later
inspection and this inspection's own order are not remembered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.models import CorrectionOrder, Inspection, ItemResult, Task, TaskCategory
from app.models.domain import Amendment
from app.onsite import inspection as onsite
from app.onsite.remembered import remembered, remembered_first
from app.store import Store
from app.ui.onsite.inspection_window import open_inspection
from tests.helpers.gate import ME, PARTNER
from tests.onsite.world import SiteWorld, site_world
from tests.store.conftest import target


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SiteWorld]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield site_world(store)


def _past(world: SiteWorld, days_ago: int, failed: dict[int, str], target_id: str | None = None) -> Inspection:
    """A finished inspection held as pulled from the server, failing items by index with their notes."""
    started = datetime.now(UTC) - timedelta(days=days_ago)
    inspection = Inspection(
        code_id=f"old-code-{days_ago}",
        target_id=target_id or world.gate.target.id,
        task_ids=[world.task.id],
        inspector_ids=[ME, PARTNER],
        status="completed",
        started_at=started,
        completed_at=started + timedelta(hours=1),
    )
    results = [
        ItemResult(
            inspection_id=inspection.id,
            code_id=inspection.code_id,
            item_id=item.id,
            result="non_compliant" if n in failed else "compliant",
            note=failed.get(n, ""),
        )
        for n, item in enumerate(world.items)
    ]
    world.store.save_many([inspection, *results], synced=True)
    return inspection


def _order(world: SiteWorld, past: Inspection, index: int, status: str, deadline: date) -> CorrectionOrder:
    follow_up = Task(
        plan_id=world.plan.id,
        target_id=past.target_id,
        category=TaskCategory.FOLLOW_UP,
        team=world.task.team,
        status=status,
        close_reason="已改正" if status == "closed" else None,
    )
    order = CorrectionOrder(
        inspection_id=past.id,
        code_id=past.code_id,
        target_id=past.target_id,
        item_ids=[world.items[index].id],
        requirements="限期改正",
        deadline=deadline,
        follow_up_task_id=follow_up.id,
    )
    world.store.save_many([follow_up, order], synced=True)
    return order


def test_past_failures_and_open_orders_are_remembered_with_the_latest_note(world: SiteWorld) -> None:
    items = world.items
    old = _past(world, 300, {0: "消毒记录缺失", 1: "器械未灭菌"})
    recent = _past(world, 60, {0: "消毒记录仍不全"})
    _order(world, recent, 2, "planned", date(2026, 12, 20))  # open: its 复查 not done
    _order(world, old, 3, "completed", date(2026, 3, 1))  # done: forgotten
    another = target("别家诊所")
    world.store.save_many([another], synced=True)
    _past(world, 30, {4: "别家的问题"}, target_id=another.id)
    now = onsite.start(world.store, world.code_for(world.task).id)
    memory = remembered(world.store, now)
    assert set(memory) == {items[0].id, items[1].id, items[2].id}
    assert memory[items[0].id].note == "消毒记录仍不全"  # the newest failure's note
    assert memory[items[1].id].note == "器械未灭菌" and not memory[items[1].id].open_order
    assert memory[items[2].id].order_deadline == date(2026, 12, 20) and memory[items[2].id].failed_on is None


def test_an_amended_result_is_remembered_as_amended(world: SiteWorld) -> None:
    past = _past(world, 90, {0: "记录缺失"})
    [result] = [r for r in world.store.find(ItemResult, inspection_id=past.id) if r.item_id == world.items[0].id]
    amendment = Amendment(
        inspection_id=past.id,
        code_id=past.code_id,
        record_entity="item_results",
        record_id=result.id,
        field="result",
        old_value="non_compliant",
        new_value="compliant",
        reason="复核录像后更正",
    )
    world.store.save_many([amendment], synced=True)
    now = onsite.start(world.store, world.code_for(world.task).id)
    assert remembered(world.store, now) == {}


def test_remembered_items_come_first_open_orders_first_each_item_once(world: SiteWorld) -> None:
    items = world.items
    past = _past(world, 100, {5: "上次问题"})
    _order(world, past, 6, "planned", date(2026, 12, 1))
    code = world.code_for(world.task)
    opened = open_inspection(world.store, code.id)
    first, *rest = opened.sections
    assert first.remembered and [i.id for i in first.items] == [items[6].id, items[5].id]
    every = [i.id for s in opened.sections for i in s.items]
    assert sorted(every) == sorted(i.id for i in items) and len(every) == len(set(every))
    assert not any(s.remembered for s in rest) and opened.memory[items[5].id].note == "上次问题"
    # nothing remembered: the checklist as it was
    plain = onsite.checklist(world.store, code)
    assert remembered_first(plain, {}) == plain
