"""Bring up a production-like server against the local PostgreSQL and check it end to end, then tear it all down.

    .venv/bin/python scripts/production_check.py [--pg-dsn "host=127.0.0.1 user=postgres"] [--keep]

What it does, as docs/production.md describes a deployment: a new database; `init` and `create-user` with generated
passwords (production mode refuses the demo password); `serve --workers 2` with `FI_PRODUCTION=1` and a minimum
client version; then it checks liveness and readiness, a lead's and an inspector's laptops syncing a record through
the two workers, that every log line is JSON, and a backup restored into a second database serving the same record.
Prints one line per check and exits 0 only when all pass. tests/server/test_production_check.py runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import __version__  # noqa: E402
from app.models import Target  # noqa: E402
from app.rules import credit_code  # noqa: E402
from app.store import Store  # noqa: E402
from app.sync import auth  # noqa: E402
from app.sync.engine import SyncEngine  # noqa: E402
from app.sync.http import SyncClient  # noqa: E402

START_TIMEOUT = 60.0
TEAM = "公共场所科"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-dsn", default="host=127.0.0.1 port=5432 user=postgres dbname=postgres")
    parser.add_argument("--keep", action="store_true", help="keep the databases and the data folder for a look")
    args = parser.parse_args()
    results: list[tuple[str, bool, str]] = []
    with tempfile.TemporaryDirectory(prefix="fi-production-") as tmp, _databases(args.pg_dsn, 2, args.keep) as urls:
        _check_all(Path(tmp), urls, results.append)
        if args.keep:
            print(f"kept: {tmp} {urls}")
    for name, ok, detail in results:
        print(f"{'PASS' if ok else 'FAIL'}  {name}{': ' + detail if detail else ''}")
    passed = bool(results) and all(ok for _, ok, _ in results)
    print("all checks passed" if passed else "SOME CHECKS FAILED")
    return 0 if passed else 1


def _check_all(tmp: Path, urls: list[str], record: Callable[[tuple[str, bool, str]], None]) -> None:
    passwords = {name: secrets.token_urlsafe(12) for name in ("admin", "lead", "zhou")}
    env = _env(tmp / "server", urls[0])
    # `--password=…` in one word: a random password may begin with "-", which argparse would take for an option.
    _cli(env, "init", "--admin", "admin", f"--password={passwords['admin']}")
    _cli(env, "load-catalogue")
    _cli(env, "create-user", "--username", "lead", f"--password={passwords['lead']}", "--name", "李强", "--team", TEAM,
         "--role", "team_lead")  # fmt: skip
    _cli(env, "create-user", "--username", "zhou", f"--password={passwords['zhou']}", "--name", "周敏", "--team", TEAM)
    with _serving(env, tmp / "server.log", workers=2) as url:
        record(("liveness /healthz", requests.get(f"{url}/healthz", timeout=5).status_code == 200, ""))
        record(("readiness /readyz", requests.get(f"{url}/readyz", timeout=5).status_code == 200, ""))
        target = Target(
            credit_code=credit_code.make("91310105MA1PRDCK0"),
            name="生产检查宾馆",
            industry="hotel",
            district="310105",
            street="华阳路街道",
            address="长宁路1号",
        )
        lead = _device(tmp / "lead", url, "lead", passwords["lead"])
        lead.store.save(target)
        lead.sync()
        zhou = _device(tmp / "zhou", url, "zhou", passwords["zhou"])
        zhou.sync()
        record(("a lead's record reaches an inspector", zhou.store.get(Target, target.id) is not None, ""))
        for device in (lead, zhou):
            device.store.close()
            device.client.close()
        backup = tmp / "backup"
        _cli(env, "backup", "--to", str(backup))
    lines = (tmp / "server.log").read_text(encoding="utf-8").splitlines()
    bad = [line for line in lines if not _is_json(line)]
    record(
        (
            "every log line is JSON",
            bool(lines) and not bad,
            f"{len(lines)} lines" + (f", e.g. {bad[0]!r}" if bad else ""),
        )
    )

    restored = _env(tmp / "restored", urls[1])
    _cli(restored, "restore", "--from", str(backup))
    with _serving(restored, tmp / "restored.log", workers=1) as url:
        check = _device(tmp / "zhou-again", url, "zhou", passwords["zhou"])
        check.sync()
        record(("the restored server serves the record", check.store.get(Target, target.id) is not None, ""))
        check.store.close()
        check.client.close()


def _env(data: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FIELD_INSPECTOR_SERVER_DATA": str(data),
        "DATABASE_URL": database_url,
        "FI_PRODUCTION": "1",
        "FI_MIN_CLIENT_VERSION": __version__,
    }


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "server", *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"field-inspector-server {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


@contextmanager
def _serving(env: dict[str, str], log: Path, workers: int) -> Iterator[str]:
    port = _free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port), "--workers", str(workers)],
            env=env, cwd=ROOT, stdout=out, stderr=out,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)  # polling a process we started; bounded by the deadline
    raise SystemExit(f"the server was not ready within {START_TIMEOUT:.0f} s")


class _Device:
    def __init__(self, store: Store, client: SyncClient) -> None:
        self.store, self.client = store, client

    def sync(self) -> None:
        SyncEngine(self.store, self.client).sync()


def _device(folder: Path, url: str, username: str, password: str) -> _Device:
    store = Store.open(folder / "store.sqlite3")
    vault = auth.TokenVault(folder, None)
    session = auth.login(store, vault, url, username, password)
    return _Device(store, SyncClient(url, session.token))


@contextmanager
def _databases(dsn: str, count: int, keep: bool) -> Iterator[list[str]]:
    names = [f"fi_production_check_{secrets.token_hex(4)}" for _ in range(count)]
    with psycopg.connect(dsn, autocommit=True) as admin:
        for name in names:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    host = psycopg.conninfo.conninfo_to_dict(dsn)
    base = (
        f"postgresql+psycopg://{host.get('user', 'postgres')}@{host.get('host', '127.0.0.1')}:{host.get('port', 5432)}"
    )
    try:
        yield [f"{base}/{name}" for name in names]
    finally:
        if not keep:
            with psycopg.connect(dsn, autocommit=True) as admin:
                for name in names:
                    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _is_json(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
