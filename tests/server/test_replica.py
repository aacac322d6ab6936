"""Pulls served by a PostgreSQL streaming replica (`FI_REPLICA_DATABASE_URL`, server/sync/replica.py), with the
e2e sync running through it: in step, paused (lagging), stopped and back. A device's cursor never goes back, and
nothing is lost or repeated; a device ahead of the replica is served by the primary."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from app.models import Target
from server.sync.replica import APPLICATION_NAME
from tests.helpers import pg_cluster
from tests.helpers.devices import Device, enrol, new_target
from tests.helpers.live_server import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
WAIT = 30.0  # s: the bound on waiting for the standby to replay, not an expected time


@pytest.fixture(scope="module")
def pair() -> Iterator[tuple[pg_cluster.Cluster, pg_cluster.Cluster]]:
    reason = pg_cluster.unavailable_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires the replica test: {reason}")
        pytest.skip(reason)
    with pg_cluster.primary_and_standby() as clusters:
        clusters[0].sql("CREATE DATABASE fi")
        yield clusters


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT:.0f} s: {what}")
        time.sleep(0.05)  # polling the standby's replay, a process we do not drive


def _pulls_read_on(standby: pg_cluster.Cluster) -> bool:
    """The server's pull connections to the standby (kept in its pool) are there."""
    query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
    return standby.sql(query, (APPLICATION_NAME,))[0][0] > 0


def _on_standby(standby: pg_cluster.Cluster, record_id: str) -> bool:
    try:
        return standby.sql("SELECT count(*) FROM records WHERE id = %s", (record_id,), dbname="fi")[0][0] == 1
    except psycopg.Error:  # starting up
        return False


def _sync(device: Device, cursors: list[int]) -> None:
    device.engine.sync()
    cursors.append(device.store.pull_cursor())


def test_pulls_through_a_replica_in_step_paused_and_stopped(
    pair: tuple[pg_cluster.Cluster, pg_cluster.Cluster], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    primary, standby = pair
    monkeypatch.setenv("FI_REPLICA_DATABASE_URL", standby.url("fi"))
    server = LiveServer(tmp_path / "server", primary.url("fi"))
    server.seed_users()
    server.start()
    lead, zhang = enrol(server.url, tmp_path / "lead", "lead"), enrol(server.url, tmp_path / "zhang", "zhang")
    cursors: list[int] = []
    try:
        # In step: the lead's target reaches zhang, read on the replica.
        first = lead.store.save(new_target("副本宾馆"))
        lead.engine.sync()
        _wait_for(lambda: _on_standby(standby, first.id), "the standby replays the lead's push")
        _sync(zhang, cursors)
        assert zhang.store.get(Target, first.id) is not None
        assert _pulls_read_on(standby)  # the pages were read there

        # Paused (lagging): zhang is not ahead, so the replica answers: nothing new yet, and the cursor holds.
        standby.sql("SELECT pg_wal_replay_pause()")
        second = lead.store.save(new_target("暂停期间的宾馆"))
        lead.engine.sync()
        _sync(zhang, cursors)
        assert zhang.store.get(Target, second.id) is None and cursors[-1] >= cursors[-2]
        # A device ahead of the replica (its cursor from the primary) is served by the primary, never sent back.
        head = lead.store.pull_cursor()
        answer = requests.get(
            f"{server.url}/api/sync/pull",
            params={"since": head, "limit": 100},
            headers={"Authorization": f"Bearer {lead.client.token}"},
            timeout=10,
        ).json()
        assert answer["cursor"] >= head

        # Stopped: the primary serves everyone; zhang gets the second target now.
        standby.stop()
        _sync(zhang, cursors)
        assert zhang.store.get(Target, second.id) is not None

        # Back (replay resumes on start): zhang, now ahead of or level with it, loses nothing and repeats nothing.
        standby.start()
        standby.sql("SELECT pg_wal_replay_resume()")
        third = lead.store.save(new_target("恢复之后的宾馆"))
        lead.engine.sync()
        _wait_for(lambda: _on_standby(standby, third.id), "the standby catches up")
        _sync(zhang, cursors)
        assert {t.id for t in zhang.store.list(Target)} >= {first.id, second.id, third.id}
        assert cursors == sorted(cursors), f"a cursor went back: {cursors}"
    finally:
        for device in (lead, zhang):
            device.close()
        server.kill()
