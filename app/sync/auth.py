"""Login and enrolment: pin the server's signing key on first login, refuse a changed key, keep the token safe.

The token goes to the platform keyring when a usable backend exists; otherwise to a 0600 file in the user's data
folder, and the log says so (headless Linux machines often have no keyring).
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from app.models.wire import SigningKey
from app.store import Store
from app.store import db as store_keys
from app.sync import outbox
from app.sync.engine import device_id
from app.sync.errors import UnsentWorkError
from app.sync.http import SyncClient
from app.sync.keys import trust_signing_keys

log = logging.getLogger("app.sync.auth")
SERVICE = "field-inspector"
SERVER_URL = "server_url"
USERNAME = "username"


class TokenVault:
    """Where the session token lives: `backend` (a keyring) or, when None, a 0600 file in `fallback_dir`."""

    def __init__(self, fallback_dir: Path, backend: KeyringBackend | None) -> None:
        self.fallback_dir = Path(fallback_dir)
        self.backend = backend
        if backend is None:
            log.warning("no usable keyring backend; the token is kept in a 0600 file in %s", self.fallback_dir)

    @classmethod
    def detect(cls, fallback_dir: Path) -> TokenVault:
        """The platform keyring when one with a positive priority is installed, else the file."""
        return cls(fallback_dir, _usable_backend())

    def _file(self, username: str) -> Path:
        return self.fallback_dir / f".token-{username}"

    def save(self, username: str, token: str) -> None:
        if self.backend is not None:
            self.backend.set_password(SERVICE, username, token)
            return
        self.fallback_dir.mkdir(parents=True, exist_ok=True)
        path = self._file(username)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(token)
        os.chmod(path, 0o600)  # also when the file existed with looser permissions

    def load(self, username: str) -> str | None:
        if self.backend is not None:
            return self.backend.get_password(SERVICE, username)
        path = self._file(username)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def delete(self, username: str) -> None:
        if self.backend is not None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):  # nothing stored: already logged out
                self.backend.delete_password(SERVICE, username)
            return
        self._file(username).unlink(missing_ok=True)


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

    A key that is neither raises KeyChangedError and nothing is stored.
    """
    client = SyncClient(server_url)
    try:
        answer = client.login(username, password, device_id(store))
    finally:
        client.close()
    offered = answer.signing_keys or [SigningKey(key_id=answer.key_id, public_key=answer.public_key, current=True)]
    trust_signing_keys(store, offered)
    user = answer.user
    with store.db.atomic():
        store.set_meta(SERVER_URL, server_url)
        store.set_meta(USERNAME, username)
        for key, value in (
            (store_keys.USER_INSPECTOR_ID, user.get("inspector_id")),
            (store_keys.USER_ROLE, user.get("role")),
            (store_keys.USER_NAME, user.get("username")),
            (store_keys.USER_TEAM, user.get("team")),
        ):
            if value:
                store.set_meta(key, str(value))
    vault.save(username, answer.token)
    return Session(server_url, username, answer.token, answer.user, answer.key_id)


def unsent_work(store: Store) -> tuple[int, int]:
    """(changes not yet acknowledged, photos not yet verified on the server)."""
    photos = store.db.execute("SELECT count(*) FROM blob_uploads WHERE state != 'done'").fetchone()[0]
    return outbox.pending_count(store), int(photos)


def logout(store: Store, vault: TokenVault, client: SyncClient, username: str) -> None:
    """Refused while anything is unsent (DESIGN.md); otherwise the server forgets the token and so do we."""
    changes, photos = unsent_work(store)
    if changes or photos:
        raise UnsentWorkError(changes, photos)
    client.logout()
    vault.delete(username)
