"""`field-inspector`'s command line: the window on a store or against a server, and bad input refused with a clear
message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.__main__ import DEFAULT_USER, main
from app.store import Store, default_store_path
from app.ui.connection import stored_connection
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QTimer
from app.ui.sync_worker import ONLINE
from demo import DEMO_PASSWORD
from demo.__main__ import main as demo_main
from tests.helpers.live_server import LiveServer
from tests.helpers.sql import sql


def test_a_user_name_that_cannot_name_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--user", "../elsewhere"]) == 2
    err = capsys.readouterr().err
    assert "用户名不可用作文件夹名" in err and "cannot name a folder" in err
    assert not any(tmp_path.rglob("*.sqlite3"))


def test_an_unknown_language_is_refused_before_anything_opens(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "fr"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_a_store_from_a_newer_app_is_refused_and_left_alone(
    qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "newer.sqlite3"
    with Store.open(path) as store:
        sql(store, "PRAGMA user_version = 999")
    before = path.read_bytes()
    assert main(["run", "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert "更新版本" in err and "newer version" in err
    assert path.read_bytes() == before


def test_a_server_address_that_is_not_http_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--server", "ftp://127.0.0.1:8765"]) == 2
    err = capsys.readouterr().err
    assert "http:// 或 https://" in err and "must start with http://" in err


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server as `scripts/dev.py run` makes it: init, the demo data set and its users, then serve."""
    server = LiveServer(tmp_path_factory.mktemp("demo-server"))
    server.cli("init", "--admin", "admin", "--password", DEMO_PASSWORD)
    server.load_demo(40)
    server.start()
    try:
        yield server
    finally:
        server.kill()


def _shows_a_sync(window: MainWindow) -> bool:
    status = window.sync_status
    return status.state == ONLINE and status.last_sync_label.text().startswith("上次同步")


def _run_until_synced(argv: list[str]) -> tuple[int, list[MainWindow]]:
    return _run_until(argv, _shows_a_sync)


def _run_until(argv: list[str], ready: Callable[[MainWindow], bool]) -> tuple[int, list[MainWindow]]:
    """`main(argv)` with its event loop; once a main window is `ready`, it is closed and the loop ends."""
    synced: list[MainWindow] = []

    def check() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible() and ready(widget):
                synced.append(widget)
                widget.close()  # the last window: the event loop ends (an extra quit() would end the next one)

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(50)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: [w.close() for w in QApplication.topLevelWidgets()] and QApplication.quit())
    give_up.start(60_000)
    try:
        return main(argv), synced
    finally:
        poll.stop()
        give_up.stop()


@pytest.mark.e2e
def test_demo_mode_signs_the_demo_inspector_in_and_syncs(qapp, demo_server: LiveServer) -> None:
    code, synced = _run_until_synced(["run", "--server", demo_server.url, "--demo", "--lang", "zh"])
    assert code == 0 and len(synced) == 1
    window = synced[0]
    assert not window.threads_running
    assert window.windowTitle() == "卫监外勤"
    with Store.open(default_store_path(DEFAULT_USER)) as store:  # the user's own store, under the test's data folder
        assert store.meta("user.username") == DEFAULT_USER
        assert store.meta("user.role") == "inspector" and store.meta("user.inspector_id")
        assert store.target_ids()  # the first sync brought the inspector's targets


@pytest.mark.e2e
def test_a_stored_token_signs_in_without_the_dialog(qapp, demo_server: LiveServer) -> None:
    code, _ = _run_until_synced(["run", "--server", demo_server.url, "--demo"])
    assert code == 0
    path = default_store_path(DEFAULT_USER)
    assert stored_connection(demo_server.url, DEFAULT_USER, path) is not None
    # Without --demo a login dialog would wait for typing until the test gives up: the kept token signs in instead.
    code, synced = _run_until_synced(["run", "--server", demo_server.url])
    assert code == 0 and len(synced) == 1


def test_without_a_server_the_window_opens_offline_on_the_store(qapp, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    assert demo_main(["store", "--targets", "30", "--store", str(path)]) == 0
    code, shown = _run_until(["run", "--store", str(path)], lambda w: w.model.rowCount() == 30)
    assert code == 0 and len(shown) == 1
    window = shown[0]
    assert window.sync is None and not window.sync_action.isEnabled() and window.sync_status.isHidden()
    assert not window.threads_running
