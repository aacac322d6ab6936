"""Python's cyclic garbage collector, run on the UI thread while the runners' workers are idle.

Left automatic, a collection starts on whichever thread happens to allocate, and finalizes whatever garbage it finds
there: widgets, the Qt objects behind them, a store's cursors. Qt objects must be deleted on the thread they live on,
and a worker's connection must not be touched by another thread while it runs. Twice CI saw the test process die of
a segmentation fault with the UI thread "Garbage-collecting" while a runner worker was in a job. So, as pyqtgraph's
and GitFourchette's GarbageCollector do, automatic collection is turned off and a timer on the UI thread collects,
generation by generation as the thresholds would; it waits for the runners to be idle (`runner.all_idle`), up to
`PATIENCE` times the young generation's threshold of new objects, then collects regardless (memory stays bounded).
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from app.ui.qt import QObject, QTimer

INTERVAL_MS = 500
PATIENCE = 20  # young objects allowed to pile up, in thresholds, while a worker runs


class Collector(QObject):
    """Turns automatic collection off until `stop()`; collects on the UI thread at each timer tick."""

    def __init__(
        self, quiet: Callable[[], bool], parent: QObject | None = None, interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self._quiet = quiet
        self._threshold = gc.get_threshold()
        self.collections = 0  # how many this collector made (tests read it)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def tick(self) -> None:
        young, middle, old = gc.get_count()
        first, second, third = self._threshold
        if young <= first or not (self._quiet() or young > PATIENCE * first):
            return
        generation = 2 if old > third else 1 if middle > second else 0  # the oldest one due, as automatic GC picks
        gc.collect(generation)
        self.collections += 1

    def stop(self) -> None:
        """Automatic collection again (the app is ending, or a test is over)."""
        self._timer.stop()
        gc.enable()
