"""A year's figures (app/reports/figures.py) on a district-sized store, beside the raw query and the record path.

- `figures_for` over the demo's busiest year: four queries reading only the columns counted, then the pure count.
- The raw limit: the same task query alone, rows fetched and dropped.
- The peer it replaced: the same tasks and that year's inspections read as full pydantic records (`Store.find`).

Run: `.venv/bin/python bench/bench_figures.py [targets]` (default 20,000: about 13,000 tasks, 7,000 inspections).
Prints best-of-3 wall times; asserts nothing. The demo data is generated first (tens of seconds).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import demo
from app.models import Inspection, Task
from app.reports.figures import figures_for
from app.store import PRESENT, Store

REPEATS = 3


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    targets = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    data = demo.generate(targets=targets, seed=1)
    work = Path(tempfile.mkdtemp(prefix="fi-bench-figures-"))
    with Store.open(work / "store.sqlite3") as store:
        store.save_many(data.all_records(), synced=True)
        year = max((t.completed_on.year for t in data.tasks if t.completed_on), default=date.today().year)
        start, end = date(year, 1, 1), date(year, 12, 31)
        print(f"{targets:,} targets, {len(data.tasks):,} tasks, {len(data.inspections):,} inspections; year {year}")

        counted, figures = best_of(lambda: figures_for(store, start, end))
        print(f"figures_for (rows, then counted)      {counted * 1000:8.1f} ms  {figures.visits:,} visits")  # type: ignore[attr-defined]

        from app.store.figures import _ENDED  # the raw limit: the task query alone

        def raw() -> int:
            rows = store._db.execute(
                f"{_ENDED} SELECT t.id, t.status, COALESCE(t.completed_on, b.day) FROM tasks AS t"
                " LEFT JOIN by_inspection AS b ON b.task_id = t.id"
            ).fetchall()
            return len(rows)

        raw_time, rows = best_of(raw)
        print(f"raw task query (all tasks, no models) {raw_time * 1000:8.1f} ms  {rows:,} rows")

        def records() -> int:
            tasks = store.find(Task, status=["completed", "closed"])
            inspections = store.find(Inspection, completed_at=PRESENT)
            return len(tasks) + len(inspections)

        records_time, read = best_of(records)
        print(f"same tasks and inspections as records {records_time * 1000:8.1f} ms  {read:,} records")


if __name__ == "__main__":
    main()
