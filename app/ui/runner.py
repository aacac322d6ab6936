"""The one way the UI works in the background, after Anki's `aqt/taskman.py` (CollectionOp, QueryOp) and Electrum's
`TaskThread`: the UI thread never touches the database.

- The database worker: one thread with the one Store, opened on it (on first use; `use_store(path)` names it when
  the runner is made before the user is known, as for the login). `run(op, on_done, on_error)` queues `op(store)`
  there; every read and write of the UI goes through it, in the order asked (one writer).
- The network worker: one thread for calls to the server (`run_network(op, ...)` runs `op()`), and the home of the
  sync worker, whose timers need its event loop.
- The files worker: one thread for long file jobs that need no database (`run_files(op, ...)` runs `op(stopped)`: a
  body-camera video of several GB copied into the blob store), so they hold up neither the UI's reads nor a sync.
  `stopped()` turns true when the job is cancelled or the runner closes; a long job asks it often and gives up.
- Answers come back on the UI thread: `on_done(result)` or `on_error(exception)` (without `on_error`, the message goes
  to the `failed` signal). An answer for a widget that is gone is dropped.
- `key`: latest answer wins. A newer op with the same key drops an older one still queued and silences one running;
  `cancel(key)` does the same without a newer one. Writes take no key: each one runs and answers.
- The store's change notifications come out as `changed(Changes)` on the UI thread, after the write that made them.
- `working(owner)`: ops of a widget still queued or running (its busy state: writes take no key, yet are waited for).
- `close()` tells the file job running to stop and waits for it (file jobs still queued are not started), delivers
  the answers already in (a copy that finished queues its record before the store closes), runs what is queued on
  the database worker (no write is lost), closes the store on its thread and ends the threads.
- A job (its op's closure, its callbacks and their widgets) is let go of on the UI thread, never on a worker: each
  worker's last answered job is kept until that worker's next answer (a widget finalized on a worker crashed).
- Nothing here waits on a worker from the UI thread: there is no blocking call (a test that needs a result waits
  with a timeout, `tests/helpers/runner.py`).
"""

from __future__ import annotations

import threading
import traceback
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from app.store import Store, StoreError, guard
from app.store.changes import Changes
from app.ui.i18n import error_text
from app.ui.qt import QCoreApplication, QEvent, QObject, Qt, QThread, Signal, Slot, isValid

DbOp = Callable[[Store], Any]
NetworkOp = Callable[[], Any]
Stopped = Callable[[], bool]
FilesOp = Callable[[Stopped], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass(eq=False)
class Job:
    """One op in a worker's queue; `cancel()` drops it if queued and silences its answer if running."""

    op: Callable[..., Any]
    on_done: Done | None
    on_error: Failed | None
    key: str | None = None
    owner: QObject | None = None  # the answer is dropped once this is deleted
    cancelled: bool = False
    lane: str = ""  # the worker it runs on

    def cancel(self) -> None:
        self.cancelled = True


class _Executor(QObject):
    """Lives on a worker thread; runs each job it is sent and reports (job, result, error)."""

    reported = Signal(object, object, object)

    def __init__(self, argument: Callable[[], Any]) -> None:
        super().__init__()
        self._argument = argument  # what each op is called with (the store, or nothing)

    @Slot(object)
    def execute(self, job: Job) -> None:
        if job.cancelled:
            self.reported.emit(job, None, None)
            return
        try:
            result, error = job.op(*self._argument()), None
        except Exception as exc:  # every failure goes back to the asker; the worker keeps serving
            result, error = None, _without_locals(exc)
        self.reported.emit(job, result, error)


class _Database:
    """The database worker's side: its one Store, opened on first use on the worker thread, closed there at the end."""

    def __init__(
        self, path: Path | None, clock: Callable[[], datetime] | None, changed: Callable[[Changes], None]
    ) -> None:
        self.path, self._clock, self._changed = path, clock, changed
        self.store: Store | None = None

    def argument(self) -> tuple[Store]:
        if self.store is None:
            if self.path is None:
                raise StoreError("尚未选定本地数据文件", "no local store has been chosen yet")
            self.store = Store.open(self.path, clock=self._clock)
            self.store.changes.subscribe(self._changed)
        return (self.store,)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


_open_runners: weakref.WeakSet[Runner] = weakref.WeakSet()


def all_idle() -> bool:
    """No runner of this process has an op queued or running (the UI thread's garbage collector waits for it:
    app/ui/collector.py)."""
    return all(runner.idle or not runner.running for runner in list(_open_runners))


class Runner(QObject):
    """Owns the database, network and files workers of one store (see the module docstring)."""

    changed = Signal(object)  # Changes, on the UI thread
    closing = Signal()  # close() begins: whoever lives on the workers' threads shuts down now
    failed = Signal(str)  # the message of an op that failed without an on_error
    _to_database = Signal(object)
    _to_network = Signal(object)
    _to_files = Signal(object)
    _close_database = Signal()
    _changes = Signal(object)

    def __init__(
        self, store_path: Path | None = None, clock: Callable[[], datetime] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._latest: dict[str, Job] = {}
        self._pending = 0
        self._owned: Counter[int] = Counter()  # ops queued or running per owner (id of the QObject)
        self._answered: dict[str, Job] = {}  # each worker's last answered job, let go of here (see `_report`)
        self._database = _Database(None, clock, self._changes.emit)
        self._changes.connect(self.changed)  # emitted on the worker, delivered here on the UI thread
        self._db_executor = _Executor(self._database.argument)
        self._network_executor = _Executor(tuple)
        self._files_executor = _Executor(tuple)
        self._stopping = threading.Event()  # set by close(): the file job running gives up
        self.database_thread = self._thread("database", self._db_executor, self._to_database)
        self.network_thread = self._thread("network", self._network_executor, self._to_network)
        self.files_thread = self._thread("files", self._files_executor, self._to_files)
        self._closer = _Closer(self._database)
        self._closer.moveToThread(self.database_thread)
        self._close_database.connect(self._closer.close, Qt.ConnectionType.BlockingQueuedConnection)
        QCoreApplication.instance().aboutToQuit.connect(self.close)
        _open_runners.add(self)
        self.store_path: Path | None = None
        if store_path is not None:
            self.use_store(store_path)

    def use_store(self, path: Path) -> None:
        """The store the database worker opens (before its first op). Called on the UI thread, which from now on,
        with the guard on, may not touch a database."""
        if self._database.store is not None:
            raise StoreError("本地数据文件已打开，不能更换", "the local store is open already; it cannot be changed")
        self.store_path = self._database.path = Path(path)
        if guard.enabled_by_environment():
            guard.forbid()

    def _thread(self, name: str, executor: _Executor, send: Signal) -> QThread:
        thread = QThread(self)
        thread.setObjectName(f"runner-{name}")
        executor.moveToThread(thread)
        send.connect(executor.execute)
        executor.reported.connect(self._report)
        thread.start()
        return thread

    # --- asking ---------------------------------------------------------------------------------------------------

    def run(
        self,
        op: DbOp,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        key: str | None = None,
        owner: QObject | None = None,
    ) -> Job:
        """Queue `op(store)` on the database worker; answer on the UI thread."""
        return self._submit(self._to_database, Job(op, on_done, on_error, key, owner or _owner_of(on_done), lane="db"))

    def run_network(
        self,
        op: NetworkOp,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        key: str | None = None,
        owner: QObject | None = None,
    ) -> Job:
        """Queue `op()` on the network worker; answer on the UI thread."""
        job = Job(op, on_done, on_error, key, owner or _owner_of(on_done), lane="network")
        return self._submit(self._to_network, job)

    def run_files(
        self,
        op: FilesOp,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        key: str | None = None,
        owner: QObject | None = None,
    ) -> Job:
        """Queue `op(stopped)` on the files worker; answer on the UI thread. `stopped()` is true once the job is
        cancelled (`cancel(key)`, a newer op of its key) or the runner closes."""
        job = Job(op, on_done, on_error, key, owner or _owner_of(on_done), lane="files")
        stopping = self._stopping
        job.op = partial(op, lambda: job.cancelled or stopping.is_set())
        return self._submit(self._to_files, job)

    def cancel(self, key: str) -> None:
        job = self._latest.pop(key, None)
        if job is not None:
            job.cancel()

    def busy(self, key: str) -> bool:
        """An op of `key` is queued or running and its answer still wanted."""
        return key in self._latest

    @property
    def idle(self) -> bool:
        """Nothing queued or running, every answer delivered."""
        return self._pending == 0

    def working(self, owner: QObject) -> bool:
        """An op owned by `owner` (its `owner`, or the widget of its bound-method `on_done`) is queued or running."""
        return self._owned[id(owner)] > 0

    def _submit(self, send: Signal, job: Job) -> Job:
        if job.key is not None:
            self.cancel(job.key)
            self._latest[job.key] = job
        self._pending += 1
        if job.owner is not None:
            self._owned[id(job.owner)] += 1
        send.emit(job)
        return job

    @Slot(object, object, object)
    def _report(self, job: Job, result: object, error: object) -> None:
        # The worker lets go of the job only after sending this (its slot's frame, the queued call's arguments). Were
        # that the last reference, the op's closure or a callback's widget would be deleted on the worker's thread:
        # a widget destroyed there crashed the test process. So the job is kept here until its worker's next answer,
        # when the worker is surely done with it, and let go of on this thread.
        self._answered[job.lane] = job
        self._pending -= 1
        if job.owner is not None:
            self._owned[id(job.owner)] -= 1
            if self._owned[id(job.owner)] <= 0:
                del self._owned[id(job.owner)]
        if job.key is not None and self._latest.get(job.key) is job:
            del self._latest[job.key]
        if job.cancelled or (job.owner is not None and not isValid(job.owner)):
            return
        if error is None:
            if job.on_done is not None:
                job.on_done(result)
        elif job.on_error is not None:
            job.on_error(error)  # type: ignore[arg-type]
        else:
            self.failed.emit(error_text(error))  # in the interface language

    # --- ending ---------------------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return any(t.isRunning() for t in (self.database_thread, self.network_thread, self.files_thread))

    def close(self) -> None:
        """Stop the file job running, finish what is queued on the database, close the store on its thread, end the
        threads. Safe to repeat."""
        if not self.running:
            return
        self.closing.emit()
        self._stopping.set()  # the file job running gives up at its next look (a copy: within a MiB)
        self._end(self.files_thread)
        # Its answer, and any other already in, now: a copy that finished queues its record before the store closes.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        if self.database_thread.isRunning():
            self._close_database.emit()  # queued behind every op sent before: they all run first
        for thread in (self.network_thread, self.database_thread):
            self._end(thread)
        self._answered.clear()  # the workers are done: their last jobs are let go of here

    @staticmethod
    def _end(thread: QThread) -> None:
        thread.quit()
        thread.wait()


class _Closer(QObject):
    def __init__(self, database: _Database) -> None:
        super().__init__()
        self._database = database

    @Slot()
    def close(self) -> None:
        self._database.close()
        self.moveToThread(QCoreApplication.instance().thread())


def _without_locals(exc: BaseException) -> BaseException:
    """The failure with its frames' locals dropped here, on the worker: an open cursor of the worker's connection
    left in a frame would otherwise be finalized wherever the UI thread lets go of the exception, while the worker
    runs its next statement on that connection (a crash in SQLite). The lines of the traceback stay."""
    seen: set[int] = set()
    chained: BaseException | None = exc
    while chained is not None and id(chained) not in seen:
        seen.add(id(chained))
        traceback.clear_frames(chained.__traceback__)
        chained = chained.__cause__ or chained.__context__
    return exc


def _owner_of(callback: Callable[..., Any] | None) -> QObject | None:
    """The widget a bound-method callback belongs to, so its answer is dropped once that widget is deleted."""
    owner = getattr(callback, "__self__", None)
    return owner if isinstance(owner, QObject) else None
