"""Login against the real server: key pinning, a changed key refused, token storage, logout refused with unsent work."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.store import Store
from app.sync import auth
from app.sync.errors import AuthError, KeyChangedError, UnsentWorkError
from app.sync.http import SyncClient
from tests.sync.live import PASSWORD, ServerProcess, new_target

pytestmark = pytest.mark.e2e


def test_first_login_pins_the_key_and_a_changed_key_is_refused(live_server: ServerProcess, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store.sqlite3")
    vault = auth.TokenVault(tmp_path, None)
    session = auth.login(store, vault, live_server.url, "zhang", PASSWORD)
    pinned = store.meta(auth.PINNED_KEY)
    assert pinned and store.meta(auth.PINNED_KEY_ID) == session.key_id
    token_file = tmp_path / ".token-zhang"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert vault.load("zhang") == session.token

    store.set_meta(auth.PINNED_KEY, "b3RoZXIta2V5")  # as if enrolled with another server
    vault.delete("zhang")
    with pytest.raises(KeyChangedError, match=r"签名密钥已改变.*signing key changed"):
        auth.login(store, vault, live_server.url, "zhang", PASSWORD)
    assert vault.load("zhang") is None  # nothing stored from the refused login
    store.close()


def test_logout_is_refused_while_changes_are_unsent(live_server: ServerProcess, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store.sqlite3")
    vault = auth.TokenVault(tmp_path, None)
    session = auth.login(store, vault, live_server.url, "zhang", PASSWORD)
    store.save(new_target())
    client = SyncClient(live_server.url, session.token)
    with pytest.raises(UnsentWorkError, match="1 changes"):
        auth.logout(store, vault, client, "zhang")
    assert vault.load("zhang") == session.token
    store.db.execute("DELETE FROM outbox")  # as if sent
    store.db.conn.commit()
    auth.logout(store, vault, client, "zhang")
    assert vault.load("zhang") is None
    with pytest.raises(AuthError):
        client.pull(0, 1)  # the server forgot the token too
    client.close()
    store.close()
