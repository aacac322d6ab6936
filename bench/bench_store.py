"""Store benchmark: insert rate beside the raw sqlite3 limit, then search latency over typical queries.

    .venv/bin/python bench/bench_store.py [--targets 100000] [--repeat 15]

Prints a table. Figures are for the machine it runs on; the raw lines are measured in the same run.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

import demo
from app.store import Store
from app.store.migrations import migrate
from app.store.rows import to_row

QUERIES = {
    "name substring": ["口腔门诊", "美容美发", "中医诊所", "商务酒店", "锦恒"],
    "street / road": ["天山路", "仙霞路", "虹桥路", "长宁路", "新泾一村"],
    "credit-code prefix": ["91310105MA1", "123101054", "52310105", "91310105MA1Q"],
    "1-2 characters": ["口", "宾馆", "12", "仙霞", "美"],
}


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _raw_insert(path: Path, rows: list[dict], with_schema: bool) -> float:
    """Plain sqlite3 executemany of the same rows in one transaction: into the store's schema (indexes and FTS
    triggers) or into a bare table with the same columns."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = wal")
    if with_schema:
        migrate(sqlite_utils.Database(conn))
    else:
        conn.execute(f"CREATE TABLE targets ({', '.join(rows[0])}, sync_state)")
    columns = [*rows[0], "sync_state"]
    sql = f"INSERT INTO targets ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    values = [(*row.values(), "sent") for row in rows]
    elapsed = _timed(lambda: (conn.executemany(sql, values), conn.commit()))
    conn.close()
    return elapsed


def _latency(search: Callable[[str], object], queries: list[str], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        for query in queries:
            samples.append(_timed(lambda q=query: search(q)) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    started = time.perf_counter()
    targets = demo.generate(args.targets, seed=1).targets
    print(f"generated {len(targets)} demo targets (with their tasks and inspections) in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    rows = [to_row(t) for t in targets]
    n = len(targets)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        store = Store.open(root / "store" / "store.sqlite3")
        store_s = _timed(lambda: store.save_many(targets))
        synced_store = Store.open(root / "synced" / "store.sqlite3")
        synced_s = _timed(lambda: synced_store.save_many(targets, synced=True))
        raw_schema_s = _raw_insert(root / "raw-schema.sqlite3", rows, with_schema=True)
        raw_bare_s = _raw_insert(root / "raw-bare.sqlite3", rows, with_schema=False)

        print(f"\nInsert {n} targets, one transaction each")
        print(f"{'':<58}{'seconds':>9}{'rows/s':>10}")
        for label, seconds in (
            ("Store.save_many (records → rows, + outbox rows)", store_s),
            ("Store.save_many(synced=True) (records → rows, no outbox)", synced_s),
            ("raw executemany, same schema (indexes, FTS triggers)", raw_schema_s),
            ("raw executemany, bare table (the raw limit)", raw_bare_s),
        ):
            print(f"{label:<58}{seconds:>9.2f}{n / seconds:>10.0f}")

        print(f"\nSearch latency over {n} targets, ms ({args.repeat} rounds of each query set)")
        print(f"{'queries':<22}{'limit':>7}{'median':>9}{'p95':>9}{'hits(first query)':>19}")
        for kind, queries in QUERIES.items():
            for limit in (200, None):
                median, p95 = _latency(lambda q, lim=limit: store.search_target_ids(q, lim), queries, args.repeat)
                hits = len(store.search_target_ids(queries[0], limit))
                print(f"{kind:<22}{limit or 'all':>7}{median:>9.2f}{p95:>9.2f}{hits:>19}")

        ids = store.target_ids()
        order_ms = _latency(lambda _: store.target_ids("name"), ["x"], 5)[0]
        page_ms = _latency(lambda q: store.targets_by_ids(ids[int(q) : int(q) + 100]), ["0", "50000"], args.repeat)[0]
        print(f"\ntarget_ids(order_by='name') for {len(ids)} ids: {order_ms:.1f} ms (median of 5)")
        print(f"targets_by_ids, a page of 100 rows: {page_ms:.2f} ms (median)")
        store.close()
        synced_store.close()


if __name__ == "__main__":
    main()
