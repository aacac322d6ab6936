"""The status area follows the worker's signals: offline/online, progress, errors; the worker really syncs."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store import Store
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from app.ui.sync_status import SyncStatus
from app.ui.sync_worker import OFFLINE, ONLINE, SyncThread, SyncWorker
from tests.sync.live import ServerProcess, enrol, free_port, live_server, new_target  # noqa: F401 (fixture)


def test_status_reacts_to_state_and_progress(qtbot) -> None:
    status = SyncStatus()
    qtbot.addWidget(status)
    status.set_state(OFFLINE)
    assert status.state_label.text() == "离线"
    status.set_error("无法连接服务器 / cannot reach the server")
    status.set_progress(3, 3 * 1_048_576, 1_048_576)
    assert "3" in status.pending_label.text()
    assert not status.photo_bar.isHidden()
    assert (status.photo_bar.value(), status.photo_bar.maximum()) == (1024, 4096)
    assert "3.0 MB" in status.photo_bar.format()
    status.set_state(ONLINE)
    assert status.state_label.text() == "在线"
    assert status.error_label.text() == ""
    with qtbot.waitSignal(status.sync_requested, timeout=1000):
        status.sync_button.click()


@pytest.mark.e2e
def test_worker_syncs_when_the_server_answers(qtbot, live_server: ServerProcess, tmp_path: Path) -> None:  # noqa: F811
    device = enrol(live_server.url, tmp_path, "zhang", sync_url=f"http://127.0.0.1:{free_port()}")
    device.store.save(new_target())
    token, store_path = device.client.token, device.store.path
    device.close()
    urls = [f"http://127.0.0.1:{free_port()}"]  # the first engine's server is unreachable

    def make_engine() -> SyncEngine:
        return SyncEngine(Store.open(store_path), SyncClient(urls[0], token, timeout=(1.0, 5.0)))

    worker = SyncWorker(make_engine, interval_ms=60_000)
    status = SyncStatus()
    qtbot.addWidget(status)
    worker.state_changed.connect(status.set_state)
    worker.progress.connect(status.set_progress)
    worker.finished.connect(status.set_finished)
    thread = SyncThread(worker)
    try:
        with qtbot.waitSignal(worker.state_changed, check_params_cb=lambda s: s == OFFLINE, timeout=10_000):
            thread.start()
        qtbot.waitUntil(lambda: status.state_label.text() == "离线", timeout=5000)
        qtbot.waitUntil(lambda: "1" in status.pending_label.text(), timeout=5000)

        worker.engine.client.base_url = live_server.url  # the network comes back
        with qtbot.waitSignal(worker.finished, timeout=20_000):
            thread.request()
        qtbot.waitUntil(lambda: status.state_label.text() == "在线", timeout=5000)
        qtbot.waitUntil(lambda: "0" in status.pending_label.text(), timeout=5000)
        assert status.last_sync_label.text().startswith("上次同步")
    finally:
        thread.stop()
    assert not thread.thread.isRunning()
    assert worker.engine is None  # the store and client were closed on the worker's thread
