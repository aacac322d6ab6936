"""A hypothesis state machine (issue 12): two inspectors' laptops and the real server, random edits of the same
targets' site facts, syncs, crashes between steps (the store closed and reopened, the engine made anew) and clocks
skewed by up to an hour either way. At the end both laptops sync, settle their conflicts (taking the server's value)
and sync again; then both hold exactly what the server holds. Bounded to a few examples to fit CI."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from app.models import Target
from app.store import Store
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from tests.helpers.devices import Device, enrol, new_target, server_record
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.e2e

FIELDS = ("address", "street")
USERS = ("zhang", "li")


def _reopen(device: Device, skew_hours: int) -> Device:
    """The laptop killed between two steps and started again, its clock off by `skew_hours`."""
    path, url, token = device.store.path, device.client.base_url, device.client.token
    device.close()
    store = Store.open(path, clock=lambda: datetime.now(UTC) + timedelta(hours=skew_hours))
    client = SyncClient(url, token)
    return Device(store, client, SyncEngine(store, client))


def machine(server: LiveServer) -> type[RuleBasedStateMachine]:
    class TwoLaptops(RuleBasedStateMachine):
        @initialize()
        def setup(self) -> None:
            self.folder = Path(tempfile.mkdtemp(prefix="stateful-"))
            lead = enrol(server.url, self.folder / "lead", "lead")
            self.targets = [lead.store.save(new_target(f"状态机对象{i}")) for i in range(2)]
            lead.engine.sync()
            lead.close()
            self.devices = {u: enrol(server.url, self.folder / u, u) for u in USERS}
            for device in self.devices.values():
                device.engine.sync()
            self.edits = 0

        @rule(who=st.sampled_from(USERS), which=st.integers(0, 1), field=st.sampled_from(FIELDS))
        def edit(self, who: str, which: int, field: str) -> None:
            store = self.devices[who].store
            record = store.get(Target, self.targets[which].id)
            self.edits += 1
            store.save(record.model_copy(update={field: f"{who}-{field}-{self.edits}"}))

        @rule(who=st.sampled_from(USERS))
        def sync(self, who: str) -> None:
            self.devices[who].engine.sync()

        @rule(who=st.sampled_from(USERS), skew=st.sampled_from((-1, 0, 1)))
        def crash_and_restart(self, who: str, skew: int) -> None:
            self.devices[who] = _reopen(self.devices[who], skew)

        def teardown(self) -> None:
            try:
                for _round in range(3):
                    for device in self.devices.values():
                        device.engine.sync()
                        for conflict in device.store.open_conflicts():
                            device.store.resolve_conflict(conflict, {f: "server" for f in conflict.fields})
                for device in self.devices.values():
                    device.engine.sync()
                for target in self.targets:
                    version, data = server_record(server, "targets", target.id)
                    for device in self.devices.values():
                        local = device.store.get(Target, target.id)
                        assert local.version == version
                        assert (local.address, local.street) == (data["address"], data["street"])
                        assert device.store.outbox() == [] and device.store.open_conflicts() == []
            finally:
                for device in self.devices.values():
                    device.close()

    return TwoLaptops


def test_two_laptops_converge_through_edits_syncs_crashes_and_skewed_clocks(live_server: LiveServer) -> None:
    run_state_machine_as_test(
        machine(live_server),
        settings=settings(
            max_examples=6,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
