"""Importing a district's register of 100,000 targets (server/imports/targets.py), beside the raw limit: one
executemany of the same record and change-log rows into an empty database.

The file is made here (xlsx and CSV, the columns of a 双随机 export, valid credit codes, one licence each, 1% bad rows).
Each figure is one run in a fresh database, SQLite and (when reachable) PostgreSQL, migrated to head:
  read      the file read into rows (openpyxl read-only / csv), alone;
  preview   the dry run: read + every row checked + matched against the district's targets;
  import    the same, and the new targets written (records + change log), committed;
  re-import the same file again: every row matched and found unchanged (nothing written);
  raw       the rows the import wrote, inserted with one executemany each (records, changes), committed.

Figures of 2026-11-28 on the shared 2-core machine (load 10–13 from other work, so read them as upper bounds; the
raw executemany moved 26–78 s in the same runs):
  csv  SQLite      read 7.4 s  preview 167 s  import 225 s  re-import 41 s  raw 78 s  import/raw 2.9x
  xlsx SQLite      read 245 s  preview 204 s  import 170 s  re-import 90 s  raw 12 s  (read alone dominated by load)
  csv  PostgreSQL  read 2.2 s  preview  27 s  import  54 s  re-import 20 s  raw 26 s  import/raw 2.1x
99,000 created and 1,000 refused (bad check character) in each; the re-import finds all 99,000 unchanged.
The per-row cost is pydantic's Target and the credit-code check (run twice: the row check and the model).

Usage: PYTHONPATH=. .venv/bin/python bench/bench_import.py [--rows 100000] [--no-postgres] [--only xlsx:sqlite]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from app.rules import credit_code as cc
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.db.tables import ChangeRow, RecordRow
from server.imports.reader import read_table
from server.imports.targets import COLUMN_ALIASES, REQUIRED, district_streets, import_targets

HEADER = ["企业名称", "统一社会信用代码", "经营地址", "所属街道", "专业类别", "许可证名称", "许可证号", "有效期至"]
INDUSTRIES = ["美容美发", "宾馆", "游泳场所", "口腔", "中医诊所", "现制现售饮用水设备", "职业卫生", "医疗机构"]


def rows(count: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    streets = district_streets("310105")
    out = []
    for n in range(count):
        code = cc.make(f"91310105MA{n:07d}")
        if n % 100 == 99:  # 1% refused: a wrong check character
            code = code[:17] + ("0" if code[17] != "0" else "1")
        out.append(
            [
                f"上海测试{n}号商户",
                code,
                f"长宁路{n % 3000 + 1}号",
                rng.choice(streets),
                rng.choice(INDUSTRIES),
                "公共场所卫生许可证",
                f"沪长卫公({2020 + n % 6})第{n:06d}号",
                f"{2027 + n % 4}-0{1 + n % 9}-1{n % 9}",
            ]
        )
    return out


def write_files(count: int, folder: Path) -> tuple[Path, Path]:
    from openpyxl import Workbook

    data = rows(count)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("导出数据")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    xlsx = folder / "targets.xlsx"
    book.save(xlsx)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(data)
    csv_path = folder / "targets.csv"
    csv_path.write_text(text.getvalue(), encoding="utf-8")
    return xlsx, csv_path


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _fresh(url: str | None, folder: Path, name: str) -> tuple[Engine, Callable[[], None]]:
    if url is None:
        engine = make_engine(f"sqlite:///{folder / (name + '.db')}")
        upgrade(engine)
        return engine, engine.dispose
    from tests.helpers import postgres

    db = postgres.create_database()
    engine = make_engine(db)
    upgrade(engine)

    def drop() -> None:
        engine.dispose()
        postgres.drop_database(db)

    return engine, drop


def bench(label: str, path: Path, pg: bool, folder: Path) -> None:
    data = path.read_bytes()
    t_read, table = _timed(lambda: read_table(data, COLUMN_ALIASES, REQUIRED))
    engine, drop = _fresh(None if not pg else "pg", folder, f"{label}-import")
    raw_engine, raw_drop = _fresh(None if not pg else "pg", folder, f"{label}-raw")
    try:
        sessions = make_sessionmaker(engine)

        def run(dry_run: bool) -> Any:
            with sessions() as session:
                report = import_targets(session, data, district="310105", username="bench", dry_run=dry_run)
                session.commit()
                return report

        t_preview, preview = _timed(lambda: run(True))
        t_import, report = _timed(lambda: run(False))
        t_again, again = _timed(lambda: run(False))
        with engine.connect() as conn:
            records = [dict(r._mapping) for r in conn.execute(select(RecordRow.__table__))]
            changes = [
                {k: v for k, v in dict(r._mapping).items() if k != "seq"}
                for r in conn.execute(select(ChangeRow.__table__).order_by(ChangeRow.seq))
            ]

        def raw() -> None:
            with raw_engine.begin() as conn:
                conn.execute(insert(RecordRow), records)
                conn.execute(insert(ChangeRow), changes)

        t_raw, _ = _timed(raw)
    finally:
        drop()
        raw_drop()
    db = "PostgreSQL" if pg else "SQLite"
    print(
        f"{label:4} {db:10} rows {len(table.rows):>7}  read {t_read:6.2f} s  preview {t_preview:6.2f} s  "
        f"import {t_import:6.2f} s (created {report.created_count}, refused {report.refused_count})  "
        f"re-import {t_again:6.2f} s (unchanged {again.unchanged_count})  raw executemany {t_raw:6.2f} s  "
        f"import/raw {t_import / t_raw:4.1f}x"
    )
    assert preview.created_count == report.created_count and again.created_count == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--only", action="append", default=[], help="e.g. csv:sqlite, xlsx:postgres (repeatable)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t_make, (xlsx, csv_path) = _timed(lambda: write_files(args.rows, folder))
        print(
            f"{args.rows} rows made in {t_make:.1f} s: xlsx {xlsx.stat().st_size / 1e6:.1f} MB, "
            f"CSV {csv_path.stat().st_size / 1e6:.1f} MB"
        )
        backends = [False]
        if not args.no_postgres:
            from tests.helpers import postgres

            try:
                postgres.require_postgres()
                backends.append(True)
            except BaseException as exc:  # pytest.skip is a BaseException
                print(f"PostgreSQL skipped: {exc}")
        for pg in backends:
            for label, path in (("csv", csv_path), ("xlsx", xlsx)):
                if not args.only or f"{label}:{'postgres' if pg else 'sqlite'}" in args.only:
                    bench(label, path, pg, folder)


if __name__ == "__main__":
    main()
