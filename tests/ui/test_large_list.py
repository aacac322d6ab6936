"""100,000 targets: the model builds and the view scrolls end to end while only a few pages are ever held."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store import Store
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.qt import Qt
from app.ui.runner import Runner
from app.ui.target_table import CACHE_ROWS, PAGE_SIZE, Column
from tests.ui.targets import synthetic_targets
from tests.ui.typing import type_text

ROWS = 100_000


@pytest.fixture(scope="module")
def big_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "store.sqlite3"
    with Store.open(path) as store:
        store.save_many(synthetic_targets(ROWS), synced=True)
    return path


@pytest.fixture
def big_window(qtbot, big_store_file: Path, translations: Translations) -> Iterator[MainWindow]:
    runner = Runner(big_store_file)
    try:
        win = MainWindow(runner, translations)
        qtbot.add_widget(win)
        win.pages.setCurrentWidget(win.splitter)  # the targets page (Today comes first)
        win.show()
        qtbot.waitUntil(lambda: not win.search.busy and win.model.rowCount() > 0)
        yield win
        win.close()
        assert not win.threads_running
    finally:
        runner.close()


def test_the_window_lists_100k_targets_lazily(qtbot, big_window: MainWindow) -> None:
    model, table = big_window.model, big_window.table
    assert model.rowCount() == ROWS
    assert model.cached_row_count <= 2 * PAGE_SIZE
    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.is_cached(ROWS - 1))
    last = model.data(model.index(ROWS - 1, Column.NAME), Qt.ItemDataRole.DisplayRole)
    assert last == "长宁测试宾馆099999"  # names sort by their number
    for row in range(0, ROWS, ROWS // 20):  # jump through the list as a dragged scroll bar does
        table.scrollTo(model.index(row, 0))
        qtbot.waitUntil(lambda row=row: model.is_cached(row))
    assert model.cached_row_count <= CACHE_ROWS < ROWS // 50


def test_search_over_100k_targets_narrows_the_list(qtbot, big_window: MainWindow) -> None:
    type_text(big_window.search_field, "宾馆09999")
    qtbot.waitUntil(lambda: not big_window.search.busy and big_window._settled_query == "宾馆09999")
    assert big_window.model.rowCount() == 10  # 099990 … 099999
