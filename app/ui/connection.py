"""Being connected to a server: signing in (stored token, or the login dialog) and the background sync it drives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.resources import DEMO_PASSWORD
from app.store import Store, StoreError, default_store_path
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from app.ui.login_dialog import LoginDialog
from app.ui.runner import Runner
from app.ui.sync_worker import SyncThread, SyncWorker


@dataclass(frozen=True)
class Connection:
    """Who is signed in where: enough for the worker thread to open its own store and client."""

    server_url: str
    username: str
    token: str
    store_path: Path

    def sync_thread(self, runner: Runner) -> SyncThread:
        """The background sync for this connection on the runner's network thread, not started yet: connect to its
        worker's signals first, then `start()` (it syncs at once, then on demand, periodically and when the network
        comes back)."""
        return SyncThread(SyncWorker(self._make_engine, log_out=self._log_out), runner)

    def _make_engine(self) -> SyncEngine:
        return SyncEngine(Store.open(self.store_path), SyncClient(self.server_url, self.token))

    def forget_token(self) -> None:
        """The server refused the token (expired, revoked): drop it, so the next start asks for a login."""
        _vault(self.store_path).delete(self.username)

    def _log_out(self, engine: SyncEngine, export_to: Path | None = None) -> None:
        """On the worker thread: refused while work is unsent, unless all of it is parked and `export_to` names a
        folder (the parked work is exported there first); then the server and this device forget the token."""
        auth.logout(engine.store, _vault(self.store_path), engine.client, self.username, export_to=export_to)


def _vault(store_path: Path) -> auth.TokenVault:
    return auth.TokenVault.detect(store_path.parent)


def _login(server_url: str, username: str, password: str, store_path: Path | None) -> auth.Session:
    """Runs on the network worker, before any store is the runner's: the user's own store (whose name only the login
    tells) pins the server's keys and records who they are."""
    path = store_path or default_store_path(username)
    vault = _vault(path)
    had_key = auth.unlock(vault, username, password)  # the store opens encrypted from here on
    with Store.open(path) as store:
        session = auth.login(store, vault, server_url, username, password)
    if not had_key:
        auth.enrol_store_key(vault, username, password)  # the next open encrypts it
    return session


def stored_connection(server_url: str, username: str, store_path: Path | None) -> Connection | None:
    """The connection kept from an earlier login to the same server, if its token is still stored."""
    path = store_path or default_store_path(username)
    if not path.exists():
        return None
    auth.unlock(_vault(path), username, None)  # from the keyring; without one the login dialog asks the password
    try:
        with Store.open(path) as store:
            if store.meta(auth.SERVER_URL) != server_url:
                return None
    except StoreError:  # encrypted and not unlocked (or unreadable): the login dialog opens it or says why
        return None
    token = _vault(path).load(username)
    return Connection(server_url, username, token, path) if token else None


def sign_in(
    runner: Runner, server_url: str, username: str, store_path: Path | None, *, demo: bool = False
) -> Connection | None:
    """A stored connection, else the login dialog (sent on the runner's network worker; filled in and sent at once in
    demo mode); None when cancelled."""
    kept = stored_connection(server_url, username, store_path)
    if kept is not None:
        return kept
    dialog = LoginDialog(runner, lambda url, user, password: _login(url, user, password, store_path), server_url)
    dialog.username.setText(username)
    if demo:
        dialog.password.setText(DEMO_PASSWORD)
        dialog.show()
        dialog.submit()
    if dialog.exec() != LoginDialog.DialogCode.Accepted or dialog.session is None:
        return None
    session = dialog.session
    return Connection(session.server_url, session.username, session.token,
                      store_path or default_store_path(session.username))  # fmt: skip
