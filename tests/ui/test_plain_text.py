"""User data is shown as written, never as markup (issue 14; app/ui/plain_text.py): a target named like HTML, with an
image that would load, goes through the main window's pages and its profile; every label showing it shows it
literally, and its tooltip in the list too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.models import Inspection, Target
from app.store import Store
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.plain_text import as_plain_html, rich_label
from app.ui.qt import QApplication, QEvent, QLabel, QPoint, Qt, QToolTip, QWidget
from app.ui.target_table import Column

MARKUP = "<b>x</b><img src='file:///etc/passwd'>游泳馆"


def test_a_label_left_on_auto_is_plain_and_a_rich_one_says_so(qtbot, app) -> None:
    parent = QWidget()
    qtbot.add_widget(parent)
    plain = QLabel(MARKUP, parent)
    rich = rich_label("<b>粗体</b>", parent)
    parent.show()
    qtbot.waitExposed(parent)
    assert plain.textFormat() == Qt.TextFormat.PlainText and plain.text() == MARKUP
    assert rich.textFormat() == Qt.TextFormat.RichText
    assert as_plain_html("<b>x</b>") == "<p style='white-space:pre-wrap'>&lt;b&gt;x&lt;/b&gt;</p>"


@pytest.fixture
def marked(demo_store: Store) -> str:
    """The inspected target renamed to markup (as a target list from a district export could carry)."""
    target_id = demo_store.list(Inspection)[0].target_id
    target = demo_store.get(Target, target_id)
    demo_store.save_many([target.model_copy(update={"name": MARKUP, "address": MARKUP})], synced=True)
    return target_id


@pytest.fixture
def window(qtbot, demo_store: Store, marked: str, translations: Translations, make_runner) -> Iterator[MainWindow]:
    win = MainWindow(make_runner(demo_store), translations)
    qtbot.add_widget(win)
    win.pages.setCurrentWidget(win.splitter)
    win.show()
    qtbot.waitUntil(lambda: not win.search.busy and win.model.rowCount() > 0)
    yield win
    win.close()
    assert not win.threads_running


def _rendering_markup(window: MainWindow) -> list[str]:
    """Labels that would render the markup: its raw text in a label that is not plain."""
    return [
        f"{label.objectName() or type(label.parent()).__name__}: {label.text()[:60]}"
        for label in window.findChildren(QLabel)
        if "<img" in label.text() and label.textFormat() != Qt.TextFormat.PlainText
    ]


def test_a_target_named_like_markup_is_shown_as_written(qtbot, window: MainWindow, marked: str) -> None:
    row = window.model.row_of(marked)
    assert row is not None
    window.table.selectRow(row)
    qtbot.waitUntil(lambda: not window.profile.loading and window.profile.currentWidget() is window.profile.content)
    assert "&lt;img" in window.profile.name_label.text()  # the profile's rich header escapes it
    for index in range(window.pages.count()):  # every page of the main window, each shown once
        window.pages.setCurrentIndex(index)
        qtbot.waitUntil(window.pages.widget(index).isVisible)  # shown: the page's labels are polished
        assert _rendering_markup(window) == [], window.pages.tabText(index)
    window.pages.setCurrentWidget(window.splitter)
    shown = [label for label in window.findChildren(QLabel) if "<img" in label.text() and label.isVisible()]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)


def test_its_tooltip_in_the_list_is_shown_as_written(qtbot, window: MainWindow, marked: str) -> None:
    row = window.model.row_of(marked)
    index = window.model.index(row, Column.NAME)
    window.table.scrollTo(index)
    # The row's page is read on the runner: its tooltip is there once the page arrives.
    qtbot.waitUntil(lambda: isinstance(window.model.data(index, Qt.ItemDataRole.ToolTipRole), str))
    assert "<img" in window.model.data(index, Qt.ItemDataRole.ToolTipRole)
    viewport = window.table.viewport()
    centre = window.table.visualRect(index).center()
    QApplication.sendEvent(viewport, _help_event(centre, viewport.mapToGlobal(centre)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert "&lt;img" in QToolTip.text() and "<img" not in QToolTip.text()
    QToolTip.hideText()


def _help_event(pos: QPoint, global_pos: QPoint) -> QEvent:
    from PySide6.QtGui import QHelpEvent

    return QHelpEvent(QEvent.Type.ToolTip, pos, global_pos)
