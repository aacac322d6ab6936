"""Login against the real server: key pinning, a changed key refused, token storage, logout refused with unsent work."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.rules.codes import generate_key
from app.store import Store, crypto
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.errors import AuthError, KeyChangedError, ServerError, UnsentWorkError
from app.sync.http import SyncClient
from tests.helpers.devices import new_target
from tests.helpers.live_server import PASSWORD, LiveServer
from tests.helpers.sql import sql

pytestmark = pytest.mark.e2e


def test_first_login_pins_the_key_and_a_changed_key_is_refused(live_server: LiveServer, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store.sqlite3")
    vault = auth.TokenVault(tmp_path, None)
    session = auth.login(store, vault, live_server.url, "zhang", PASSWORD)
    assert session.key_id in store.signing_keys()
    assert store.current_inspector_id() is not None  # the code gate checks codes name this user
    assert vault.load("zhang") == session.token
    assert not (tmp_path / ".token-zhang").exists()  # no store key yet and no keyring: in memory only

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
    sql(store, "DELETE FROM outbox")  # as if sent
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


def test_without_a_keyring_no_working_secret_lies_on_disk(live_server: LiveServer, tmp_path: Path) -> None:
    folder = tmp_path / "zhang"
    path = folder / "store.sqlite3"
    vault = auth.TokenVault(folder, None)
    assert not auth.unlock(vault, "zhang", PASSWORD)  # first sign-in: no key yet
    with Store.open(path) as store:
        session = auth.login(store, vault, live_server.url, "zhang", PASSWORD)
        store.save(new_target("保密诊所"))  # unsent work made before the key existed
    auth.enrol_store_key(vault, "zhang", PASSWORD)
    with Store.open(path) as store:  # encrypted now, the unsent work kept
        assert store.encrypted and store.pending_changes() == 1
    on_disk = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    key = crypto.key_for(folder)
    assert key is not None
    assert session.token.encode() not in on_disk and key not in on_disk and key.hex().encode() not in on_disk
    assert "保密诊所".encode() not in on_disk
    for secret in (folder / ".token-zhang", folder / ".store-key-zhang"):
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600

    crypto.lock(folder)  # as a new process, before sign-in
    assert vault.load("zhang") is None  # the token file is useless without the key
    with pytest.raises(crypto.StoreLockedError):
        auth.unlock(vault, "zhang", "not the password")
    assert auth.unlock(vault, "zhang", PASSWORD)
    assert vault.load("zhang") == session.token
    with Store.open(path) as store:
        assert store.pending_changes() == 1
    crypto.lock(folder)


def test_a_locked_name_is_told_in_words_at_the_client(live_server: LiveServer) -> None:
    client = SyncClient(live_server.url)
    for _ in range(5):
        with pytest.raises(AuthError):
            client.login("guessed-name", "guess", "device-1")
    with pytest.raises(ServerError) as locked:
        client.login("guessed-name", "guess", "device-1")
    assert "分钟后再试" in locked.value.zh and "try again in 15 minutes" in locked.value.en
    client.close()
