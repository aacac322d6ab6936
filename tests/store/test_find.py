"""Store.find: filters by field, values bound (never spliced), unknown fields refused, long id lists chunked."""

from __future__ import annotations

import pytest

from app.models import Target
from app.store import PRESENT, Store, StoreError
from tests.store.conftest import target


@pytest.fixture
def targets(store: Store) -> list[Target]:
    made = [target(f"店{i:04d}", do_not_disturb=i % 2 == 0) for i in range(1200)]
    store.save_many(made, synced=True)
    return made


def test_equal_any_of_and_booleans(store: Store, targets: list[Target]) -> None:
    assert [t.id for t in store.find(Target, name="店0003")] == [targets[3].id]
    assert {t.id for t in store.find(Target, name=["店0001", "店0002", "无此店"])} == {targets[1].id, targets[2].id}
    assert len(store.find(Target, do_not_disturb=True)) == 600
    assert store.find(Target, name=[]) == []


def test_a_list_longer_than_one_query_takes_is_read_in_chunks(store: Store, targets: list[Target]) -> None:
    ids = [t.id for t in targets]
    assert {t.id for t in store.find(Target, id=ids)} == set(ids)
    assert {t.id for t in store.find(Target, id=ids, do_not_disturb=False)} == set(ids[1::2])


def test_unset_and_set_fields(store: Store, targets: list[Target]) -> None:
    pilot = targets[7].model_copy(update={"credit_code_override": "早期试点代码"})
    store.save_many([pilot], synced=True)
    assert [t.id for t in store.find(Target, credit_code_override=PRESENT)] == [pilot.id]
    assert len(store.find(Target, credit_code_override=None)) == 1199


def test_a_value_is_bound_and_an_unknown_field_is_refused(store: Store, targets: list[Target]) -> None:
    assert store.find(Target, name="x' OR '1'='1") == []  # bound as a value: matches nothing
    with pytest.raises(StoreError, match="unknown fields: name OR 1"):
        store.find(Target, **{"name OR 1": 1})
    assert len(store.list(Target)) == 1200
