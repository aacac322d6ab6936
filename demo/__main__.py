"""`python -m demo store|server`: the demo data set into a laptop's store or into the server's database.

- `store [--targets N] [--store PATH] [--user NAME] [--seed S]`: a local store filled as if pulled from the server.
- `server [--targets N] [--seed S]`: the server's database (`DATABASE_URL`, `FIELD_INSPECTOR_SERVER_DATA`, as the
  server reads them) migrated and loaded with the demo records, the checklist catalogue and a login for each demo
  user; prints the counts per entity as JSON.

Run from the checkout (`scripts/dev.py run` does): the demo ships with neither the desktop app nor the server.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import demo

BATCH = 20_000  # records saved to a store at a time: bounded memory for a large district


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description="演示数据 / demo data")
    commands = parser.add_subparsers(dest="command", required=True)
    store = commands.add_parser("store", help="填充本地数据 / fill a laptop's local store")
    store.add_argument("--store", "--out", type=Path, help="本地数据文件 / the local store file")
    store.add_argument("--user", default=demo.DEFAULT_USER, help="用户名（决定默认数据文件）/ whose store to fill")
    server = commands.add_parser("server", help="载入服务器数据库 / load the server's database")
    for command in (store, server):
        command.add_argument("--targets", type=int, default=300, help="检查对象数量 / number of targets")
        command.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.targets < 1:
        parser.error("检查对象数量至少为1 / --targets must be at least 1")
    return _fill_store(args) if args.command == "store" else _load_server(args)


def _fill_store(args: argparse.Namespace) -> int:
    from app.store import Store, default_store_path

    path = args.store or default_store_path(args.user)
    print(f"生成演示数据 / generating demo data: {args.targets} targets …", flush=True)
    data = demo.generate(args.targets, args.seed)
    with Store.open(path) as store:
        for name in ("checklists", "checklist_items", "inspectors", "targets", "plans", "tasks", "inspections",
                     "item_results"):  # fmt: skip
            records = getattr(data, name)
            for start in range(0, len(records), BATCH):
                store.save_many(records[start : start + BATCH], synced=True)
            print(f"  {name}: {len(records)}", flush=True)
    print(f"完成 / done: {path}", flush=True)
    return 0


def _load_server(args: argparse.Namespace) -> int:
    from demo.server_load import load_demo
    from server.core.config import Settings
    from server.db.engine import make_engine, make_sessionmaker
    from server.db.migrate import upgrade

    engine = make_engine(Settings.from_env().database_url)
    try:
        upgrade(engine)
        with make_sessionmaker(engine)() as session:
            counts = load_demo(session, args.targets, args.seed)
            session.commit()
    finally:
        engine.dispose()
    print(json.dumps(counts, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
