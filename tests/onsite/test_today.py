"""Today: my open tasks as visits (a joint inspection is one visit), by schedule, each with its code's status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.models import TaskStatus
from app.onsite import inspection as onsite
from app.onsite.today import CodeStatus, visits_of
from app.store import Store
from tests.helpers.gate import ME
from tests.onsite.world import SiteWorld, site_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SiteWorld]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield site_world(store)


def test_my_open_tasks_by_schedule_with_a_joint_inspection_as_one_visit(world: SiteWorld) -> None:
    later = world.add_task(scheduled_on=date(2026, 11, 30))
    joint_a = world.add_task(scheduled_on=date(2026, 11, 25), joint_inspection_id="j1")
    joint_b = world.add_task(scheduled_on=date(2026, 11, 26), joint_inspection_id="j1", inspector_ids=["x", "y"])
    world.add_task(inspector_ids=["someone", "else"])  # not mine
    world.add_task(status=TaskStatus.COMPLETED)  # done
    unscheduled = world.add_task(scheduled_on=None)
    visits = visits_of(world.store, ME)
    assert [v.task_ids for v in visits] == [
        [world.task.id],
        sorted([joint_a.id, joint_b.id]),  # the partner team's task comes along: one door, one visit
        [later.id],
        [unscheduled.id],
    ]
    assert visits[1].joint and visits[1].scheduled_on == date(2026, 11, 25)
    assert visits_of(world.store, None) == []


def test_code_status_none_requested_valid_expired_revoked(world: SiteWorld) -> None:
    requested = world.add_task(status=TaskStatus.CODE_REQUESTED, scheduled_on=date(2026, 11, 24))
    valid_task = world.add_task(scheduled_on=date(2026, 11, 25))
    expired_task = world.add_task(scheduled_on=date(2026, 11, 26))
    revoked_task = world.add_task(scheduled_on=date(2026, 11, 27))
    world.code_for(valid_task)
    world.code_for(expired_task, starts_in=-30, hours=4)
    revoked = world.code_for(revoked_task)
    world.store.save_many(
        [revoked.model_copy(update={"revoked_at": datetime.now(UTC), "revoke_reason": "人员变动"})], synced=True
    )
    status = {v.task_ids[0]: v for v in visits_of(world.store, ME)}
    assert status[world.task.id].status is CodeStatus.NONE and not status[world.task.id].can_inspect
    assert status[requested.id].status is CodeStatus.REQUESTED
    assert status[valid_task.id].status is CodeStatus.VALID and status[valid_task.id].can_inspect
    assert status[expired_task.id].status is CodeStatus.EXPIRED and "过期" in status[expired_task.id].verdict.zh
    assert status[revoked_task.id].status is CodeStatus.REVOKED and "人员变动" in status[revoked_task.id].verdict.zh


def test_a_started_inspection_shows_on_its_visit(world: SiteWorld) -> None:
    code = world.code_for(world.task)
    inspection = onsite.start(world.store, code.id)
    [visit] = visits_of(world.store, ME)
    assert visit.inspection is not None and visit.inspection.id == inspection.id
    assert visit.tasks[0].status == TaskStatus.IN_PROGRESS
