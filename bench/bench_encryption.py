"""Encryption at rest: the store's bulk insert and target search, plain SQLite beside SQLCipher, in the same run;
and sealing photos (AES-256-GCM) beside writing them plain.

    .venv/bin/python bench/bench_encryption.py [--targets 50000] [--repeat 10] [--photos 20]

Prints a table. Figures are for the machine it runs on; the raw sqlite3 limit is measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import demo
from app.store import Store, crypto
from app.store.blobs import BlobStore
from app.store.rows import to_row

QUERIES = ["口腔门诊", "天山路", "91310105MA1", "宾馆", "仙霞", "美容美发"]


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _raw_limit(path: Path, rows: list[dict]) -> float:
    """Plain sqlite3 executemany of the same rows into a bare table: the floor under any store insert."""
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE targets ({', '.join(rows[0])})")
    sql = f"INSERT INTO targets VALUES ({', '.join('?' for _ in rows[0])})"
    elapsed = _timed(lambda: (conn.executemany(sql, [tuple(r.values()) for r in rows]), conn.commit()))
    conn.close()
    return elapsed


def _store_figures(path: Path, key: bytes | None, targets: list, repeat: int) -> tuple[float, float, float, float]:
    """(insert s, open s, search median ms, search p95 ms) for one store."""
    with Store.open(path, key=key) as store:
        insert = _timed(lambda: store.save_many(targets, synced=True))
    opened = _timed(lambda: Store.open(path, key=key).close())
    samples = []
    with Store.open(path, key=key) as store:
        for _ in range(repeat):
            for query in QUERIES:
                samples.append(_timed(lambda q=query: store.search_target_ids(q)) * 1000)
    samples.sort()
    return insert, opened, statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def _photos(root: Path, key: bytes | None, photos: list[bytes]) -> tuple[float, float]:
    blobs = BlobStore(root, key)
    shas: list[str] = []
    put = _timed(lambda: shas.extend(blobs.put_bytes(p) for p in photos))
    read = _timed(lambda: [blobs.read(s) for s in shas])
    return put, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--photos", type=int, default=20)
    args = parser.parse_args()
    targets = demo.generate(args.targets, seed=1).targets
    n = len(targets)
    photos = [os.urandom(3 * 1024 * 1024) for _ in range(args.photos)]  # 3 MiB each, like a phone's JPEG
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        raw = _raw_limit(root / "raw.sqlite3", [to_row(t) for t in targets])
        plain = _store_figures(root / "plain" / "store.sqlite3", None, targets, args.repeat)
        cipher = _store_figures(root / "cipher" / "store.sqlite3", crypto.new_key(), targets, args.repeat)
        plain_photos = _photos(root / "plain" / "blobs", None, photos)
        sealed_photos = _photos(root / "cipher" / "blobs", crypto.new_key(), photos)
    print(f"{n} targets; search over {len(QUERIES)} queries x {args.repeat}; {len(photos)} photos of 3 MiB")
    print(f"{'':34}{'plain':>12}{'SQLCipher':>12}{'ratio':>8}")
    print(f"{'raw sqlite3 executemany (floor)':34}{raw:>11.2f}s")
    rows = [
        ("bulk insert (save_many)", plain[0], cipher[0], "s"),
        ("open (schema check)", plain[1] * 1000, cipher[1] * 1000, "ms"),
        ("search median", plain[2], cipher[2], "ms"),
        ("search p95", plain[3], cipher[3], "ms"),
        ("photos written", plain_photos[0], sealed_photos[0], "s"),
        ("photos read (hash checked)", plain_photos[1], sealed_photos[1], "s"),
    ]
    for label, a, b, unit in rows:
        print(f"{label:34}{a:>10.2f}{unit:<2}{b:>10.2f}{unit:<2}{b / a:>7.2f}x")
    print(f"{'inserts per second':34}{n / plain[0]:>12,.0f}{n / cipher[0]:>12,.0f}")


if __name__ == "__main__":
    main()
