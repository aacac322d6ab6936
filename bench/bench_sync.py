"""Sync figures, each beside its raw limit measured in the same run on the same machine.

1. Initial sync of a district (server loaded with `load-demo --targets N`) into an empty store, beside a plain
   SQLite executemany of the same rows into a table of the same columns.
2. Incremental sync of 100 changed targets, beside one raw requests POST of the same mutations.
3. P photos of ~3 MB uploaded through the engine (HEAD, POST, 1 MB PATCH chunks, each fsynced, hash checked,
   progress checkpointed), beside (a) one POST + one PATCH of the whole photo to the same server and (b) a raw HTTP
   PUT of the same bytes to a plain stdlib HTTP server that writes and fsyncs them: the transport's own limit.

Usage: PYTHONPATH=. .venv/bin/python bench/bench_sync.py [--targets 20000] [--photos 200]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from app.demo import DEMO_PASSWORD
from app.models import Target, new_id
from app.store import Store
from app.store.rows import to_row
from app.sync import auth
from app.sync.engine import Summary, SyncEngine
from app.sync.http import SyncClient
from app.sync.outbox import enqueue_blob
from tests.helpers.live_server import LiveServer

PHOTO = 3 * 1024 * 1024


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def line(name: str, ours: float, raw: float, what: str) -> None:
    print(f"{name:<34} ours {ours:8.2f} s   raw {raw:8.2f} s   ratio {ours / raw:6.1f}x   ({what})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", type=int, default=20_000)
    parser.add_argument("--photos", type=int, default=200)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    server = LiveServer(root / "server")
    server.data_dir.mkdir()
    env = {**os.environ, "FIELD_INSPECTOR_SERVER_DATA": str(server.data_dir)}
    load_s, _ = timed(
        lambda: subprocess.run(
            [sys.executable, "-m", "server", "load-demo", "--targets", str(args.targets)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    )
    print(f"server load-demo --targets {args.targets}: {load_s:.1f} s")
    server.start()
    try:
        run(server, root, args)
    finally:
        server.kill()


def run(server: LiveServer, root: Path, args: argparse.Namespace) -> None:
    store = Store.open(root / "client" / "store.sqlite3")
    username = store_user(server)
    session = auth.login(store, auth.TokenVault(root / "client", None), server.url, username, DEMO_PASSWORD)
    client = SyncClient(server.url, session.token, timeout=(5, 120))
    engine = SyncEngine(store, client, page_size=2000)

    pull_s, _ = timed(lambda: engine.pull(Summary()))
    rows = store.db.execute("SELECT count(*) FROM targets").fetchone()[0]
    total = sum(
        store.db.execute(f"SELECT count(*) FROM {e}").fetchone()[0]
        for e in (
            "targets",
            "tasks",
            "plans",
            "inspectors",
            "checklists",
            "checklist_items",
            "inspections",
            "item_results",
        )
    )
    raw_s = raw_sqlite(store, root / "raw.sqlite3")
    line("initial sync (pull, apply, cursor)", pull_s, raw_s, f"{total} records, {rows} targets; raw = executemany")

    targets = store.list(Target, "1 = 1 LIMIT 100")
    for i, t in enumerate(targets):
        store.save(t.model_copy(update={"address": f"{t.address}（改{i}）"}))
    body = [dict(m, mutation_id=new_id()) for m in wire_mutations(store)]
    inc_s, _ = timed(engine.sync)
    raw_inc_s, _ = timed(
        lambda: requests.post(
            server.url + "/api/sync/push",
            timeout=60,
            headers=bearer(session),
            json={"device_id": "bench-raw", "mutations": body},
        ).raise_for_status()
    )
    line("incremental sync, 100 changes", inc_s, raw_inc_s, "raw = one POST of the same 100 mutations")

    photos = [store.blobs.put_bytes(os.urandom(PHOTO)) for _ in range(args.photos)]
    with store.db.atomic():
        for sha in photos:
            enqueue_blob(store, sha)
    up_s, _ = timed(lambda: engine.upload_blobs(Summary()))
    raw_photos = [os.urandom(PHOTO) for _ in range(args.photos)]
    raw_up_s, _ = timed(lambda: raw_upload(server, session, raw_photos))
    mb = args.photos * PHOTO / 1e6
    line(
        f"{args.photos} photos x 3 MB upload",
        up_s,
        raw_up_s,
        f"{mb:.0f} MB; ours {mb / up_s:.0f} MB/s, raw {mb / raw_up_s:.0f} MB/s; raw = POST + one PATCH each",
    )
    put_s, _ = timed(lambda: raw_put(root / "sink", raw_photos))
    line(
        f"{args.photos} photos x 3 MB, raw PUT",
        up_s,
        put_s,
        f"raw = one HTTP PUT each to a stdlib server that writes and fsyncs, {mb / put_s:.0f} MB/s",
    )
    client.close()
    store.close()


def store_user(server: LiveServer) -> str:
    conn = sqlite3.connect(server.db_path)
    try:
        return conn.execute("SELECT username FROM users WHERE role = 'inspector' ORDER BY username LIMIT 1").fetchone()[
            0
        ]
    finally:
        conn.close()


def bearer(session: auth.Session) -> dict[str, str]:
    return {"Authorization": f"Bearer {session.token}"}


def wire_mutations(store: Store) -> list[dict]:
    return [
        {
            "mutation_id": r["mutation_id"],
            "entity": r["entity"],
            "id": r["record_id"],
            "op": r["op"],
            "base_version": r["base_version"],
            "fields": r["fields"],
        }
        for r in store.outbox()
    ]


def raw_sqlite(store: Store, path: Path) -> float:
    """The same target rows into a plain table of the same columns: one executemany, one commit."""
    rows = [to_row(t) for t in store.list(Target)]
    columns = list(rows[0])
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE targets ({', '.join(columns)})")
    start = time.perf_counter()
    conn.executemany(
        f"INSERT INTO targets VALUES ({', '.join('?' for _ in columns)})", [list(r.values()) for r in rows]
    )
    conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def raw_upload(server: LiveServer, session: auth.Session, photos: list[bytes]) -> None:
    with requests.Session() as http:
        http.headers.update(bearer(session))
        for data in photos:
            sha = hashlib.sha256(data).hexdigest()
            http.post(f"{server.url}/api/blobs/{sha}", headers={"Upload-Length": str(len(data))}, timeout=60)
            http.patch(
                f"{server.url}/api/blobs/{sha}", headers={"Upload-Offset": "0"}, data=data, timeout=120
            ).raise_for_status()


class _Sink(BaseHTTPRequestHandler):
    """PUT /<name>: the body is written to a file and fsynced, as the blob store does, and nothing more."""

    folder: Path

    def do_PUT(self) -> None:
        size = int(self.headers["Content-Length"])
        with open(self.folder / self.path.strip("/"), "wb") as fh:
            remaining = size
            while remaining:
                chunk = self.rfile.read(min(remaining, 1 << 20))
                fh.write(chunk)
                remaining -= len(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


def raw_put(folder: Path, photos: list[bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handler = type("Sink", (_Sink,), {"folder": folder})
    sink = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    try:
        with requests.Session() as http:
            for data in photos:
                url = f"http://127.0.0.1:{sink.server_address[1]}/{hashlib.sha256(data).hexdigest()}"
                http.put(url, data=data, timeout=120).raise_for_status()
    finally:
        sink.shutdown()
        sink.server_close()


if __name__ == "__main__":
    main()
