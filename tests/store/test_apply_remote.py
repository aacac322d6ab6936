"""Pulled changes: upserted without outbox rows, never over a record with unsent local changes."""

from __future__ import annotations

import pytest

from app.models import Target, Task
from app.models.wire import Change
from app.store import Store, StoreError
from tests.store.conftest import target


def _change(record: Target | Task, seq: int, version: int = 1, **data: object) -> Change:
    return Change(seq=seq, entity=record.entity, id=record.id, version=version,
                  data=record.model_dump(mode="json") | data)  # fmt: skip


def test_pulled_records_are_written_as_sent_without_outbox_rows(store: Store) -> None:
    remote = target()
    # a task whose plan and target arrive in a later page: foreign keys are not checked for pulled data
    task = Task(plan_id="later", target_id="later", category="complaint", team="公共场所科")
    assert store.apply_remote([_change(remote, 1, version=3), _change(task, 2)]) == []
    assert store.get(Target, remote.id).version == 3
    assert store.sync_state(Target, remote.id) == "sent"
    assert store.outbox() == []
    assert store.search_target_ids(remote.name[2:6]) == [remote.id]
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_record_with_unsent_changes_is_not_overwritten(store: Store) -> None:
    local = store.save(target(name="本地修改的名称"))
    other = target()
    skipped = store.apply_remote([_change(local, 5, name="服务器上的名称"), _change(other, 6)])
    assert skipped == [local.id]
    assert store.get(Target, local.id).name == "本地修改的名称"
    assert store.get(Target, other.id) is not None
    store.db.execute("DELETE FROM outbox")  # once the change is acknowledged, the next pull applies
    assert store.apply_remote([_change(local, 7, version=2, name="服务器上的名称")]) == []
    assert store.get(Target, local.id).name == "服务器上的名称"


def test_a_pulled_deletion_removes_the_record(store: Store) -> None:
    gone = target()
    store.apply_remote([_change(gone, 1)])
    store.apply_remote([Change(seq=2, entity="targets", id=gone.id, version=2, deleted=True, data={})])
    assert store.get(Target, gone.id) is None


@pytest.mark.parametrize(
    ("bad", "zh", "en"),
    [
        (Change(seq=2, entity="casinos", id="x", version=1, data={}), "未知的数据类型", "unknown entity"),
        (Change(seq=2, entity="targets", id="y", version=1, data={"name": "缺字段"}), "记录无效", "invalid record"),
    ],
)
def test_an_invalid_change_applies_nothing_of_the_batch(store: Store, bad: Change, zh: str, en: str) -> None:
    fine = target()
    with pytest.raises(StoreError) as err:
        store.apply_remote([_change(fine, 1), bad])
    assert zh in err.value.zh and en in err.value.en
    assert store.get(Target, fine.id) is None
