"""The search worker: answers come back by signal, and a superseded query's answer is dropped."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from app.store import Store
from app.ui.target_search import TargetSearch


@pytest.fixture
def search(demo_store: Store, make_runner) -> Iterator[TargetSearch]:
    searcher = TargetSearch(make_runner(demo_store))
    yield searcher
    searcher.shutdown()


def test_only_the_latest_query_is_answered(qtbot, search: TargetSearch, demo_store: Store) -> None:
    answers: list[tuple[str, list]] = []
    search.results.connect(lambda query, ids: answers.append((query, ids)))
    search.run_now("")  # the whole list: the slowest query, superseded at once
    search.run_now("游泳")
    qtbot.waitUntil(lambda: not search.busy)
    assert answers == [("游泳", demo_store.search_target_ids("游泳", None))]


def test_typing_is_debounced_into_one_query(qtbot, search: TargetSearch) -> None:
    answers: list[str] = []
    search.results.connect(lambda query, _ids: answers.append(query))
    for prefix in ("长", "长宁", "长宁区"):
        search.type_query(prefix)
    with qtbot.waitSignal(search.results):
        pass
    qtbot.waitUntil(lambda: not search.busy)
    assert answers == ["长宁区"]


def test_a_failing_query_is_reported(qtbot, search: TargetSearch, demo_store: Store) -> None:
    with sqlite3.connect(demo_store.path) as other:  # another connection breaks the index under the worker's
        other.execute("DROP TABLE targets_fts")
    with qtbot.waitSignal(search.failed) as failed:
        search.run_now("游泳池")
    assert "targets_fts" in failed.args[0]
