"""Several server processes on one database: PostgreSQL serialises their writers; SQLite refuses to start with two.

Two real server processes on one PostgreSQL database take concurrent pushes to the same records from devices that
race each other, while a third client pulls through both: every accepted edit has a version of its own (no lost
update), the pulled sequence numbers only grow (no duplicate), and the puller ends with every record's last version
(no sequence number committed behind its cursor). And 申码, checked with no lock held, issues one code a task when
two processes are asked for it at once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from app.models import Checklist, ChecklistItem, Plan, Task
from server.__main__ import SQLITE_ONE_WORKER
from server.db.engine import make_engine, make_sessionmaker
from server.db.tables import RecordRow, UserRow
from server.sync.records import RecordCache, write_records
from tests.helpers import postgres
from tests.helpers.live_server import CHANGNING, PASSWORD, PUBLIC, ROOT, LiveServer
from tests.server.world import mutation, plan, target

RECORDS = 3
WRITERS = 6  # devices, three on each process
ROUNDS = 12  # accepted edits each device makes
TIMEOUT = 60
RECHECK = 1  # seconds: how late a process learns of another's logout, in the test below
TASKS = 20  # tasks each asked a code on both processes at once (with 6, a write without the table lock went unseen)


@contextmanager
def running_pair(tmp_path: Path) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two server processes on one new PostgreSQL database, with the users of `live_server` seeded."""
    postgres.require_postgres()
    url = postgres.create_database()
    first = LiveServer(tmp_path / "data", url)
    first.seed_users()
    second = LiveServer(tmp_path / "data", url)  # same data folder (keys, blobs), as the workers of one server
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        first.kill()
        second.kill()
        postgres.drop_database(url)


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[LiveServer, LiveServer]]:
    with running_pair(tmp_path) as pair:
        yield pair


def _post(url: str, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = requests.post(url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT)
    assert response.status_code == 200, response.text
    return response.json()


def _edit_until_accepted(url: str, token: str, device: str, record_id: str, value: str, known: dict[str, int]) -> int:
    """Push `address = value` from `device`; on a conflict take the server's version and try again."""
    while True:
        edit = mutation(entity="targets", record_id=record_id, base_version=known[record_id], fields={"address": value})
        (answer,) = _post(url, token, "/api/sync/push", {"device_id": device, "mutations": [edit]})["results"]
        if answer["status"] == "accepted":
            known[record_id] = answer["version"]
            return answer["version"]
        assert answer["status"] == "conflict", answer
        known[record_id] = answer["record"]["version"]


@pytest.mark.postgres
def test_two_processes_lose_no_update_and_pulls_skip_no_sequence(two_servers: tuple[LiveServer, LiveServer]) -> None:
    servers = [s.url for s in two_servers]
    token = _post(servers[0], "", "/api/auth/login", {"username": "lead", "password": PASSWORD, "device_id": "p"})
    token = token["token"]
    records = [target() for _ in range(RECORDS)]
    created = _post(
        servers[0], token, "/api/sync/push", {"device_id": "seed", "mutations": [mutation(r) for r in records]}
    )
    assert [a["status"] for a in created["results"]] == ["accepted"] * RECORDS
    ids = [r.id for r in records]

    accepted: dict[str, list[tuple[int, str]]] = defaultdict(list)
    lock = threading.Lock()

    def writer(n: int) -> None:
        known = dict.fromkeys(ids, 1)
        for round_ in range(ROUNDS):
            record_id, value = ids[(n + round_) % RECORDS], f"{n}-{round_}"
            version = _edit_until_accepted(servers[n % 2], token, f"device-{n}", record_id, value, known)
            with lock:
                accepted[record_id].append((version, value))

    pulled: dict[str, int] = {}
    seqs: list[int] = []
    writing = threading.Event()

    def pull_once(url: str, cursor: int) -> tuple[int, bool]:
        response = requests.get(
            url + "/api/sync/pull",
            params={"since": cursor, "limit": 2},
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT,
        )
        assert response.status_code == 200, response.text
        page = response.json()
        for change in page["changes"]:
            if change["entity"] == "targets":
                pulled[change["id"]] = change["version"]
            seqs.append(change["seq"])
        return page["cursor"], page["has_more"]

    def puller() -> int:
        cursor, turn = 0, 0
        while writing.is_set():
            cursor, _ = pull_once(servers[turn % 2], cursor)
            turn += 1
        has_more = True
        while has_more:  # catch up after the last commit
            cursor, has_more = pull_once(servers[turn % 2], cursor)
            turn += 1
        return turn

    writing.set()
    with ThreadPoolExecutor(WRITERS + 1) as pool:
        pulling = pool.submit(puller)
        for future in [pool.submit(writer, n) for n in range(WRITERS)]:
            future.result()
        writing.clear()
        pages = pulling.result()

    final = {
        c["id"]: c
        for c in requests.get(
            servers[1] + "/api/sync/pull",
            params={"since": 0, "limit": 2000},
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT,
        ).json()["changes"]
    }
    for record_id in ids:
        versions = sorted(v for v, _ in accepted[record_id])
        assert versions == list(range(2, 2 + len(versions))), "two accepted edits share a version: a lost update"
        assert final[record_id]["version"] == 1 + len(versions)
        assert final[record_id]["data"]["address"] == max(accepted[record_id])[1]
        assert pulled[record_id] == final[record_id]["version"], "the puller skipped a committed change"
    assert sum(len(v) for v in accepted.values()) == WRITERS * ROUNDS
    assert seqs == sorted(set(seqs)), "a sequence number pulled twice or out of order"
    assert pages > 2


@pytest.mark.postgres
def test_a_logout_on_one_process_reaches_the_other_within_the_recheck_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FI_TOKEN_RECHECK_SECONDS", str(RECHECK))
    with running_pair(tmp_path) as (first, second):
        token = _post(first.url, "", "/api/auth/login", {"username": "li", "password": PASSWORD, "device_id": "d"})
        headers = {"Authorization": f"Bearer {token['token']}"}
        for server in (first, second):  # both processes now hold the token's check
            assert requests.get(f"{server.url}/api/sync/pull", headers=headers, timeout=TIMEOUT).status_code == 200
        assert requests.post(f"{first.url}/api/auth/logout", headers=headers, timeout=TIMEOUT).status_code == 204
        assert requests.get(f"{first.url}/api/sync/pull", headers=headers, timeout=TIMEOUT).status_code == 401
        deadline = time.monotonic() + RECHECK + TIMEOUT
        while requests.get(f"{second.url}/api/sync/pull", headers=headers, timeout=TIMEOUT).status_code != 401:
            assert time.monotonic() < deadline, "the other process still takes a token logged out elsewhere"


def _tasks_ready_for_codes(database_url: str) -> list[str]:
    """`TASKS` planned tasks of a registered plan with a checklist, each at its own target and assigned to zhang and
    li, written directly as the server's loaders write."""
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:
        inspectors = {u.username: u.inspector_id for u in session.scalars(select(UserRow))}
        sheet = Checklist(code="GG-01", name="公共场所检查表", industry="hotel")
        item = ChecklistItem(
            checklist_id=sheet.id,
            code="GG-01-1",
            title="卫生许可证",
            legal_basis="条例第十条",
            industry="hotel",
            position=1,
        )
        registered = Plan.model_validate({**plan().model_dump(), "status": "registered", "checklist_ids": [sheet.id]})
        hotels = [target() for _ in range(TASKS)]
        assigned = [inspectors["zhang"], inspectors["li"]]
        tasks = [
            Task(plan_id=registered.id, target_id=h.id, category="district_random", team=PUBLIC, district=CHANGNING)
            for h in hotels
        ]
        tasks = [Task.model_validate({**t.model_dump(), "inspector_ids": assigned}) for t in tasks]
        cache = RecordCache(session)
        write_records(cache, [sheet, item, registered, *hotels, *tasks], username="seed")
        cache.flush()
        session.commit()
    engine.dispose()
    return [t.id for t in tasks]


@pytest.mark.postgres
def test_two_processes_asked_a_code_for_one_task_at_once_issue_one(two_servers: tuple[LiveServer, LiveServer]) -> None:
    first, second = two_servers
    assert first.database_url is not None
    task_ids = _tasks_ready_for_codes(first.database_url)
    tokens = {
        name: _post(first.url, "", "/api/auth/login", {"username": name, "password": PASSWORD, "device_id": name})
        for name in ("lead", "zhang")
    }

    def ask(server: LiveServer, username: str, task_id: str) -> requests.Response:
        headers = {"Authorization": f"Bearer {tokens[username]['token']}"}
        return requests.post(f"{server.url}/api/codes", json={"task_ids": [task_id]}, headers=headers, timeout=TIMEOUT)

    asks = [(server, name, t) for t in task_ids for server, name in ((first, "lead"), (second, "zhang"))]
    with ThreadPoolExecutor(len(asks)) as pool:
        answers = list(pool.map(lambda a: ask(*a), asks))

    for task_id, pair in zip(task_ids, zip(answers[::2], answers[1::2], strict=True), strict=True):
        assert sorted(a.status_code for a in pair) == [201, 409], [a.text for a in pair]
        refused = next(a for a in pair if a.status_code == 409)
        assert refused.json()["code"] == "code_exists", refused.text
        issued = next(a for a in pair if a.status_code == 201).json()["code"]
        assert issued["task_ids"] == [task_id]
    engine = make_engine(first.database_url)
    with engine.connect() as conn:
        codes = conn.execute(select(RecordRow.data).where(RecordRow.entity == "inspection_codes")).scalars().all()
        tasks = conn.execute(select(RecordRow.data).where(RecordRow.entity == "tasks")).scalars().all()
    engine.dispose()
    assert sorted(t for c in codes for t in c["task_ids"]) == sorted(task_ids)  # one code a task, never two
    assert {t["status"] for t in tasks} == {"code_requested"}
    assert {t["version"] for t in tasks} == {2}  # each task's status written once


def test_sqlite_refuses_several_workers(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "server", "serve", "--port", str(server.port), "--workers", "2"],
        env=server.env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 2
    assert SQLITE_ONE_WORKER in result.stderr
    assert "lost updates" in result.stderr
