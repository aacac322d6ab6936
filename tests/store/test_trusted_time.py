"""Trusted time: the gate judges a code by the server's time as last seen plus the uptime since, not by the laptop's
clock; it records both times for each inspection and says when it could not be sure. Clock moved ahead and back,
with and without contact; a code revoked on the server refused once the revocation is pulled, and the inspections
that ran under it before named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.models.domain import Inspection, InspectionCode
from app.rules.codes import GateError, Reason
from app.store import Store, gate, trusted_time
from tests.helpers.gate import ME, PARTNER, CodeWorld, code_world
from tests.store.conftest import target

REAL_NOW = datetime.now(UTC)
UPTIME = 5000.0


@pytest.fixture
def world(store: Store) -> CodeWorld:
    store.uptime, store.boot_id = lambda: UPTIME, lambda: "boot-1"
    return code_world(store, target())


def _contact(store: Store) -> None:
    """As at a sync: the server said it is REAL_NOW."""
    trusted_time.note_contact(store, REAL_NOW)


def _open(world: CodeWorld, code: InspectionCode) -> Inspection:
    inspection = Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids,
                            inspector_ids=[ME, PARTNER])  # fmt: skip
    return world.store.save(inspection)


def _refused(world: CodeWorld, code: InspectionCode, reason: Reason) -> None:
    with pytest.raises(GateError) as refused:
        _open(world, code)
    assert refused.value.verdict.reason is reason


def test_clock_ahead_after_contact_does_not_open_a_code_of_the_day_after_tomorrow(world: CodeWorld) -> None:
    code = world.code(starts_in=48)
    _contact(world.store)
    world.store.clock = lambda: REAL_NOW + timedelta(hours=49)
    assert gate.verdict(world.store, code).reason is Reason.NOT_YET_VALID
    _refused(world, code, Reason.NOT_YET_VALID)


def test_clock_back_after_contact_does_not_revive_an_expired_code(world: CodeWorld) -> None:
    code = world.code(starts_in=-10, hours=8)  # ended two hours ago
    _contact(world.store)
    world.store.clock = lambda: REAL_NOW - timedelta(hours=5)
    _refused(world, code, Reason.EXPIRED)


def test_time_runs_on_the_uptime_even_when_the_clock_stands_still(world: CodeWorld) -> None:
    code = world.code(starts_in=-1, hours=8)
    _contact(world.store)
    world.store.clock = lambda: REAL_NOW  # the clock held back
    world.store.uptime = lambda: UPTIME + 9 * 3600  # nine hours later by the clock nobody can set
    _refused(world, code, Reason.EXPIRED)


def test_both_times_are_recorded_with_the_inspection(world: CodeWorld) -> None:
    code = world.code()
    _contact(world.store)
    world.store.clock = lambda: REAL_NOW + timedelta(minutes=30)  # a laptop half an hour fast
    world.store.uptime = lambda: UPTIME + 60
    inspection = _open(world, code)
    judged = trusted_time.judgement(world.store, inspection.id)
    assert judged is not None and judged["sure"] is True and judged["set_back"] is False
    assert datetime.fromisoformat(judged["trusted"]) == REAL_NOW + timedelta(seconds=60)
    assert datetime.fromisoformat(judged["wall"]) == REAL_NOW + timedelta(minutes=30)


def test_without_contact_the_gate_takes_the_clock_and_says_it_is_not_sure(world: CodeWorld) -> None:
    code = world.code(starts_in=48)
    world.store.clock = lambda: REAL_NOW + timedelta(hours=49)  # undetectable offline with nothing to go by
    inspection = _open(world, code)
    judged = trusted_time.judgement(world.store, inspection.id)
    assert judged is not None and judged["sure"] is False and judged["trusted"] is None


def test_after_a_reboot_a_clock_set_back_before_the_last_contact_is_caught(world: CodeWorld) -> None:
    code = world.code(starts_in=-10, hours=8)  # ended two hours ago
    _contact(world.store)
    world.store.boot_id, world.store.uptime = lambda: "boot-2", lambda: 30.0  # rebooted: the uptime counts anew
    world.store.clock = lambda: REAL_NOW - timedelta(hours=5)
    reading = trusted_time.read(world.store)
    assert not reading.sure and reading.set_back and reading.now == REAL_NOW
    _refused(world, code, Reason.EXPIRED)


def test_after_a_reboot_a_clock_moved_ahead_is_not_sure(world: CodeWorld) -> None:
    code = world.code(starts_in=48)
    _contact(world.store)
    world.store.boot_id = lambda: "boot-2"
    world.store.clock = lambda: REAL_NOW + timedelta(hours=49)
    inspection = _open(world, code)  # the limit of an offline laptop: recorded as not sure
    judged = trusted_time.judgement(world.store, inspection.id)
    assert judged is not None and judged["sure"] is False


def test_a_revocation_pulled_at_contact_refuses_the_code_and_names_earlier_inspections(world: CodeWorld) -> None:
    code = world.code()
    _contact(world.store)
    earlier = _open(world, code)
    assert gate.ran_under_revoked(world.store) == []
    revoked_at = earlier.started_at + timedelta(minutes=5)  # after the start, whenever the suite reaches this test
    revoked = code.model_copy(update={"revoked_at": revoked_at, "version": code.version + 1})
    world.store.save_many([revoked], synced=True)  # as the pull brings it
    world.store.uptime = lambda: UPTIME + 600
    _refused(world, code, Reason.REVOKED)
    assert [(c.id, [i.id for i in ran]) for c, ran in gate.ran_under_revoked(world.store)] == [(code.id, [earlier.id])]
