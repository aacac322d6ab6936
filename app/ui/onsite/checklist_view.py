"""The checklist, answered with the keyboard: one keystroke per result.

1 or Y = 符合 (compliant), 2 or N = 不符合 (non-compliant), 3 or 0 = 不适用 (not applicable); the cursor then moves to
the next item. Tab or J jumps to the next unanswered item; Enter or F2 asks for the item's note. Items are grouped by
checklist under a heading row; the items this target failed before or has an open correction order for come first
under their own heading (app/onsite/remembered.py), marked, with last time's note shown until one is written now.
The view only asks (`answer_requested`, `note_requested`); the inspection window
commits each answer to the store and tells the model, so what is shown is what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.models import ChecklistItem, ResultValue
from app.onsite.inspection import Section
from app.onsite.remembered import Remembered
from app.ui.labels import result_label
from app.ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QBrush,
    QColor,
    QEvent,
    QFont,
    QHeaderView,
    QKeyEvent,
    QModelIndex,
    QObject,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from app.ui.sync_badge import state_icon, state_tooltip

KEYS = {
    Qt.Key.Key_1: ResultValue.COMPLIANT,
    Qt.Key.Key_Y: ResultValue.COMPLIANT,
    Qt.Key.Key_2: ResultValue.NON_COMPLIANT,
    Qt.Key.Key_N: ResultValue.NON_COMPLIANT,
    Qt.Key.Key_3: ResultValue.NOT_APPLICABLE,
    Qt.Key.Key_0: ResultValue.NOT_APPLICABLE,
}
COLOURS = {
    ResultValue.COMPLIANT: "#2e7d32",
    ResultValue.NON_COMPLIANT: "#c62828",
    ResultValue.NOT_APPLICABLE: "#607d8b",
}
SECTION_BACKGROUND, PROBLEM_BACKGROUND, REMEMBERED_BACKGROUND = "#eceff1", "#ffebee", "#fff8e1"
REMEMBERED_MARK, LAST_NOTE = "#e65100", "#8d6e63"
CODE, TITLE, RESULT, NOTE = range(4)


@dataclass
class Row:
    item: ChecklistItem | None  # None: a checklist's heading
    heading: str = ""


class ChecklistModel(QAbstractTableModel):
    """Headings and items; the answers as stored (result and note by item id) and which items have photos."""

    def __init__(
        self,
        sections: Sequence[Section],
        parent: QObject | None = None,
        memory: dict[str, Remembered] | None = None,
    ) -> None:
        """`memory`: what is remembered of the target's items (failed before, open orders), by item id."""
        super().__init__(parent)
        self.memory = dict(memory or {})
        self.rows: list[Row] = []
        for section in sections:
            name = section.checklist.name if section.checklist else ""
            if section.remembered:
                name = self.tr("既往问题与未复查的责令改正")
            self.rows.append(Row(None, f"{name}（{len(section.items)}）"))
            self.rows += [Row(item) for item in section.items]
        self.items = [row.item for row in self.rows if row.item is not None]
        self._row_of = {row.item.id: n for n, row in enumerate(self.rows) if row.item is not None}
        self.results: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.photographed: set[str] = set()
        self.problems: set[str] = set()
        self.amended: set[str] = set()  # items of a completed inspection corrected by an amendment
        self.states: dict[str, str] = {}  # item id -> its result's sync state (issue 12), as last read

    # --- Qt ------------------------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("编号"), self.tr("检查事项"), self.tr("结果"), self.tr("说明 / 照片")][section]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if self.rows[index.row()].item is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        if row.item is None:
            return self._heading_data(row, index.column(), role)
        item, column = row.item, index.column()
        result = self.results.get(item.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column, result)
        if role == Qt.ItemDataRole.ToolTipRole and column in (TITLE, CODE):
            return "\n".join([item.title, item.legal_basis, *self.memory_lines(item.id)])
        remembered = self.memory.get(item.id)
        if role == Qt.ItemDataRole.ForegroundRole and remembered and column == CODE:
            return QBrush(QColor(REMEMBERED_MARK))
        if role == Qt.ItemDataRole.ForegroundRole and column == NOTE and remembered and not self.notes.get(item.id):
            return QBrush(QColor(LAST_NOTE))  # last time's note, until one is written now
        state = self.states.get(item.id)  # only an item with a stored result has one
        if role == Qt.ItemDataRole.DecorationRole and column == RESULT and state:
            return state_icon(state)
        if role == Qt.ItemDataRole.ToolTipRole and column == RESULT and state:
            return state_tooltip(state)
        if role == Qt.ItemDataRole.ForegroundRole and column == RESULT and result:
            return QBrush(QColor(COLOURS[ResultValue(result)]))
        if role == Qt.ItemDataRole.BackgroundRole and item.id in self.problems:
            return QBrush(QColor(PROBLEM_BACKGROUND))
        if role == Qt.ItemDataRole.BackgroundRole and remembered is not None:
            return QBrush(QColor(REMEMBERED_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and column == RESULT:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, item: ChecklistItem, column: int, result: str | None) -> str:
        if column == CODE:
            return item.code
        if column == TITLE:
            return f"{self.mark(item.id)} {item.title}" if item.id in self.memory else item.title
        if column == RESULT:
            return result_label(result) if result else "—"
        parts = []
        if item.id in self.amended:
            parts.append(self.tr("（已更正）"))
        if item.id in self.photographed:
            parts.append("📷")
        if self.notes.get(item.id):
            parts.append(self.notes[item.id])
        elif result == ResultValue.NON_COMPLIANT and item.id not in self.photographed:
            parts.append(self.tr("须填写说明或附照片"))
        elif item.id in self.memory and self.memory[item.id].note:
            parts.append(self.tr("上次：%1").replace("%1", self.memory[item.id].note))
        return " ".join(parts)

    def mark(self, item_id: str) -> str:
        """The mark of a remembered item: an open correction order (with its deadline), or failed last time."""
        remembered = self.memory[item_id]
        if remembered.order_deadline is not None:
            return self.tr("【责令改正 %1】").replace("%1", remembered.order_deadline.isoformat())
        return self.tr("【上次不符合】")

    def memory_lines(self, item_id: str) -> list[str]:
        remembered = self.memory.get(item_id)
        if remembered is None:
            return []
        lines = []
        if remembered.failed_on is not None:
            line = self.tr("%1 检查不符合").replace("%1", remembered.failed_on.isoformat())
            lines.append(line + (f"：{remembered.note}" if remembered.note else ""))
        if remembered.order_deadline is not None:
            lines.append(self.tr("责令改正期限 %1，尚未复查").replace("%1", remembered.order_deadline.isoformat()))
        return lines

    def _heading_data(self, row: Row, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == CODE:
            return row.heading
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(SECTION_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    # --- answers -------------------------------------------------------------------------------------------------

    def load(self, results: dict[str, tuple[str, str]], photographed: set[str], amended: Iterable[str] = ()) -> None:
        """The answers as stored: (result, note) by item id, the items with photos and those amended."""
        self.beginResetModel()
        self.amended = set(amended)
        self.results = {item_id: result for item_id, (result, _) in results.items()}
        self.notes = {item_id: note for item_id, (_, note) in results.items() if note}
        self.photographed = set(photographed)
        self.endResetModel()

    def set_answer(self, item_id: str, result: str, note: str) -> None:
        self.results[item_id] = result
        self.notes[item_id] = note
        self._settle(item_id)
        self._changed(item_id)

    def set_states(self, states: dict[str, str]) -> None:
        """Each answered item's result sync state (item id -> state), shown as an icon beside the result."""
        changed = {i for i in states.keys() | self.states.keys() if states.get(i) != self.states.get(i)}
        self.states = dict(states)
        for item_id in changed:
            self._changed(item_id)

    def set_photographed(self, item_ids: set[str]) -> None:
        changed = item_ids ^ self.photographed
        self.photographed = set(item_ids)
        for item_id in changed:
            self._settle(item_id)
            self._changed(item_id)

    def _settle(self, item_id: str) -> None:
        """Unmark an item once it is answered and, when non-compliant, has a note or a photo."""
        result = self.results.get(item_id)
        supported = result != ResultValue.NON_COMPLIANT or self.notes.get(item_id) or item_id in self.photographed
        if result is not None and supported:
            self.problems.discard(item_id)

    def set_problems(self, item_ids: set[str]) -> None:
        changed = item_ids ^ self.problems
        self.problems = set(item_ids)
        for item_id in changed:
            self._changed(item_id)

    def _changed(self, item_id: str) -> None:
        row = self._row_of.get(item_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 3))

    # --- navigation ----------------------------------------------------------------------------------------------

    def answered(self) -> int:
        return sum(1 for item in self.items if item.id in self.results)

    def row_of(self, item_id: str) -> int:
        return self._row_of[item_id]

    def item_at(self, row: int) -> ChecklistItem | None:
        return self.rows[row].item if 0 <= row < len(self.rows) else None

    def next_item_row(self, row: int, step: int = 1) -> int | None:
        """The next item row after `row` (before it, for step -1), skipping headings."""
        row += step
        while 0 <= row < len(self.rows):
            if self.rows[row].item is not None:
                return row
            row += step
        return None

    def next_unanswered_row(self, row: int) -> int | None:
        """The first unanswered item after `row`, wrapping around; None when all are answered."""
        count = len(self.rows)
        for offset in range(1, count + 1):
            candidate = (row + offset) % count
            item = self.rows[candidate].item
            if item is not None and item.id not in self.results:
                return candidate
        return None


class ChecklistView(QTableView):
    """Keys to answers (see the module text). Read-only once locked: the keys then do nothing."""

    answer_requested = Signal(str, str)  # item id, result value
    note_requested = Signal(str)  # item id
    current_item_changed = Signal(object)  # ChecklistItem or None

    def __init__(self, model: ChecklistModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.locked = False
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        # widths from the font once: ResizeToContents would ask every row's data on each layout (slow at 200 items)
        header, metrics = self.horizontalHeader(), self.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        codes = [item.code for item in model.items] or ["—"]
        header.resizeSection(CODE, max(metrics.horizontalAdvance(code) for code in codes) + 24)
        results = [result_label(value) for value in ResultValue]
        header.resizeSection(RESULT, max(metrics.horizontalAdvance(text) for text in results) + 32)
        header.resizeSection(NOTE, 240)
        for row, entry in enumerate(model.rows):
            if entry.item is None:
                self.setSpan(row, 0, 1, 4)
        self.selectionModel().currentRowChanged.connect(lambda *_: self.current_item_changed.emit(self.current_item()))

    def checklist(self) -> ChecklistModel:
        model = self.model()
        assert isinstance(model, ChecklistModel)
        return model

    def current_item(self) -> ChecklistItem | None:
        return self.checklist().item_at(self.currentIndex().row())

    def go_to_row(self, row: int | None) -> None:
        if row is None:
            return
        index = self.checklist().index(row, TITLE)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def go_to_item(self, item_id: str) -> None:
        self.go_to_row(self.checklist().row_of(item_id))

    def first_item(self) -> None:
        self.go_to_row(self.checklist().next_item_row(-1))

    def next_unanswered(self) -> bool:
        row = self.checklist().next_unanswered_row(max(self.currentIndex().row(), -1))
        self.go_to_row(row)
        return row is not None

    def advance(self) -> None:
        """After an answer: the next item, or stay on the last one."""
        row = self.checklist().next_item_row(self.currentIndex().row())
        if row is not None:
            self.go_to_row(row)

    def event(self, event: QEvent) -> bool:
        # Tab would move the focus out of the view before keyPressEvent sees it: here it means "next unanswered"
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab:
            self.next_unanswered()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, item = event.key(), self.current_item()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and key == Qt.Key.Key_J:
            self.next_unanswered()
        elif plain and key in KEYS and item is not None and not self.locked:
            self.answer_requested.emit(item.id, str(KEYS[key]))
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and item is not None:
            self.note_requested.emit(item.id)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and plain:  # over the headings
            step = 1 if key == Qt.Key.Key_Down else -1
            self.go_to_row(self.checklist().next_item_row(self.currentIndex().row(), step))
        else:
            super().keyPressEvent(event)
