"""The conflicts page empties when the team lead resolved its conflict in the inbox (issue 12): the app's own sync
worker pulls the lead's choice, the store closes the conflict and says so, and the page reads its list again."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import Target
from app.store import Store
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from app.ui.conflicts_view import ConflictsView
from app.ui.runner import Runner
from app.ui.sync_worker import SyncThread, SyncWorker
from tests.e2e.test_conflict_resolution import _disputed, _entry
from tests.helpers.live_server import LiveServer, live_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.e2e


def test_the_conflicts_page_empties_once_the_leads_choice_is_pulled(
    qtbot,
    live_server: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    lead, zhang, li, target = _disputed(live_server, tmp_path)
    path, token = li.store.path, li.client.token
    li.close()
    zhang.close()
    runner = Runner(path)
    view = ConflictsView(runner)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.list.count() == 1, timeout=10_000)

    lead.client.resolve_conflict(_entry(lead, target), "other")  # li's address, put back by the lead
    lead.close()

    worker = SyncWorker(lambda: SyncEngine(Store.open(path), SyncClient(live_server.url, token)), interval_ms=600_000)
    worker.records_changed.connect(runner.changed)  # as the main window does: the sync's writes told like any other
    thread = SyncThread(worker, runner)
    try:
        with qtbot.waitSignal(worker.finished, timeout=20_000):
            thread.start()
        qtbot.waitUntil(lambda: view.list.count() == 0 and view.empty_label.isVisibleTo(view), timeout=10_000)
        addresses: list[str] = []
        runner.run(lambda store: store.get(Target, target.id).address, addresses.append)
        qtbot.waitUntil(lambda: addresses == ["长宁路8号乙"], timeout=5000)
    finally:
        thread.stop()
        runner.close()
