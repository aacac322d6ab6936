"""End to end with the real server process on loopback: offline edits, two clients, conflicts and merges."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import Target
from app.sync.errors import OfflineError
from app.sync.http import SyncClient
from tests.helpers.devices import enrol, new_target, server_record
from tests.helpers.live_server import LiveServer, free_port

pytestmark = pytest.mark.e2e


def test_offline_edits_reach_the_server_when_it_is_back(live_server: LiveServer, tmp_path: Path) -> None:
    device = enrol(live_server.url, tmp_path / "a", "lead", sync_url=f"http://127.0.0.1:{free_port()}")
    targets = [device.store.save(new_target(f"宾馆{i}")) for i in range(3)]
    device.store.save(targets[0].model_copy(update={"address": "延安西路2号"}))
    with pytest.raises(OfflineError):
        device.engine.sync()
    assert len(device.store.outbox()) == 4  # nothing lost, nothing acknowledged

    device.engine.client = device.engine.uploader.client = SyncClient(live_server.url, device.client.token)
    summary = device.engine.sync()

    assert summary.accepted == 4
    assert device.store.outbox() == []
    assert server_record(live_server, "targets", targets[0].id)[1]["address"] == "延安西路2号"
    assert server_record(live_server, "targets", targets[0].id)[0] == 2
    assert {device.store.sync_state(Target, t.id) for t in targets} == {"sent"}
    assert device.store.get(Target, targets[0].id).version == 2

    other = enrol(live_server.url, tmp_path / "b", "li")
    other.engine.sync()
    assert other.store.get(Target, targets[0].id).address == "延安西路2号"


def _shared_target(live_server: LiveServer, tmp_path: Path):
    """A target the lead made, on two inspectors' laptops (they may change what they learn on site: the address)."""
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    target = lead.store.save(new_target())
    lead.engine.sync()
    lead.close()
    a = enrol(live_server.url, tmp_path / "a", "zhang")
    b = enrol(live_server.url, tmp_path / "b", "li")
    a.engine.sync()
    b.engine.sync()
    assert b.store.get(Target, target.id).version == 1
    return a, b, target


def test_same_field_edited_on_two_clients_keeps_both_values(live_server: LiveServer, tmp_path: Path) -> None:
    a, b, target = _shared_target(live_server, tmp_path)
    a.store.save(a.store.get(Target, target.id).model_copy(update={"address": "甲改的地址"}))
    b.store.save(b.store.get(Target, target.id).model_copy(update={"address": "乙改的地址", "street": "乙改的街道"}))
    a.engine.sync()

    summary = b.engine.sync()

    assert summary.conflicts == 1
    [conflict] = b.store.open_conflicts()
    assert conflict.fields == ["address"]
    assert (conflict.local, conflict.server) == ({"address": "乙改的地址"}, {"address": "甲改的地址"})
    assert b.store.sync_state(Target, target.id) == "conflict"
    version, data = server_record(live_server, "targets", target.id)
    assert (data["address"], data["street"]) == ("甲改的地址", "乙改的街道")  # the disjoint field merged
    assert version == 3

    b.store.resolve_conflict(conflict, {"address": "local"})
    assert len(b.store.outbox()) == 1
    b.engine.sync()
    assert server_record(live_server, "targets", target.id)[1]["address"] == "乙改的地址"
    assert b.store.open_conflicts() == []
    assert b.store.sync_state(Target, target.id) == "sent"
    a.engine.sync()
    assert a.store.get(Target, target.id).address == "乙改的地址"


def test_different_fields_edited_on_two_clients_merge(live_server: LiveServer, tmp_path: Path) -> None:
    a, b, target = _shared_target(live_server, tmp_path)
    a.store.save(a.store.get(Target, target.id).model_copy(update={"address": "新地址"}))
    b.store.save(b.store.get(Target, target.id).model_copy(update={"street": "新街道"}))

    assert a.engine.sync().accepted == 1
    assert b.engine.sync().conflicts == 0
    a.engine.sync()

    for device in (a, b):
        record = device.store.get(Target, target.id)
        assert (record.street, record.address, record.version) == ("新街道", "新地址", 3)
    assert b.store.open_conflicts() == []


def test_two_devices_of_one_inspector_never_overwrite_each_other(live_server: LiveServer, tmp_path: Path) -> None:
    """The same user on a laptop and a tablet edits the same field offline: the second sync is a conflict, shown
    with both values, and the server keeps the first until someone chooses."""
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    target = lead.store.save(new_target("两台设备宾馆"))
    lead.engine.sync()
    lead.close()
    laptop = enrol(live_server.url, tmp_path / "laptop", "zhang")
    tablet = enrol(live_server.url, tmp_path / "tablet", "zhang")
    laptop.engine.sync()
    tablet.engine.sync()
    laptop.store.save(laptop.store.get(Target, target.id).model_copy(update={"address": "笔记本改的地址"}))
    tablet.store.save(tablet.store.get(Target, target.id).model_copy(update={"address": "平板改的地址"}))

    assert laptop.engine.sync().accepted == 1
    summary = tablet.engine.sync()

    assert (summary.accepted, summary.conflicts) == (0, 1)
    [conflict] = tablet.store.open_conflicts()
    assert conflict.fields == ["address"]
    assert (conflict.local["address"], conflict.server["address"]) == ("平板改的地址", "笔记本改的地址")
    assert server_record(live_server, "targets", target.id)[1]["address"] == "笔记本改的地址"
    laptop.close()
    tablet.close()
