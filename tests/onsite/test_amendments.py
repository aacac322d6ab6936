"""Amendments: the only change to a completed inspection, with old and new value, reason, who and when."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.models import Inspection, ItemResult, ResultValue
from app.models.domain import Amendment
from app.onsite import amendments
from app.onsite import inspection as onsite
from app.rules.codes import GateError
from app.store import LockedError, Store, StoreError
from tests.helpers.gate import ME
from tests.onsite.world import SiteWorld, site_world


@pytest.fixture
def done(tmp_path: Path) -> Iterator[tuple[SiteWorld, Inspection]]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        world = site_world(store)
        code = world.code_for(world.task)
        sections = onsite.checklist(store, code)
        inspection = onsite.start(store, code.id)
        for item in world.items:
            onsite.answer(store, inspection, item.id, ResultValue.COMPLIANT)
        yield world, onsite.finish(store, inspection, sections)


def test_an_amendment_records_old_new_reason_who_and_when_and_changes_the_effective_value(done) -> None:
    world, inspection = done
    item = world.items[0].id
    made = amendments.amend_result(
        world.store, inspection, item, result=ResultValue.NON_COMPLIANT, note="复核录像发现未消毒", reason="录入错误"
    )
    assert [(a.field, a.old_value, a.new_value) for a in made] == [
        ("result", "compliant", "non_compliant"),
        ("note", "", "复核录像发现未消毒"),
    ]
    assert all(a.reason == "录入错误" and a.made_by == ME and a.made_at for a in made)
    [result] = world.store.find(ItemResult, item_id=item)
    assert result.result == ResultValue.COMPLIANT  # the locked record itself never changes
    assert amendments.effective(world.store, inspection.id, result) == {
        "result": "non_compliant",
        "note": "复核录像发现未消毒",
    }
    assert {("amendments", a.id) for a in made} <= {(m["entity"], m["record_id"]) for m in world.store.outbox()}


def test_an_amendment_needs_a_reason_and_a_change_and_writes_nothing_otherwise(done) -> None:
    world, inspection = done
    item = world.items[0].id
    with pytest.raises(StoreError, match="needs a reason"):
        amendments.amend_result(world.store, inspection, item, result=ResultValue.NON_COMPLIANT, reason="  ")
    with pytest.raises(StoreError, match="changes nothing"):
        amendments.amend_result(world.store, inspection, item, result=ResultValue.COMPLIANT, reason="核对")
    assert world.store.list(Amendment) == []


def test_amendments_come_after_the_code_expired_but_not_from_someone_off_the_code(done) -> None:
    world, inspection = done
    store = world.store
    store.clock = lambda: inspection.completed_at + timedelta(days=3)  # long after the code's window
    amendments.amend_findings(store, inspection, "补充：消毒记录不全", reason="补录")
    assert amendments.effective_findings(store, inspection) == "补充：消毒记录不全"
    store.set_meta("user.inspector_id", "inspector-wang")
    with pytest.raises(GateError):
        amendments.amend_findings(store, inspection, "另一人修改", reason="试图更改")


def test_an_in_progress_inspection_is_changed_directly_not_amended(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        world = site_world(store)
        inspection = onsite.start(store, world.code_for(world.task).id)
        onsite.answer(store, inspection, world.items[0].id, ResultValue.COMPLIANT)
        with pytest.raises(StoreError, match="still in progress"):
            amendments.amend_result(store, inspection, world.items[0].id, result="non_compliant", reason="改")


def test_a_completed_result_cannot_be_changed_directly(done) -> None:
    world, inspection = done
    with pytest.raises(LockedError, match="amendment"):
        onsite.set_note(world.store, inspection, world.items[0].id, "事后补充")
