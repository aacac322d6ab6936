"""The login dialog shows a clear error when the server refuses, and accepts a good login."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store import Store
from app.sync import auth
from app.ui.login_dialog import LoginDialog
from app.ui.runner import Runner
from tests.helpers.live_server import PASSWORD, LiveServer, live_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e


@pytest.fixture
def runner(qapp) -> Iterator[Runner]:
    """A runner before any store is chosen, as the app has it while the user signs in."""
    made = Runner()
    yield made
    made.close()


def _dialog(qtbot, tmp_path: Path, url: str, runner: Runner) -> tuple[LoginDialog, Store]:
    store = Store.open(tmp_path / "store.sqlite3")
    vault = auth.TokenVault(tmp_path, None)
    dialog = LoginDialog(runner, lambda server, user, pw: auth.login(store, vault, server, user, pw), url)
    qtbot.addWidget(dialog)
    return dialog, store


def test_refused_login_is_shown_in_words(qtbot, tmp_path: Path, live_server: LiveServer, runner) -> None:  # noqa: F811
    dialog, store = _dialog(qtbot, tmp_path, live_server.url, runner)
    dialog.username.setText("zhang")
    dialog.password.setText("wrong-password")
    dialog.submit()
    qtbot.waitUntil(lambda: "用户名或密码错误" in dialog.error.text(), timeout=10_000)
    assert "wrong username or password" not in dialog.error.text()  # in the interface's language
    assert dialog.session is None and store.signing_keys() == {}
    store.close()


def test_missing_fields_are_refused_before_any_request(qtbot, tmp_path: Path, runner) -> None:
    dialog, store = _dialog(qtbot, tmp_path, "", runner)
    dialog.submit()
    assert dialog.error.text() == "请填写服务器地址（http:// 或 https:// 开头）、用户名和密码"  # one language
    store.close()


def test_good_login_pins_the_key(qtbot, tmp_path: Path, live_server: LiveServer, runner) -> None:  # noqa: F811
    dialog, store = _dialog(qtbot, tmp_path, live_server.url, runner)
    dialog.username.setText("zhang")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    assert dialog.session is not None and dialog.session.username == "zhang"
    assert store.signing_keys()
    store.close()
