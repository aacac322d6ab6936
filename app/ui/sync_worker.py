"""The sync engine off the UI thread: a worker QObject on the runner's network thread, reporting by signals.

Triggers: on demand (`SyncThread.request()`, the button and F5), a periodic timer, and the network coming back:
while offline the worker probes /healthz with backoff and syncs as soon as the server answers.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from pathlib import Path

from app.errors import BilingualError
from app.sync.backoff import Backoff
from app.sync.codes import request_codes
from app.sync.engine import Progress, SyncEngine
from app.sync.errors import AuthError, OfflineError, ServerError, StoppedError, SyncError, UnsentWorkError
from app.ui.i18n import error_text
from app.ui.qt import QCoreApplication, QObject, QTimer, Signal, Slot
from app.ui.runner import Runner

ONLINE, OFFLINE, SYNCING, ERROR = "online", "offline", "syncing", "error"
CODES_NEED_NETWORK = BilingualError(
    "离线时无法申请检查码，请联网后重试", "codes can only be requested online; retry when connected"
)
log = logging.getLogger("app.ui.sync_worker")
LOGOUT_NEEDS_NETWORK = BilingualError(
    "离线时无法退出登录，请联网后重试", "logging out needs the server; retry when connected"
)

# Tells the server and forgets the token, after exporting the parked work to the folder when one is given; raises
# SyncError when refused (UnsentWorkError while anything unsent is not parked, or parked work and no folder).
LogOut = Callable[[SyncEngine, Path | None], None]
SHUT_DOWN_WAIT_MS = 30_000  # the longest stop() waits for the worker; a request's own timeouts end well before it


class SyncWorker(QObject):
    state_changed = Signal(str)
    progress = Signal(int, int, int)  # pending changes, pending photo bytes, bytes sent this run
    finished = Signal(object)  # app.sync.engine.Summary
    conflict_found = Signal(str)  # conflict id
    error = Signal(str)  # bilingual message
    codes_answered = Signal(list)  # app.sync.codes.CodeAnswer per visit asked for
    logged_out = Signal()
    logout_refused = Signal(object)  # app.sync.errors.UnsentWorkError: its counts say whether an export would help
    auth_failed = Signal()  # the server no longer accepts the token: only a new login helps
    records_changed = Signal(object)  # app.store.changes.Changes of each pulled page, after its commit

    def __init__(
        self,
        make_engine: Callable[[], SyncEngine],
        interval_ms: int = 5 * 60_000,
        backoff: Backoff | None = None,
        log_out: LogOut | None = None,
    ) -> None:
        super().__init__()
        self._make_engine = make_engine
        self._log_out = log_out
        # Set from the UI thread by SyncThread.stop(): syncs still queued behind the running one are skipped.
        self.closing = threading.Event()
        self._interval_ms = interval_ms
        self._backoff = backoff or Backoff(base=1.0, cap=120.0, rng=random.Random())
        self.engine: SyncEngine | None = None
        self._periodic: QTimer | None = None
        self._probe: QTimer | None = None
        self.shut_down_done = threading.Event()  # set on the worker's thread once shut_down has run

    @Slot()
    def start(self) -> None:
        """Runs on the network thread: the engine (its store connection and client) and the timers are made there.
        The engine keeps a connection of its own: a sync's reads and writes are interleaved with the network, and the
        database worker must stay free for the pages meanwhile (SQLite's WAL lets both read while one writes)."""
        self.engine = self._make_engine()
        self.engine.on_progress = self._report
        self.engine.store.changes.subscribe(self.records_changed.emit)
        self._periodic = QTimer(self)
        self._periodic.timeout.connect(self.sync_now)
        self._periodic.start(self._interval_ms)
        self._probe = QTimer(self)
        self._probe.setSingleShot(True)
        self._probe.timeout.connect(self._probe_network)
        self._report(self.engine.progress())
        self.sync_now()

    @Slot()
    def sync_now(self) -> None:
        if self.engine is None or self.closing.is_set():
            return
        self.state_changed.emit(SYNCING)
        try:
            summary = self.engine.sync()
        except StoppedError:
            return
        except (OfflineError, ServerError) as exc:
            self._went_offline(error_text(exc))
            return
        except SyncError as exc:  # refused: auth, bad request; retrying alone will not help
            self.state_changed.emit(ERROR)
            self.error.emit(error_text(exc))
            if isinstance(exc, AuthError):
                self.auth_failed.emit()
            return
        self._backoff.reset()
        self.state_changed.emit(ONLINE)
        for conflict_id in summary.conflict_ids:
            self.conflict_found.emit(conflict_id)
        self.finished.emit(summary)

    @Slot(list)
    def request_codes(self, task_ids: list[str]) -> None:
        """申码 for the tasks (one code per visit), then a sync so the tasks' new status comes back."""
        if self.engine is None or self.closing.is_set():
            return
        try:
            answers = request_codes(self.engine.store, self.engine.client, task_ids)
        except (OfflineError, ServerError):
            self._went_offline()
            self.error.emit(error_text(CODES_NEED_NETWORK))
            return
        except SyncError as exc:
            self.error.emit(error_text(exc))
            return
        self.codes_answered.emit(answers)
        self.sync_now()

    @Slot(str)
    def log_out(self, export_to: str = "") -> None:
        """Refused (in words, through `error`) while changes or photos are unsent or the server is unreachable; the
        refusal itself goes to `logout_refused` too, so the window can offer the export when only parked work is
        left. With `export_to` (a folder), the parked work is written there first (app/sync/parked.py), here on
        the worker."""
        if self.engine is None or self._log_out is None or self.closing.is_set():
            return
        try:
            self._log_out(self.engine, Path(export_to) if export_to else None)
        except UnsentWorkError as exc:
            self.error.emit(error_text(exc))
            self.logout_refused.emit(exc)
            return
        except OSError as exc:  # the export folder could not be written: nothing was logged out
            self.error.emit(
                error_text(BilingualError(f"无法写入导出文件夹：{exc}", f"cannot write the export folder: {exc}"))
            )
            return
        except (OfflineError, ServerError):
            self.error.emit(error_text(LOGOUT_NEEDS_NETWORK))
            return
        except SyncError as exc:
            self.error.emit(error_text(exc))
            return
        self.logged_out.emit()

    def _went_offline(self, message: str | None = None) -> None:
        self.state_changed.emit(OFFLINE)
        if message:
            self.error.emit(message)
        if self._probe is not None:
            self._probe.start(int(self._backoff.next_delay() * 1000))

    @Slot()
    def _probe_network(self) -> None:
        if self.closing.is_set():
            return
        if self.engine is not None and self.engine.client.healthz():
            self.sync_now()
        else:
            self._went_offline()

    def _report(self, progress: Progress) -> None:
        self.progress.emit(progress.pending_changes, progress.pending_photo_bytes, progress.sent_bytes)

    @Slot()
    def shut_down(self) -> None:
        """Runs on the worker thread, last: stop the timers, close the engine, hand the object back to the UI thread.

        Moving back matters: the worker (and its timers) is destroyed by Python on the UI thread once the thread ended,
        and Qt refuses to stop timers that belong to another thread.
        """
        for timer in (self._periodic, self._probe):
            if timer is not None:
                timer.stop()
        if self.engine is not None:
            self.engine.store.close()
            self.engine.client.close()
            self.engine = None
        self.moveToThread(QCoreApplication.instance().thread())
        self.shut_down_done.set()


class SyncThread(QObject):
    """The worker on the runner's network thread, seen from the UI side. `request()` asks for a sync; `stop()` ends
    it cleanly (and runs by itself before the runner closes its threads)."""

    _started = Signal()
    _requested = Signal()
    _codes_requested = Signal(list)
    _logout_requested = Signal(str)
    _closing = Signal()

    def __init__(self, worker: SyncWorker, runner: Runner) -> None:
        super().__init__()
        self.worker = worker
        self.thread = runner.network_thread
        self._running = False
        worker.moveToThread(self.thread)
        self._started.connect(worker.start)
        self._requested.connect(worker.sync_now)
        self._codes_requested.connect(worker.request_codes)
        self._logout_requested.connect(worker.log_out)
        # Queued, and waited for with a deadline (stop()): never a BlockingQueuedConnection, which waits for ever
        # when the worker's thread is stuck or no longer serves its queue.
        self._closing.connect(worker.shut_down)
        runner.closing.connect(self.stop)  # whatever closes the app, the worker is shut down before the thread ends

    def start(self) -> None:
        self._running = True
        self._started.emit()

    def request(self) -> None:
        self._requested.emit()

    def request_codes(self, task_ids: list[str]) -> None:
        self._codes_requested.emit(list(task_ids))

    def log_out(self, export_to: Path | None = None) -> None:
        """Ask the worker to log out (the export to `export_to`, when given, runs there too, never here)."""
        self._logout_requested.emit(str(export_to) if export_to else "")

    @property
    def running(self) -> bool:
        return self._running

    def stop(self) -> None:
        """Stop at the next batch boundary, close the worker's store and client on its thread. Safe to repeat.

        Returns once the worker has shut down, or after `SHUT_DOWN_WAIT_MS` at most (logged): the worker's own wait
        is bounded by the engine's stop check and the HTTP client's timeouts, and nothing here may wait for ever.
        The thread itself is the runner's, ended by `Runner.close()`.
        """
        if not self._running or not self.thread.isRunning():
            return
        self._running = False
        self.worker.closing.set()
        engine = self.worker.engine
        if engine is not None:
            engine.stop()
        self._closing.emit()
        if not self.worker.shut_down_done.wait(SHUT_DOWN_WAIT_MS / 1000):
            log.warning("the sync worker did not shut down within %d ms; going on without it", SHUT_DOWN_WAIT_MS)
