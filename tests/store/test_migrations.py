"""Schema versions: a version-1 file is upgraded in place with its data; a newer file is refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from app.models import ENTITY_MODELS
from app.store import SCHEMA_VERSION, Store, StoreError, StoreTooNewError, default_store_path
from app.store.migrations import migrate, user_version
from app.store.rows import to_row
from tests.store.conftest import target


def _version_1_file(path: Path) -> str:
    """A file as the first release wrote it, with one target in it; returns the target's id."""
    db = sqlite_utils.Database(sqlite3.connect(path))
    assert migrate(db, upto=1) == [1]
    row = to_row(target(name="上海仙霞美容美发店", address="长宁区仙霞路88号")) | {"sync_state": "sent"}
    row = {k: v for k, v in row.items() if k in db["targets"].columns_dict}  # fields added later have no column yet
    db.table("targets").insert(row)
    db.conn.commit()
    db.close()
    return row["id"]


def test_a_new_store_is_at_the_latest_version_in_wal_with_foreign_keys(store: Store) -> None:
    assert user_version(store._db) == SCHEMA_VERSION >= 2
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_version_1_file_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    target_id = _version_1_file(path)
    with Store.open(path) as store:
        assert user_version(store._db) == SCHEMA_VERSION
        assert store.get(ENTITY_MODELS["targets"], target_id).name == "上海仙霞美容美发店"
        # migration 2 indexed the rows that were already there
        assert store.search_target_ids("仙霞美容") == [target_id]
        assert {"conflicts", "blob_uploads"} <= set(store._db.table_names())
    with Store.open(path) as store:  # reopening an up-to-date file runs nothing
        assert migrate(store._db) == []


def test_a_file_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = sqlite_utils.Database(sqlite3.connect(path))
    migrate(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with pytest.raises(StoreTooNewError) as err:
        Store.open(path)
    assert "更新版本" in err.value.zh and "newer version" in err.value.en
    assert err.value.found == SCHEMA_VERSION + 1
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.sqlite3"]


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photo.sqlite3"
    path.write_bytes(b"\xff\xd8\xff\xe0 not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert "不是有效的数据库" in err.value.zh and "not a valid database" in err.value.en
    assert path.read_bytes() == before


def test_every_model_field_has_a_column() -> None:
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    for entity, model in ENTITY_MODELS.items():
        columns = set(db.table(entity).columns_dict)
        missing = set(model.model_fields) - columns
        assert not missing, f"{entity} lacks {missing}: add a migration"
        assert "sync_state" in columns


def test_default_store_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELD_INSPECTOR_DATA", str(tmp_path / "elsewhere"))
    assert default_store_path("zhang.wei") == tmp_path / "elsewhere" / "zhang.wei" / "store.sqlite3"
    monkeypatch.delenv("FIELD_INSPECTOR_DATA")
    assert default_store_path("zhang.wei").parts[-3:] == ("field-inspector", "zhang.wei", "store.sqlite3")


@pytest.mark.parametrize("username", ["../etc", "a/b", "", ".hidden"])
def test_user_names_that_cannot_name_a_folder_are_refused(username: str) -> None:
    with pytest.raises(StoreError) as err:
        default_store_path(username)
    assert "用户名" in err.value.zh and "user name" in err.value.en
