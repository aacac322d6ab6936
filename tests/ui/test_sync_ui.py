"""The status area follows the worker's signals: offline/online, progress, errors; the worker really syncs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.exceptions import TimeoutError

from app.store import Store
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from app.ui.connection import Connection, stored_connection
from app.ui.main_window import MainWindow
from app.ui.qt import Qt
from app.ui.runner import Runner
from app.ui.sync_status import SyncStatus
from app.ui.sync_worker import OFFLINE, ONLINE, SyncThread, SyncWorker
from tests.helpers.devices import enrol, new_target
from tests.helpers.live_server import PASSWORD, LiveServer, free_port, live_server  # noqa: F401 (fixture)
from tests.helpers.runner import call


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
def test_worker_syncs_when_the_server_answers(qtbot, live_server: LiveServer, tmp_path: Path) -> None:  # noqa: F811
    device = enrol(live_server.url, tmp_path, "lead", sync_url=f"http://127.0.0.1:{free_port()}")  # may add targets
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
    runner = Runner(store_path)
    thread = SyncThread(worker, runner)
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
        runner.close()
    assert not thread.running and not runner.running
    assert worker.engine is None  # the store and client were closed on the worker's thread


# --- the main window connected to a real server -------------------------------------------------------------------


def _connect(server: LiveServer, folder: Path, username: str = "zhang") -> Connection:
    """Log in as the login dialog does (the user's store pins the keys, the token goes to the vault)."""
    path = folder / username / "store.sqlite3"
    with Store.open(path) as store:
        auth.login(store, auth.TokenVault.detect(path.parent), server.url, username, PASSWORD)
    connection = stored_connection(server.url, username, path)
    assert connection is not None and connection.token
    return connection


@pytest.fixture(params=["zhang"])
def connected_window(
    request: pytest.FixtureRequest, qtbot, live_server: LiveServer, tmp_path: Path, translations  # noqa: F811
) -> Iterator[MainWindow]:
    """The main window signed in as the inspector (a test may ask for another user by indirect parametrisation)."""
    connection = _connect(live_server, tmp_path, request.param)
    runner = Runner(connection.store_path)
    win = MainWindow(runner, translations, connection)
    qtbot.add_widget(win)
    win.show()
    try:
        yield win
    finally:
        win.close()
        assert not win.threads_running  # no thread outlives the window
        runner.close()


def _wait_online(qtbot, win: MainWindow) -> None:
    """Until the first sync finished; a timeout says what the status area shows instead."""
    status = win.sync_status
    try:
        qtbot.waitUntil(
            lambda: status.state == ONLINE and status.last_sync_label.text().startswith("上次同步"), timeout=20_000
        )
    except TimeoutError as exc:
        shown = [status.state_label.text(), status.error_label.text(), status.last_sync_label.text()]
        raise AssertionError(f"not online after the first sync; the status shows {shown}") from exc


@pytest.mark.e2e
def test_the_window_syncs_on_start_and_shows_it(qtbot, connected_window: MainWindow) -> None:
    win = connected_window
    assert win.sync_status.isVisibleTo(win) and win.sync_action.isEnabled()
    _wait_online(qtbot, win)
    assert win.sync_status.state_label.text() == "在线"
    assert "待同步修改 0 条" in win.sync_status.pending_label.text()
    assert call(win.runner, lambda store: store.meta("user.inspector_id"))  # the identity the store gate reads


@pytest.mark.e2e
@pytest.mark.parametrize("connected_window", ["lead"], indirect=True)  # a lead may create targets; an inspector not
def test_f5_syncs_and_the_pending_count_follows(qtbot, connected_window: MainWindow) -> None:
    win = connected_window
    _wait_online(qtbot, win)
    call(win.runner, lambda store: store.save(new_target("F5宾馆")))
    with qtbot.waitSignal(win.sync.worker.finished, timeout=20_000) as finished:
        qtbot.keyClick(win, Qt.Key.Key_F5)
    assert finished.args[0].accepted == 1
    qtbot.waitUntil(lambda: "待同步修改 0 条" in win.sync_status.pending_label.text(), timeout=5000)


@pytest.mark.e2e
def test_offline_is_said_in_words_and_the_sync_recovers(
    qtbot, connected_window: MainWindow, live_server: LiveServer  # noqa: F811
) -> None:
    win = connected_window
    _wait_online(qtbot, win)
    live_server.kill()
    try:
        win.sync_action.trigger()
        qtbot.waitUntil(lambda: win.sync_status.state_label.text() == "离线", timeout=20_000)
        assert "无法连接服务器" in win.sync_status.error_label.text()
    finally:
        live_server.start()
    # No click: the worker's backoff probe finds the server again and syncs by itself.
    with qtbot.waitSignal(win.sync.worker.finished, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: win.sync_status.state_label.text() == "在线", timeout=5000)


@pytest.mark.e2e
def test_a_team_lead_gets_the_planning_pages_after_the_first_sync(
    qtbot, live_server: LiveServer, tmp_path: Path, translations  # noqa: F811
) -> None:
    connection = _connect(live_server, tmp_path, "lead")
    runner = Runner(connection.store_path)
    try:
        win = MainWindow(runner, translations, connection)
        qtbot.add_widget(win)
        win.show()
        qtbot.waitUntil(lambda: win.pages.count() == 9, timeout=20_000)
        titles = [win.pages.tabText(i) for i in range(win.pages.count())]
        planning = ["检查计划", "任务看板", "撮合", "进度与公示", "统计数据"]
        assert titles == ["今日任务", "检查对象", *planning, "同步冲突", "被拒绝与冲突"]
        qtbot.waitUntil(lambda: win.inbox.inbox.isVisibleTo(win.inbox), timeout=5000)  # the lead's team inbox
        qtbot.keyClick(win, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        assert win.pages.currentWidget() is win.plans_view
        win.close()
        assert not win.threads_running
    finally:
        runner.close()


@pytest.mark.e2e
def test_logout_is_refused_while_work_is_unsent(qtbot, connected_window: MainWindow) -> None:
    win = connected_window
    _wait_online(qtbot, win)
    call(win.runner, lambda store: store.save(new_target("未同步宾馆")))
    with qtbot.waitSignal(win.sync.worker.error, timeout=10_000) as refused:
        win.logout_action.trigger()
    assert "未同步" in refused.args[0] or "unsent" in refused.args[0]
    assert win.sync is not None and win.sync.running


@pytest.mark.e2e
def test_logout_stops_the_sync_and_forgets_the_token(qtbot, connected_window: MainWindow) -> None:
    win = connected_window
    _wait_online(qtbot, win)
    thread = win.sync
    with qtbot.waitSignal(thread.worker.logged_out, timeout=10_000):
        win.logout_action.trigger()
    qtbot.waitUntil(lambda: win.sync is None, timeout=5000)
    assert not thread.running and not win.sync_action.isEnabled() and not win.logout_action.isEnabled()
    path = win.runner.store_path
    assert auth.TokenVault.detect(path.parent).load("zhang") is None


@pytest.mark.e2e
def test_a_refused_code_request_is_said_in_the_status_bar(qtbot, connected_window: MainWindow) -> None:
    win = connected_window
    _wait_online(qtbot, win)
    with qtbot.waitSignal(win.sync.worker.codes_answered, timeout=10_000) as answered:
        win.today.code_requested.emit(["01940000-0000-7000-8000-000000000000"])
    assert answered.args[0][0].refusal
    # qtbot hears the worker's signal on the worker's thread; the window's slot runs after, on the UI thread
    qtbot.waitUntil(lambda: "申请被拒绝" in win.statusBar().currentMessage(), timeout=5000)
    message = win.statusBar().currentMessage()
    assert "任务不存在" in message and "no such task" in message


@pytest.mark.e2e
def test_a_refused_token_is_forgotten_and_the_sync_stops(qtbot, connected_window: MainWindow) -> None:
    win = connected_window
    _wait_online(qtbot, win)
    thread, path = win.sync, win.runner.store_path
    vault = auth.TokenVault.detect(path.parent)
    other = SyncClient(win._connection.server_url, vault.load("zhang"))
    other.logout()  # the server forgets this token, as when it expires or an admin revokes it
    other.close()
    with qtbot.waitSignal(thread.worker.auth_failed, timeout=10_000):
        qtbot.keyClick(win, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: win.sync is None, timeout=5000)
    assert not thread.running and not win.sync_action.isEnabled()
    assert "登录已失效" in win.statusBar().currentMessage()
    assert vault.load("zhang") is None  # the next start shows the login dialog
