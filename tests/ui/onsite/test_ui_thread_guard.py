"""The UI thread makes no database call during an inspection: with the guard on (as in debug runs, by the environment
variable), a whole visit from Today — open, show the code (亮码), answer every item, a photo, findings, signatures,
the site record's preview, finish — runs with every Store call on the runner's worker; a call on the UI thread would
raise and fail the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import Evidence, Inspection, InspectionStatus, ItemResult, Signature, Task, TaskStatus
from app.store import Store, guard
from app.store.guard import UIThreadDatabaseError
from app.ui.onsite.today_view import TodayView
from app.ui.qt import QApplication, Qt
from tests.helpers.gate import ME
from tests.onsite.evidence_helpers import jpeg
from tests.onsite.world import SiteWorld, site_world
from tests.ui.conftest import settle
from tests.ui.onsite.test_signature_pad import stroke


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SiteWorld]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield site_world(store)


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(guard.ENV, "1")  # the runner made next switches the guard on for the UI thread
    yield
    guard.allow()


def _active(qtbot, widget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def test_an_inspection_makes_no_database_call_on_the_ui_thread(
    qtbot, world: SiteWorld, app, make_runner, guarded, tmp_path: Path
) -> None:
    code = world.code_for(world.task)
    photo = jpeg(tmp_path / "IMG_0001.JPG")
    runner = make_runner(world.store)
    with pytest.raises(UIThreadDatabaseError):
        world.store.list(Task)  # the guard is on: this very call, on the UI thread, is refused

    today = TodayView(runner, ME)
    qtbot.add_widget(today)
    _active(qtbot, today)
    qtbot.waitUntil(lambda: not today.loading and today.tree.topLevelItemCount() == 1)
    today.tree.setFocus()
    with qtbot.waitSignal(today.inspection_opened) as opened:
        qtbot.keyClick(today.tree, Qt.Key.Key_Return)
    window = opened.args[0]
    _active(qtbot, window)
    assert window.code.id == code.id and len(window.model.items) == len(world.items)
    with qtbot.waitSignal(window.code_shown) as shown:
        window.show_code()
    assert shown.args[0].short_code.text() == code.short_code and shown.args[0].banner.property("valid")
    shown.args[0].close()
    _active(qtbot, window)

    qtbot.keyClick(window.view, Qt.Key.Key_2)  # non-compliant: a photo rather than a note
    qtbot.keyClick(window.note_edit, Qt.Key.Key_Escape)
    with qtbot.waitSignal(window.evidence.import_finished, timeout=20_000) as imported:
        window.evidence.add_files([photo])
    assert imported.args == [1, 0]
    qtbot.waitUntil(lambda: world.items[0].id in window.model.photographed)
    window.view.go_to_item(world.items[1].id)
    for _ in world.items[1:]:
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.findings.setPlainText("诊室消毒登记缺页")
    window.sign()
    dialog = window.dialog
    qtbot.waitUntil(lambda: bool(dialog.signers))
    for signer in dialog.signers:
        if signer.role == "party":
            dialog.party_name.setText("王经理")
        stroke(dialog.pad, [(40, 120), (90, 60), (150, 140), (220, 70)])
        with qtbot.waitSignal(dialog.signed):
            assert dialog.confirm()
    window.documents()
    preview = window.dialog
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=30_000)
    preview.close()
    _active(qtbot, window)
    with qtbot.waitSignal(window.finished, timeout=10_000):
        qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.locked and "检查已完成" in window.message.text()
    window.dialog.close()
    window.close()
    today.shutdown()
    settle(qtbot, runner)
    guard.allow()

    [inspection] = world.store.list(Inspection)
    assert inspection.status == InspectionStatus.COMPLETED and inspection.findings == "诊室消毒登记缺页"
    results = {r.item_id: r.result for r in world.store.list(ItemResult)}
    assert len(results) == len(world.items) and results[world.items[0].id] == "non_compliant"
    assert [e.item_id for e in world.store.list(Evidence)] == [world.items[0].id]
    assert len(world.store.list(Signature)) == len(dialog.signers)
    assert world.store.get(Task, world.task.id).status == TaskStatus.COMPLETED
