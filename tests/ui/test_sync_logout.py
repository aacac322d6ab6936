"""Logging out with parked work, in the main window against the real server (issue 12): the refusal offers the export,
the folder is written and the session ends on the sync worker; cancelling keeps the session; unsent work that may
still go out offers nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store import Store
from app.sync import auth
from app.sync.parked import EXPORT_NAME
from app.ui.connection import Connection, stored_connection
from app.ui.main_window import MainWindow
from app.ui.runner import Runner
from app.ui.sync_logout import ParkedExportDialog
from app.ui.sync_worker import ONLINE
from tests.helpers.devices import new_target
from tests.helpers.live_server import PASSWORD, LiveServer, live_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def _connect(server: LiveServer, folder: Path, username: str, target_name: str | None) -> Connection:
    """Log in as the login dialog does; with `target_name`, a target this user made, unsent (an inspector may not
    create targets: the server refuses it for good, and it is parked at the first sync)."""
    path = folder / username / "store.sqlite3"
    with Store.open(path) as store:
        auth.login(store, auth.TokenVault.detect(path.parent), server.url, username, PASSWORD)
        if target_name:
            store.save(new_target(target_name))
    connection = stored_connection(server.url, username, path)
    assert connection is not None
    return connection


@pytest.fixture
def parked_window(qtbot, live_server: LiveServer, tmp_path: Path, translations) -> Iterator[MainWindow]:  # noqa: F811
    """The inspector's window once its first sync has parked her refused target."""
    connection = _connect(live_server, tmp_path, "zhang", "监督员不能新建的宾馆")
    runner = Runner(connection.store_path)
    win = MainWindow(runner, translations, connection)
    qtbot.add_widget(win)
    with qtbot.waitSignal(win.sync.worker.finished, timeout=20_000) as synced:
        win.show()
    assert synced.args[0].rejected == 1  # parked, with the server's reason
    try:
        yield win
    finally:
        win.close()
        assert not win.threads_running
        runner.close()


def _refused_with_offer(qtbot, win: MainWindow) -> ParkedExportDialog:
    with qtbot.waitSignal(win.sync.worker.logout_refused, timeout=10_000):
        win.logout_action.trigger()
    qtbot.waitUntil(lambda: isinstance(getattr(win, "parked_export", None), ParkedExportDialog), timeout=5000)
    dialog = win.parked_export
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert "1" in dialog.explanation.text()
    return dialog


def test_logout_with_parked_work_exports_it_and_ends_the_session(
    qtbot, parked_window: MainWindow, tmp_path: Path
) -> None:
    win = parked_window
    thread, path = win.sync, win.runner.store_path
    dialog = _refused_with_offer(qtbot, win)
    folder = tmp_path / "for-the-lead"
    dialog.folder.setText(str(folder))
    with qtbot.waitSignal(thread.worker.logged_out, timeout=10_000):
        dialog.export_button.click()
    qtbot.waitUntil(lambda: win.sync is None, timeout=5000)
    assert not thread.running and not win.logout_action.isEnabled()
    exported = json.loads((folder / EXPORT_NAME).read_text(encoding="utf-8"))
    [change] = exported["changes"]
    assert exported["username"] == "zhang" and change["entity"] == "targets"
    assert change["fields"]["name"] == "监督员不能新建的宾馆" and change["reason"]
    assert auth.TokenVault.detect(path.parent).load("zhang") is None  # the session is over
    with Store.open(path) as store:
        assert len(store.parked_changes()) == 1  # and the parked work is still here, nothing discarded


def test_cancelling_the_export_keeps_the_session(qtbot, parked_window: MainWindow) -> None:
    win = parked_window
    dialog = _refused_with_offer(qtbot, win)
    dialog.reject()
    assert win.sync is not None and win.sync.running and win.logout_action.isEnabled()
    with qtbot.waitSignal(win.sync.worker.finished, timeout=20_000):
        win.sync_now()  # still signed in: the sync goes on
    qtbot.waitUntil(lambda: win.sync_status.state == ONLINE, timeout=20_000)


def test_unsent_work_that_may_still_go_out_offers_no_export(
    qtbot, live_server: LiveServer, tmp_path: Path, translations  # noqa: F811
) -> None:
    connection = _connect(live_server, tmp_path, "lead", None)
    runner = Runner(connection.store_path)
    win = MainWindow(runner, translations, connection)
    qtbot.add_widget(win)
    try:
        with qtbot.waitSignal(win.sync.worker.finished, timeout=20_000):
            win.show()
        done: list[object] = []
        runner.run(lambda store: store.save(new_target("组长新建未同步")), done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
        with qtbot.waitSignal(win.sync.worker.logout_refused, timeout=10_000) as refused:
            win.logout_action.trigger()
        assert refused.args[0].parked == 0
        assert getattr(win, "parked_export", None) is None  # "sync first" will do: nothing to export
        assert win.sync is not None and win.sync.running
    finally:
        win.close()
        assert not win.threads_running
        runner.close()
