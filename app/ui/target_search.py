"""Search-as-you-type over the store's FTS index, off the UI thread.

Keystrokes restart a short single-shot timer; when it fires, the query goes to a worker in its own thread with a
generation number. The worker has its own store connection (SQLite connections belong to one thread). Results
of a superseded generation are dropped, so a slow early query can never overwrite a later one.
"""

from __future__ import annotations

from pathlib import Path

from app.store import Store
from app.ui.qt import QObject, Qt, QThread, QTimer, Signal, Slot

DEBOUNCE_MS = 150


class _SearchWorker(QObject):
    found = Signal(int, str, list)  # generation, query, target ids
    failed = Signal(int, str)  # generation, message

    def __init__(self, store_path: Path) -> None:
        super().__init__()
        self._store_path = store_path
        self._store: Store | None = None

    @Slot(int, str)
    def run(self, generation: int, query: str) -> None:
        try:
            if self._store is None:
                self._store = Store.open(self._store_path)
            text = query.strip()
            ids = self._store.search_target_ids(text, None) if text else self._store.target_ids(order_by="name")
        except Exception as exc:  # reported in the window; the thread boundary must not swallow it
            self.failed.emit(generation, str(exc))
            return
        self.found.emit(generation, query, ids)

    @Slot()
    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class TargetSearch(QObject):
    """Owns the worker thread. `results` carries the ids of the latest query only."""

    results = Signal(str, list)  # query, target ids
    failed = Signal(str)
    _request = Signal(int, str)

    def __init__(self, store_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0  # of the latest query sent
        self._answered = 0  # latest generation the worker has answered
        self._pending = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)
        self._thread = QThread(self)
        self._thread.setObjectName("target-search")
        self._worker = _SearchWorker(store_path)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._worker.found.connect(self._on_found)
        self._worker.failed.connect(self._on_failed)
        # `finished` is emitted in the worker's thread as it ends: close its connection there, then free it.
        self._thread.finished.connect(self._worker.close, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """A query is waiting for the debounce or for the worker."""
        return self._timer.isActive() or self._answered < self._generation

    def type_query(self, text: str) -> None:
        """Debounced: only the text standing when typing pauses is searched."""
        self._pending = text
        self._timer.start()

    def run_now(self, text: str) -> None:
        self._timer.stop()
        self._pending = text
        self._send()

    def shutdown(self) -> None:
        self._timer.stop()
        self._thread.quit()
        self._thread.wait()

    def _send(self) -> None:
        self._generation += 1
        self._request.emit(self._generation, self._pending)

    @Slot(int, str, list)
    def _on_found(self, generation: int, query: str, ids: list) -> None:
        self._answered = max(self._answered, generation)
        if generation == self._generation:
            self.results.emit(query, ids)

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        self._answered = max(self._answered, generation)
        if generation == self._generation:
            self.failed.emit(message)
