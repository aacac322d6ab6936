"""Search-as-you-type over the store's FTS index, through the runner.

Keystrokes restart a short single-shot timer; when it fires, the query goes to the runner's database worker under one
key, so only the latest query is answered: a slow early query can never overwrite a later one.
"""

from __future__ import annotations

from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import QObject, QTimer, Signal
from app.ui.runner import Runner

DEBOUNCE_MS = 150


def _ids(store: Store, query: str) -> list[str]:
    text = query.strip()
    return store.search_target_ids(text, None) if text else store.target_ids(order_by="name")


class TargetSearch(QObject):
    """`results` carries the ids of the latest query only."""

    results = Signal(str, list)  # query, target ids
    failed = Signal(str)

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._key = f"target-search-{id(self)}"
        self._pending = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)

    @property
    def busy(self) -> bool:
        """A query is waiting for the debounce or for the worker."""
        return self._timer.isActive() or self._runner.busy(self._key)

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
        self._runner.cancel(self._key)

    def _send(self) -> None:
        query = self._pending
        self._runner.run(
            lambda store: _ids(store, query),
            lambda ids: self.results.emit(query, ids),
            lambda error: self.failed.emit(error_text(error)),
            key=self._key,
            owner=self,
        )
