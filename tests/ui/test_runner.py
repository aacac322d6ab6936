"""The task runner: ops on the database worker with its one store, answers on the UI thread, latest answer wins,
cancellation, errors, change notifications after each write, queued writes kept on close, and the UI-thread guard."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from app.models import ChecklistItem, Target
from app.models.wire import Change
from app.store import Store, StoreError, guard
from app.store.changes import Changes
from app.store.db import BUSY_TIMEOUT_S, connect
from app.store.guard import UIThreadDatabaseError
from app.ui.i18n import error_text
from app.ui.qt import QObject
from app.ui.runner import Runner
from tests.store.conftest import target


@pytest.fixture
def runner(app, tmp_path: Path) -> Iterator[Runner]:
    r = Runner(tmp_path / "store.sqlite3")
    yield r
    r.close()
    assert not r.running


def _blocked(runner: Runner) -> threading.Event:
    """Holds the database worker until the returned event is set, so that ops pile up in its queue."""
    release = threading.Event()
    runner.run(lambda _store: release.wait(10))
    return release


def test_an_op_runs_on_the_worker_with_its_store_and_answers_on_the_ui_thread(qtbot, runner: Runner) -> None:
    seen: dict[str, object] = {}

    def op(store: Store) -> int:
        seen["op_thread"] = threading.current_thread()
        seen["path"] = store.path
        return 41 + 1

    def done(result: int) -> None:
        seen["result"], seen["done_thread"] = result, threading.current_thread()

    runner.run(op, done)
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42 and seen["path"] == runner.store_path
    assert seen["done_thread"] is threading.main_thread() and seen["op_thread"] is not threading.main_thread()
    assert runner.idle


def test_latest_answer_wins_and_cancel_silences(qtbot, runner: Runner) -> None:
    answers: list[int] = []
    release = _blocked(runner)
    for n in range(5):
        runner.run(lambda _store, n=n: n, answers.append, key="search")
    runner.run(lambda _store: 99, answers.append, key="other")
    runner.cancel("other")
    assert runner.busy("search") and not runner.busy("other")
    release.set()
    qtbot.waitUntil(lambda: runner.idle)
    assert answers == [4]


def test_writes_without_a_key_all_run_in_order(qtbot, runner: Runner) -> None:
    order: list[int] = []
    release = _blocked(runner)
    for n in range(20):
        runner.run(lambda _store, n=n: n, order.append)
    release.set()
    qtbot.waitUntil(lambda: runner.idle)
    assert order == list(range(20))


def test_a_failure_goes_to_on_error_or_else_to_failed(qtbot, runner: Runner) -> None:
    errors: list[BaseException] = []

    def broken(_store: Store) -> None:
        raise ValueError("坏了 / broken")

    runner.run(broken, on_error=errors.append)
    with qtbot.waitSignal(runner.failed) as failed:
        runner.run(broken)
    assert [str(e) for e in errors] == ["坏了 / broken"] and failed.args == ["坏了 / broken"]
    done: list[int] = []
    runner.run(lambda _store: 1, done.append)  # the worker serves on after a failure
    qtbot.waitUntil(lambda: done == [1])


def test_a_write_tells_what_it_changed_after_commit(qtbot, runner: Runner) -> None:
    one, two = target("一号诊所"), target("二号诊所")
    with qtbot.waitSignal(runner.changed) as changed:
        runner.run(lambda store: store.save_many([one, two], synced=True))
    changes: Changes = changed.args[0]
    assert changes.of("targets") == {one.id, two.id} and "inspections" not in changes


def test_a_rolled_back_write_tells_nothing(qtbot, runner: Runner) -> None:
    heard: list[Changes] = []
    runner.changed.connect(heard.append)
    errors: list[BaseException] = []

    def half_then_fail(store: Store) -> None:  # the target is written, then its checklist item's parent is missing
        store.save_many([target("甲"), _orphan()])

    runner.run(half_then_fail, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], StoreError)
    later = target("丙")
    with qtbot.waitSignal(runner.changed):
        runner.run(lambda store: store.save_many([later], synced=True))
    assert [c.of("targets") for c in heard] == [{later.id}]


def test_close_runs_the_queued_writes_first(app, tmp_path: Path) -> None:
    runner = Runner(tmp_path / "store.sqlite3")
    records = [target(f"诊所{n}") for n in range(50)]
    for record in records:
        runner.run(lambda store, r=record: store.save(r))
    runner.close()
    with Store.open(tmp_path / "store.sqlite3") as store:
        assert len(store.list(Target)) == 50


def test_the_guard_refuses_database_calls_on_the_ui_thread_only(qtbot, runner: Runner) -> None:
    found: list[int] = []
    with Store.open(runner.store_path) as store:
        guard.forbid()
        try:
            with pytest.raises(UIThreadDatabaseError):
                store.list(Target)
            runner.run(lambda worker_store: len(worker_store.list(Target)), found.append)
            qtbot.waitUntil(lambda: found == [0])
        finally:
            guard.allow()
        assert store.list(Target) == []


def _orphan() -> ChecklistItem:
    """A checklist item whose checklist does not exist: the foreign key refuses it."""
    return ChecklistItem(checklist_id="nowhere", code="X-1", title="无", legal_basis="无", industry="dental")


def test_a_refusal_without_on_error_is_told_in_the_interface_language(qtbot, runner: Runner, translations) -> None:
    def refused(_store: Store) -> None:
        raise StoreError("本地数据文件已打开", "the local store is open already")

    with qtbot.waitSignal(runner.failed) as failed:
        runner.run(refused)
    assert failed.args == ["本地数据文件已打开"]
    translations.install("en")
    with qtbot.waitSignal(runner.failed) as failed:
        runner.run(refused)
    assert failed.args == ["the local store is open already"]  # English only, not "中文 / English"
    assert error_text(StoreError("甲", "a")) == "a" and error_text(ValueError("as it is")) == "as it is"


def test_working_tells_a_widgets_ops_until_they_answer(qtbot, runner: Runner) -> None:
    widget, other = QObject(), QObject()
    release = _blocked(runner)
    runner.run(lambda _store: 1, owner=widget)
    assert runner.working(widget) and not runner.working(other)
    release.set()
    qtbot.waitUntil(lambda: not runner.working(widget))
    assert runner.idle


def test_the_sync_connection_and_the_runner_write_in_turn(qtbot, runner: Runner) -> None:
    """The sync engine keeps a connection of its own (docs/ARCHITECTURE.md, "Two connections, one writer at a
    time"): its pulled pages and the runner's saves take turns at SQLite's write lock (each one BEGIN IMMEDIATE
    transaction; the other waits in the busy handler), so none fails and none is lost, and both are told."""
    opened: list[int] = []
    runner.run(lambda store: len(store.list(Target)), opened.append)  # the runner's store made (and migrated) first
    qtbot.waitUntil(lambda: opened == [0])
    pages = [[target(f"拉取{n}-{i}") for i in range(25)] for n in range(40)]
    local = [target(f"本机{n}") for n in range(120)]
    told_to_sync: list[Changes] = []
    failures: list[BaseException] = []

    def sync_side() -> None:  # what SyncEngine.pull does on the network thread, with its own Store
        try:
            with Store.open(runner.store_path) as engine_store:
                engine_store.changes.subscribe(told_to_sync.append)
                for n, page in enumerate(pages, start=1):
                    changes = [
                        Change(seq=n * 100 + i, entity="targets", id=t.id, version=1, data=t.model_dump(mode="json"))
                        for i, t in enumerate(page)
                    ]
                    engine_store.apply_pull_page(changes, n)
        except BaseException as exc:  # reported to the test below
            failures.append(exc)

    heard: list[Changes] = []
    runner.changed.connect(heard.append)
    for record in local:
        runner.run(lambda store, r=record: store.save(r), on_error=failures.append)
    sync = threading.Thread(target=sync_side)
    sync.start()
    qtbot.waitUntil(lambda: not sync.is_alive() and runner.idle, timeout=60_000)
    assert failures == []
    with Store.open(runner.store_path) as store:
        assert len(store.list(Target)) == len(local) + 25 * len(pages) and store.pull_cursor() == len(pages)
    assert set().union(*(c.of("targets") for c in heard)) == {r.id for r in local}
    assert len(told_to_sync) == len(pages)  # each page told once, after its commit (SyncWorker.records_changed)


def test_every_store_connection_waits_for_the_write_lock(tmp_path: Path) -> None:
    """WAL (readers go on while one writes) and a busy timeout long enough for the longest write of the other."""
    with Store.open(tmp_path / "store.sqlite3"), closing(connect(tmp_path / "store.sqlite3", None)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA busy_timeout").fetchone() == (int(BUSY_TIMEOUT_S * 1000),)



_finalized_on: list[threading.Thread] = []


class _Probe(QObject):
    """Records the thread its Python side is finalized on."""

    def __init__(self, answers: list[object]) -> None:
        super().__init__()
        self.answers = answers

    def answered(self, result: object) -> None:
        self.answers.append(result)

    def __del__(self) -> None:
        _finalized_on.append(threading.current_thread())


def test_a_jobs_callbacks_are_let_go_of_on_the_ui_thread(qtbot, runner: Runner) -> None:
    """The worker lets go of a job after sending its answer; were that the last reference, a callback's widget would
    be finalized on the worker's thread (a crash, once it is a real widget). The runner keeps each worker's last
    answered job until that worker's next answer, so the UI thread lets go of it."""
    _finalized_on.clear()
    answers: list[object] = []
    probe = _Probe(answers)
    runner.run(lambda _store: 1, probe.answered)
    qtbot.waitUntil(lambda: answers == [1])
    del probe
    assert _finalized_on == []  # kept by the runner until the database worker's next answer
    runner.run(lambda _store: 2, answers.append)
    qtbot.waitUntil(lambda: answers == [1, 2])
    assert _finalized_on == [threading.main_thread()]
