"""The real server process (`python -m server serve`) on a free loopback port, with its own data folder.

`start_server(tmp_path)` returns a running `LiveServer` (ready once /healthz answers). The `live_server` fixture is
one module-scoped server with the users of `tests/helpers/devices.py` seeded (one argon2 hash for all), and `proxy`
a fault proxy in front of it. Processes are stopped in teardown whatever the test did.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from app.store.migrations import SCHEMA_VERSION
from demo import DEMO_PASSWORD
from server.accounts import create_user
from server.core.security import hash_password
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from tests.helpers.fault_proxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0
PASSWORD = "pw-123456"
CHANGNING = "310105"
PUBLIC = "公共场所科"
USERS = {"zhang": "inspector", "li": "inspector", "lead": "team_lead"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """One server process; `restart()` starts it again on the same port, data folder and database."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        port: int | None = None,
        settings: dict[str, str] | None = None,
    ) -> None:
        """`settings`: environment variables of the server's own (`FI_...`, server/core/config.py)."""
        self.data_dir = data_dir
        self.database_url = database_url
        self.settings = settings or {}
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def db_path(self) -> Path:
        """The SQLite database file (when no `database_url` was given), for tests that read it directly."""
        return self.data_dir / "server.db"

    def seed_users(self) -> None:
        """Create the schema and the `USERS` (all of 公共场所科, 310105) with the server's own functions."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(self.database_url or f"sqlite:///{self.db_path}")
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

    def env(self) -> dict[str, str]:
        env = {**os.environ, **self.settings, "FIELD_INSPECTOR_SERVER_DATA": str(self.data_dir)}
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        else:
            env.pop("DATABASE_URL", None)
        return env

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run another `field-inspector-server` command against the same data folder and database."""
        return self._module("server", *args)

    def load_demo(self, targets: int) -> subprocess.CompletedProcess[str]:
        """`python -m demo server`: the demo district, its catalogue and users into the same database."""
        return self._module("demo", "server", "--targets", str(targets))

    def _module(self, module: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", module, *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    def start(self) -> LiveServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 (the child writes to it for its whole life)
        command = [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, env=self.env(), cwd=ROOT, stdout=log, stderr=log)
        log.close()
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log_tail()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)  # polling interval of the readiness wait, not a wait for an outcome
        raise TimeoutError(f"server not healthy after {START_TIMEOUT}s: {self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        return (
            "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:]) if self.log_path.exists() else ""
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Graceful stop (SIGTERM), then kill if it does not exit in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Abrupt death (SIGKILL), as a crash or power loss."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def restart(self) -> LiveServer:
        self.stop()
        return self.start()


def start_server(tmp_path: Path, database_url: str | None = None, settings: dict[str, str] | None = None) -> LiveServer:
    """Start a server with its data folder under `tmp_path`; the caller stops it."""
    return LiveServer(tmp_path / "live-server", database_url, settings=settings).start()


@contextmanager
def seeded_server(data_dir: Path) -> Iterator[LiveServer]:
    """A server on SQLite in `data_dir` with the `USERS` seeded, killed on leaving."""
    server = LiveServer(data_dir)
    server.seed_users()
    server.start()
    try:
        yield server
    finally:
        server.kill()


def wait_for_snapshot(url: str, token: str, timeout: float = 120.0) -> float:
    """Ask for the caller's first-sync snapshot until the server has made it (it makes one in the background on the
    first ask of a scope, server/sync/snapshot.py); the seconds it took. TimeoutError past `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        answer = requests.get(
            f"{url}/api/sync/snapshot",
            params={"schema": SCHEMA_VERSION},
            headers={"Authorization": f"Bearer {token}"},
            stream=True,
            timeout=30,
        )
        answer.close()  # its body is not wanted here
        if answer.status_code == 200:
            return time.monotonic() - started
        assert answer.status_code == 204, answer.status_code
        time.sleep(0.05)  # polling interval of the wait, not a wait for an outcome
    raise TimeoutError(f"no snapshot after {timeout} s")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with seeded_server(tmp_path_factory.mktemp("server")) as server:
        yield server


@pytest.fixture
def proxy(live_server: LiveServer) -> Iterator[FaultProxy]:
    running = FaultProxy(live_server.port).start()
    yield running
    running.stop()


@contextmanager
def demo_district(
    folder: Path, database_url: str | None = None, settings: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """A server with the demo district (60 targets) and its users, killed on leaving."""
    server = start_server(folder, database_url, settings)
    try:
        server.cli("init", "--admin", "admin", "--password", DEMO_PASSWORD)
        server.load_demo(60)
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The demo district's server, shared by a module's tests."""
    with demo_district(tmp_path_factory.mktemp("demo-server")) as server:
        yield server
