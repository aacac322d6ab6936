"""Signing in as the desktop app does, without a keyring: the first sign-in makes the store key after the server
accepted the password and the store is encrypted from the next open; a new process finds nothing usable until the
password is given again; a wrong password opens nothing and says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store import Store, crypto
from app.sync import auth
from app.sync.errors import AuthError
from app.ui.connection import _login, stored_connection
from tests.helpers.live_server import PASSWORD, LiveServer, live_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def test_the_app_sign_in_encrypts_the_store_and_needs_the_password_again(
    live_server: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    path = tmp_path / "zhang" / "store.sqlite3"
    with pytest.raises(AuthError):
        _login(live_server.url, "zhang", "wrong password", path)
    assert not (path.parent / ".store-key-zhang").exists()  # a refused password never becomes the key's
    try:
        session = _login(live_server.url, "zhang", PASSWORD, path)
        with Store.open(path) as store:
            assert store.encrypted and store.meta(auth.SERVER_URL) == live_server.url
        assert not crypto.is_plain_sqlite(path)
        kept = stored_connection(live_server.url, "zhang", path)
        assert kept is not None and kept.token == session.token

        crypto.lock(path.parent)  # the next start of the app
        assert stored_connection(live_server.url, "zhang", path) is None  # so the login dialog asks
        with pytest.raises(crypto.WrongPasswordError) as wrong:
            _login(live_server.url, "zhang", "wrong password", path)
        assert "原密码" in wrong.value.zh and "old one" in wrong.value.en
        again = _login(live_server.url, "zhang", PASSWORD, path)
        assert again.username == "zhang" and stored_connection(live_server.url, "zhang", path) is not None
    finally:
        crypto.lock(path.parent)
