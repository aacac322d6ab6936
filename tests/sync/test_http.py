"""The HTTP client against the real server: typed answers, and each failure as the exception that says what to do
(retry later, sign in again, or do not retry)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.models import Task, new_id
from app.models.wire import CodeAnswer
from app.sync.errors import AuthError, BadRequestError, OfflineError, ServerError
from app.sync.http import SyncClient
from tests.browser.site import seed
from tests.helpers.devices import enrol, new_target
from tests.helpers.live_server import PASSWORD, LiveServer, free_port


def test_a_wrong_password_or_token_is_an_auth_error(live_server: LiveServer) -> None:
    client = SyncClient(live_server.url)
    with pytest.raises(AuthError) as refused:
        client.login("zhang", "not-the-password", "device-1")
    assert " / " in str(refused.value)  # bilingual, as the status bar shows it
    assert client.login("zhang", PASSWORD, "device-1").token
    with pytest.raises(AuthError):
        SyncClient(live_server.url, "forged-token").pull(0, 10)
    client.close()


def test_no_server_on_the_port_is_offline(tmp_path: Path) -> None:
    with pytest.raises(OfflineError):
        SyncClient(f"http://127.0.0.1:{free_port()}", "token", timeout=(1.0, 1.0)).pull(0, 10)


def test_push_and_pull_answer_typed_messages(live_server: LiveServer, tmp_path: Path) -> None:
    lead = enrol(live_server.url, tmp_path, "lead")
    target = lead.store.save(new_target("类型宾馆"))
    [mutation] = lead.store.outbox_batch(10)

    answer = lead.client.push("device-http", [mutation])

    [result] = answer.results
    assert (result.mutation_id, result.status, result.version) == (mutation.mutation_id, "accepted", 1)
    page = lead.client.pull(0, 1000)
    assert target.id in {c.id for c in page.changes if c.entity == "targets"} and page.cursor > 0
    lead.close()


def test_a_code_request_answers_a_typed_code_or_refuses_in_words(live_server: LiveServer, tmp_path: Path) -> None:
    _completed, pending = seed(live_server)
    lead = enrol(live_server.url, tmp_path, "lead")
    lead.engine.sync()
    [seeded] = lead.store.find(Task, id=pending.task_ids)
    task = lead.store.save(seeded.model_copy(update={"id": new_id(), "version": 0}))
    lead.engine.sync()

    answer = lead.client.request_code([task.id])

    assert isinstance(answer, CodeAnswer) and answer.code.task_ids == [task.id]
    assert answer.url.endswith(answer.code.short_code)
    assert lead.client.request_code(pending.task_ids).code.id == pending.id  # asked again: the code issued to him
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    with pytest.raises(BadRequestError) as refused:
        zhang.client.request_code(pending.task_ids)  # they hold a valid code already, issued to someone else
    assert refused.value.status == 409 and refused.value.code == "code_exists" and " / " in str(refused.value)
    zhang.close()
    lead.close()


class _Answers(BaseHTTPRequestHandler):
    body = b""
    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *_args: object) -> None:
        pass


@contextmanager
def _answering(body: bytes, seen: list[str] | None = None) -> Iterator[str]:
    handler = type("Answers", (_Answers,), {"body": body, "seen": [] if seen is None else seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("body", [b"<html>proxy login</html>", b'{"changes": [', b"\xff\xfe", b""])
def test_a_pull_answer_that_is_not_json_is_a_server_error(body: bytes) -> None:
    with _answering(body) as url:
        client = SyncClient(url, "token")
        with pytest.raises(ServerError) as err:
            client.pull(0, 10)
        client.close()
    assert "JSON" in err.value.en


def test_a_pull_answer_of_the_wrong_shape_is_refused_whole() -> None:
    page = b'{"changes": [{"seq": 1, "entity": "targets", "id": "x", "version": 1, "data": {}, "evil": 1}],'
    with _answering(page + b' "cursor": 1, "has_more": false}') as url:
        client = SyncClient(url, "token")
        with pytest.raises(ValidationError):
            client.pull(0, 10)
        client.close()


def test_the_pipelined_pull_goes_through_the_proxy_the_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """As requests does for every other call: an HTTP proxy gets the request in absolute form."""
    seen: list[str] = []
    last = b'{"changes": [], "cursor": 7, "has_more": false}'
    with _answering(last, seen) as proxy:
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", proxy)
        client = SyncClient(f"http://127.0.0.1:{free_port()}", "token")  # nothing listens there: only the proxy
        [page] = list(client.pull_pages(3, 10))
        client.close()
    assert page.cursor == 7 and seen and seen[0].startswith("http://127.0.0.1:") and "since=3" in seen[0]
