"""Stopping the sync never waits for ever (issue 12; a CI run once hung in a blocking shut-down): with the network
thread stuck in other work, `SyncThread.stop()` gives up after its deadline, and the worker still shuts down once
the thread is free again."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.store import Store
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from app.ui import sync_worker
from app.ui.runner import Runner
from app.ui.sync_worker import SyncThread, SyncWorker
from tests.helpers.live_server import free_port


def test_stop_returns_while_the_network_thread_is_stuck(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "store.sqlite3"
    Store.open(path).close()
    url = f"http://127.0.0.1:{free_port()}"  # nobody answers: the first sync finds the server offline
    worker = SyncWorker(lambda: SyncEngine(Store.open(path), SyncClient(url, "token", timeout=(1.0, 1.0))))
    runner = Runner(path)
    thread = SyncThread(worker, runner)
    release = threading.Event()
    try:
        with qtbot.waitSignal(worker.state_changed, timeout=10_000):
            thread.start()
        stuck: list[object] = []
        runner.run_network(lambda: release.wait(60), stuck.append)  # the network thread busy with something else
        monkeypatch.setattr(sync_worker, "SHUT_DOWN_WAIT_MS", 100)

        thread.stop()  # returns although the worker cannot run its shut-down yet

        assert not thread.running and not worker.shut_down_done.is_set()
        release.set()
        qtbot.waitUntil(worker.shut_down_done.is_set, timeout=10_000)  # it ran once the thread was free
        assert worker.engine is None
    finally:
        release.set()
        runner.close()
    assert not runner.running
