"""Today: visits with their code status and next step, keyboard to start, code requests, the gate's refusals shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.models import Task, TaskStatus
from app.store import Store
from app.ui.onsite.today_view import TodayView
from app.ui.qt import QApplication, Qt
from app.ui.runner import Runner
from tests.helpers.gate import ME
from tests.onsite.world import SiteWorld, site_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SiteWorld]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield site_world(store)


@pytest.fixture
def runner(world: SiteWorld, make_runner) -> Runner:
    return make_runner(world.store)


@pytest.fixture
def today(qtbot, runner: Runner, app) -> Iterator[TodayView]:
    view = TodayView(runner, ME)
    qtbot.add_widget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)  # shortcuts reach the active window only
    qtbot.waitUntil(lambda: not view.loading)
    yield view
    view.shutdown()


def test_an_empty_day_says_so(qtbot, runner: Runner, app) -> None:
    view = TodayView(runner, "nobody")
    qtbot.add_widget(view)
    view.show()
    assert "正在载入" in view.empty.text()  # not "nothing to do" before the read has answered
    qtbot.waitUntil(lambda: not view.loading)
    assert view.stack.currentWidget() is view.empty and "没有待检查的任务" in view.empty.text()
    view.shutdown()


def test_visits_show_code_status_and_next_step_and_request_a_code(qtbot, world: SiteWorld, today: TodayView) -> None:
    assert today.tree.topLevelItemCount() == 1
    row = today.tree.topLevelItem(0)
    assert world.gate.target.name in row.text(1) and "未申码" in row.text(2) and "申请检查码" in row.text(3)
    assert today.request_button.isEnabled() and not today.show_code_button.isEnabled()
    with qtbot.waitSignal(today.code_requested) as sent:
        qtbot.keyClick(today.tree, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert sent.args == [[world.task.id]]


def test_enter_without_a_code_is_refused_with_the_reason(qtbot, world: SiteWorld, today: TodayView) -> None:
    today.tree.setFocus()
    qtbot.keyClick(today.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "申请检查码" in today.message.text())
    assert world.store.get(Task, world.task.id).status == TaskStatus.PLANNED


def test_an_expired_code_is_shown_and_refused(qtbot, world: SiteWorld, today: TodayView) -> None:
    world.code_for(world.task, starts_in=-30, hours=4)
    today.reload()
    qtbot.waitUntil(lambda: not today.loading)
    assert "已过期" in today.tree.topLevelItem(0).text(2)
    qtbot.keyClick(today.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已过期" in today.message.text())
    assert world.store.outbox() == []


def test_a_valid_code_opens_the_inspection_by_keyboard(qtbot, world: SiteWorld, today: TodayView) -> None:
    world.add_task(scheduled_on=date(2026, 12, 1))
    world.code_for(world.task)
    today.reload()
    qtbot.waitUntil(lambda: not today.loading and today.tree.topLevelItemCount() == 2)
    assert "有效" in today.tree.topLevelItem(0).text(2) and today.show_code_button.isEnabled()
    today.tree.setFocus()
    with qtbot.waitSignal(today.inspection_opened) as opened:
        qtbot.keyClick(today.tree, Qt.Key.Key_Return)
    window = opened.args[0]  # deletes itself when closed
    assert window.code.task_ids == [world.task.id]
    qtbot.waitUntil(lambda: not today.loading and "继续检查" in today.tree.topLevelItem(0).text(3))
    assert today.open_inspection() is window  # one window per inspection: brought forward, not opened twice
    with qtbot.waitSignal(today.code_shown) as shown:
        today.show_code()
    display = shown.args[0]
    assert display.short_code.text() == window.code.short_code
    display.close()
    window.close()


def test_in_english_after_a_language_switch(qtbot, world: SiteWorld, today: TodayView, translations) -> None:
    world.code_for(world.task, starts_in=-30, hours=4)
    today.reload()
    qtbot.waitUntil(lambda: not today.loading)
    translations.install("en")
    qtbot.waitUntil(lambda: today.tree.headerItem().text(0) == "Scheduled")  # LanguageChange is posted
    assert today.request_button.text() == "Request code (Ctrl+R)"
    row = today.tree.topLevelItem(0)
    assert row.text(2).startswith("Expired") and "the code expired" in row.text(3)  # the verdict's English side
