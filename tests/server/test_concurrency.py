"""Many requests at once against a small connection pool, on the real server process: nobody deadlocks.

Before issue 11 each request took a connection to check its token and held it until teardown, while the handlers
waited for worker threads: with more requests in flight than threads plus connections, every thread waited in the
pool for a connection held by a request that waited for a thread (`QueuePool limit … timed out` after 30 s, 500s).
Here the pool has 2 connections, the process 8 threads and one reader slot, and 200 pushes and pulls (a fresh token
check for many of them) arrive together. Run against the code before the fix (its own pool of 15 and 40 threads),
the PostgreSQL case failed with 500s after the pool's 30 s wait; on SQLite the old code got through (its connections
are quicker to give back), so there this is the small-pool check only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.helpers import postgres
from tests.helpers.live_server import PASSWORD, LiveServer
from tests.server.world import mutation, target

REQUESTS = 200
TOKENS = 10
TIMEOUT = 90  # far beyond the pool's wait (20 s): a deadlock shows as 500s, not as a hung test


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def small_pool_server(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LiveServer]:
    url = None
    if request.param == "postgres":
        postgres.require_postgres()
        url = postgres.create_database()
    monkeypatch.setenv("FI_DB_POOL_SIZE", "2")
    monkeypatch.setenv("FI_THREADS", "8")
    monkeypatch.setenv("FI_READER_SLOTS", "1")  # a hundred pulls through one slot, queued on the event loop
    monkeypatch.setenv("FI_DB_POOL_TIMEOUT", "20")
    server = LiveServer(tmp_path / "data", url)
    server.seed_users()
    try:
        yield server.start()
    finally:
        server.kill()
        if url:
            postgres.drop_database(url)


def test_many_requests_against_a_small_pool_all_answer(small_pool_server: LiveServer) -> None:
    url = small_pool_server.url
    tokens = [
        requests.post(
            f"{url}/api/auth/login",
            json={"username": "lead", "password": PASSWORD, "device_id": f"laptop-{n}"},
            timeout=TIMEOUT,
        ).json()["token"]
        for n in range(TOKENS)
    ]
    start = threading.Barrier(REQUESTS)

    def one(n: int) -> tuple[int, str]:
        headers = {"Authorization": f"Bearer {tokens[n % TOKENS]}"}
        start.wait()
        if n % 2:
            response = requests.get(f"{url}/api/sync/pull", params={"since": 0}, headers=headers, timeout=TIMEOUT)
            return response.status_code, "pulled" if response.ok else response.text
        body = {"device_id": f"laptop-{n % TOKENS}", "mutations": [mutation(target())]}
        response = requests.post(f"{url}/api/sync/push", json=body, headers=headers, timeout=TIMEOUT)
        return response.status_code, response.json()["results"][0]["status"] if response.ok else response.text

    with ThreadPoolExecutor(REQUESTS) as pool:
        answers = list(pool.map(one, range(REQUESTS)))

    assert answers == [(200, "pulled" if n % 2 else "accepted") for n in range(REQUESTS)]
    assert "QueuePool limit" not in small_pool_server.log_path.read_text(errors="replace")
    headers = {"Authorization": f"Bearer {tokens[0]}"}
    pulled = requests.get(f"{url}/api/sync/pull", params={"since": 0}, headers=headers, timeout=TIMEOUT).json()
    assert sum(c["entity"] == "targets" for c in pulled["changes"]) == REQUESTS // 2
