"""The sync engine against the real server: push in batches with the answers applied, pull by cursor, a refused
change parked with its reason while the rest goes on, a conflict kept with both values, and stop at a boundary."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from app.models import Target
from app.store.changes import META, Changes
from app.store.db import PULL_CURSOR
from app.sync.engine import Progress, Summary
from app.sync.errors import StoppedError
from tests.helpers.devices import enrol, new_target, server_record
from tests.helpers.live_server import LiveServer


def test_a_push_in_batches_applies_every_answer_and_another_device_pulls_it(
    live_server: LiveServer, tmp_path: Path
) -> None:
    seen: list[Progress] = []
    lead = enrol(live_server.url, tmp_path / "lead", "lead", batch_size=2, on_progress=seen.append)
    made = [lead.store.save(new_target(f"批次宾馆{i}")) for i in range(5)]

    summary = lead.engine.sync()

    assert (summary.accepted, summary.rejected, summary.conflicts) == (5, 0, 0)
    assert [p.pending_changes for p in seen[:3]] == [3, 1, 0]  # three batches: 2, 2 and 1
    assert lead.store.outbox() == []
    for target in made:
        assert lead.store.sync_state(Target, target.id) == "sent"
        version, data = server_record(live_server, "targets", target.id)
        assert lead.store.get(Target, target.id).version == version >= 1 and data["name"] == target.name
    assert lead.store.pull_cursor() > 0

    other = enrol(live_server.url, tmp_path / "other", "li")
    other.engine.sync()
    assert {t.id for t in made} <= {t.id for t in other.store.list(Target)}
    lead.close()
    other.close()


def test_two_changes_of_one_record_go_out_in_order_in_one_run(live_server: LiveServer, tmp_path: Path) -> None:
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    target = lead.store.save(new_target("两次修改宾馆"))
    lead.store.save(target.model_copy(update={"address": "长宁路2号"}))

    summary = lead.engine.sync()

    assert summary.accepted == 2 and lead.store.outbox() == []  # the second waited for the first's version
    assert server_record(live_server, "targets", target.id)[1]["address"] == "长宁路2号"
    lead.close()


def test_a_refused_change_is_parked_with_its_reason_and_the_rest_goes_on(
    live_server: LiveServer, tmp_path: Path
) -> None:
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    target = lead.store.save(new_target("改名宾馆"))
    lead.engine.sync()
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    zhang.engine.sync()
    renamed = zhang.store.save(zhang.store.get(Target, target.id).model_copy(update={"name": "不该由监督员改的名"}))
    moved = zhang.store.save(zhang.store.get(Target, target.id).model_copy(update={"address": "愚园路3号"}))

    summary = zhang.engine.sync()  # an inspector may not rename a target, only record what she finds on site

    assert (summary.rejected, summary.accepted) == (1, 1)
    [parked] = zhang.store.outbox()
    assert parked["fields"].keys() == {"name", "updated_at"} and parked["fields"]["name"] == renamed.name
    assert "forbidden" in parked["last_error"]
    assert zhang.store.sync_state(Target, target.id) == "error"
    on_server = server_record(live_server, "targets", target.id)[1]
    assert (on_server["name"], on_server["address"]) == ("改名宾馆", moved.address)  # the address went on
    again = zhang.engine.sync()
    assert (again.rejected, again.accepted) == (0, 0) and zhang.store.outbox() == [parked]  # parked, not resent
    lead.close()
    zhang.close()


def test_the_same_field_changed_on_two_devices_is_a_conflict_with_both_values(
    live_server: LiveServer, tmp_path: Path
) -> None:
    first = enrol(live_server.url, tmp_path / "first", "lead")
    target = first.store.save(new_target("冲突宾馆"))
    first.engine.sync()
    second = enrol(live_server.url, tmp_path / "second", "lead")
    second.engine.sync()
    first.store.save(first.store.get(Target, target.id).model_copy(update={"name": "甲改的名"}))
    second.store.save(second.store.get(Target, target.id).model_copy(update={"name": "乙改的名"}))
    first.engine.sync()

    summary = second.engine.sync()

    assert summary.conflicts == 1
    [conflict] = second.store.open_conflicts()
    assert (conflict.record_id, conflict.local, conflict.server) == (
        target.id,
        {"name": "乙改的名"},
        {"name": "甲改的名"},
    )
    assert second.store.sync_state(Target, target.id) == "conflict"
    first.close()
    second.close()


def test_a_stopped_engine_sends_nothing_and_keeps_the_outbox(live_server: LiveServer, tmp_path: Path) -> None:
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    target = lead.store.save(new_target("停止宾馆"))
    lead.engine.stop()

    with pytest.raises(StoppedError):
        lead.engine.push(Summary())

    assert len(lead.store.outbox()) == 1 and server_record(live_server, "targets", target.id) is None
    lead.close()


def test_a_pull_stopped_between_pages_keeps_the_durable_cursor_and_the_next_run_ends_equal(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """The next page is asked for before this one is written (SyncClient.pull_pages): a stop after a page leaves that
    answer unread, its connection closed, and the next run resumes from the cursor written with the last page."""
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    made = [lead.store.save(new_target(f"分页宾馆{i}")) for i in range(6)]
    lead.engine.sync()
    paged = enrol(live_server.url, tmp_path / "paged", "li", page_size=2)
    cursors: list[int] = []

    def stop_after_first_page(changes: Changes) -> None:
        if PULL_CURSOR in changes.of(META):
            cursors.append(paged.store.pull_cursor())
            paged.engine.stop()

    paged.store.changes.subscribe(stop_after_first_page)
    with pytest.raises(StoppedError):
        paged.engine.pull(Summary())
    assert len(cursors) == 1 and paged.store.pull_cursor() == cursors[0] > 0
    paged.store.changes.unsubscribe(stop_after_first_page)

    paged.engine.sync()  # resumes on a fresh connection from the durable cursor
    whole = enrol(live_server.url, tmp_path / "whole", "li")
    whole.engine.sync()
    assert {t.id for t in made} <= {t.id for t in paged.store.list(Target)}
    assert paged.store.pull_cursor() == whole.store.pull_cursor()
    assert sorted(t.model_dump_json() for t in paged.store.list(Target)) == sorted(
        t.model_dump_json() for t in whole.store.list(Target)
    )
    for device in (lead, paged, whole):
        device.close()


def test_the_garbage_collector_is_paused_for_each_page_and_as_it_was_after(
    live_server: LiveServer, tmp_path: Path
) -> None:
    lead = enrol(live_server.url, tmp_path / "lead", "lead", page_size=2)
    for i in range(4):
        lead.store.save(new_target(f"回收宾馆{i}"))
    lead.engine.sync()
    reader = enrol(live_server.url, tmp_path / "reader", "li", page_size=2)
    during: list[bool] = []
    reader.store.changes.subscribe(lambda _changes: during.append(gc.isenabled()))  # told inside each page's pause
    assert gc.isenabled()
    reader.engine.pull(Summary())
    assert len(during) >= 3 and not any(during) and gc.isenabled()

    gc.disable()  # someone else paused it: a pull leaves it paused
    try:
        lead.store.save(new_target("回收之后"))
        lead.engine.sync()
        reader.engine.pull(Summary())
        assert not gc.isenabled()
    finally:
        gc.enable()
    for device in (lead, reader):
        device.close()
