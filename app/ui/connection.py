"""Being connected to a server: signing in (stored token, or the login dialog) and the background sync it drives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.demo import DEMO_PASSWORD
from app.store import Store, default_store_path
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from app.ui.login_dialog import LoginDialog
from app.ui.sync_worker import SyncThread, SyncWorker


@dataclass(frozen=True)
class Connection:
    """Who is signed in where: enough for the worker thread to open its own store and client."""

    server_url: str
    username: str
    token: str
    store_path: Path

    def sync_thread(self) -> SyncThread:
        """The background sync for this connection, not started yet: connect to its worker's signals first, then
        `start()` (it syncs at once, then on demand, periodically and when the network comes back)."""
        return SyncThread(SyncWorker(self._make_engine, log_out=self._log_out))

    def _make_engine(self) -> SyncEngine:
        return SyncEngine(Store.open(self.store_path), SyncClient(self.server_url, self.token))

    def forget_token(self) -> None:
        """The server refused the token (expired, revoked): drop it, so the next start asks for a login."""
        _vault(self.store_path).delete(self.username)

    def _log_out(self, engine: SyncEngine) -> None:
        """On the worker thread: refused while work is unsent; the server and this device forget the token."""
        auth.logout(engine.store, _vault(self.store_path), engine.client, self.username)


def _vault(store_path: Path) -> auth.TokenVault:
    return auth.TokenVault.detect(store_path.parent)


def _login(server_url: str, username: str, password: str, store_path: Path | None) -> auth.Session:
    """Runs on the dialog's worker thread: the user's own store pins the server's keys and records who they are."""
    path = store_path or default_store_path(username)
    with Store.open(path) as store:
        return auth.login(store, _vault(path), server_url, username, password)


def stored_connection(server_url: str, username: str, store_path: Path | None) -> Connection | None:
    """The connection kept from an earlier login to the same server, if its token is still stored."""
    path = store_path or default_store_path(username)
    if not path.exists():
        return None
    with Store.open(path) as store:
        if store.meta(auth.SERVER_URL) != server_url:
            return None
    token = _vault(path).load(username)
    return Connection(server_url, username, token, path) if token else None


def sign_in(server_url: str, username: str, store_path: Path | None, *, demo: bool = False) -> Connection | None:
    """A stored connection, else the login dialog (filled in and sent at once in demo mode); None when cancelled."""
    kept = stored_connection(server_url, username, store_path)
    if kept is not None:
        return kept
    dialog = LoginDialog(lambda url, user, password: _login(url, user, password, store_path), server_url)
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
