"""A private PostgreSQL primary and its streaming hot standby, made for one test (issue 19: pulls from a replica).

The machine's own cluster on 5432 allows no replication connections, so the pair is made here: `initdb` a primary on
a free port (replication allowed from the loopback), `pg_basebackup -R` a standby from it, start both. As root the
clusters run as the `postgres` user (PostgreSQL refuses root). Both are stopped and removed on leaving.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.helpers.live_server import free_port

_TIMEOUT = 120


def _bindir() -> Path | None:
    try:
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True, timeout=10)
    except (OSError, subprocess.CalledProcessError):
        return None
    bindir = Path(found.stdout.strip())
    return bindir if (bindir / "initdb").exists() else None


def unavailable_reason() -> str | None:
    if _bindir() is None:
        return "PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup) are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root needs runuser to start PostgreSQL as the postgres user"
    return None


@dataclass
class Cluster:
    data: Path
    port: int

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def sql(self, query: str, params: tuple = (), dbname: str = "postgres") -> list[tuple]:
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True) as c:
            cursor = c.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def start(self) -> None:
        _run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w", "-t", "60",
             "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start")  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            _run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")


@contextmanager
def primary_and_standby() -> Iterator[tuple[Cluster, Cluster]]:
    root = Path(tempfile.mkdtemp(prefix="fi-pg-pair-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary, standby = Cluster(root / "primary", free_port()), Cluster(root / "standby", free_port())
    try:
        _run("initdb", "-D", str(primary.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        with (primary.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        primary.start()
        _run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "-D", str(standby.data),
             "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        standby.start()
        yield primary, standby
    finally:
        for cluster in (standby, primary):
            with contextlib.suppress(subprocess.CalledProcessError):  # already stopped (a test may stop the standby)
                cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def _run(program: str, *args: str) -> None:
    command = [str(_bindir() / program), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=_TIMEOUT, cwd="/")
