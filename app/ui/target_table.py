"""The target list's model: only the row ids in order, and a small LRU cache of rows fetched a page at a time.

As Anki's browser table: a view asks only for the rows it shows, so the model stays quick at 100,000 targets and
memory stays bounded by the cache, not by the list. On a runner the pages are read on its database worker: a row not
yet read shows blank and is filled when its page arrives (`dataChanged`); on a plain store (tests) at once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, Protocol

from app.ui.labels import industry_label
from app.ui.qt import QAbstractTableModel, QColor, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from app.ui.runner import Runner

PAGE_SIZE = 100
CACHE_ROWS = 1_000

ModelIndex = QModelIndex | QPersistentModelIndex


class TargetRows(Protocol):
    """What the model needs from a store read at once."""

    def targets_by_ids(self, ids: Sequence[str]) -> list[dict[str, Any]]: ...


Rows = Callable[[list[dict[str, Any]]], None]


def _pages_of(source: TargetRows | Runner) -> Callable[[list[str], Rows], None]:
    """How the model asks for rows: on the runner's worker (answer later), or from a store at once."""
    if isinstance(source, Runner):
        return lambda ids, answer: source.run(lambda store: store.targets_by_ids(ids), answer)
    return lambda ids, answer: answer(source.targets_by_ids(ids))


class Column(IntEnum):
    NAME = 0
    CREDIT_CODE = 1
    INDUSTRY = 2
    STREET = 3
    GRADE = 4
    DO_NOT_DISTURB = 5


def _header(column: Column) -> str:
    headers = {
        Column.NAME: QCoreApplication.translate("TargetTable", "名称"),
        Column.CREDIT_CODE: QCoreApplication.translate("TargetTable", "统一社会信用代码"),
        Column.INDUSTRY: QCoreApplication.translate("TargetTable", "行业"),
        Column.STREET: QCoreApplication.translate("TargetTable", "街道"),
        Column.GRADE: QCoreApplication.translate("TargetTable", "分级"),
        Column.DO_NOT_DISTURB: QCoreApplication.translate("TargetTable", "无事不扰"),
    }
    return headers[column]


class TargetTableModel(QAbstractTableModel):
    def __init__(self, source: TargetRows | Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ask = _pages_of(source)
        self._ids: list[str] = []
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._asked: set[str] = set()  # ids whose page is being read

    # The list and its cache

    def set_ids(self, ids: list[str]) -> None:
        """Show these targets in this order. Cached rows stay valid: a row's content does not depend on the list."""
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()

    def invalidate(self) -> None:
        """Forget cached rows (the store changed); visible rows are fetched again at the next paint."""
        self._cache.clear()
        self._asked.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))

    @property
    def cached_row_count(self) -> int:
        return len(self._cache)

    def is_cached(self, row: int) -> bool:
        return self._ids[row] in self._cache

    def target_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, target_id: str) -> int | None:
        try:
            return self._ids.index(target_id)
        except ValueError:
            return None

    def target(self, row: int) -> dict[str, Any] | None:
        """The row's record; when it is not cached its page is asked for (None until it arrives, on a runner)."""
        target_id = self._ids[row]
        cached = self._cache.get(target_id)
        if cached is not None:
            self._cache.move_to_end(target_id)
            return cached
        self._fetch_page(row // PAGE_SIZE)
        return self._cache.get(target_id)

    def _fetch_page(self, page: int) -> None:
        page_ids = self._ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        missing = [i for i in page_ids if i not in self._cache and i not in self._asked]
        if missing:
            self._asked.update(missing)
            self._ask(missing, self._arrived)

    def _arrived(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            self._asked.discard(record["id"])
            self._cache[record["id"]] = record
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        rows = [r for r in (self.row_of(record["id"]) for record in records[:1] + records[-1:]) if r is not None]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(Column) - 1))

    # QAbstractTableModel

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(Column(section))
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        record = self.target(index.row())
        if record is None:  # deleted since the list was made
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.get("address") if column == Column.NAME else _display(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.GRADE, Column.DO_NOT_DISTURB):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.DO_NOT_DISTURB:
            return QColor("#00796b")
        return None


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
    }
)


def _display(record: dict[str, Any], column: Column) -> str:
    if column == Column.NAME:
        return record["name"]
    if column == Column.CREDIT_CODE:
        return record["credit_code"]
    if column == Column.INDUSTRY:
        return industry_label(record["industry"])
    if column == Column.STREET:
        return record["street"]
    if column == Column.GRADE:
        return record["grade"]
    return QCoreApplication.translate("TargetTable", "是") if record.get("do_not_disturb") else ""
