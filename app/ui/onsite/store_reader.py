"""Reads of the store off the UI thread: a worker thread with its own store connection, answers by signal.

`StoreReader(store).read(key, fn)` runs `fn(store)` on the worker (SQLite connections belong to one thread, so the
worker opens its own, with the same clock as the UI's store) and emits `done(key, result)` or `failed(key, message)`.
Only the latest read of a key is answered: an older one still running is dropped when it ends, so a slow early read
never overwrites a later one. `close()` stops the thread (call it before the store closes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.store import Store
from app.ui.qt import QObject, Qt, QThread, Signal, Slot


class _Worker(QObject):
    answered = Signal(str, int, object)
    failed = Signal(str, int, str)

    def __init__(self, path: Path, clock: Callable[[], Any]) -> None:
        super().__init__()
        self._path = path
        self._clock = clock
        self._store: Store | None = None

    @Slot(str, int, object)
    def run(self, key: str, generation: int, fn: Callable[[Store], Any]) -> None:
        try:
            if self._store is None:
                self._store = Store.open(self._path, clock=self._clock)
            result = fn(self._store)
        except Exception as exc:  # reported to the view; the thread boundary must not swallow it
            self.failed.emit(key, generation, str(exc))
            return
        self.answered.emit(key, generation, result)

    @Slot()
    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class StoreReader(QObject):
    done = Signal(str, object)  # key, result
    failed = Signal(str, str)  # key, message
    _request = Signal(str, int, object)
    _close = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest: dict[str, int] = {}
        self._thread = QThread(self)
        self._worker = _Worker(store.path, lambda: store.clock())  # the UI store's clock, as tests move it
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._close.connect(self._worker.close, Qt.ConnectionType.BlockingQueuedConnection)
        self._worker.answered.connect(self._answered)
        self._worker.failed.connect(self._failed)
        self._thread.start()

    def read(self, key: str, fn: Callable[[Store], Any]) -> None:
        self._latest[key] = self._latest.get(key, 0) + 1
        self._request.emit(key, self._latest[key], fn)

    def busy(self, key: str) -> bool:
        return key in self._latest

    def close(self) -> None:
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait()

    def _answered(self, key: str, generation: int, result: object) -> None:
        if self._latest.get(key) == generation:
            del self._latest[key]
            self.done.emit(key, result)

    def _failed(self, key: str, generation: int, message: str) -> None:
        if self._latest.get(key) == generation:
            del self._latest[key]
            self.failed.emit(key, message)
