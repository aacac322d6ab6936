"""Login against the real server: key pinning, a changed key refused, token storage, logout refused with unsent work."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.rules.codes import generate_key
from app.store import Store
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.errors import AuthError, KeyChangedError, UnsentWorkError
from app.sync.http import SyncClient
from tests.helpers.devices import new_target
from tests.helpers.live_server import PASSWORD, LiveServer

pytestmark = pytest.mark.e2e


def test_first_login_pins_the_key_and_a_changed_key_is_refused(live_server: LiveServer, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store.sqlite3")
    vault = auth.TokenVault(tmp_path, None)
    session = auth.login(store, vault, live_server.url, "zhang", PASSWORD)
    assert session.key_id in store.signing_keys()
    assert store.current_inspector_id() is not None  # the code gate checks codes name this user
    token_file = tmp_path / ".token-zhang"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert vault.load("zhang") == session.token

    _, other_public, other_id = generate_key()
    store.set_signing_keys({other_id: other_public})  # as if enrolled with another server
    vault.delete("zhang")
    with pytest.raises(KeyChangedError, match=r"签名密钥已改变.*signing key changed"):
        auth.login(store, vault, live_server.url, "zhang", PASSWORD)
    assert vault.load("zhang") is None  # nothing stored from the refused login
    store.close()


def test_logout_is_refused_while_changes_are_unsent(live_server: LiveServer, tmp_path: Path) -> None:
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


def test_a_rotated_key_is_trusted_through_its_endorsement(live_server: LiveServer, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(tmp_path, None), live_server.url, "zhang", PASSWORD)
    first = set(store.signing_keys())
    env = {**os.environ, "FIELD_INSPECTOR_SERVER_DATA": str(live_server.data_dir)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "server", "rotate-key"], env=env, check=True, capture_output=True)
    live_server.restart()  # the server loads its keys at start

    client = SyncClient(live_server.url, session.token)
    SyncEngine(store, client).sync()
    trusted = store.signing_keys()
    assert first < set(trusted), "the new key, endorsed by the pinned one, is trusted after a sync"
    new_key = next(k for k in client.signing_keys() if k.current)
    assert new_key.key_id in trusted and new_key.endorsed_by in first
    client.close()
    store.close()
