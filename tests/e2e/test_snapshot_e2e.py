"""A first sync from the server's snapshot (issue 18), with the real server process on loopback (SQLite and
PostgreSQL) and the demo district: it ends equal to a first sync by pages (every record, sync state and the cursor), a
stale snapshot is caught up by pages, changes after it arrive as pages, each scope gets its own, and the server
offers none to a client of another schema or to nobody signed in."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from app.models import ENTITY_MODELS, Target
from app.store import Store
from app.store.migrations import SCHEMA_VERSION
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from demo import DEMO_PASSWORD
from tests.helpers import postgres
from tests.helpers.live_server import LiveServer, demo_district, wait_for_snapshot

pytestmark = pytest.mark.e2e

REFRESH = 50  # the server makes a scope's snapshot again once the log is this far past it


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    database_url = None
    if request.param == "postgres":
        postgres.require_postgres()
        database_url = postgres.create_database()
    settings = {"FI_SNAPSHOT_MIN_CHANGES": "1", "FI_SNAPSHOT_REFRESH_CHANGES": str(REFRESH)}
    try:
        with demo_district(tmp_path_factory.mktemp("snapshot-server"), database_url, settings) as live:
            yield live
    finally:
        if database_url:
            postgres.drop_database(database_url)


def _first_sync(server: LiveServer, folder: Path, username: str, snapshot: bool) -> tuple[Store, SyncEngine, int]:
    """A new laptop's first sync: (its store, its engine, the records copied from a snapshot), the snapshot taken
    whenever it is allowed to be (it must be, on this server)."""
    store = Store.open(folder / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(folder, None), server.url, username, DEMO_PASSWORD)
    if snapshot:
        wait_for_snapshot(server.url, session.token)  # made in the background on the scope's first ask
    engine = SyncEngine(store, SyncClient(server.url, session.token), snapshot=snapshot)
    copied = engine.sync().from_snapshot
    assert (copied > 0) == snapshot
    return store, engine, copied


def _records(store: Store) -> dict[str, list[tuple]]:
    """Every entity table as stored, sync states included (read from the file, the store closed)."""
    path = store.path
    store.close()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return {e: conn.execute(f"SELECT * FROM {e} ORDER BY id").fetchall() for e in ENTITY_MODELS}


def test_a_first_sync_from_the_snapshot_ends_as_one_by_pages(server: LiveServer, tmp_path: Path) -> None:
    by_pages, _, _ = _first_sync(server, tmp_path / "pages", "zhang.wei", snapshot=False)
    copied, _, records = _first_sync(server, tmp_path / "snapshot", "zhang.wei", snapshot=True)
    assert copied.pull_cursor() == by_pages.pull_cursor()
    assert copied.search_target_ids("宾馆") == by_pages.search_target_ids("宾馆") != []
    assert not list(copied.path.parent.glob("*.snapshot"))  # the file is gone once copied
    rows = _records(copied)
    assert rows == _records(by_pages)
    assert records == sum(len(of_entity) for of_entity in rows.values())
    assert list((server.data_dir / "snapshots").glob("*.sqlite3.gz"))  # kept for the next laptop of the scope


def test_a_stale_snapshot_is_caught_up_by_pages_and_later_changes_come_as_pages(
    server: LiveServer, tmp_path: Path
) -> None:
    lead, lead_engine, _ = _first_sync(server, tmp_path / "lead", "lead.public", snapshot=True)
    target = lead.list(Target)[0]
    lead.save(target.model_copy(update={"address": "快照之后改的地址"}))  # fewer changes than REFRESH: not remade
    assert lead_engine.sync().accepted == 1
    copied, _, _ = _first_sync(server, tmp_path / "snapshot", "zhang.wei", snapshot=True)
    by_pages, _, _ = _first_sync(server, tmp_path / "pages", "zhang.wei", snapshot=False)
    assert copied.get(Target, target.id).address == "快照之后改的地址"
    assert copied.pull_cursor() == by_pages.pull_cursor()
    assert _records(copied) == _records(by_pages)


def test_a_scopes_first_laptop_syncs_by_pages_while_its_snapshot_is_made(server: LiveServer, tmp_path: Path) -> None:
    """No request waits for a snapshot: the first ask of a scope (an inspector of 医疗机构科, asked by nobody before) is
    answered "none yet" and that laptop syncs by pages; the next laptop of the scope gets the snapshot."""
    store = Store.open(tmp_path / "first" / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(tmp_path / "first", None), server.url, "yang.lei", DEMO_PASSWORD)
    summary = SyncEngine(store, SyncClient(server.url, session.token)).sync()
    assert summary.from_snapshot == 0 and summary.pulled > 100
    following, _, _ = _first_sync(server, tmp_path / "next", "yang.lei", snapshot=True)
    assert _records(following) == _records(store)


@pytest.mark.parametrize("username", ["admin", "lead.public", "zhang.wei"])
def test_each_scope_gets_what_its_pages_would_bring(server: LiveServer, tmp_path: Path, username: str) -> None:
    """An admin sees every team of the district, a lead and an inspector their own team (an inspector no
    evaluations): each one's snapshot holds exactly what its own pages bring, never another scope's records."""
    copied, _, _ = _first_sync(server, tmp_path / "snapshot", username, snapshot=True)
    by_pages, _, _ = _first_sync(server, tmp_path / "pages", username, snapshot=False)
    assert _records(copied) == _records(by_pages)


def test_the_scopes_differ(server: LiveServer, tmp_path: Path) -> None:
    admin = _records(_first_sync(server, tmp_path / "admin", "admin", snapshot=True)[0])
    inspector = _records(_first_sync(server, tmp_path / "zhang", "zhang.wei", snapshot=True)[0])
    assert len(admin["plans"]) > len(inspector["plans"]) > 0  # other teams' plans are not the inspector's


def test_no_snapshot_for_another_schema_or_without_a_token(server: LiveServer, tmp_path: Path) -> None:
    url = f"{server.url}/api/sync/snapshot"
    assert requests.get(url, params={"schema": SCHEMA_VERSION}, timeout=30).status_code == 401
    store = Store.open(tmp_path / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(tmp_path, None), server.url, "zhang.wei", DEMO_PASSWORD)
    store.close()
    headers = {"Authorization": f"Bearer {session.token}"}
    older = requests.get(url, params={"schema": SCHEMA_VERSION - 1}, headers=headers, timeout=30)
    assert older.status_code == 204 and older.content == b""
    wait_for_snapshot(server.url, session.token)
    ours = requests.get(url, params={"schema": SCHEMA_VERSION}, headers=headers, timeout=30)
    assert ours.status_code == 200 and int(ours.headers["X-Snapshot-Cursor"]) > 0
    assert ours.content[:16] == b"SQLite format 3\x00"  # unpacked on the way in by requests
    for bad in ("-1", "x", "9" * 30, "1\x00"):
        assert requests.get(url, params={"schema": bad}, headers=headers, timeout=30).status_code == 422
