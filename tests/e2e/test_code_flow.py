"""查前必申码 → 无码不检查, end to end: the demo inspector requests a code from the real server, the code opens the
store's gate offline, the inspection syncs back; a refused request says why and stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from app.models import InspectionCode, ResultValue, Task, TaskStatus
from app.models.domain import Inspection, ItemResult
from app.store import Store
from app.sync import auth
from app.sync.codes import request_codes
from app.sync.engine import SyncEngine, device_id
from app.sync.http import SyncClient
from demo import DEMO_PASSWORD
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def zhang(demo_server: LiveServer, tmp_path: Path) -> Iterator[tuple[Store, SyncClient]]:
    store = Store.open(tmp_path / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(tmp_path, None), demo_server.url, "zhang.wei", DEMO_PASSWORD)
    client = SyncClient(demo_server.url, session.token)
    SyncEngine(store, client).sync()
    yield store, client
    client.close()
    store.close()


def _my_planned_task(store: Store) -> Task:
    me = store.current_inspector_id()
    return next(t for t in store.find(Task, status="planned") if me in t.inspector_ids)


def test_a_requested_code_opens_the_gate_and_the_inspection_reaches_the_server(
    demo_server: LiveServer, zhang: tuple[Store, SyncClient]
) -> None:
    store, client = zhang
    task = _my_planned_task(store)
    [answer] = request_codes(store, client, [task.id])
    assert answer.refusal is None and answer.code is not None
    code = store.get(InspectionCode, answer.code.id)
    assert code is not None and task.id in code.task_ids  # stored at once, usable offline

    inspection = store.save(
        Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )
    item = code.checklist_item_ids[0]
    store.save(ItemResult(inspection_id=inspection.id, code_id=code.id, item_id=item, result=ResultValue.COMPLIANT))
    summary = SyncEngine(store, client).sync()
    assert summary.accepted == 2 and summary.rejected == 0
    assert store.get(Task, task.id).status == TaskStatus.CODE_REQUESTED  # the server's change, pulled back
    [use] = _uses(demo_server, code.id)  # 凭码检查 logged: who, from which device, when the inspection started
    assert (use["username"], use["device_id"]) == ("zhang.wei", device_id(store))
    assert datetime.fromisoformat(use["used_at"]).replace(tzinfo=UTC) == inspection.started_at.astimezone(UTC)


def _uses(server: LiveServer, code_id: str) -> list[dict[str, str]]:
    admin = SyncClient(server.url)
    try:
        token = admin.login("admin", DEMO_PASSWORD, "e2e-admin").token
    finally:
        admin.close()
    response = requests.get(f"{server.url}/api/codes/{code_id}/uses", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()["uses"]


def test_a_refused_request_says_why_and_stores_nothing(zhang) -> None:
    store, client = zhang
    others = [t for t in store.list(Task) if store.current_inspector_id() not in t.inspector_ids]
    assert others, "the demo data gives zhang.wei's team tasks of other inspectors"
    codes_before = len(store.list(InspectionCode))
    [answer] = request_codes(store, client, [others[0].id])
    assert answer.code is None and "assigned inspector may request" in (answer.refusal or "")
    assert len(store.list(InspectionCode)) == codes_before
