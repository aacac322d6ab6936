"""A first sync copied from a snapshot file (app/store/snapshot.py), without a server: a store filled by pulled pages
is the snapshot, copied into an empty store (plain or encrypted) it gives the same rows, sync states, search and
cursor; a store with anything in it, a file of another schema, a file that is not a database are refused with
nothing written."""

from __future__ import annotations

import base64
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.models import InspectionCode, Record, Target
from app.models.domain import Inspection
from app.models.ids import new_id
from app.models.wire import Change
from app.rules.codes import GateError, Reason, generate_key, issue
from app.store import Store, StoreError
from app.store.crypto import new_key
from app.store.db import USER_INSPECTOR_ID
from tests.helpers.devices import new_target
from tests.helpers.gate import ME, PARTNER

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



def test_a_forged_code_inside_a_snapshot_opens_no_inspection(tmp_path: Path) -> None:
    """A snapshot is data like a pulled page: a code in it meets the gate when used, so a forged one (made up, or
    signed by a key this laptop does not trust) opens nothing, while a genuine code copied with it does."""
    private, public, key_id = generate_key()
    site = new_target("快照里的宾馆")
    start = datetime.now(UTC) - timedelta(hours=1)
    fields = {
        "target_id": site.id,
        "target_credit_code": site.credit_code,
        "task_ids": [new_id()],
        "inspector_ids": [ME, PARTNER],
        "checklist_item_ids": [],
        "valid_from": start,
        "valid_until": start + timedelta(hours=9),
        "issuer": "长宁区卫生健康委员会",
    }
    genuine = issue(**fields, private_key=private)
    made_up = genuine.model_copy(update={"id": new_id(), "signature": base64.b64encode(bytes(64)).decode()})
    unknown_key = issue(**fields, private_key=generate_key()[0])
    source = tmp_path / "server" / "store.sqlite3"
    with Store.open(source) as store:
        records = [site, genuine, made_up, unknown_key]
        store.apply_pull_page([_change(n, r) for n, r in enumerate(records, start=1)], len(records))

    with Store.open(tmp_path / "laptop" / "store.sqlite3") as store:
        store.set_signing_keys({key_id: public})
        store.set_meta(USER_INSPECTOR_ID, ME)
        assert store.load_snapshot(source) == 4
        for forged, reason in ((made_up, Reason.BAD_SIGNATURE), (unknown_key, Reason.UNKNOWN_KEY)):
            with pytest.raises(GateError) as refused:
                store.save(_opening(forged))
            assert refused.value.verdict.reason is reason
        assert store.list(Inspection) == [] and store.pending_changes() == 0
        assert store.save(_opening(genuine)).code_id == genuine.id  # the gate is open to the genuine code


def _change(seq: int, record: Record) -> Change:
    data = record.model_dump(mode="json", exclude={"id", "version"})
    return Change(seq=seq, entity=record.entity, id=record.id, version=1, data=data)


def _opening(code: InspectionCode) -> Inspection:
    return Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=[ME, PARTNER])
