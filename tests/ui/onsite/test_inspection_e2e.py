"""A whole inspection on site, offline and by keyboard, then synced to the real server.

zhang.wei requests a code for one of his tasks while online; then, with no network: Today shows the code valid, Enter
opens the inspection, every item is answered with one key, a non-compliant item gets a note, another a photo, all
sign, the on-site record is made as PDF (its Chinese text read back), and Ctrl+Enter finishes; a result is amended
afterwards. Back online, one sync sends it all; a second device of the same user pulls the completed inspection, its
results and the amendment from the server.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents import DocumentKind, make
from app.models import Evidence, Inspection, InspectionCode, InspectionStatus, ItemResult, Signature, Task, TaskStatus
from app.models.domain import Amendment
from app.onsite import amendments
from app.store import Store
from app.sync import auth
from app.sync.codes import request_codes
from app.sync.engine import SyncEngine
from app.sync.http import SyncClient
from app.ui.onsite.signature_pad import SignatureDialog
from app.ui.onsite.today_view import TodayView
from app.ui.qt import QApplication, Qt
from demo import DEMO_PASSWORD
from tests.helpers.live_server import LiveServer
from tests.onsite.evidence_helpers import jpeg
from tests.ui.conftest import settle
from tests.ui.onsite.test_signature_pad import stroke

pytestmark = pytest.mark.e2e


def _device(server: LiveServer, folder: Path) -> tuple[Store, SyncClient]:
    store = Store.open(folder / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(folder, None), server.url, "zhang.wei", DEMO_PASSWORD)
    client = SyncClient(server.url, session.token)
    SyncEngine(store, client).sync()
    return store, client


def _active(qtbot, widget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def test_a_whole_inspection_by_keyboard_offline_then_synced(
    qtbot, app, demo_server, tmp_path: Path, make_runner
) -> None:
    store, client = _device(demo_server, tmp_path / "laptop")
    me = store.current_inspector_id()
    task = next(t for t in store.find(Task, status="planned") if me in t.inspector_ids)
    [answer] = request_codes(store, client, [task.id])  # 查前必申码, still in the office
    assert answer.code is not None
    SyncEngine(store, client).sync()  # as the main window does after a request: the task is now code_requested
    client.close()  # from here on, no network

    runner = make_runner(store)
    today = TodayView(runner, me)
    qtbot.add_widget(today)
    _active(qtbot, today)
    qtbot.waitUntil(lambda: not today.loading and today.tree.topLevelItemCount() > 0)
    row = next(n for n, v in enumerate(today.visits) if task.id in v.task_ids)
    today.tree.setCurrentItem(today.tree.topLevelItem(row))
    assert "有效" in today.tree.topLevelItem(row).text(2)  # verified offline against the pinned key
    today.tree.setFocus()
    with qtbot.waitSignal(today.inspection_opened) as opened:
        qtbot.keyClick(today.tree, Qt.Key.Key_Return)
    window = opened.args[0]  # closed (and deleted) by the test or by Today's shutdown
    _active(qtbot, window)
    items = window.model.items
    assert len(items) == len(answer.code.checklist_item_ids) >= 3

    qtbot.keyClick(window.view, Qt.Key.Key_2)  # first item non-compliant: the note is asked for
    window.note_edit.insert("未见消毒登记记录")
    qtbot.keyClick(window.note_edit, Qt.Key.Key_Return)
    qtbot.keyClick(window.view, Qt.Key.Key_N)  # second non-compliant: a photo instead of a note
    qtbot.keyClick(window.note_edit, Qt.Key.Key_Escape)
    with qtbot.waitSignal(window.evidence.import_finished, timeout=20_000):
        window.evidence.add_files([jpeg(tmp_path / "IMG_0001.JPG", taken="2026:11:23 10:05:00", offset="+08:00")])
    qtbot.waitUntil(lambda: items[1].id in window.model.photographed)
    window.view.go_to_item(items[2].id)
    for _ in items[2:]:
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: window.progress_label.text() == f"已答 {len(items)} / {len(items)}")
    window.findings.setPlainText("消毒登记记录缺失，已责令改正。")
    window.save_findings()

    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialog
    assert isinstance(dialog, SignatureDialog)
    qtbot.waitUntil(lambda: bool(dialog.signers))  # read on the runner's worker
    for signer in dialog.signers:
        if signer.role == "party":
            dialog.party_name.setText("王经理")
        stroke(dialog.pad, [(40, 120), (90, 60), (150, 140), (220, 70)])
        with qtbot.waitSignal(dialog.signed):
            assert dialog.confirm()
    dialog.close()
    settle(qtbot, runner)

    pdf = make(store, window.inspection.id, DocumentKind.SITE_RECORD)
    text = re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "现场检查笔录" in text and "未见消毒登记记录" in text and answer.code.short_code in text

    _active(qtbot, window)  # back from the signature dialog
    with qtbot.waitSignal(window.finished):
        qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    inspection_id = window.inspection.id
    window.dialog.close()
    window.close()
    today.shutdown()
    settle(qtbot, runner)
    amended = amendments.amend_result(  # a correction after the visit: recorded beside the locked result
        store, store.get(Inspection, inspection_id), items[-1].id, result="not_applicable", reason="复核：该项不适用"
    )

    online = SyncClient(demo_server.url, auth.TokenVault(tmp_path / "laptop", None).load("zhang.wei"))
    summary = SyncEngine(store, online).sync()  # back in the office
    online.close()
    assert (summary.rejected, summary.conflicts) == (0, 0) and store.outbox() == []

    other, other_client = _device(demo_server, tmp_path / "desktop")  # what the server now holds
    try:
        inspection = other.get(Inspection, inspection_id)
        assert inspection is not None and inspection.status == InspectionStatus.COMPLETED
        assert inspection.findings == "消毒登记记录缺失，已责令改正。"
        results = {r.item_id: (r.result, r.note) for r in other.find(ItemResult, inspection_id=inspection_id)}
        assert results[items[0].id] == ("non_compliant", "未见消毒登记记录") and len(results) == len(items)
        assert [e.item_id for e in other.find(Evidence, inspection_id=inspection_id)] == [items[1].id]
        assert len(other.find(Signature, inspection_id=inspection_id)) == len(dialog.signers)
        assert other.get(Task, task.id).status == TaskStatus.COMPLETED
        [amendment] = other.find(Amendment, inspection_id=inspection_id)
        assert amendment.id == amended[0].id and amendment.reason == "复核：该项不适用"
        assert other.get(InspectionCode, answer.code.id) is not None
    finally:
        other_client.close()
        other.close()
        store.close()
