"""Who may upload or see a blob: the records referencing a hash, looked up for each blob request (declare, first HEAD)
and at completion (republish), beside a plain primary-key SELECT of one record in the same database: the raw limit.

N evidence records (each its own photo) are written straight into a fresh database, SQLite and PostgreSQL, migrated
to head (migration 0005 indexes the records' `sha256`); the query plan is printed to show the index in use.

Usage: PYTHONPATH=. .venv/bin/python bench/bench_blob_refs.py [--records 100000] [--repeat 200]
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, text

from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.db.tables import RecordRow
from server.sync.blob_refs import _REFERENCING, visible_refs
from server.sync.scope import Actor
from tests.helpers import postgres

ACTOR = Actor("zhang", "inspector", "公共场所科", "310105")


def _fill(engine: Engine, count: int) -> None:
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for start in range(0, count, 5000):
            rows = []
            for n in range(start, min(count, start + 5000)):
                sha = hashlib.sha256(str(n).encode()).hexdigest()
                data = {"id": f"e{n}", "sha256": sha, "size": 3_000_000, "inspection_id": "i", "code_id": "c"}
                rows.append(
                    {
                        "entity": "evidence",
                        "id": f"e{n}",
                        "version": 1,
                        "data": data,
                        "field_meta": {"sha256": [1, "zhang", "laptop"]},
                        "district": ACTOR.district,
                        "team": ACTOR.team,
                        "deleted": False,
                        "updated_at": now,
                        "updated_by": "zhang",
                    }
                )
            conn.execute(insert(RecordRow), rows)
        conn.exec_driver_sql("ANALYZE")


def _timed(repeat: int, work) -> float:
    work()
    start = time.perf_counter()
    for _ in range(repeat):
        work()
    return (time.perf_counter() - start) / repeat * 1000


def _plan(engine: Engine, sha256: str) -> str:
    dialect = engine.dialect.name
    explain = "EXPLAIN QUERY PLAN" if dialect == "sqlite" else "EXPLAIN"
    with engine.connect() as conn:
        rows = conn.execute(text(f"{explain} SELECT id FROM records WHERE {_REFERENCING[dialect]}"), {"sha256": sha256})
        return " | ".join(str(r[-1]) for r in rows)


def run(name: str, url: str, count: int, repeat: int) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        _fill(engine, count)
        sha = hashlib.sha256(str(count // 2).encode()).hexdigest()
        with make_sessionmaker(engine)() as session:
            refs_ms = _timed(repeat, lambda: visible_refs(session, ACTOR, sha))
            raw_ms = _timed(
                repeat,
                lambda: session.execute(
                    text("SELECT data FROM records WHERE entity = 'evidence' AND id = :id"), {"id": f"e{count // 2}"}
                ).all(),
            )
        print(
            f"{name}: {count} evidence records; records referencing a hash {refs_ms:.2f} ms; "
            f"raw primary-key SELECT {raw_ms:.2f} ms; plan: {_plan(engine, sha)}"
        )
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", args.records, args.repeat)
    if postgres.unreachable_reason() is None:
        url = postgres.create_database()
        try:
            run("PostgreSQL", url, args.records, args.repeat)
        finally:
            postgres.drop_database(url)


if __name__ == "__main__":
    main()
