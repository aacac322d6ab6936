"""The catalogue page against the real server with the demo district: a lead's edit refused by the server and said
so; the admin's edit of an item of a checklist a code used becomes a new version (the old one kept), shown
after the sync it asks for; an item added to it. A code asked first makes its checklists used."""

from __future__ import annotations

from pathlib import Path

from app.models import Checklist, ChecklistItem, InspectionCode
from app.store import Store
from app.sync.engine import SyncEngine
from app.ui.admin import CataloguePage
from app.ui.runner import Runner
from tests.helpers.live_server import LiveServer, demo_server  # noqa: F401 (fixture)
from tests.ui.admin.test_admin_pages import _a_code, _sign_in


def _used_code(store: Store, code_id: str) -> str:
    """The code of a checklist the code carries (a used, frozen version)."""
    code = store.get(InspectionCode, code_id)
    assert code is not None
    used = set(code.checklist_item_ids)
    item = next(i for i in store.list(ChecklistItem) if i.id in used)
    checklist = store.get(Checklist, item.checklist_id)
    assert checklist is not None
    return checklist.code


def _edit(qtbot, page: CataloguePage, code: str, item_code: str, title: str) -> None:
    page.select_checklist(code)
    page.select_item(item_code)
    assert page.code.text() == item_code
    page.title.setText(title)
    page.save_item()


def test_catalogue_page_edits_through_the_server(
    qtbot,
    demo_server: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    store, client, engine = _sign_in(demo_server.url, tmp_path / "admin", "admin")
    engine.sync()
    code_id = _a_code(client, store)
    engine.sync()
    sheet_code = _used_code(store, code_id)
    path = store.path
    store.close()
    _lead_store, lead, _ = _sign_in(demo_server.url, tmp_path / "lead", "lead.public")
    runner = Runner(path)
    page = CataloguePage(runner, lead)  # a lead's client: the server refuses, the page says why
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: len(page.sheets) > 3, timeout=10_000)
    sheet = next(s for s in page.sheets if s.checklist.code == sheet_code)
    first = sheet.items[0]
    _edit(qtbot, page, sheet_code, first.code, first.title + "（修订）")
    qtbot.waitUntil(lambda: page.message.text().startswith("未保存"), timeout=10_000)
    assert "管理员" in page.message.text()

    page.set_client(client)
    page.title.clear()
    assert not page.save_button.isEnabled() and not page.add_button.isEnabled()  # every field filled first
    page.title.setText(first.title + "（修订）")
    with qtbot.waitSignal(page.edited, timeout=10_000) as edited:
        page.save_item()
    answer = edited.args[0]
    assert answer.new_version and answer.frozen_id == sheet.checklist.id
    assert "第 2 版" in page.message.text() and "原版本保持不变" in page.message.text()
    runner.close()
    with Store.open(path) as again:  # the sync the main window makes on `edited`
        SyncEngine(again, client).sync()
        assert again.get(ChecklistItem, first.id).title == first.title  # the frozen version as it was
        assert again.get(Checklist, answer.checklist.id).checklist_version == 2
    runner = Runner(path)
    page = CataloguePage(runner, client)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: any(s.checklist.id == answer.checklist.id for s in page.sheets), timeout=10_000)
    page.select_checklist(sheet_code)
    assert page.sheet_table.item(page.sheet_table.currentRow(), 3).text() == "第 2 版（保留旧版本 1 个）"
    assert page.item_table.item(0, 1).text() == first.title + "（修订）"
    page.item_table.clearSelection()
    page.code.setText("NEW-01")
    page.title.setText("新增的检查事项")
    page.basis.setText("《公共场所卫生管理条例》第十条")
    with qtbot.waitSignal(page.edited, timeout=10_000) as added:
        page.add_item()
    assert not added.args[0].new_version  # the new version has no code yet: changed in place
    assert added.args[0].item.position == len(sheet.items) + 1
    runner.close()
    client.close()
    lead.close()
