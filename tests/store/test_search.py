"""Chinese search over the trigram index, and the id-first queries behind the lazy target list."""

from __future__ import annotations

import pytest

from app.models import Target
from app.rules.credit_code import make
from app.store import Store, StoreError
from tests.store.conftest import target


@pytest.fixture
def filled(store: Store) -> dict[str, Target]:
    records = {
        "dental": target(name="上海仁爱口腔门诊部", address="长宁区天山路345号", grade="C"),
        "salon": target(name="上海佳怡美容美发店", address="长宁区仙霞路88号", industry="beauty_salon", grade="A"),
        "hotel": target(name="上海锦江之星宾馆", address="长宁区虹桥路1500号", industry="hotel", grade="D"),
        "public": target(
            name="上海市长宁区妇幼保健院",
            address="长宁区天山路1209号",
            industry="medical",
            credit_code=make("12310105425002418"),
        ),
    }
    store.save_many(records.values(), synced=True)
    return records


def test_a_substring_of_a_name_finds_the_target(store: Store, filled: dict[str, Target]) -> None:
    assert store.search_target_ids("口腔门诊") == [filled["dental"].id]
    assert store.search_target_ids("美容美发") == [filled["salon"].id]


def test_a_substring_of_an_address_finds_every_target_on_that_road(store: Store, filled: dict[str, Target]) -> None:
    assert set(store.search_target_ids("天山路")) == {filled["dental"].id, filled["public"].id}
    assert store.search_target_ids("虹桥路1500") == [filled["hotel"].id]


def test_a_credit_code_prefix_finds_the_target(store: Store, filled: dict[str, Target]) -> None:
    assert store.search_target_ids("123101054") == [filled["public"].id]
    assert store.search_target_ids(filled["hotel"].credit_code[:17].lower()) == [filled["hotel"].id]


def test_name_matches_rank_above_address_matches(store: Store) -> None:
    by_address = target(name="上海恒瑞宾馆", address="长宁区仙霞路88号")
    by_name = target(name="上海仙霞宾馆", address="长宁区虹桥路1号")
    store.save_many([by_address, by_name], synced=True)
    assert store.search_target_ids("仙霞") == [by_name.id, by_address.id]  # short query: name order
    assert store.search_target_ids("仙霞宾馆") == [by_name.id]
    assert store.search_target_ids("上海仙霞") == [by_name.id]
    assert store.search_target_ids("仙霞路") == [by_address.id]
    assert store.search_target_ids("霞宾馆") == [by_name.id]
    assert store.search_target_ids("长宁区仙霞") == [by_address.id]


def test_short_queries_match_names_addresses_and_code_prefixes(store: Store, filled: dict[str, Target]) -> None:
    assert store.search_target_ids("口腔") == [filled["dental"].id]
    assert store.search_target_ids("宾") == [filled["hotel"].id]
    assert store.search_target_ids("12") == [filled["public"].id]
    assert store.search_target_ids("  ") == []


def test_the_limit_bounds_the_result(store: Store, filled: dict[str, Target]) -> None:
    assert len(store.search_target_ids("长宁区", limit=2)) == 2
    assert len(store.search_target_ids("长宁区", limit=None)) == 4


@pytest.mark.parametrize("query", ['"口腔', "a%b", "_", "天山 OR 仙霞", "NEAR(", "*"])
def test_query_syntax_characters_are_matched_literally(store: Store, filled: dict[str, Target], query: str) -> None:
    assert store.search_target_ids(query) == []


def test_the_index_follows_updates_and_deletes(store: Store, filled: dict[str, Target]) -> None:
    renamed = filled["hotel"].model_copy(update={"name": "上海长宁新华宾馆"})
    store.save(renamed)
    assert store.search_target_ids("新华宾馆") == [renamed.id]
    assert store.search_target_ids("锦江之星") == []
    store.delete(Target, renamed.id)
    assert store.search_target_ids("新华宾馆") == []


def test_target_ids_in_each_order_and_rows_by_id(store: Store, filled: dict[str, Target]) -> None:
    by_name = store.target_ids()
    assert by_name == [t.id for t in sorted(filled.values(), key=lambda t: t.name)]
    assert store.target_ids("grade")[0] == filled["hotel"].id  # worst grade first
    wanted = [filled["salon"].id, "unknown", filled["dental"].id]
    rows = store.targets_by_ids(wanted)
    assert [r["id"] for r in rows] == [filled["salon"].id, filled["dental"].id]
    assert rows[0]["licences"] == [] and rows[0]["do_not_disturb"] is False and rows[0]["sync_state"] == "sent"


def test_an_unknown_ordering_is_refused(store: Store) -> None:
    with pytest.raises(StoreError) as err:
        store.target_ids("name; DROP TABLE targets")
    assert "排序" in err.value.zh and "order" in err.value.en
