"""A schema-driven fuzzer (schemathesis, pinned) over the whole OpenAPI schema of the real server, as a team lead.

Every operation gets valid and invalid requests generated from its schema, on SQLite and on PostgreSQL. Each answer
must be no 5xx and must be what the route declares: its status, content type, headers and body (its model, or an
`ErrorBody` for a refusal). Failures
are collected, not raised, so one run reports them all; the number of requests is printed. The CI run is bounded by
examples per operation (`EXAMPLES`); `pytest -m long` runs `LONG_EXAMPLES`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.helpers import postgres
from tests.helpers.live_server import PASSWORD, LiveServer

pytestmark = pytest.mark.e2e
EXAMPLES = 25  # per operation and mode: ~600 requests, 20–65 s per database here (quiet or busy machine)
LONG_EXAMPLES = 400  # ~8,000 requests, ~10 minutes per database
CHECKS = [  # no 5xx; every status, content type, header and body as the route declares it
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
LOGOUT = "/api/auth/logout"  # would end the shared token: each of its cases logs in for a token of its own


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    url = None
    if request.param == "postgres":
        postgres.require_postgres()
        url = postgres.create_database()
    live = LiveServer(tmp_path / "fuzzed", url)
    try:
        live.seed_users()
        live.start()
        yield live
    finally:
        live.kill()
        if url:
            postgres.drop_database(url)


def _token(server: LiveServer) -> str:
    body = {"username": "lead", "password": PASSWORD, "device_id": "fuzzer"}
    response = requests.post(f"{server.url}/api/auth/login", json=body, timeout=30)
    response.raise_for_status()
    return response.json()["token"]


@dataclass
class Run:
    server: LiveServer
    token: str
    session: requests.Session = field(default_factory=requests.Session)
    requests: int = 0
    failures: list[str] = field(default_factory=list)

    def call(self, case: schemathesis.Case) -> None:
        token = _token(self.server) if case.operation.path == LOGOUT else self.token
        headers = {"Authorization": f"Bearer {token}"}
        response = case.call(base_url=self.server.url, session=self.session, headers=headers, timeout=30)
        self.requests += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as exc:
            self.failures.append(f"{case.operation.label}: {exc.message}")


def fuzz(server: LiveServer, examples: int) -> Run:
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    run = Run(server, _token(server))
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @settings(
                max_examples=min(examples, 3) if operation.path == LOGOUT else examples,  # only the token varies
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def one(case: schemathesis.Case) -> None:
                run.call(case)

            try:
                one()
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                assert mode == schemathesis.GenerationMode.NEGATIVE
    return run


def _report(run: Run, capsys: pytest.CaptureFixture[str], database: str) -> None:
    with capsys.disabled():
        print(f"\nfuzz [{database}]: {run.requests} requests, {len(run.failures)} failures")
    assert run.requests > 0
    assert run.failures == [], "\n".join(run.failures[:10])


def test_no_5xx_and_every_answer_as_declared(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    _report(fuzz(server, EXAMPLES), capsys, "postgres" if server.database_url else "sqlite")


@pytest.mark.long
@pytest.mark.timeout(0)  # runs for many minutes by design
def test_no_5xx_and_every_answer_as_declared_long(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    _report(fuzz(server, LONG_EXAMPLES), capsys, "postgres" if server.database_url else "sqlite")
