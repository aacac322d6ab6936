"""The UI thread's garbage collector (app/ui/collector.py): automatic collection off while it runs, garbage collected
at a tick on the UI thread once the runners are idle, held back while a worker runs (up to its patience), automatic
collection back after `stop()`; `all_idle` over every open runner."""

from __future__ import annotations

import gc
import threading
import weakref

from app.store import Store
from app.ui import collector as collecting
from app.ui.collector import Collector
from app.ui.runner import all_idle


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _garbage() -> weakref.ref[_Cycle]:
    """A cycle nobody holds: only a collection frees it."""
    return weakref.ref(_Cycle())


def _young_enough() -> list[list[object]]:
    """More new objects than the young generation's threshold, and fewer than its patience: a tick is due while the
    caller keeps them."""
    gc.collect()  # the counts from zero
    kept: list[list[object]] = [[] for _ in range(gc.get_threshold()[0] + 10)]
    assert gc.get_threshold()[0] < gc.get_count()[0] < collecting.PATIENCE * gc.get_threshold()[0]
    return kept


def test_garbage_is_collected_only_when_quiet() -> None:
    quiet = threading.Event()  # the app's is `all_idle`: no runner with an op queued or running (tested below)
    collector = Collector(quiet.is_set)
    try:
        assert not gc.isenabled()
        kept = _young_enough()
        cycle = _garbage()
        collector.tick()
        assert cycle() is not None and collector.collections == 0  # not while a worker runs
        quiet.set()
        collector.tick()
        assert cycle() is None and collector.collections == 1 and kept
    finally:
        collector.stop()
    assert gc.isenabled()


def test_a_worker_that_never_rests_holds_garbage_back_only_so_long(monkeypatch) -> None:
    monkeypatch.setattr(collecting, "PATIENCE", 2)
    collector = Collector(lambda: False)
    try:
        gc.collect()
        cycle = _garbage()
        kept = [[] for _ in range(3 * gc.get_threshold()[0])]  # past the patience
        collector.tick()
        assert cycle() is None and collector.collections == 1 and kept
    finally:
        collector.stop()


def test_the_timer_collects_by_itself(qtbot) -> None:
    collector = Collector(lambda: True, interval_ms=50)  # ticks between the test fixture's collector's
    kept: list[list[object]] = []

    def collected() -> bool:
        kept.extend([] for _ in range(gc.get_threshold()[0] + 10))  # always a tick due, whoever collected last
        return collector.collections > 0

    try:
        qtbot.waitUntil(collected, timeout=5000)
    finally:
        collector.stop()


def test_all_idle_waits_for_every_open_runner_and_not_for_a_closed_one(qtbot, make_runner, tmp_path) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        busy, other = make_runner(store), make_runner(store)
    gate = threading.Event()
    busy.run(lambda _store: gate.wait(10))
    qtbot.waitUntil(lambda: not busy.idle)
    assert not all_idle() and other.idle
    gate.set()
    qtbot.waitUntil(all_idle)
    other.run(lambda _store: None)
    other.close()  # closed with its answer still on the way: it holds no one back
    assert all_idle()
