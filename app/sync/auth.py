"""Login and enrolment: pin the server's signing key on first login, refuse a changed key, keep the secrets safe.

Two secrets per user: the session token and the store key (app/store/crypto.py: it encrypts the store and its
photos). With a usable platform keyring both live there, and the keyring's own unlock (the desktop sign-in) guards
them. Without one (headless Linux often has none), nothing usable lies on disk in the clear: the store key is kept
only wrapped by a key derived from the user's password (scrypt), so it is unwrapped at each sign-in, and the token file
is sealed with the store key; before the store has a key the token stays in this process's memory only.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from app.models.wire import SigningKey
from app.store import Store, crypto, trusted_time
from app.store import db as store_keys
from app.store.paths import in_data_root
from app.sync.engine import device_id
from app.sync.errors import StoreOwnedError, UnsentWorkError
from app.sync.http import SyncClient
from app.sync.keys import device_public_key, trust_signing_keys
from app.sync.parked import export_parked, parked_count

log = logging.getLogger("app.sync.auth")
SERVICE = "field-inspector"
SERVER_URL = "server_url"
USERNAME = "username"


_TOKEN_PURPOSE = b"field-inspector token"
_KEY_SUFFIX = "/store-key"  # the keyring entry of a user's store key: "<username>/store-key"
_in_memory: dict[tuple[Path, str], str] = {}  # tokens of a store without a key yet, no keyring: never on disk


class TokenVault:
    """Where the session token and the store key live: `backend` (a keyring) or, when None, files in `fallback_dir`
    (the store's folder) that are useless without the user's password."""

    def __init__(self, fallback_dir: Path, backend: KeyringBackend | None) -> None:
        self.fallback_dir = Path(fallback_dir)
        self.backend = backend
        if backend is None:
            log.warning("no usable keyring backend; secrets are kept sealed in %s", self.fallback_dir)

    @classmethod
    def detect(cls, fallback_dir: Path) -> TokenVault:
        """The platform keyring when one with a positive priority is installed, else the file."""
        return cls(fallback_dir, _usable_backend())

    def _file(self, username: str) -> Path:
        return self.fallback_dir / f".token-{username}"

    def _key_file(self, username: str) -> Path:
        return self.fallback_dir / f".store-key-{username}"

    def save(self, username: str, token: str) -> None:
        if self.backend is not None:
            self.backend.set_password(SERVICE, username, token)
            return
        key = crypto.key_for(self.fallback_dir)
        if key is None:
            _in_memory[(self.fallback_dir.resolve(), username)] = token
            return
        crypto.private_folder(self.fallback_dir, tighten=in_data_root(self.fallback_dir))
        crypto.write_private(self._file(username), crypto.seal_small(key, token.encode(), _TOKEN_PURPOSE))

    def load(self, username: str) -> str | None:
        if self.backend is not None:
            return self.backend.get_password(SERVICE, username)
        kept = _in_memory.get((self.fallback_dir.resolve(), username))
        key, path = crypto.key_for(self.fallback_dir), self._file(username)
        if kept is not None or key is None or not path.exists():
            return kept
        opened = crypto.open_small(key, path.read_bytes(), _TOKEN_PURPOSE)
        return None if opened is None else opened.decode()

    def delete(self, username: str) -> None:
        _in_memory.pop((self.fallback_dir.resolve(), username), None)
        if self.backend is not None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):  # nothing stored: already logged out
                self.backend.delete_password(SERVICE, username)
            return
        self._file(username).unlink(missing_ok=True)

    def store_key(self, username: str, password: str | None) -> bytes | None:
        """The user's store key if one was made: from the keyring, or unwrapped with `password` (None without a
        keyring and a password). A password that does not unwrap it raises StoreLockedError."""
        if self.backend is not None:
            kept = self.backend.get_password(SERVICE, f"{username}{_KEY_SUFFIX}")
            return bytes.fromhex(kept) if kept else None
        path = self._key_file(username)
        if password is None or not path.exists():
            return None
        key = crypto.unwrap_with_password(path.read_bytes(), password)
        if key is None:
            raise crypto.WrongPasswordError(self.fallback_dir)
        return key

    def new_store_key(self, username: str, password: str) -> bytes:
        """Make the user's store key and keep it (keyring, or wrapped by `password`); call only after the server
        accepted `password`, so a mistyped first password never becomes the one the data opens with."""
        key = crypto.new_key()
        if self.backend is not None:
            self.backend.set_password(SERVICE, f"{username}{_KEY_SUFFIX}", key.hex())
        else:
            crypto.private_folder(self.fallback_dir, tighten=in_data_root(self.fallback_dir))
            crypto.write_private(self._key_file(username), crypto.wrap_with_password(key, password))
        return key


def unlock(vault: TokenVault, username: str, password: str | None) -> bool:
    """Unlock the user's store folder in this process with their store key, if they have one; True when unlocked.
    With a password (sign-in) and no key yet, the caller signs in first and then calls `enrol_store_key`."""
    key = vault.store_key(username, password)
    if key is not None:
        crypto.unlock(vault.fallback_dir, key)
    return key is not None


def enrol_store_key(vault: TokenVault, username: str, password: str) -> None:
    """After the first successful sign-in: make the store key and unlock the folder with it; the next Store.open
    encrypts the store and its photos (app/store/db.py). A token kept in memory meanwhile is sealed to disk now."""
    token = vault.load(username)
    crypto.unlock(vault.fallback_dir, vault.new_store_key(username, password))
    if token is not None:
        _in_memory.pop((vault.fallback_dir.resolve(), username), None)
        vault.save(username, token)


def _usable_backend() -> KeyringBackend | None:
    backend = keyring.get_keyring()
    priority = getattr(backend, "priority", 0)
    return backend if priority and priority > 0 else None


@dataclass(frozen=True)
class Session:
    server_url: str
    username: str
    token: str
    user: dict
    key_id: str


def login(store: Store, vault: TokenVault, server_url: str, username: str, password: str) -> Session:
    """Log in; pin the server's keys on first enrolment, later accept only keys endorsed by pinned ones.

    A key that is neither raises KeyChangedError and nothing is stored. A store holding another user's unsent work
    raises StoreOwnedError before anything is sent: that work must go out under its author's name.
    """
    _refuse_another_owner(store, username)
    client = SyncClient(server_url)
    try:
        answer = client.login(username, password, device_id(store), device_public_key(store))
    finally:
        client.close()
    trusted_time.note_contact(store, client.server_time)
    offered = answer.signing_keys or [SigningKey(key_id=answer.key_id, public_key=answer.public_key, current=True)]
    trust_signing_keys(store, offered)
    user = answer.user
    known = {
        store_keys.USER_INSPECTOR_ID: user.get("inspector_id"),
        store_keys.USER_ROLE: user.get("role"),
        store_keys.USER_NAME: user.get("username"),
        store_keys.USER_TEAM: user.get("team"),
        store_keys.MAX_BLOB_BYTES: answer.max_blob_bytes,
        store_keys.MAX_RECORDING_BYTES: answer.max_recording_bytes,
    }
    store.set_metas(
        {SERVER_URL: server_url, USERNAME: username, **{key: str(value) for key, value in known.items() if value}}
    )
    vault.save(username, answer.token)
    return Session(server_url, username, answer.token, answer.user, answer.key_id)


def _refuse_another_owner(store: Store, username: str) -> None:
    owner = store.meta(store_keys.USER_NAME)
    changes, photos = unsent_work(store)
    others = sorted(store.unsent_authors() - {username})
    if others or (owner not in (None, username) and changes + photos):
        raise StoreOwnedError(others[0] if others else owner or "", changes, photos)


def unsent_work(store: Store) -> tuple[int, int]:
    """(changes not yet acknowledged, photos not yet verified on the server), parked ones included."""
    return store.pending_changes(), store.unverified_uploads()


def logout(store: Store, vault: TokenVault, client: SyncClient, username: str, export_to: Path | None = None) -> None:
    """Refused while anything is unsent (DESIGN.md), unless all of it is parked (refused by the server for good) and
    `export_to` names a folder: the parked work is exported there first (app/sync/parked.py). Then the server
    forgets the token and so do we."""
    changes, photos = unsent_work(store)
    waiting = parked_count(store)
    if changes + photos > waiting or (waiting and export_to is None):
        raise UnsentWorkError(changes, photos, waiting)
    if waiting and export_to is not None:
        export_parked(store, export_to, username)
    client.logout()
    vault.delete(username)
