"""A district's Monday morning: N simulated laptops against the real server on PostgreSQL (loopback), beside psycopg.

Each laptop is enrolled (its token made in the database beforehand: tokens last 14 days) and until the phase ends:
pulls from its cursor, pushes 5-20 answers (site facts of its own targets, so laptops never conflict with each other),
thinks 1-2 s; once, at a random time in the first two thirds of the phase, it asks a code (申码) for one of its
inspector's tasks. Beside them a login storm: a tenth of the laptops
(at least 5) log in at once when the phase starts. First of all, 20 laptops do their first sync at once (every page
from 0), then 20 more from the server's first-sync snapshot (the file, then the pages after it).
Figures per endpoint: p50/p95/p99/max, errors (5xx, timeouts at 30 s, refused connections), other 4xx; the server's
CPU (share of one core, over the phase) and peak RSS, where the rest of the machine's CPU went (PostgreSQL, the load
generator), the rows pulled a second, and what the day would ask of the pulls at the goal beside what the raw SELECT
reads a second (targets are district-wide, so every laptop pulls every other laptop's edits: laptops squared).
The floor, in the same run on the same database: raw psycopg doing the same reads (the pull page query, the
first-sync SELECT alone and 20 at once) and writes (executemany of the same rows).

The load generator runs on the same 2 cores as the server and PostgreSQL: read the ratios beside the raw figures.
Loopback only; every phase is bounded in laptops and seconds.

Run: `.venv/bin/python bench/bench_load.py [--laptops 20 50 200] [--seconds 30] [--targets 5000] [--workers 1]
[--storm 8] [--server-env FI_WRITER_SLOTS=4] [--db-prefix bench_load]`. The database is made for the run
(`<prefix>_<random>`), loaded, ANALYZEd (as autovacuum would soon after a load) and dropped at the end. After the day
phases, a push storm (`--storm 8`: laptops pushing back to back, nothing else) measures what the writer lets through
a second.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import demo  # noqa: E402
from app.models import new_id  # noqa: E402
from app.store.migrations import SCHEMA_VERSION  # noqa: E402
from demo.server_load import load_demo  # noqa: E402
from server.core.security import new_token, token_digest  # noqa: E402
from server.db.engine import make_engine, make_sessionmaker  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from tests.helpers import postgres  # noqa: E402
from tests.helpers.live_server import LiveServer, wait_for_snapshot  # noqa: E402

TIMEOUT = 30.0
TARGETS_PER_LAPTOP = 20
FIRST_SYNCS = 20
PAGE = 2000
PULL_PAGE = 500


@dataclass
class Stats:
    """Latencies (ms) and failures per endpoint, filled by every laptop thread."""

    ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # 4xx answers
    rows_pulled: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, endpoint: str, send) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = send()
        except requests.RequestException:
            with self.lock:
                self.errors[endpoint] += 1
            return None
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.ms[endpoint].append(elapsed)
            if response.status_code >= 500:
                self.errors[endpoint] += 1
            elif response.status_code >= 400:
                self.refused[endpoint] += 1
        return response if response.ok else None


@dataclass
class Laptop:
    number: int
    username: str
    token: str
    targets: dict[str, int]  # target id -> version this laptop last saw
    task_id: str | None
    cursor: int

    def day(self, url: str, stats: Stats, stop: threading.Event, seconds: float) -> None:
        """Until `stop`: pull, push, think; the code is asked on arrival at the site, some time in the first two
        thirds of the phase."""
        rng = random.Random(self.number)
        http = requests.Session()
        device = f"laptop-{self.number}"
        http.headers["Authorization"] = f"Bearer {self.token}"
        arrive = time.monotonic() + rng.uniform(0, seconds * 2 / 3) if self.task_id else float("inf")
        while not stop.is_set():
            if time.monotonic() >= arrive:
                codes, arrive = {"task_ids": [self.task_id]}, float("inf")
                stats.call("code request", partial(http.post, f"{url}/api/codes", json=codes, timeout=TIMEOUT))
            self._pull(url, http, stats)
            self._push(url, http, stats, device, rng)
            stop.wait(rng.uniform(1.0, 2.0))  # think time

    def _pull(self, url: str, http: requests.Session, stats: Stats) -> None:
        while True:
            params = {"since": self.cursor, "limit": PULL_PAGE}
            page = stats.call("pull", lambda p=params: http.get(f"{url}/api/sync/pull", params=p, timeout=TIMEOUT))
            if page is None:
                return
            self.cursor, more = page_end(page.content)  # the records are decoded on the laptop's own cores
            rows = page.content.count(b'{"seq":')  # each change opens so (a record's own "seq" would be counted too)
            with stats.lock:
                stats.rows_pulled += rows
            if not more:
                return

    def _push(self, url: str, http: requests.Session, stats: Stats, device: str, rng: random.Random) -> None:
        chosen = rng.sample(sorted(self.targets), rng.randint(5, min(20, len(self.targets))))
        mutations = [
            {
                "mutation_id": new_id(),
                "entity": "targets",
                "id": target_id,
                "base_version": self.targets[target_id],
                "fields": {"address": f"长宁路{rng.randint(1, 2000)}号 ({device})"},
            }
            for target_id in chosen
        ]
        body = {"device_id": device, "mutations": mutations}
        answer = stats.call("push", lambda: http.post(f"{url}/api/sync/push", json=body, timeout=TIMEOUT))
        for m, result in zip(mutations, answer.json()["results"] if answer else [], strict=False):
            if result["status"] == "accepted":
                self.targets[m["id"]] = result["version"]
            elif result["status"] == "conflict":
                self.targets[m["id"]] = result["record"]["version"]


# --- the server process: start, CPU and memory -------------------------------------------------------------------


def start_server(live: LiveServer, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "server", "serve", "--port", str(live.port), "--log-level", "warning"]
    if workers > 1:
        command += ["--workers", str(workers)]
    live.data_dir.mkdir(parents=True, exist_ok=True)
    with open(live.log_path, "ab") as log:
        process = subprocess.Popen(command, env={**live.env(), **env}, cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(live.log_tail())
        try:
            if requests.get(f"{live.url}/healthz", timeout=1).status_code == 200:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.1)  # readiness polling
    raise TimeoutError(live.log_tail())


def _processes() -> Iterator[tuple[int, str, list[str]]]:
    """Every process now: its pid, name and the fields of /proc/<pid>/stat after the name."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                name, rest = (entry / "stat").read_text().split("(", 1)[1].rsplit(")", 1)
            except OSError:  # ended meanwhile
                continue
            yield int(entry.name), name, rest.split()


def _cpu(fields: list[str]) -> float:
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _tree(pid: int) -> list[int]:
    """The server's process and its children (the workers)."""
    return [pid, *(p for p, _name, fields in _processes() if int(fields[1]) == pid)]


def cpu_seconds(pid: int) -> float:
    return sum(_cpu(fields) for p, _name, fields in _processes() if p == pid or int(fields[1]) == pid)


def postgres_cpu_seconds() -> float:
    """CPU of every PostgreSQL process on the machine (the benches' database is the only one busy)."""
    return sum(_cpu(fields) for _pid, name, fields in _processes() if name.startswith("postgres"))


def rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total / 1024


class Sampler(threading.Thread):
    """Peak RSS of the server's processes, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.peak = max(self.peak, rss_mb(self.pid))


# --- phases -----------------------------------------------------------------------------------------------------


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def enrol(conn: psycopg.Connection, devices: list[tuple[str, str, str]]) -> None:
    """Tokens (token, username, device) as a login would have made them: enrolled laptops, no argon2 per laptop."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO tokens (digest, username, device_id, expires_at)"
            " VALUES (%s, %s, %s, now() + interval '1 day')",
            [(token_digest(token), username, device) for token, username, device in devices],
        )


def laptops_for(url: str, count: int) -> list[Laptop]:
    """Laptops round-robin over the demo inspectors, enrolled; each with its own targets and one task to ask a code
    for."""
    tokens = [new_token() for _ in range(count)]
    with psycopg.connect(_dsn(url)) as conn:
        inspectors = conn.execute(
            "SELECT username, inspector_id FROM users WHERE role = 'inspector' ORDER BY username"
        ).fetchall()
        targets = conn.execute("SELECT id, version FROM records WHERE entity = 'targets' ORDER BY id").fetchall()
        tasks = conn.execute(
            "SELECT id, data::text FROM records WHERE entity = 'tasks' AND data->>'status' = 'planned' ORDER BY id"
        ).fetchall()
        head = conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        enrol(conn, [(t, inspectors[n % len(inspectors)][0], f"laptop-{n}") for n, t in enumerate(tokens)])
    by_inspector: dict[str, list[str]] = defaultdict(list)
    for task_id, data in tasks:
        for inspector_id in json.loads(data).get("inspector_ids") or []:
            by_inspector[inspector_id].append(task_id)
    made = []
    for n in range(count):
        username, inspector_id = inspectors[n % len(inspectors)]
        own = targets[(n * TARGETS_PER_LAPTOP) % len(targets) :][:TARGETS_PER_LAPTOP]
        pool = by_inspector[inspector_id]
        task = pool[n // len(inspectors)] if n // len(inspectors) < len(pool) else None
        made.append(Laptop(n, username, tokens[n], dict(own), task, head))
    return made


@dataclass
class Machine:
    """Where the machine's CPU went during a phase, in % of one core (the machine has 200 %)."""

    server: float
    postgres: float
    generator: float


def day_phase(url: str, database_url: str, pid: int, count: int, seconds: float) -> tuple[Stats, Machine, float]:
    laptops = laptops_for(database_url, count)
    stats, stop, sampler = Stats(), threading.Event(), Sampler(pid)
    sampler.start()
    cpu0, pg0, own0, t0 = cpu_seconds(pid), postgres_cpu_seconds(), time.process_time(), time.perf_counter()
    body = {"username": laptops[0].username, "password": demo.DEMO_PASSWORD, "device_id": "storm"}
    login = partial(requests.post, f"{url}/api/auth/login", json=body, timeout=TIMEOUT)
    with ThreadPoolExecutor(count + max(5, count // 10)) as pool:
        running = [pool.submit(laptop.day, url, stats, stop, seconds) for laptop in laptops]
        running += [pool.submit(stats.call, "login", login) for _ in range(max(5, count // 10))]
        stop.wait(seconds)
        stop.set()
        for future in running:
            future.result()
    elapsed = time.perf_counter() - t0
    machine = Machine(
        (cpu_seconds(pid) - cpu0) / elapsed * 100,
        (postgres_cpu_seconds() - pg0) / elapsed * 100,
        (time.process_time() - own0) / elapsed * 100,
    )
    sampler.done.set()
    return stats, machine, sampler.peak


def push_storm_phase(url: str, database_url: str, pid: int, count: int, seconds: float) -> tuple[Stats, float]:
    """The writer's capacity: `count` laptops pushing back to back (no pulls, no think time); pushes answered a
    second is what the serialised section lets through on this machine."""
    laptops = laptops_for(database_url, count)
    stats, stop = Stats(), threading.Event()
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()

    def storm(laptop: Laptop) -> None:
        rng, http, device = random.Random(laptop.number), requests.Session(), f"laptop-{laptop.number}"
        http.headers["Authorization"] = f"Bearer {laptop.token}"
        while not stop.is_set():
            laptop._push(url, http, stats, device, rng)

    with ThreadPoolExecutor(count) as pool:
        running = [pool.submit(storm, laptop) for laptop in laptops]
        stop.wait(seconds)
        stop.set()
        for future in running:
            future.result()
    return stats, (cpu_seconds(pid) - cpu0) / (time.perf_counter() - t0) * 100


def page_end(body: bytes) -> tuple[int, bool]:
    """The cursor and has_more of a pull page, read from its end: the laptop decodes its records on its own cores,
    so neither the first-sync storm nor the day's pulls spend the server's two on it."""
    found = re.search(rb'"cursor":(\d+),"has_more":(true|false)}$', body[-100:])
    assert found, body[-100:]
    return int(found[1]), found[2] == b"true"


def first_sync_phase(url: str, database_url: str, count: int) -> tuple[list[float], int, int]:
    """`count` laptops of the district admin pull everything from 0 at once: seconds each, the records one got, and
    how many failed."""
    tokens = [new_token() for _ in range(count)]
    with psycopg.connect(_dsn(database_url)) as conn:
        enrol(conn, [(t, "admin", f"first-{n}") for n, t in enumerate(tokens)])
    start = threading.Barrier(count)

    def first_sync(token: str) -> tuple[float, int]:
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        start.wait()
        began, since, records = time.perf_counter(), 0, 0
        while True:
            params = {"since": since, "limit": PAGE}
            try:
                response = http.get(f"{url}/api/sync/pull", params=params, timeout=120)
                response.raise_for_status()
            except requests.RequestException:
                return float("nan"), 0
            records += response.content.count(b'{"seq":')
            since, has_more = page_end(response.content)
            if not has_more:
                return time.perf_counter() - began, records

    with ThreadPoolExecutor(count) as pool:
        done = list(pool.map(first_sync, tokens))
    ok = [(s, r) for s, r in done if r]
    return [s for s, _ in ok], max((r for _, r in ok), default=0), count - len(ok)


def snapshot_first_sync_phase(url: str, database_url: str, count: int) -> tuple[float, list[float], int, int]:
    """`count` laptops of the district admin do their first sync from the server's snapshot at once (the file, then
    the pages after its cursor), once the scope's snapshot is made: the seconds it took to be made after the first
    ask, seconds each, the bytes of the file, how many failed."""
    tokens = [new_token() for _ in range(count)]
    with psycopg.connect(_dsn(database_url)) as conn:
        enrol(conn, [(t, "admin", f"snapshot-{n}") for n, t in enumerate(tokens)])
    made = wait_for_snapshot(url, tokens[0])
    start = threading.Barrier(count)

    def first_sync(token: str) -> tuple[float, int]:
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        start.wait()
        began, size = time.perf_counter(), 0
        try:
            params = {"schema": SCHEMA_VERSION}
            with http.get(f"{url}/api/sync/snapshot", params=params, stream=True, timeout=120) as response:
                response.raise_for_status()
                for chunk in response.iter_content(1 << 20):
                    size += len(chunk)
                since, has_more = int(response.headers["X-Snapshot-Cursor"]), True
            while has_more:
                response = http.get(f"{url}/api/sync/pull", params={"since": since, "limit": PAGE}, timeout=120)
                response.raise_for_status()
                since, has_more = page_end(response.content)
        except requests.RequestException:
            return float("nan"), 0
        return time.perf_counter() - began, size

    with ThreadPoolExecutor(count) as pool:
        done = list(pool.map(first_sync, tokens))
    ok = [(s, size) for s, size in done if size]
    return made, [s for s, _ in ok], max((size for _, size in ok), default=0), count - len(ok)


FIRST_SYNC_SQL = (
    "SELECT c.seq, r.entity, r.id, r.version, r.deleted, r.data::text FROM changes c"
    " JOIN records r ON r.entity = c.entity AND r.id = c.record_id"
    " WHERE coalesce(c.district, '') IN ('', %s) AND c.seq > %s ORDER BY c.seq LIMIT %s"
)


def raw_first_sync(database_url: str, district: str) -> float:
    """The floor of a first sync: the same pages by plain SELECT (stored JSON as text), one connection."""
    began, since = time.perf_counter(), 0
    with psycopg.connect(_dsn(database_url)) as conn:
        while True:
            rows = conn.execute(FIRST_SYNC_SQL, (district, since, PAGE)).fetchall()
            if len(rows) < PAGE:
                return time.perf_counter() - began
            since = rows[-1][0]


def raw_day(database_url: str, district: str, samples: int = 200) -> dict[str, list[float]]:
    """The floor of the day's requests: the pull page query from a recent cursor, and executemany of 5-20 updates
    of target JSON plus their change-log rows moved to the head, committed, on one connection."""
    rng = random.Random(7)
    out: dict[str, list[float]] = defaultdict(list)
    with psycopg.connect(_dsn(database_url)) as conn:
        head = conn.execute("SELECT max(seq) FROM changes").fetchone()[0]
        rows = conn.execute("SELECT id, data::text FROM records WHERE entity = 'targets' LIMIT 500").fetchall()
        conn.commit()
        for _ in range(samples):
            began = time.perf_counter()
            conn.execute(FIRST_SYNC_SQL, (district, head - rng.randint(10, 200), PULL_PAGE)).fetchall()
            conn.commit()
            out["pull"].append((time.perf_counter() - began) * 1000)
            chosen = rng.sample(rows, rng.randint(5, 20))
            began = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany(
                    "UPDATE records SET data = %s::json, version = version + 1 WHERE entity = 'targets' AND id = %s",
                    [(data, target_id) for target_id, data in chosen],
                )
                cur.executemany(
                    "DELETE FROM changes WHERE entity = 'targets' AND record_id = %s", [(t,) for t, _ in chosen]
                )
                cur.executemany(
                    "INSERT INTO changes (entity, record_id, district, team) VALUES ('targets', %s, %s, NULL)",
                    [(target_id, district) for target_id, _ in chosen],
                )
            conn.commit()
            out["push"].append((time.perf_counter() - began) * 1000)
    return out


def _pull_demand(laptops: int, raw_rows_per_second: float) -> str:
    """What the phase's day asks of the pulls when every push is answered within the goal: a laptop's cycle is its
    think time (1.5 s on average) and a pull and a push of at most 200 ms; each push carries 12.5 edits on average,
    and every other laptop of the district pulls each edit (targets are district-wide)."""
    pushes = laptops / (1.5 + 2 * 0.2)
    rows = pushes * 12.5 * (laptops - 1)
    return (
        f"  at the goal this day asks {pushes:.0f} pushes and {rows:,.0f} rows pulled a second; the raw SELECT of the"
        f" first syncs read {raw_rows_per_second:,.0f} rows a second on one connection: the pulls alone would take"
        f" {rows / raw_rows_per_second:.1f} cores of raw reads"
    )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _row(name: str, values: list[float], errors: int = 0, refused: int = 0) -> str:
    if not values:
        return f"  {name:<16} {'0':>6} {'-':>8} {'-':>8} {'-':>8} {'-':>8} {errors:>7} {refused:>5}"
    cells = " ".join(f"{x:8.0f}" for x in (_pct(values, 0.5), _pct(values, 0.95), _pct(values, 0.99), max(values)))
    return f"  {name:<16} {len(values):>6} {cells} {errors:>7} {refused:>5}"


def create_database(prefix: str) -> str:
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(postgres.ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def load_database(url: str, targets: int) -> float:
    engine = make_engine(url)
    upgrade(engine)
    began = time.perf_counter()
    with make_sessionmaker(engine)() as session:
        load_demo(session, targets)
        session.commit()
    engine.dispose()
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        conn.execute("ANALYZE")  # the statistics autovacuum gathers soon after a load, before the laptops arrive
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laptops", type=int, nargs="+", default=[20, 50, 200])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each day phase")
    parser.add_argument("--targets", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--storm", type=int, nargs="*", default=[8], help="laptops in each push-storm phase")
    parser.add_argument("--server-env", nargs="*", default=[], help="settings for the server, e.g. FI_WRITER_SLOTS=4")
    parser.add_argument("--db-prefix", default="bench_load", help="name prefix of the run's PostgreSQL database")
    args = parser.parse_args()
    if max(args.laptops) > 400 or args.seconds > 300:
        parser.error("bounded: at most 400 laptops and 300 s a phase")
    reason = postgres.unreachable_reason()
    if reason:
        sys.exit(reason)
    url = create_database(args.db_prefix)
    server_env = {"FI_SNAPSHOT_MIN_CHANGES": "1", **dict(item.split("=", 1) for item in args.server_env)}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            live = LiveServer(Path(tmp) / "server", url)
            print(f"demo load of {args.targets} targets: {load_database(url, args.targets):.1f} s; code at {ROOT}")
            process = start_server(live, args.workers, server_env)
            try:
                run(live.url, url, process.pid, args)
            finally:
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:  # a server stuck in its pool does not stop on SIGTERM
                    process.kill()
                    process.wait(30)
    finally:
        postgres.drop_database(url)


def run(url: str, database_url: str, pid: int, args: argparse.Namespace) -> None:
    district = "310105"
    header = (
        f"  {'endpoint':<16} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} {'4xx':>5}"
    )
    seconds, records, failed = first_sync_phase(url, database_url, FIRST_SYNCS)
    raw_alone = raw_first_sync(database_url, district)
    with ThreadPoolExecutor(FIRST_SYNCS) as pool:
        raw_together = list(pool.map(lambda _: raw_first_sync(database_url, district), range(FIRST_SYNCS)))
    print(
        f"{FIRST_SYNCS} first syncs at once ({records} records each, pages of {PAGE}): p50"
        f" {statistics.median(seconds or [float('nan')]):.2f} s, max {max(seconds, default=float('nan')):.2f} s,"
        f" {failed} failed; raw SELECT of the same pages alone {raw_alone:.2f} s, {FIRST_SYNCS} at once p50"
        f" {statistics.median(raw_together):.2f} s, max {max(raw_together):.2f} s"
    )
    made, seconds, size, failed = snapshot_first_sync_phase(url, database_url, FIRST_SYNCS)
    print(
        f"{FIRST_SYNCS} first syncs at once from the snapshot (made {made:.2f} s after its first ask; a file of"
        f" {size / 1e6:.1f} MB, then the pages after it): p50 {statistics.median(seconds or [float('nan')]):.2f} s,"
        f" max {max(seconds, default=float('nan')):.2f} s, {failed} failed"
    )
    for count in args.laptops:
        stats, machine, peak = day_phase(url, database_url, pid, count, args.seconds)
        pushes = len(stats.ms["push"]) / args.seconds
        print(
            f"\n{count} laptops, {args.seconds:.0f} s, workers {args.workers}: server CPU {machine.server:.0f}% of one"
            f" core, peak RSS {peak:.0f} MB, {pushes:.1f} pushes answered a second {' '.join(args.server_env)}"
        )
        print(header)
        for endpoint in ("login", "code request", "pull", "push"):
            print(_row(endpoint, stats.ms[endpoint], stats.errors[endpoint], stats.refused[endpoint]))
        print(
            f"  the machine's two cores (200 %): server {machine.server:.0f} %, PostgreSQL {machine.postgres:.0f} %,"
            f" load generator {machine.generator:.0f} %; {stats.rows_pulled / args.seconds:,.0f} rows pulled a second"
        )
        print(_pull_demand(count, records / raw_alone))
    for count in args.storm:
        stats, cpu = push_storm_phase(url, database_url, pid, count, args.seconds)
        print(
            f"\npush storm: {count} laptops pushing back to back, {args.seconds:.0f} s: "
            f"{len(stats.ms['push']) / args.seconds:.1f} pushes answered a second, server CPU {cpu:.0f}% of one core"
        )
        print(header)
        print(_row("push", stats.ms["push"], stats.errors["push"], stats.refused["push"]))
    raw = raw_day(database_url, district)
    print("\nraw psycopg, one connection, quiet (the floor of one request):")
    print(header)
    for endpoint in ("pull", "push"):
        print(_row(f"raw {endpoint}", raw[endpoint]))


if __name__ == "__main__":
    main()
