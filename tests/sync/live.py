"""A real server process on a loopback port, for the sync and end-to-end tests.

Users are written into its database with the server's own functions before it starts (one argon2 hash for all);
the process is started with `python -m server serve` and is ready once /healthz answers.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from app.models import Target, new_id
from app.rules import credit_code
from app.store import Store
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from server.accounts import create_user
from server.core.security import hash_password
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from tests.helpers.fault_proxy import FaultProxy

PASSWORD = "pw-123456"
CHANGNING = "310105"
PUBLIC = "公共场所科"
USERS = {"zhang": "inspector", "li": "inspector", "lead": "team_lead"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.05) -> None:
    """Poll `predicate` until true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(interval)


class ServerProcess:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.db_path = data_dir / "server.db"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def seed_users(self) -> None:
        engine = make_engine(f"sqlite:///{self.db_path}")
        try:
            upgrade(engine)
            digest = hash_password(PASSWORD)
            with make_sessionmaker(engine)() as session:
                for username, role in USERS.items():
                    create_user(
                        session,
                        username=username,
                        password_hash=digest,
                        name=username.title(),
                        role=role,
                        team=PUBLIC,
                        district=CHANGNING,
                        certificate_no=f"CERT-{username}",
                    )
                session.commit()
        finally:
            engine.dispose()

    def start(self) -> None:
        env = {**os.environ, "FIELD_INSPECTOR_SERVER_DATA": str(self.data_dir)}
        env.pop("DATABASE_URL", None)
        command = [sys.executable, "-m", "server", "serve", "--port", str(self.port), "--log-level", "warning"]
        self.proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._healthy, 30, "the server's /healthz")

    def _healthy(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"the server exited with {self.proc.returncode}")
        try:
            return requests.get(self.url + "/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, as a crash or a power cut."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()


@dataclass
class Device:
    """One inspector's laptop: a store, a logged-in client and the engine."""

    store: Store
    client: SyncClient
    engine: SyncEngine

    def close(self) -> None:
        self.client.close()
        self.store.close()


def enrol(url: str, folder: Path, username: str, sync_url: str | None = None, **engine_kw) -> Device:
    """Open a store in `folder`, log in at `url` and sync through `sync_url` (a proxy) when given."""
    store = Store.open(folder / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(folder, None), url, username, PASSWORD)
    client = SyncClient(sync_url or url, session.token, timeout=(2.0, 5.0))
    return Device(store, client, SyncEngine(store, client, **engine_kw))


def new_target(name: str = "静安宾馆") -> Target:
    tail = new_id().replace("-", "")[-8:].upper()
    serial = "".join(c if c in "0123456789ABCDEFGHJKLMNPQRTUWXY" else "1" for c in tail)
    return Target(
        credit_code=credit_code.make("91310105" + serial + "0"),
        name=name,
        industry="hotel",
        district=CHANGNING,
        street="华阳路街道",
        address="长宁路1号",
    )


def server_record(server: ServerProcess, entity: str, record_id: str) -> tuple[int, dict] | None:
    """(version, data) of a record, read straight from the server's database file."""
    conn = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)
    try:
        query = "SELECT version, data FROM records WHERE entity = ? AND id = ?"
        row = conn.execute(query, [entity, record_id]).fetchone()
    finally:
        conn.close()
    return None if row is None else (row[0], json.loads(row[1]))


def server_mutation_ids(server: ServerProcess, device: str) -> list[str]:
    conn = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT mutation_id FROM mutations WHERE device_id = ?", [device])]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path_factory.mktemp("server"))
    server.seed_users()
    server.start()
    yield server
    server.kill()


@pytest.fixture
def proxy(live_server: ServerProcess) -> Iterator[FaultProxy]:
    running = FaultProxy(live_server.port).start()
    yield running
    running.stop()
