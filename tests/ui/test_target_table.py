"""The lazy target table model: ids up front, rows fetched a page at a time, a bounded cache."""

from __future__ import annotations

from app.models import Target
from app.models.enums import INDUSTRY_ZH, Industry
from app.store import Store
from app.ui.qt import Qt, QTableView
from app.ui.target_table import CACHE_ROWS, PAGE_SIZE, Column, TargetTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def _model(store: Store) -> TargetTableModel:
    model = TargetTableModel(store)
    model.set_ids(store.target_ids(order_by="name"))
    return model


def test_rows_and_display_data_come_from_the_store(demo_store: Store) -> None:
    model = _model(demo_store)
    ids = demo_store.target_ids(order_by="name")
    assert model.rowCount() == len(ids) > 1_000
    assert model.columnCount() == len(Column)
    row = 1_234
    (record,) = demo_store.targets_by_ids([ids[row]])
    assert model.data(model.index(row, Column.NAME), DISPLAY) == record["name"]
    assert model.data(model.index(row, Column.CREDIT_CODE), DISPLAY) == record["credit_code"]
    assert model.data(model.index(row, Column.INDUSTRY), DISPLAY) == INDUSTRY_ZH[Industry(record["industry"])]
    assert model.data(model.index(row, Column.STREET), DISPLAY) == record["street"]
    assert model.data(model.index(row, Column.GRADE), DISPLAY) == record["grade"]
    expected_dnd = "是" if record["do_not_disturb"] else ""
    assert model.data(model.index(row, Column.DO_NOT_DISTURB), DISPLAY) == expected_dnd
    assert model.headerData(Column.NAME, Qt.Orientation.Horizontal, DISPLAY) == "名称"


def test_reading_a_row_fetches_only_its_page(demo_store: Store) -> None:
    model = _model(demo_store)
    assert model.cached_row_count == 0
    model.data(model.index(PAGE_SIZE * 3 + 5, Column.NAME), DISPLAY)
    assert model.cached_row_count == PAGE_SIZE
    assert model.is_cached(PAGE_SIZE * 3) and model.is_cached(PAGE_SIZE * 4 - 1)
    assert not model.is_cached(PAGE_SIZE * 3 - 1) and not model.is_cached(PAGE_SIZE * 4)


def test_the_cache_stays_bounded_when_every_row_is_read(demo_store: Store) -> None:
    model = _model(demo_store)
    names = [model.data(model.index(row, Column.NAME), DISPLAY) for row in range(model.rowCount())]
    assert all(names)
    assert model.cached_row_count <= CACHE_ROWS < model.rowCount()
    assert model.is_cached(model.rowCount() - 1)  # the most recently read rows are the ones kept
    assert not model.is_cached(0)


def test_a_view_fetches_only_the_visible_pages(qtbot, demo_store: Store) -> None:
    model = _model(demo_store)
    view = QTableView()
    qtbot.add_widget(view)
    view.setModel(model)
    view.resize(800, 600)
    view.show()
    qtbot.waitUntil(lambda: model.cached_row_count > 0)  # the first paint asks for the visible rows
    assert model.cached_row_count <= 2 * PAGE_SIZE
    assert model.is_cached(0) and not model.is_cached(model.rowCount() - 1)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.is_cached(model.rowCount() - 1))
    assert model.cached_row_count <= 4 * PAGE_SIZE
    assert not model.is_cached(model.rowCount() // 2)


def test_invalidate_refetches_rows_changed_in_the_store(demo_store: Store) -> None:
    model = _model(demo_store)
    index = model.index(0, Column.NAME)
    target = demo_store.get(Target, model.target_id(0))
    assert target is not None and model.data(index, DISPLAY) == target.name
    target.name = "改名后的检查对象"
    demo_store.save(target, changed=["name"])
    assert model.data(index, DISPLAY) != "改名后的检查对象"  # cached until told
    model.invalidate()
    assert model.data(index, DISPLAY) == "改名后的检查对象"
