"""Blob uploads against real server processes: a body cut mid-way resumes from the bytes kept, and two processes on
one PostgreSQL database taking concurrent PATCHes of one blob never leave it stuck (issue 11: Upload-Offset
4,000,000 against Upload-Length 2,000,000 in 6 of 20 rounds with a lock per process)."""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from app.models import Evidence, Inspection, InspectionCode
from server.blobs import UploadLocks
from server.db.engine import make_engine
from tests.browser.site import seed
from tests.helpers import postgres
from tests.helpers.devices import enrol
from tests.helpers.live_server import PASSWORD, LiveServer
from tests.server.world import mutation

pytestmark = pytest.mark.e2e
ROUNDS = 10
PHOTO = 2_000_000


def _servers(folder: Path, database_url: str | None, count: int) -> tuple[list[LiveServer], InspectionCode]:
    """`count` processes on one database and one data folder (blobs, keys); the users and a code seeded first."""
    first = LiveServer(folder, database_url)
    first.seed_users()
    _completed, pending = seed(first)
    servers = [first.start()]
    servers += [LiveServer(folder, database_url).start() for _ in range(count - 1)]
    return servers, pending


@pytest.fixture
def pg_url() -> Iterator[str]:
    postgres.require_postgres()
    url = postgres.create_database()
    yield url
    postgres.drop_database(url)


def _login(server: LiveServer) -> requests.Session:
    body = {"username": "zhang", "password": PASSWORD, "device_id": "laptop"}
    response = requests.post(f"{server.url}/api/auth/login", json=body, timeout=30)
    assert response.status_code == 200, response.text
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {response.json()['token']}"
    return http


def _photos_on_record(server: LiveServer, http: requests.Session, code: InspectionCode, photos: list[bytes]) -> None:
    """zhang's inspection under the code and an evidence record per photo, pushed before any byte."""
    inspection = Inspection(
        code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids
    )
    records = [inspection] + [
        Evidence(
            inspection_id=inspection.id,
            code_id=code.id,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            taken_at=datetime.now(UTC),
        )
        for data in photos
    ]
    body = {"device_id": "laptop", "mutations": [mutation(r) for r in records]}
    results = http.post(f"{server.url}/api/sync/push", json=body, timeout=60).json()["results"]
    assert {r["status"] for r in results} == {"accepted"}, results


@pytest.mark.postgres
def test_concurrent_patches_of_one_blob_on_two_processes_never_leave_it_stuck(tmp_path: Path, pg_url: str) -> None:
    (one, two), code = _servers(tmp_path / "data", pg_url, 2)
    try:
        http = _login(one)
        photos = [os.urandom(PHOTO) for _ in range(ROUNDS)]
        _photos_on_record(one, http, code, photos)
        answers: list[int] = []
        for data in photos:
            sha = hashlib.sha256(data).hexdigest()
            assert http.post(f"{one.url}/api/blobs/{sha}", headers={"Upload-Length": str(PHOTO)}, timeout=30).ok
            start = threading.Barrier(2)

            def patch(server: LiveServer, sha: str = sha, data: bytes = data, start: threading.Barrier = start) -> int:
                start.wait()
                headers = {"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
                return http.patch(f"{server.url}/api/blobs/{sha}", data=data, headers=headers, timeout=60).status_code

            with ThreadPoolExecutor(2) as pool:
                statuses = sorted(pool.map(patch, (one, two)))
            answers += statuses
            assert statuses[0] == 200 and statuses[1] in (200, 409, 423), statuses  # one wrote it; the other waited
            for server in (one, two):
                head = http.head(f"{server.url}/api/blobs/{sha}", timeout=30)
                assert head.headers["Upload-Offset"] == head.headers["Upload-Length"] == str(PHOTO)
            assert (tmp_path / "data" / "blobs" / sha[:2] / sha).read_bytes() == data
        print(f"second PATCH answers over {ROUNDS} rounds: {sorted(answers)}")
    finally:
        for server in (one, two):
            server.kill()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str | None:
    return request.getfixturevalue("pg_url") if request.param == "postgres" else None


def test_blob_upload_cut_mid_body_resumes_from_the_bytes_kept(tmp_path: Path, database_url: str | None) -> None:
    (server,), code = _servers(tmp_path / "data", database_url, 1)
    try:
        http = _login(server)
        data = os.urandom(300_000)
        _photos_on_record(server, http, code, [data])
        sha = hashlib.sha256(data).hexdigest()
        url = f"{server.url}/api/blobs/{sha}"
        assert http.post(url, headers={"Upload-Length": str(len(data))}, timeout=10).status_code == 201
        with _cut_patch(server.port, sha, http.headers["Authorization"], data, sent=120_000):
            _wait_for_offset(http, url, at_least=1)  # the server is writing what arrived; then the line drops
        offset = int(http.head(url, timeout=10).headers["Upload-Offset"])
        assert 0 < offset <= 120_000
        for _attempt in range(50):  # the cut request may still be landing bytes: 409 tells the offset, 423 to wait
            done = http.patch(url, data=data[offset:], headers={"Upload-Offset": str(offset)}, timeout=10)
            if done.status_code not in (409, 423):
                break
            offset = int(done.headers.get("Upload-Offset", offset))
            time.sleep(0.05)  # polling interval while the cut request still holds the upload
        assert done.json()["complete"] is True
        head = http.head(url, timeout=10)
        assert head.headers["Upload-Offset"] == head.headers["Upload-Length"] == str(len(data))
    finally:
        server.kill()


@contextmanager
def _cut_patch(port: int, sha: str, authorization: str, data: bytes, sent: int) -> Iterator[None]:
    """A PATCH that promises every byte, sends `sent` of them, and drops the connection when the block ends."""
    head = (
        f"PATCH /api/blobs/{sha} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {authorization}\r\n"
        f"Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode() + data[:sent])
        yield


def _wait_for_offset(http: requests.Session, url: str, at_least: int, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = http.head(url, timeout=10)
        if answer.status_code == 200 and int(answer.headers["Upload-Offset"]) >= at_least:
            return int(answer.headers["Upload-Offset"])
        time.sleep(0.05)  # polling interval
    raise TimeoutError("the server kept none of the bytes sent before the drop")


@pytest.mark.postgres
def test_a_client_told_to_wait_goes_on_at_its_next_sync(tmp_path: Path, pg_url: str) -> None:
    """Another request holds the blob (as a PATCH cut a moment ago may still): the sync ends without an error, the
    photo still queued, and the next sync sends it."""
    (server,), code = _servers(tmp_path / "data", pg_url, 1)
    try:
        laptop = enrol(server.url, tmp_path / "laptop", "zhang")
        laptop.engine.sync()
        inspection = laptop.store.save(
            Inspection(
                code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids
            )
        )
        sha = laptop.store.blobs.put_bytes(os.urandom(50_000))
        photo = laptop.store.save(
            Evidence(inspection_id=inspection.id, code_id=code.id, sha256=sha, size=50_000, taken_at=datetime.now(UTC))
        )
        engine = make_engine(pg_url)
        release = UploadLocks(engine).try_acquire(sha)  # the server's own lock, taken as another request would
        assert release is not None
        try:
            assert laptop.engine.sync().blobs_uploaded == 0
            assert [u.sha256 for u in laptop.store.pending_uploads()] == [sha]
        finally:
            release()
            engine.dispose()
        assert laptop.engine.sync().blobs_uploaded == 1
        assert laptop.store.sync_state(Evidence, photo.id) == "verified"
        laptop.close()
    finally:
        server.kill()
