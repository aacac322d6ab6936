"""The requests of a sync against the real server (issue 18). The server's signing keys are fetched only when the
pull's answer names a set other than the one last trusted, so an idle sync is one request and one write; a rotation
on the server is still trusted at the next sync, a swapped key still refused at every sync before anything is pulled.
A sync of changes is the push and the pull."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.models import Target
from app.store.db import PULL_CURSOR, SIGNING_KEYS_VERSION
from app.sync.errors import KeyChangedError
from app.sync.keys import refresh_signing_keys
from tests.helpers.devices import enrol, new_target
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.live_server import LiveServer, seeded_server

pytestmark = pytest.mark.e2e


def _paths(server: LiveServer, since: int) -> list[str]:
    """The paths of the requests the server logged after the log's first `since` lines (server.access, one JSON
    line each, written before the answer goes out)."""
    lines = server.log_path.read_text(errors="replace").splitlines()[since:]
    found = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        path = record.get("path") if isinstance(record, dict) else None
        if path is None and isinstance(record, dict):
            path = (record.get("fields") or {}).get("path")
        if path:
            found.append(path)
    return found


def _log_lines(server: LiveServer) -> int:
    return len(server.log_path.read_text(errors="replace").splitlines())


def test_an_idle_sync_makes_one_request_and_one_write(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang", sync_url=proxy.url)
    zhang.engine.sync()  # the first: the keys fetched once (the login's offer carries no name), their name kept
    assert zhang.store.signing_keys_version() is not None
    told: list[object] = []
    zhang.store.changes.subscribe(told.append)
    before, mark = len(proxy.faults), _log_lines(live_server)

    zhang.engine.sync()

    assert len(proxy.faults) - before == 1, "an idle sync is the pull alone"
    assert _paths(live_server, mark) == ["/api/sync/pull"]
    assert len(told) == 1, "the end of the run (last sync, the server's time) is one transaction"
    zhang.close()


def test_a_changed_sync_asks_no_keys_while_the_server_publishes_the_same(
    live_server: LiveServer, tmp_path: Path
) -> None:
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    lead.engine.sync()
    lead.store.save(new_target("无需密钥宾馆"))
    mark = _log_lines(live_server)

    summary = lead.engine.sync()

    assert summary.accepted == 1
    assert _paths(live_server, mark) == ["/api/sync/push", "/api/sync/pull"]
    lead.close()


def test_a_pull_told_no_name_fetches_the_keys_as_before(live_server: LiveServer, tmp_path: Path) -> None:
    """An older server names nothing: the keys are fetched at every sync, and a name once kept is not trusted in
    place of one (the store's name is never compared with None)."""
    li = enrol(live_server.url, tmp_path / "li", "li")
    li.engine.sync()
    kept = li.store.signing_keys_version()
    mark = _log_lines(live_server)
    refresh_signing_keys(li.store, li.client, None)
    assert _paths(live_server, mark) == ["/api/keys"]
    assert li.client.keys_version == kept, "the keys' own answer carries the same name as the pull's"
    li.close()


def test_a_rotation_is_trusted_at_the_next_sync_after_a_name_was_kept(tmp_path: Path) -> None:
    with seeded_server(tmp_path / "server") as server:
        zhang = enrol(server.url, tmp_path / "zhang", "zhang")
        zhang.engine.sync()
        first_keys, first_name = zhang.store.signing_keys(), zhang.store.signing_keys_version()
        assert first_name is not None

        server.cli("rotate-key")
        server.restart()  # the server loads its keys at start
        zhang.engine.sync()

        assert set(first_keys) < set(zhang.store.signing_keys()), "the new key, endorsed by the pinned one, is trusted"
        assert zhang.store.signing_keys_version() not in (None, first_name)
        mark = _log_lines(server)
        zhang.engine.sync()
        assert "/api/keys" not in _paths(server, mark), "the new name kept: no fetch while nothing changes"
        zhang.close()


def test_a_key_swapped_on_the_server_is_refused_at_every_sync_before_anything_is_pulled(tmp_path: Path) -> None:
    with seeded_server(tmp_path / "server") as server:
        zhang = enrol(server.url, tmp_path / "zhang", "zhang")
        zhang.engine.sync()
        trusted, name = zhang.store.signing_keys(), zhang.store.signing_keys_version()

        shutil.rmtree(server.data_dir / "keys")  # anyone else's key in the server's place, endorsed by none we trust
        server.restart()
        lead = enrol(server.url, tmp_path / "lead", "lead")  # a fresh device pins the stranger and makes a change
        lead.store.save(new_target("换钥之后宾馆"))
        lead.engine.sync()
        cursor = zhang.store.meta(PULL_CURSOR)

        for _ in range(2):  # at every sync, not only the first after the change
            with pytest.raises(KeyChangedError):
                zhang.engine.sync()
            assert zhang.store.signing_keys() == trusted, "nothing of the stranger's is trusted"
            assert zhang.store.meta(PULL_CURSOR) == cursor, "nothing is pulled from a server whose key was swapped"
            assert zhang.store.meta(SIGNING_KEYS_VERSION) == name, "the name kept is still the trusted set's"
        lead.close()
        zhang.close()


def test_the_server_names_its_keys_on_the_pull_and_on_the_keys_answer(live_server: LiveServer, tmp_path: Path) -> None:
    zhang = enrol(live_server.url, tmp_path / "zhang2", "zhang")
    zhang.client.pull(0, 1)
    on_pull = zhang.client.keys_version
    zhang.client.signing_keys()
    assert on_pull is not None and len(on_pull) == 32 and on_pull == zhang.client.keys_version
    zhang.close()


def test_a_sync_of_changes_is_two_requests_and_takes_its_own_changes_back_in_the_same_run(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    """No keys request while the server publishes the same; the pull after the push takes the pushed records back in
    this run (their echo), so the next run has nothing to pull."""
    lead = enrol(live_server.url, tmp_path / "lead3", "lead", sync_url=proxy.url)
    lead.engine.sync()
    made = [lead.store.save(new_target(f"同轮回声宾馆{n}")) for n in range(3)]
    before = len(proxy.faults)

    summary = lead.engine.sync()

    assert len(proxy.faults) - before == 2, "the push and the pull"
    assert summary.accepted == 3 and summary.pulled >= 3
    assert {lead.store.get(Target, t.id).version for t in made} == {1}
    again = lead.engine.sync()
    assert again.pulled == 0 and len(proxy.faults) - before == 3
    lead.close()
