"""End to end: the real server process on a loopback port, driven by its CLI and over HTTP with `requests`."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.helpers import postgres
from tests.helpers.live_server import LiveServer, start_server
from tests.server.world import CHANGNING, PUBLIC, mutation, target

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    database_url = None
    if request.param == "postgres":
        postgres.require_postgres()
        database_url = postgres.create_database()
    live = start_server(tmp_path, database_url)
    try:
        live.cli("init", "--admin", "admin", "--password", "admin-pw")
        live.cli("create-user", "--username", "zhang", "--password", "zhang-pw", "--name", "张伟", "--team", PUBLIC)
        yield live
    finally:
        live.kill()
        if database_url:
            postgres.drop_database(database_url)


def _login(server: LiveServer, username: str, password: str) -> requests.Session:
    response = requests.post(
        f"{server.url}/api/auth/login",
        timeout=10,
        json={"username": username, "password": password, "device_id": "e2e"},
    )
    assert response.status_code == 200, response.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {response.json()['token']}"
    return session


def _pull_all(server: LiveServer, http: requests.Session) -> dict[tuple[str, str], dict]:
    records, since = {}, 0
    while True:
        page = http.get(f"{server.url}/api/sync/pull", params={"since": since, "limit": 2}, timeout=10).json()
        records.update({(c["entity"], c["id"]): c for c in page["changes"]})
        since = page["cursor"]
        if not page["has_more"]:
            return records


def test_push_and_pull_over_http_survive_a_crash(server: LiveServer) -> None:
    zhang = _login(server, "zhang", "zhang-pw")
    new = target(CHANGNING, "长宁体育馆")
    body = {"device_id": "e2e", "mutations": [mutation(new)]}
    first = zhang.post(f"{server.url}/api/sync/push", json=body, timeout=10).json()["results"]
    assert first[0]["status"] == "accepted"
    server.kill()  # acknowledged means durable
    server.start()
    assert zhang.post(f"{server.url}/api/sync/push", json=body, timeout=10).json()["results"] == first
    admin = _login(server, "admin", "admin-pw")
    records = _pull_all(server, admin)
    assert records[("targets", new.id)]["data"]["name"] == "长宁体育馆"
    assert {c["data"]["username"] for k, c in records.items() if k[0] == "inspectors"} == {"admin", "zhang"}


def test_blob_upload_cut_mid_body_resumes_from_the_bytes_kept(server: LiveServer) -> None:
    zhang = _login(server, "zhang", "zhang-pw")
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    url = f"{server.url}/api/blobs/{sha}"
    assert zhang.post(url, headers={"Upload-Length": str(len(data))}, timeout=10).status_code == 201
    _send_and_drop(server.port, sha, zhang.headers["Authorization"], data, sent=120_000)
    offset = _wait_for_offset(zhang, url, at_least=1)
    assert 0 < offset <= 120_000
    for _attempt in range(5):  # the cut request may still be landing bytes: a 409 tells the offset to use
        done = zhang.patch(url, data=data[offset:], headers={"Upload-Offset": str(offset)}, timeout=10)
        if done.status_code != 409:
            break
        offset = int(done.headers["Upload-Offset"])
    assert done.json()["complete"] is True
    head = zhang.head(url, timeout=10)
    assert head.headers["Upload-Offset"] == head.headers["Upload-Length"] == str(len(data))


def _send_and_drop(port: int, sha: str, authorization: str, data: bytes, sent: int) -> None:
    """A PATCH that promises every byte, sends `sent` of them, and drops the connection."""
    head = (
        f"PATCH /api/blobs/{sha} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {authorization}\r\n"
        f"Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode() + data[:sent])


def _wait_for_offset(http: requests.Session, url: str, at_least: int, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        offset = int(http.head(url, timeout=10).headers["Upload-Offset"])
        if offset >= at_least:
            return offset
        time.sleep(0.05)  # polling interval
    raise TimeoutError("the server kept none of the bytes sent before the drop")
