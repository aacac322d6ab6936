"""A conflict the team lead resolves in the inbox closes on the device that met it, at its next sync (issue 12): the
device learns the resolution by pull, whichever value the lead chose, and its record then holds the server's value.
A plain re-pull of the disputed version, and a third value written since, leave it open."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import Target
from tests.helpers.devices import Device, enrol, new_target, server_record
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.e2e


def _disputed(server: LiveServer, folder: Path) -> tuple[Device, Device, Device, Target]:
    """zhang's address reaches the server first; li's, on the same version, is refused as a conflict: li's laptop
    keeps both values, and the lead's inbox has the entry."""
    lead = enrol(server.url, folder / "lead", "lead")
    target = lead.store.save(new_target("两位监督员改了地址的宾馆"))
    lead.engine.sync()
    zhang, li = (enrol(server.url, folder / u, u) for u in ("zhang", "li"))
    for device, address in ((zhang, "长宁路8号甲"), (li, "长宁路8号乙")):
        device.engine.sync()
        device.store.save(device.store.get(Target, target.id).model_copy(update={"address": address}))
    zhang.engine.sync()
    summary = li.engine.sync()
    assert summary.conflicts == 1 and len(li.store.open_conflicts()) == 1
    li.engine.sync()  # the disputed version pulled again: still open
    assert len(li.store.open_conflicts()) == 1 and li.store.sync_state(Target, target.id) == "conflict"
    return lead, zhang, li, target


def _entry(lead: Device, target: Target) -> str:
    [entry] = [e for e in lead.client.conflicts() if e.record_id == target.id]
    return entry.id


@pytest.mark.parametrize(("choice", "address"), [("kept", "长宁路8号甲"), ("other", "长宁路8号乙")])
def test_the_leads_choice_closes_the_devices_conflict_at_its_next_sync(
    live_server: LiveServer, tmp_path: Path, choice: str, address: str
) -> None:
    lead, zhang, li, target = _disputed(live_server, tmp_path)
    try:
        lead.client.resolve_conflict(_entry(lead, target), choice)
        assert server_record(live_server, "targets", target.id)[1]["address"] == address

        li.engine.sync()

        assert li.store.open_conflicts() == []
        assert li.store.get(Target, target.id).address == address  # the server's value, as chosen
        assert li.store.sync_state(Target, target.id) == "sent"
        assert li.store.outbox() == []  # nothing of li's pushed again: the choice is the lead's
        zhang.engine.sync()
        assert zhang.store.get(Target, target.id).address == address and zhang.store.open_conflicts() == []
    finally:
        for device in (lead, zhang, li):
            device.close()


def test_a_third_value_written_since_leaves_the_conflict_open(live_server: LiveServer, tmp_path: Path) -> None:
    lead, zhang, li, target = _disputed(live_server, tmp_path)
    try:
        lead.engine.sync()
        lead.store.save(lead.store.get(Target, target.id).model_copy(update={"address": "长宁路8号丙"}))
        lead.engine.sync()

        li.engine.sync()

        [still] = li.store.open_conflicts()  # neither of the two values: still a disagreement to choose
        assert still.local["address"] == "长宁路8号乙"
    finally:
        for device in (lead, zhang, li):
            device.close()
