"""End to end: the real server process on a loopback port, driven by its CLI and over HTTP with `requests`."""

from __future__ import annotations

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
        live.cli(
            "create-user",
            "--username",
            "lead",
            "--password",
            "lead-pw",
            "--name",
            "李强",
            "--team",
            PUBLIC,
            "--role",
            "team_lead",
        )
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
    lead = _login(server, "lead", "lead-pw")
    new = target(CHANGNING, "长宁体育馆")
    body = {"device_id": "e2e", "mutations": [mutation(new)]}
    first = lead.post(f"{server.url}/api/sync/push", json=body, timeout=10).json()["results"]
    assert first[0]["status"] == "accepted"
    server.kill()  # acknowledged means durable
    server.start()
    assert lead.post(f"{server.url}/api/sync/push", json=body, timeout=10).json()["results"] == first
    admin = _login(server, "admin", "admin-pw")
    records = _pull_all(server, admin)
    assert records[("targets", new.id)]["data"]["name"] == "长宁体育馆"
    assert {c["data"]["username"] for k, c in records.items() if k[0] == "inspectors"} == {"admin", "zhang", "lead"}
