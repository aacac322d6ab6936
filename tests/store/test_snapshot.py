"""A first sync copied from a snapshot file (app/store/snapshot.py), without a server: a store filled by pulled pages
is the snapshot, copied into an empty store (plain or encrypted) it gives the same rows, sync states, search and
cursor; a store with anything in it, a file of another schema, a file that is not a database are refused with
nothing written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.models import Target
from app.models.wire import Change
from app.store import Store, StoreError
from app.store.crypto import new_key
from tests.helpers.devices import new_target

ENTITIES = ("targets", "tasks", "plans", "inspections")


def _changes(count: int) -> list[Change]:
    targets = [new_target(f"静安宾馆{n}") for n in range(count)]
    return [
        Change(
            seq=n + 1, entity="targets", id=t.id, version=1, data=t.model_dump(mode="json", exclude={"id", "version"})
        )
        for n, t in enumerate(targets)
    ]


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    """A store filled as the server fills one (server/sync/snapshot.py): pulled pages, then one file."""
    path = tmp_path / "server" / "store.sqlite3"
    with Store.open(path) as store:
        changes = _changes(150)  # over the bulk-index size: the source indexed in bulk, as a paged sync would
        store.apply_pull_page(changes[:100], 100)
        store.apply_pull_page(changes[100:], 777)
    return path


def _rows(path: Path, key: bytes | None = None) -> dict[str, list[tuple]]:
    with Store.open(path, key=key) as store:
        conn = store._db.conn
        return {e: conn.execute(f"SELECT * FROM {e} ORDER BY id").fetchall() for e in ENTITIES}


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_an_empty_store_copies_the_snapshot_whole(snapshot_file: Path, tmp_path: Path, encrypted: bool) -> None:
    key = new_key() if encrypted else None
    path = tmp_path / "laptop" / "store.sqlite3"
    seen = []
    with Store.open(path, key=key) as store:
        store.changes.subscribe(seen.append)
        assert store.snapshot_welcome()
        assert store.load_snapshot(snapshot_file) == 150
        assert store.pull_cursor() == 777 and not store.snapshot_welcome()
        assert store.search_target_ids("静安宾馆149") != []  # the search index built with the copy
    assert len(seen) == 1 and len(seen[0].of("targets")) == 150  # one notification, every record in it
    assert _rows(path, key) == _rows(snapshot_file)


def test_a_store_with_anything_in_it_takes_no_snapshot(snapshot_file: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "laptop" / "store.sqlite3") as store:
        own = store.save(new_target("自己录入的宾馆"))  # an unsent record: a snapshot would overwrite nothing, but
        assert not store.snapshot_welcome()  # a store in use syncs by pages, where unsent work is respected
        assert store.load_snapshot(snapshot_file) is None
        assert [t.id for t in store.list(Target)] == [own.id] and store.pull_cursor() == 0


def test_a_file_of_another_schema_or_no_database_is_refused_with_nothing_written(
    snapshot_file: Path, tmp_path: Path
) -> None:
    older = tmp_path / "older.sqlite3"
    older.write_bytes(snapshot_file.read_bytes())
    with sqlite3.connect(older) as conn:
        conn.execute("PRAGMA user_version = 3")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x00" * 4096 + b"not a database")
    with Store.open(tmp_path / "laptop" / "store.sqlite3") as store:
        with pytest.raises(StoreError, match="schema 3"):
            store.load_snapshot(older)
        with pytest.raises(StoreError, match="not a valid database"):
            store.load_snapshot(garbage)
        assert store.list(Target) == [] and store.pull_cursor() == 0 and store.snapshot_welcome()
        assert store.load_snapshot(snapshot_file) == 150  # still attachable: nothing was left attached
