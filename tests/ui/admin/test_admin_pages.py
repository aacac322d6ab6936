"""The admin's pages against the real server with the demo district: users and teams as synced; an import previewed
with its refused rows and their reasons, with upload progress, then imported; a device signed out for good; a code
revoked with a reason, its use log read, and the revocation reaching the store at the next sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import InspectionCode, Task
from app.store import Store
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.errors import AuthError, SyncError
from app.ui.admin import AdminClient, AdminPages
from app.ui.runner import Runner
from demo import DEMO_PASSWORD
from tests.helpers.live_server import LiveServer, demo_server  # noqa: F401 (fixture)

DATA = Path(__file__).resolve().parents[2] / "data"


def _sign_in(url: str, folder: Path, username: str) -> tuple[Store, AdminClient, SyncEngine]:
    store = Store.open(folder / "store.sqlite3")
    session = auth.login(store, auth.TokenVault(folder, None), url, username, DEMO_PASSWORD)
    client = AdminClient(url, session.token, timeout=(2.0, 30.0))
    return store, client, SyncEngine(store, client)


def _a_code(client: AdminClient, store: Store) -> str:
    """A code for one of the demo's planned, staffed tasks, asked by the admin (a task the grade rules allow)."""
    for task in store.find(Task, status="planned"):
        if len(task.inspector_ids) < 2:
            continue
        try:
            return client.request_code([task.id]).code.id
        except SyncError:  # a task the visit rules refuse: try the next
            continue
    raise AssertionError("no demo task could be coded")


def test_admin_pages_import_devices_and_codes(
    qtbot,
    demo_server: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    store, client, engine = _sign_in(demo_server.url, tmp_path / "admin", "admin")
    engine.sync()
    code_id = _a_code(client, store)
    engine.sync()
    inspector_store, inspector, inspector_engine = _sign_in(demo_server.url, tmp_path / "zhang", "zhang.wei")
    inspector_engine.sync()
    store_path = store.path
    store.close()
    runner = Runner(store_path)
    pages = AdminPages(runner, client)
    qtbot.addWidget(pages)

    # users and teams, as synced
    qtbot.waitUntil(lambda: pages.people.users.rowCount() > 10, timeout=10_000)
    names = {pages.people.teams.item(r, 0).text() for r in range(pages.people.teams.rowCount())}
    assert {"公共场所科", "医疗机构科"} <= names

    # the import: preview with refused rows and their reasons, then the import itself
    sent: list[tuple[int, int]] = []
    pages.imports._progress.sent.connect(lambda a, b: sent.append((a, b)))
    pages.setCurrentWidget(pages.imports)
    pages.imports.set_kind("targets")
    pages.imports.set_file(DATA / "targets_import.xlsx")
    assert not pages.imports.import_button.isEnabled()  # only after a preview
    pages.imports.preview()
    qtbot.waitUntil(lambda: pages.imports.report is not None, timeout=30_000)
    assert pages.imports.refused.rowCount() == 6
    reasons = "\n".join(pages.imports.refused.item(r, 3).text() for r in range(6))
    assert "徐家汇街道" in reasons and "校验位" in reasons and "重复" in reasons
    assert pages.imports.changes.rowCount() == 4
    assert sent and sent[-1][0] == sent[-1][1] == (DATA / "targets_import.xlsx").stat().st_size
    checked = [(done, total) for stage, done, total in pages.imports.rows_seen if stage == "checking"]
    assert checked and checked[-1][0] == checked[-1][1] == pages.imports.report.rows  # the server's rows, as checked
    assert pages.imports.import_button.isEnabled()
    pages.imports.run_import()
    qtbot.waitUntil(lambda: pages.imports.report is not None and not pages.imports.report.dry_run, timeout=30_000)
    assert pages.imports.report.created_count == 4
    assert "已导入" in pages.imports.summary.text()

    # a device signed out for good
    pages.setCurrentWidget(pages.devices)
    qtbot.waitUntil(lambda: any(d.username == "zhang.wei" for d in pages.devices.devices), timeout=10_000)
    row = next(n for n, d in enumerate(pages.devices.devices) if d.username == "zhang.wei")
    pages.devices.table.selectRow(row)
    pages.devices.confirm = False
    pages.devices.revoke_selected()
    qtbot.waitUntil(lambda: pages.devices.message.text().startswith("已吊销"), timeout=10_000)
    qtbot.waitUntil(lambda: all(d.username != "zhang.wei" for d in pages.devices.devices), timeout=10_000)
    with pytest.raises(AuthError):
        inspector.pull(0, 10)

    # a code revoked with a reason; its use log read
    pages.setCurrentWidget(pages.codes)
    qtbot.waitUntil(lambda: any(c.id == code_id for c, _ in pages.codes.codes), timeout=10_000)
    pages.codes.select_code(code_id)
    qtbot.waitUntil(lambda: pages.codes.uses.count() >= 1, timeout=10_000)
    assert not pages.codes.revoke_button.isEnabled()  # a reason first
    pages.codes.reason.setText("任务取消")
    with qtbot.waitSignal(pages.codes.revoked, timeout=10_000):
        pages.codes.revoke_button.click()
    assert "已撤销" in pages.codes.message.text()
    runner.close()
    with Store.open(store_path) as again:  # the next sync brings the revocation into the store
        SyncEngine(again, client).sync()
        assert again.get(InspectionCode, code_id).revoke_reason == "任务取消"
    client.close()
    inspector.close()
    inspector_store.close()


def test_an_admins_main_window_has_the_admin_pages_last(qtbot, demo_store: Store, translations, make_runner) -> None:
    from app.models import Inspector
    from app.ui.main_window import MainWindow

    admin = demo_store.find(Inspector, username="admin")[0]
    demo_store.set_meta("user.inspector_id", admin.id)  # as the login records it
    window = MainWindow(make_runner(demo_store), translations)
    qtbot.add_widget(window)
    window.show()
    qtbot.waitUntil(lambda: hasattr(window, "admin_pages"))  # once the worker has read who signed in
    last = window.pages.count() - 1  # the admin's pages come after every lead page, however many there are
    assert window.pages.tabText(last) == "管理" and window.pages.widget(last) is window.admin_pages
    pages = window.admin_pages
    qtbot.waitUntil(lambda: pages.people.users.rowCount() == len(demo_store.list(Inspector)), timeout=10_000)
    assert [pages.tabText(i) for i in range(pages.count())] == ["人员与科室", "登录设备", "导入", "检查表", "检查码"]
    assert not pages.imports.preview_button.isEnabled()  # no server: nothing to send to
    actions = window.file_menu.actions()
    assert {window.named_task_action, window.penalty_action, window.task_checklists_action} <= set(actions)
    assert window.edit_task_checklists() is None  # nothing selected on the board: said so, no dialog
    window.board.toggle_selected(demo_store.find(Task, status="planned")[0].id)
    dialog = window.edit_task_checklists()
    qtbot.waitUntil(lambda: dialog.checklists.count() > 0, timeout=10_000)
    assert dialog.chosen()  # the task's fitting checklists are ticked
    dialog.reject()
    window.close()
