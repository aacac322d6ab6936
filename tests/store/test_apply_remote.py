"""Pulled changes: upserted without outbox rows, never over a record with unsent local changes."""

from __future__ import annotations

import pytest

from app.models import Target, Task
from app.models.wire import Change
from app.store import Store, StoreError
from app.store.remote import BULK_INDEX_MIN
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
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_record_with_unsent_changes_is_not_overwritten(store: Store) -> None:
    local = store.save(target(name="本地修改的名称"))
    other = target()
    skipped = store.apply_remote([_change(local, 5, name="服务器上的名称"), _change(other, 6)])
    assert skipped == [local.id]
    assert store.get(Target, local.id).name == "本地修改的名称"
    assert store.get(Target, other.id) is not None
    store._db.execute("DELETE FROM outbox")  # once the change is acknowledged, the next pull applies
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


def test_a_record_twice_in_a_page_ends_as_its_last_change(store: Store) -> None:
    twice, gone = target(), target()
    store.apply_remote([_change(gone, 1)])
    page = [
        _change(twice, 2, name="第一次的名称"),
        _change(gone, 3, version=2, name="删前改名"),
        _change(twice, 4, version=2, name="第二次的名称"),
        Change(seq=5, entity="targets", id=gone.id, version=3, deleted=True, data={}),
    ]
    assert store.apply_remote(page) == []
    assert store.get(Target, twice.id).name == "第二次的名称" and store.get(Target, twice.id).version == 2
    assert store.get(Target, gone.id) is None
    assert store.search_target_ids("第二次") == [twice.id] and store.search_target_ids("第一次") == []


def test_a_page_tells_the_subscribers_every_record_it_wrote_or_kept_out(store: Store) -> None:
    local = store.save(target(name="本机的"))
    pulled, removed = target(), target()
    store.apply_remote([_change(removed, 1)])
    heard: list[dict[str, frozenset[str]]] = []
    store.changes.subscribe(lambda changes: heard.append(dict(changes.ids)))
    deletion = Change(seq=4, entity="targets", id=removed.id, version=2, deleted=True, data={})
    assert store.apply_remote([_change(local, 2), _change(pulled, 3), deletion]) == [local.id]
    assert heard == [{"targets": frozenset({pulled.id, removed.id})}]


def test_an_invalid_record_deep_in_a_large_page_is_named_and_nothing_is_written(store: Store) -> None:
    fine = [target() for _ in range(300)]
    bad = target()
    page = [_change(t, n) for n, t in enumerate(fine[:150])]
    page += [_change(bad, 200, credit_code="91310105MA1000000X\x00"), *(_change(t, 300) for t in fine[150:])]
    with pytest.raises(StoreError) as err:
        store.apply_remote(page)
    assert bad.id in err.value.en and "invalid record" in err.value.en and "credit_code" in err.value.en
    assert store.target_ids() == []


def test_pulled_rows_are_the_records_as_saved_here(store: Store) -> None:
    """Bulk dumping writes the same column text as a record saved here (to_row), or a later local edit would send
    fields it did not change."""
    saved = store.save(target(name="本机存的", licences=["卫生许可证", "营业执照"], grade_reasons=["投诉"]))
    mine = store._row("targets", saved.id)
    store._db.execute("DELETE FROM outbox")
    store._db.execute("DELETE FROM targets")
    store.apply_remote([_change(saved, 1, version=saved.version)])
    assert {k: v for k, v in store._row("targets", saved.id).items() if k != "sync_state"} == {
        k: v for k, v in mine.items() if k != "sync_state"
    }


def _triggers(store: Store) -> list[str]:
    return [r[0] for r in store._db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")]


def _fts_sound(store: Store) -> None:
    store._db.execute("INSERT INTO targets_fts(targets_fts, rank) VALUES ('integrity-check', 1)")  # raises if not


def test_a_large_page_of_targets_is_searchable_as_one_written_row_by_row(store: Store) -> None:
    triggers = _triggers(store)
    many = [target(name=f"批量宾馆{n:03d}", address=f"长宁区批量路{n}号") for n in range(BULK_INDEX_MIN + 20)]
    store.save(many[0])  # one of them has a local change: left alone, its own entry kept
    store.apply_remote([_change(t, n) for n, t in enumerate(many)])
    assert len(store.search_target_ids("批量宾馆", None)) == len(many)
    assert store.search_target_ids("批量路7号") == [many[7].id]

    renamed = [_change(t, 200 + n, version=2, name=f"改名酒店{n:03d}") for n, t in enumerate(many[1:], 1)]
    gone = Change(seq=999, entity="targets", id=many[-1].id, version=3, deleted=True, data={})
    assert store.apply_remote([*renamed, gone]) == []
    assert store.search_target_ids("批量宾馆", None) == [many[0].id]
    assert len(store.search_target_ids("改名酒店", None)) == len(many) - 2
    assert store.search_target_ids(f"改名酒店{len(many) - 1:03d}") == []
    _fts_sound(store)
    assert _triggers(store) == triggers
    later = store.save(target(name="之后单存的诊所"))  # the triggers index row by row again
    assert store.search_target_ids("单存的诊所") == [later.id]


def test_a_large_page_whose_indexed_text_is_unchanged_reindexes_nothing_and_a_changed_row_is_found(
    store: Store,
) -> None:
    """The echo of this device's own pushed changes (new versions, the indexed name, address and credit code as
    here) writes no search entry; a row of it whose name did change is found by its new name only."""
    many = [target(name=f"回声宾馆{n:03d}", address=f"长宁区回声路{n}号") for n in range(BULK_INDEX_MIN + 5)]
    store.apply_remote([_change(t, n) for n, t in enumerate(many)])
    segments = store._db.execute("SELECT count(*), max(rowid) FROM targets_fts_data").fetchone()

    echo = [_change(t, 300 + n, version=2, street="新华路街道") for n, t in enumerate(many)]
    assert store.apply_remote(echo) == []
    assert store._db.execute("SELECT count(*), max(rowid) FROM targets_fts_data").fetchone() == segments
    assert {store.get(Target, t.id).version for t in many} == {2}  # the rows themselves were written

    renamed = [_change(many[3], 500, version=3, name="回声改名酒店"), *echo[4:]]
    store.apply_remote(renamed)
    assert store.search_target_ids("回声改名酒店") == [many[3].id]
    assert store.search_target_ids("回声宾馆003") == []
    assert len(store.search_target_ids("回声宾馆", None)) == len(many) - 1
    _fts_sound(store)


def test_a_large_page_rolled_back_leaves_the_index_and_its_triggers_as_they_were(store: Store) -> None:
    triggers = _triggers(store)
    many = [target(name=f"回滚宾馆{n:03d}") for n in range(BULK_INDEX_MIN)]
    with pytest.raises(RuntimeError), store._writing():
        store.apply_remote([_change(t, n) for n, t in enumerate(many)])
        raise RuntimeError("the page's transaction fails after the writes")
    assert store.search_target_ids("回滚宾馆") == [] and store.target_ids() == []
    assert _triggers(store) == triggers
    _fts_sound(store)


def test_a_pulled_record_equal_to_the_row_here_is_not_written_nor_announced(store: Store) -> None:
    same, moved, other = target(), target(), target()
    store.apply_remote([_change(same, 1, version=2), _change(moved, 2, version=2), _change(other, 3, version=2)])
    heard: list[dict[str, frozenset[str]]] = []
    store.changes.subscribe(lambda changes: heard.append(dict(changes.ids)))
    page = [_change(same, 4, version=2), _change(moved, 5, version=2, name="同一版本别的内容"), _change(other, 6, 3)]
    assert store.apply_remote(page) == []
    assert heard == [{"targets": frozenset({moved.id, other.id})}]
    assert store.get(Target, moved.id).name == "同一版本别的内容" and store.get(Target, other.id).version == 3
    writes = store._db.conn.total_changes
    store.apply_remote([_change(same, 7, version=2)])  # a page of echoes only: no row written, no notification
    assert store._db.conn.total_changes == writes and len(heard) == 1
