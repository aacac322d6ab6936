"""The main window through pytest-qt: the list loads, search-as-you-type filters it, a selection fills the profile."""

from __future__ import annotations

from app.models import Inspection, Inspector, Licence
from app.store import Store
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QSettings, Qt
from app.ui.target_table import Column
from tests.ui.typing import type_text

DISPLAY = Qt.ItemDataRole.DisplayRole


def _names(window: MainWindow, store: Store) -> list[str]:
    """The names the list shows, in its order (its rows read at once from the test's own connection)."""
    ids = [window.model.target_id(row) for row in range(window.model.rowCount())]
    names = {t["id"]: t["name"] for t in store.targets_by_ids(ids)}
    return [names[i] for i in ids]


def _row(qtbot, window: MainWindow, row: int) -> dict:
    """A row's record once its page has been read on the runner's worker."""
    qtbot.waitUntil(lambda: window.model.target(row) is not None)
    return window.model.target(row)


def _settled(window: MainWindow, query: str) -> bool:
    return not window.search.busy and window._settled_query == query


def test_the_window_opens_on_the_whole_list(window: MainWindow, demo_store: Store) -> None:
    total = len(demo_store.target_ids())
    assert window.model.rowCount() == total
    assert window.list_stack.currentWidget() is window.table
    assert str(demo_store.path) in window.store_label.text()
    assert f"{total:,}" in window.count_label.text()
    assert window.profile.currentWidget() is window.profile.placeholder


def test_typing_filters_the_list_by_the_fts_index(qtbot, window: MainWindow, demo_store: Store) -> None:
    name = _row(qtbot, window, 17)["name"]
    query = name[2:6]  # a substring from the middle of a name, four characters: the trigram index answers
    type_text(window.search_field, query)
    qtbot.waitUntil(lambda: _settled(window, query))
    expected = demo_store.search_target_ids(query, None)
    assert 0 < window.model.rowCount() == len(expected) < len(demo_store.target_ids())
    assert name in _names(window, demo_store)
    assert window.result_label.text() == f"找到 {len(expected):,} 个"


def test_key_clicks_of_a_credit_code_prefix_find_the_target(qtbot, window: MainWindow, demo_store: Store) -> None:
    target = _row(qtbot, window, 42)
    prefix = target["credit_code"][:12]
    qtbot.keyClicks(window.search_field, prefix)  # real key events, as from a keyboard
    qtbot.waitUntil(lambda: _settled(window, prefix))
    assert window.model.row_of(target["id"]) is not None
    assert window.model.rowCount() == len(demo_store.search_target_ids(prefix, None))


def test_clearing_the_search_shows_every_target_again(qtbot, window: MainWindow, demo_store: Store) -> None:
    total = window.model.rowCount()
    type_text(window.search_field, "游泳")
    qtbot.waitUntil(lambda: _settled(window, "游泳"))
    assert window.model.rowCount() < total
    window.search_field.clear()
    qtbot.waitUntil(lambda: _settled(window, ""))
    assert window.model.rowCount() == total
    assert window.result_label.text() == ""


def test_no_match_shows_the_empty_state(qtbot, window: MainWindow) -> None:
    type_text(window.search_field, "不存在的检查对象名称")
    qtbot.waitUntil(lambda: _settled(window, "不存在的检查对象名称"))
    assert window.model.rowCount() == 0
    assert window.list_stack.currentWidget() is window.empty_label
    assert window.empty_label.text().startswith("没有匹配的检查对象")


def test_selecting_a_row_fills_the_profile(qtbot, window: MainWindow, demo_store: Store) -> None:
    # A target with a past inspection, so the history section has something to show.
    inspected = demo_store.list(Inspection)[0].target_id
    row = window.model.row_of(inspected)
    assert row is not None
    window.table.selectRow(row)
    profile = demo_store.target_profile(inspected)
    assert window.profile.target_id == inspected
    qtbot.waitUntil(lambda: not window.profile.loading)  # read on the runner's worker
    assert window.profile.currentWidget() is window.profile.content
    assert profile["name"] in window.profile.name_label.text()
    assert window.profile.code_value.text().count(profile["credit_code"]) == 1
    assert window.profile.grade_chip.text() == f"{profile['grade']} 级"
    assert window.profile.history_title.text() == f"检查历史（{len(profile['inspections'])}）"
    assert profile["inspections"][0]["date"] in window.profile.history_body.text()
    for licence in profile["licences"]:  # each licence's kind and number, and its expiry (issue 15)
        record = Licence.model_validate(licence)
        assert record.kind in window.profile.licences_body.text()
        assert (record.number or "") in window.profile.licences_body.text()
        if record.expires_on is not None:
            assert record.expires_on.isoformat() in window.profile.licences_body.text()


def test_return_in_the_search_field_selects_the_first_match(qtbot, window: MainWindow) -> None:
    type_text(window.search_field, "医院")
    qtbot.waitUntil(lambda: _settled(window, "医院"))
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.table.hasFocus() or QApplication.focusWidget() is window.table
    assert window.profile.target_id == window.model.target_id(0)


def test_ctrl_f_focuses_the_search_field(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    window.table.setFocus()
    window.focus_search_action.trigger()
    assert QApplication.focusWidget() is window.search_field
    assert window.focus_search_action.shortcut().toString() == "Ctrl+F"


def test_english_translation_switches_the_visible_texts(qtbot, window: MainWindow) -> None:
    window.table.selectRow(0)
    window.set_language("en")
    qtbot.waitUntil(lambda: window.windowTitle() == "Field Inspector")  # LanguageChange events are posted
    assert window.file_menu.title() == "&File"
    assert window.model.headerData(Column.NAME, Qt.Orientation.Horizontal, DISPLAY) == "Name"
    assert window.model.headerData(Column.CREDIT_CODE, Qt.Orientation.Horizontal, DISPLAY) == "Credit code"
    assert window.profile.code_caption.text() == "Credit code"
    assert window.profile.grade_chip.text().startswith("Grade ")
    assert window.count_label.text().endswith(" targets")
    assert QSettings().value("language") == "en"
    window.set_language("zh")
    qtbot.waitUntil(lambda: window.windowTitle() == "卫监外勤")
    assert window.model.headerData(Column.NAME, Qt.Orientation.Horizontal, DISPLAY) == "名称"


def _reopen(qtbot, store: Store, translations, make_runner) -> MainWindow:
    win = MainWindow(make_runner(store), translations)
    qtbot.add_widget(win)
    win.show()
    return win


def test_geometry_splitter_and_profile_pane_are_remembered(qtbot, demo_store: Store, translations, make_runner) -> None:
    first = _reopen(qtbot, demo_store, translations, make_runner)
    first.resize(700, 500)  # inside the offscreen screen (800×600): restoring clamps to it
    qtbot.waitUntil(lambda: first.width() == 700)
    first.splitter.setSizes([450, 250])
    sizes = first.splitter.sizes()
    first.close()
    second = _reopen(qtbot, demo_store, translations, make_runner)
    assert (second.width(), second.height()) == (700, 500)
    assert second.splitter.sizes() == sizes
    assert second.profile_action.isChecked()
    second.profile_action.trigger()
    assert second.profile.isHidden()
    second.close()
    third = _reopen(qtbot, demo_store, translations, make_runner)
    assert not third.profile_action.isChecked() and third.profile.isHidden()
    third.close()


# --- pages by role, shortcuts, no server ------------------------------------------------------------------------------


def _titles(window: MainWindow) -> list[str]:
    return [window.pages.tabText(i) for i in range(window.pages.count())]


def test_an_inspector_has_today_targets_and_conflicts(qtbot, window: MainWindow) -> None:
    assert _titles(window) == ["今日任务", "检查对象", "同步冲突", "被拒绝与冲突"]
    for number, page in ((1, window.today), (3, window.conflicts), (2, window.splitter)):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.pages.currentWidget() is page
    assert window.pages.tabToolTip(0) == "今日任务 (Ctrl+1)"


def test_a_team_lead_also_gets_the_planning_pages(qtbot, demo_store: Store, translations, make_runner) -> None:
    lead = demo_store.find(Inspector, username="lead.public")[0]
    demo_store.set_meta("user.inspector_id", lead.id)  # as the login records it
    win = _reopen(qtbot, demo_store, translations, make_runner)
    qtbot.waitUntil(lambda: win.pages.count() == 9)  # once the worker has read who signed in
    planning = ["检查计划", "任务看板", "撮合", "进度与公示", "统计数据"]
    titles = ["今日任务", "检查对象", *planning, "同步冲突", "被拒绝与冲突"]
    assert _titles(win) == titles
    assert win.user_label.text() == f"{lead.name} · 科室负责人 · {lead.team}"
    qtbot.waitUntil(win.isActiveWindow)  # shortcuts go to the active window
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert win.pages.currentWidget() is win.board
    win.close()
    assert not win.threads_running


def test_without_a_server_sync_is_off_and_code_requests_say_why(qtbot, window: MainWindow) -> None:
    assert window.sync is None and not window.sync_action.isEnabled() and not window.logout_action.isEnabled()
    assert window.sync_status.isHidden()
    assert "--server" in window.sync_action.toolTip()
    qtbot.keyClick(window, Qt.Key.Key_F5)  # nothing to do, nothing breaks
    window.today.code_requested.emit(["task-id"])
    assert "未连接服务器" in window.statusBar().currentMessage()


def test_reload_is_ctrl_shift_r_and_sync_is_f5(window: MainWindow) -> None:
    assert window.reload_action.shortcut().toString() == "Ctrl+Shift+R"
    assert window.sync_action.shortcut().toString() == "F5"
