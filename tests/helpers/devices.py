"""Client devices against a live server: a store, a logged-in client and its sync engine; and reading the server.

`enrol(url, folder, username)` logs one of the seeded users (tests/helpers/live_server.py) in from a fresh store;
`server_record` and `server_mutation_ids` read the server's SQLite file directly, to check what is durable there.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.models import Target, new_id
from app.rules import credit_code
from app.store import Store
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from tests.helpers.live_server import CHANGNING, PASSWORD, LiveServer


@dataclass
class Device:
    """One inspector's laptop: a store, a logged-in client and the engine."""

    store: Store
    client: SyncClient
    engine: SyncEngine

    def close(self) -> None:
        self.client.close()
        self.store.close()


def enrol(url: str, folder: Path, username: str, sync_url: str | None = None, **engine_kw: Any) -> Device:
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


def _read(server: LiveServer, query: str, params: list[Any]) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def server_record(server: LiveServer, entity: str, record_id: str) -> tuple[int, dict[str, Any]] | None:
    """(version, data) of a record, read straight from the server's database file."""
    rows = _read(server, "SELECT version, data FROM records WHERE entity = ? AND id = ?", [entity, record_id])
    return (rows[0][0], json.loads(rows[0][1])) if rows else None


def server_mutation_ids(server: LiveServer, device: str) -> list[str]:
    return [r[0] for r in _read(server, "SELECT mutation_id FROM mutations WHERE device_id = ?", [device])]
