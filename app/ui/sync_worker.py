"""The sync engine off the UI thread: a worker QObject in a QThread, reporting by signals.

Triggers: on demand (`SyncThread.request()`, the button and F5), a periodic timer, and the network coming back:
while offline the worker probes /healthz with backoff and syncs as soon as the server answers.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

from app.sync.backoff import Backoff
from app.sync.codes import request_codes
from app.sync.engine import Progress, SyncEngine
from app.sync.errors import AuthError, OfflineError, ServerError, StoppedError, SyncError
from app.ui.qt import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

ONLINE, OFFLINE, SYNCING, ERROR = "online", "offline", "syncing", "error"
CODES_NEED_NETWORK = "离线时无法申请检查码，请联网后重试 / codes can only be requested online; retry when connected"
LOGOUT_NEEDS_NETWORK = "离线时无法退出登录，请联网后重试 / logging out needs the server; retry when connected"

LogOut = Callable[[SyncEngine], None]  # tells the server and forgets the token; raises SyncError when refused


class SyncWorker(QObject):
    state_changed = Signal(str)
    progress = Signal(int, int, int)  # pending changes, pending photo bytes, bytes sent this run
    finished = Signal(object)  # app.sync.engine.Summary
    conflict_found = Signal(str)  # conflict id
    error = Signal(str)  # bilingual message
    codes_answered = Signal(list)  # app.sync.codes.CodeAnswer per visit asked for
    logged_out = Signal()
    auth_failed = Signal()  # the server no longer accepts the token: only a new login helps

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

    @Slot()
    def start(self) -> None:
        """Runs on the worker thread: the engine (and its store connection) and the timers are made there."""
        self.engine = self._make_engine()
        self.engine.on_progress = self._report
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
            self._went_offline(str(exc))
            return
        except SyncError as exc:  # refused: auth, bad request; retrying alone will not help
            self.state_changed.emit(ERROR)
            self.error.emit(str(exc))
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
            self.error.emit(CODES_NEED_NETWORK)
            return
        except SyncError as exc:
            self.error.emit(str(exc))
            return
        self.codes_answered.emit(answers)
        self.sync_now()

    @Slot()
    def log_out(self) -> None:
        """Refused (in words, through `error`) while changes or photos are unsent or the server is unreachable."""
        if self.engine is None or self._log_out is None:
            return
        try:
            self._log_out(self.engine)
        except (OfflineError, ServerError):
            self.error.emit(LOGOUT_NEEDS_NETWORK)
            return
        except SyncError as exc:
            self.error.emit(str(exc))
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


class SyncThread(QObject):
    """Owns the worker and its thread on the UI side. `request()` asks for a sync; `stop()` ends it cleanly."""

    _requested = Signal()
    _codes_requested = Signal(list)
    _logout_requested = Signal()
    _closing = Signal()

    def __init__(self, worker: SyncWorker) -> None:
        super().__init__()
        self.worker = worker
        self.thread = QThread()
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.start)
        self._requested.connect(worker.sync_now)
        self._codes_requested.connect(worker.request_codes)
        self._logout_requested.connect(worker.log_out)
        # Blocking: stop() returns only once the worker has closed its store and client on its own thread.
        self._closing.connect(worker.shut_down, Qt.ConnectionType.BlockingQueuedConnection)

    def start(self) -> None:
        # Whatever closes the app (window, Ctrl+Q, the session ending), the thread is joined before Qt tears down.
        QCoreApplication.instance().aboutToQuit.connect(self.stop)
        self.thread.start()

    def request(self) -> None:
        self._requested.emit()

    def request_codes(self, task_ids: list[str]) -> None:
        self._codes_requested.emit(list(task_ids))

    def log_out(self) -> None:
        self._logout_requested.emit()

    @property
    def running(self) -> bool:
        return self.thread.isRunning()

    def stop(self) -> None:
        """Stop at the next batch boundary, close the worker's store and client, end the thread. Safe to repeat.

        Returns only once the thread has ended: a QThread destroyed while running aborts the whole process.
        The wait is bounded by the engine's stop check and the HTTP client's timeouts.
        """
        if not self.thread.isRunning():
            return
        self.worker.closing.set()
        engine = self.worker.engine
        if engine is not None:
            engine.stop()
        self._closing.emit()
        self.thread.quit()
        self.thread.wait()
