"""Every local change is written with its outbox mutation in one transaction: both or neither."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import Plan, Target, Task
from app.store import RecordNotFoundError, Store, StoreError
from tests.store.conftest import target


def _count(store: Store, table: str) -> int:
    return store._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_new_record_is_saved_with_a_create_mutation(store: Store) -> None:
    saved = store.save(target())
    [mutation] = store.outbox()
    assert (mutation["entity"], mutation["record_id"], mutation["op"]) == ("targets", saved.id, "upsert")
    assert mutation["base_version"] == 0
    assert mutation["fields"]["name"] == "上海天山口腔门诊部" and mutation["fields"]["licences"] == []
    assert store.get(Target, saved.id) == saved
    assert store.sync_state(Target, saved.id) == "local"


def test_an_update_sends_only_the_changed_fields(store: Store) -> None:
    saved = store.save(target())
    graded = store.save(saved.model_copy(update={"grade": "C", "grade_reasons": ["投诉举报"]}))
    stamp = graded.model_dump(mode="json")["updated_at"]  # the time of the save goes too: the server keeps it
    assert store.outbox()[1]["fields"] == {"grade": "C", "grade_reasons": ["投诉举报"], "updated_at": stamp}
    store.save(store.get(Target, saved.id))  # nothing changed: nothing to send
    assert len(store.outbox()) == 2
    renamed = store.save(saved, changed=["name"])
    assert store.outbox()[2]["fields"] == {
        "name": saved.name,
        "updated_at": renamed.model_dump(mode="json")["updated_at"],
    }


def test_a_failure_after_the_row_write_leaves_neither_row_nor_mutation(store: Store) -> None:
    # The outbox insert comes after the row write; make it fail inside the same transaction.
    store._db.execute(
        "CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected'); END"
    )
    record = target()
    with pytest.raises(StoreError) as err:
        store.save(record)
    assert "未做任何改动" in err.value.zh and "nothing was changed" in err.value.en
    assert store.get(Target, record.id) is None
    assert (_count(store, "targets"), _count(store, "outbox"), _count(store, "targets_fts")) == (0, 0, 0)


def test_a_batch_that_fails_midway_leaves_nothing(store: Store) -> None:
    good = [target(name=f"上海长宁第{i}宾馆", industry="hotel") for i in range(50)]
    orphan = Task(plan_id="no-such-plan", target_id=good[0].id, category="district_random", team="公共场所科")
    with pytest.raises(StoreError):
        store.save_many([*good, orphan])
    assert (_count(store, "targets"), _count(store, "tasks"), _count(store, "outbox")) == (0, 0, 0)


def test_save_many_writes_a_mutation_per_record_unless_already_synced(store: Store) -> None:
    plan = Plan(plan_no="长卫监计〔2026〕001号", name="2026年度区级双随机抽查计划", category="district_random",
                year=2026, team="公共场所科", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))  # fmt: skip
    records = [target(), target(), plan]
    assert store.save_many(records) == 3
    assert [m["record_id"] for m in store.outbox()] == [r.id for r in records]
    assert all(m["fields"]["id"] == r.id for m, r in zip(store.outbox(), records, strict=True))

    synced = [target(), target()]
    store.save_many(synced, synced=True)
    assert len(store.outbox()) == 3
    assert {store.sync_state(Target, r.id) for r in synced} == {"sent"}


def test_delete_queues_a_delete_mutation_with_the_row(store: Store) -> None:
    saved = store.save(target())
    store.delete(Target, saved.id)
    assert store.get(Target, saved.id) is None
    assert store.outbox()[-1] | {"fields": None} == store.outbox()[-1] | {
        "entity": "targets", "record_id": saved.id, "op": "delete", "fields": None,
    }  # fmt: skip
    with pytest.raises(RecordNotFoundError):
        store.delete(Target, saved.id)


def test_a_referenced_record_cannot_be_deleted_and_stays(store: Store) -> None:
    plan = Plan(plan_no="P1", name="计划", category="campaign", year=2026, team="医疗机构科",
                period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))  # fmt: skip
    owner = target()
    store.save_many([owner, plan, Task(plan_id=plan.id, target_id=owner.id, category="campaign", team="医疗机构科")])
    with pytest.raises(StoreError):
        store.delete(Target, owner.id)
    assert store.get(Target, owner.id) is not None and len(store.outbox()) == 3


def test_sync_meta_keeps_values(store: Store) -> None:
    assert store.meta("pull_cursor") is None
    store.set_meta("pull_cursor", "41")
    store.set_meta("pull_cursor", "42")
    assert store.meta("pull_cursor") == "42"
