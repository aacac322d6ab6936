"""Server sync throughput beside the raw limit, on SQLite and (when reachable) PostgreSQL, each goal of issue 18 in
the same run as its limit, with the server's peak RSS and the machine's load average.

- pull (the goal: ≥ 50 % of a raw SELECT, i.e. ≤ 2× its time): a 20,000-target district (demo data, as the district
  admin sees it) pulled page by page over HTTP from the real server process, the records in hand as parsed JSON;
  raw: a plain SELECT of the same rows (entity, id, version, JSON text) from the server's database, each record's
  JSON parsed. Once gzip-compressed (what requests asks for) and once as identity, to see whether gzip pays on
  loopback. Also as before: the pages written into an empty client-like SQLite file, beside the same rows read by
  SELECT and inserted with one executemany.
- push (the goal: ≤ 5× a raw executemany): 10,000 new-target mutations in batches of 500 over HTTP (their JSON
  made before the clock starts, as the raw rows' is); raw: plain
  executemany inserts of the same rows (entity, id, JSON) into a table of the same database kind; and, for what the
  server must store, an executemany of the rows a push writes (records with their field marks, change-log rows,
  the answers) into tables of the same shape. And the floor under any push: the same batches validated alone by
  the wire and record models (in the bench's process, nothing judged or stored), and that plus what a push stores,
  each beside the raw executemany: when the floor is near 5×, the goal asks for rules that cost nothing.

Run: `.venv/bin/python bench/bench_server.py [--targets 20000] [--mutations 10000]`.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import demo  # noqa: E402
from app.models import ENTITY_MODELS, Target, new_id  # noqa: E402
from app.models.wire import MAX_PULL_LIMIT, MAX_PUSH_BATCH, PushRequest  # noqa: E402
from app.rules import credit_code  # noqa: E402
from demo.server_load import load_demo  # noqa: E402
from server.db.engine import make_engine, make_sessionmaker  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from tests.helpers import postgres  # noqa: E402
from tests.helpers.live_server import LiveServer  # noqa: E402

CLIENT_TABLE = "CREATE TABLE records (entity TEXT, id TEXT, version INTEGER, data TEXT, PRIMARY KEY (entity, id))"


def _load(database_url: str, targets: int) -> float:
    engine = make_engine(database_url)
    upgrade(engine)
    start = time.perf_counter()
    with make_sessionmaker(engine)() as session:
        load_demo(session, targets)
        session.commit()
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # the statistics autovacuum gathers soon after a load (as bench_load.py does):
            conn.execute(text("ANALYZE"))  # without them a page sorted every change after its cursor (0009)
    engine.dispose()
    return time.perf_counter() - start


def _login(url: str, username: str) -> requests.Session:
    body = {"username": username, "password": demo.DEMO_PASSWORD, "device_id": "bench"}
    token = requests.post(f"{url}/api/auth/login", json=body, timeout=30).json()["token"]
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def _pull(url: str, http: requests.Session, client_db: Path) -> tuple[float, int]:
    conn = sqlite3.connect(client_db)
    conn.execute(CLIENT_TABLE)
    start, since, rows = time.perf_counter(), 0, 0
    while True:
        page = http.get(f"{url}/api/sync/pull", params={"since": since, "limit": MAX_PULL_LIMIT}, timeout=60).json()
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)",
                [
                    (c["entity"], c["id"], c["version"], json.dumps(c["data"], ensure_ascii=False))
                    for c in page["changes"]
                ],
            )
        rows += len(page["changes"])
        since = page["cursor"]
        if not page["has_more"]:
            break
    conn.close()
    return time.perf_counter() - start, rows


def _pull_in_hand(url: str, http: requests.Session, encoding: str) -> tuple[float, int]:
    """Every page over HTTP, parsed: the records in hand as dicts (no client database)."""
    start, since, rows = time.perf_counter(), 0, 0
    while True:
        response = http.get(
            f"{url}/api/sync/pull",
            params={"since": since, "limit": MAX_PULL_LIMIT},
            headers={"Accept-Encoding": encoding},
            timeout=60,
        )
        page = response.json()
        rows += len(page["changes"])
        since = page["cursor"]
        if not page["has_more"]:
            break
    return time.perf_counter() - start, rows


_RAW_SELECT = "SELECT entity, id, version, CAST(data AS TEXT) FROM records WHERE district = :d OR district IS NULL"


def _raw_in_hand(database_url: str, district: str) -> float:
    """The floor of a pull: the same rows by one plain SELECT, each record's JSON text parsed."""
    engine = make_engine(database_url)
    with engine.connect() as warm:  # the connection made, as the server's pool has it
        warm.execute(text("SELECT 1"))
    start = time.perf_counter()
    with engine.connect() as server:
        rows = server.execute(text(_RAW_SELECT), {"d": district}).all()
    records = [(entity, record_id, version, json.loads(data)) for entity, record_id, version, data in rows]
    elapsed = time.perf_counter() - start
    assert records
    engine.dispose()
    return elapsed


def _raw_pull(database_url: str, district: str, client_db: Path) -> float:
    """The floor: read the district's rows from the server database, write them to SQLite, no HTTP, no scoping."""
    engine = make_engine(database_url)
    start = time.perf_counter()
    with engine.connect() as server:
        rows = server.execute(
            text("SELECT entity, id, version, data FROM records WHERE district = :d OR district IS NULL"),
            {"d": district},
        ).all()
    conn = sqlite3.connect(client_db)
    conn.execute(CLIENT_TABLE)
    with conn:
        conn.executemany(
            "INSERT INTO records VALUES (?, ?, ?, ?)",
            [(r.entity, r.id, r.version, json.dumps(r.data, ensure_ascii=False)) for r in rows],
        )
    conn.close()
    engine.dispose()
    return time.perf_counter() - start


def _targets(count: int, district: str) -> list[Target]:
    made = []
    for i in range(count):
        first17 = f"91{district}{i:08d}0"
        made.append(
            Target(
                credit_code=credit_code.make(first17),
                name=f"压测对象{i}",
                industry="hotel",
                district=district,
                street="华阳路街道",
                address=f"长宁路{i}号",
            )
        )
    return made


def _bodies(records: list[Target]) -> list[bytes]:
    """The push batches' JSON, made before any clock starts, as the raw rows' is: the server's time, not the
    client's."""
    mutations = [
        {
            "mutation_id": new_id(),
            "entity": "targets",
            "id": r.id,
            "base_version": 0,
            "fields": r.model_dump(mode="json", exclude={"version"}),
        }
        for r in records
    ]
    return [
        json.dumps({"device_id": "bench", "mutations": mutations[i : i + MAX_PUSH_BATCH]}).encode()
        for i in range(0, len(mutations), MAX_PUSH_BATCH)
    ]


def _push(url: str, http: requests.Session, bodies: list[bytes]) -> float:
    start = time.perf_counter()
    for body in bodies:
        answer = http.post(f"{url}/api/sync/push", data=body, headers={"Content-Type": "application/json"}, timeout=120)
        results = answer.json()["results"]
        assert all(r["status"] == "accepted" for r in results), results[:3]
    return time.perf_counter() - start


def _validated_alone(bodies: list[bytes]) -> float:
    """A floor no push goes under: the same batches checked by the wire and record models (pydantic, as the server
    does: bad input refused before anything is written), in this process, with nothing judged, stored or sent."""
    start = time.perf_counter()
    for body in bodies:
        request = PushRequest.model_validate_json(body)
        for m in request.mutations:
            ENTITY_MODELS[m.entity].model_validate({**m.fields, "id": m.id, "version": 0}).model_dump(mode="json")
    return time.perf_counter() - start


def _raw_push(database_url: str, records: list[Target]) -> float:
    """The floor: the same rows inserted into a plain table of the same database, one executemany, one commit."""
    rows = [
        {"entity": "targets", "id": r.id, "data": json.dumps(r.model_dump(mode="json"), ensure_ascii=False)}
        for r in records
    ]
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text("CREATE TABLE raw_push (entity VARCHAR(40), id VARCHAR(64), data TEXT, PRIMARY KEY (entity, id))")
        )
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO raw_push VALUES (:entity, :id, :data)"), rows)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


_STORED_TABLES = (
    "CREATE TABLE raw_records (entity VARCHAR(40), id VARCHAR(64), version INTEGER, data TEXT, field_meta TEXT,"
    " district VARCHAR(20), team VARCHAR(100), updated_by VARCHAR(100), PRIMARY KEY (entity, id))",
    "CREATE TABLE raw_changes (seq INTEGER PRIMARY KEY, entity VARCHAR(40), record_id VARCHAR(64),"
    " district VARCHAR(20), UNIQUE (entity, record_id))",
    "CREATE TABLE raw_answers (username VARCHAR(100), mutation_id VARCHAR(64), result TEXT,"
    " PRIMARY KEY (username, mutation_id))",
)


def _raw_stored(database_url: str, records: list[Target], district: str) -> float:
    """What a push must store, by hand: the records with their field marks, a change-log row and an answer each,
    three executemany and one commit (the JSON made before the clock starts)."""
    rows, changes, answers = [], [], []
    for seq, r in enumerate(records, start=1):
        data = r.model_dump(mode="json")
        meta = json.dumps({key: [1, "admin", "bench"] for key in data})
        rows.append((r.entity, r.id, 1, json.dumps(data, ensure_ascii=False), meta, district, None, "admin"))
        changes.append((seq, r.entity, r.id, district))
        answers.append(("admin", new_id(), json.dumps({"mutation_id": r.id, "status": "accepted", "version": 1})))
    engine = make_engine(database_url)
    with engine.begin() as conn:
        for statement in _STORED_TABLES:
            conn.execute(text(statement))
    start = time.perf_counter()
    with engine.begin() as conn:
        cursor = conn.connection.cursor()
        mark = "?" if engine.dialect.name == "sqlite" else "%s"
        for table, batch in (("raw_records", rows), ("raw_changes", changes), ("raw_answers", answers)):
            cursor.executemany(f"INSERT INTO {table} VALUES ({', '.join([mark] * len(batch[0]))})", batch)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


Row = tuple[str, str, int | str, float, float | None, str]


def run(kind: str, database_url: str | None, work: Path, targets: int, mutations: int) -> tuple[list[Row], float]:
    live = LiveServer(work / "server", database_url)
    url = database_url or f"sqlite:///{live.data_dir / 'server.db'}"
    load_s = _load(url, targets)
    live.start()
    try:
        admin = next(i for i in demo.generate(targets=1).inspectors if i.role == "admin")
        http = _login(live.url, admin.username)
        gzip_s, rows = _pull_in_hand(live.url, http, "gzip")
        raw_hand_s = _raw_in_hand(url, admin.district)
        plain_s, _ = _pull_in_hand(live.url, http, "identity")
        client_s, _ = _pull(live.url, http, work / "client.db")
        raw_client_s = _raw_pull(url, admin.district, work / "client-raw.db")
        records = _targets(mutations, admin.district)
        bodies = _bodies(records)
        push_s = _push(live.url, http, bodies)
        validated_s = _validated_alone(bodies)
        raw_push_s = _raw_push(url, records)
        raw_stored_s = _raw_stored(url, records, admin.district)
        assert live.process is not None
        rss = _peak_rss_mb(live.process.pid)
    finally:
        live.stop()
    return [
        (kind, f"demo load ({targets} targets)", "-", load_s, None, ""),
        (kind, "pull, records in hand (gzip)", rows, gzip_s, raw_hand_s, "≤ 2.0"),
        (kind, "pull, records in hand (identity)", rows, plain_s, raw_hand_s, "≤ 2.0"),
        (kind, "pull into empty client SQLite", rows, client_s, raw_client_s, ""),
        (kind, f"push in batches of {MAX_PUSH_BATCH}", mutations, push_s, raw_push_s, "≤ 5.0"),
        (kind, "  the same beside what it stores", mutations, push_s, raw_stored_s, ""),
        (kind, "  floor: validation alone", mutations, validated_s, raw_push_s, ""),
        (kind, "  floor: validation + what it stores", mutations, validated_s + raw_stored_s, raw_push_s, ""),
    ], rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=20_000)
    parser.add_argument("--mutations", type=int, default=10_000)
    args = parser.parse_args()
    table, peaks = [], []
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows, rss = run("sqlite", None, Path(tmp) / "sqlite", args.targets, args.mutations)
        table += rows
        peaks.append(f"sqlite {rss:.0f} MB")
        if postgres.unreachable_reason() is None:
            url = postgres.create_database()
            try:
                rows, rss = run("postgresql", url, Path(tmp) / "pg", args.targets, args.mutations)
                table += rows
                peaks.append(f"postgresql {rss:.0f} MB")
            finally:
                postgres.drop_database(url)
        else:
            print(f"(PostgreSQL skipped: {postgres.unreachable_reason()})")
    header = f"{'db':<11} {'operation':<38} {'rows':>7} {'server s':>9} {'rows/s':>8}"
    print(f"{header} {'raw s':>7} {'raw rows/s':>10} {'x raw':>6} {'goal':>6}")
    for kind, what, count, seconds, raw, goal in table:
        rate = f"{count / seconds:8.0f}" if isinstance(count, int) else f"{'':>8}"
        raw_cols = f"{raw:7.2f} {count / raw:10.0f} {seconds / raw:6.1f} {goal:>6}" if raw else ""
        print(f"{kind:<11} {what:<38} {count!s:>7} {seconds:9.2f} {rate} {raw_cols}")
    after = os.getloadavg()[0]
    print(f"server peak RSS: {', '.join(peaks)}; load average {before:.1f} at the start, {after:.1f} at the end")


if __name__ == "__main__":
    main()
