"""Conflicts, both values side by side per field; the user picks local or server per field, and the choice is saved
as a change (store.save → outbox) that syncs, with the conflict marked resolved. Read and resolved through the
runner."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from app.store.changes import CONFLICTS, Changes
from app.store.conflicts import Conflict
from app.ui.i18n import error_text
from app.ui.plain_text import rich_label
from app.ui.qt import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.ui.runner import Runner


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class ConflictsView(QWidget):
    resolved = Signal(str)  # conflict id

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._key = f"conflicts-{id(self)}"
        self.items: list[Conflict] = []
        self.choices: dict[str, QButtonGroup] = {}
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.fields = QGridLayout()
        self.message = QLabel()
        self.empty_label = QLabel(
            self.tr("没有待处理的同步冲突。\n本机与服务器改了同一字段时，会在这里逐项选择保留哪个值。")
        )
        self.empty_label.setObjectName("empty-list")
        self.empty_label.setWordWrap(True)
        self.apply_button = QPushButton(self.tr("应用选择"))
        self.apply_button.clicked.connect(self.apply)
        detail = QVBoxLayout()
        detail.addWidget(self.empty_label)
        detail.addLayout(self.fields)
        detail.addWidget(self.message)
        detail.addWidget(self.apply_button)
        detail.addStretch()
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(detail, 2)
        runner.changed.connect(self._changed)
        self.reload()

    @Slot(object)
    def _changed(self, changes: Changes) -> None:
        """A push stored a conflict, or one was resolved (here or by a pull): read the list again."""
        if CONFLICTS in changes:
            self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the open conflicts again; the one chosen stays chosen while it is open."""
        self._runner.run(lambda store: store.open_conflicts(), self._fill, key=self._key)

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    def _fill(self, conflicts: list[Conflict]) -> None:
        current = self.list.currentItem()
        chosen = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.items = conflicts
        self.list.clear()
        for conflict in self.items:
            item = QListWidgetItem(f"{conflict.entity} · {conflict.record_id[-8:]} · {', '.join(conflict.fields)}")
            item.setData(Qt.ItemDataRole.UserRole, conflict.id)
            self.list.addItem(item)
        self.apply_button.setEnabled(bool(self.items))
        self.apply_button.setVisible(bool(self.items))
        self.list.setVisible(bool(self.items))
        self.empty_label.setVisible(not self.items)
        again = next((n for n, c in enumerate(self.items) if c.id == chosen), 0)
        self.list.setCurrentRow(again if self.items else -1)
        if not self.items:
            self._clear_fields()

    def _clear_fields(self) -> None:
        while self.fields.count():
            widget = self.fields.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.choices = {}

    @Slot(int)
    def _show(self, row: int) -> None:
        self._clear_fields()
        if row < 0:
            return
        conflict = self.items[row]
        for column, title in enumerate((self.tr("字段"), self.tr("本机的值"), self.tr("服务器的值"))):
            self.fields.addWidget(rich_label(f"<b>{escape(title)}</b>"), 0, column)
        for line, name in enumerate(conflict.fields, start=1):
            group = QButtonGroup(self)
            local = QRadioButton(_shown(conflict.local.get(name)))
            server = QRadioButton(_shown(conflict.server.get(name)))
            local.setObjectName(f"local:{name}")
            server.setObjectName(f"server:{name}")
            group.addButton(local)
            group.addButton(server)
            self.choices[name] = group
            self.fields.addWidget(QLabel(name), line, 0)
            self.fields.addWidget(local, line, 1)
            self.fields.addWidget(server, line, 2)

    def choose(self, field: str, side: str) -> None:
        """Pick `local` or `server` for a field of the shown conflict (what a click on the radio button does)."""
        for button in self.choices[field].buttons():
            if button.objectName() == f"{side}:{field}":
                button.setChecked(True)

    @Slot()
    def apply(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        conflict = self.items[row]
        picked = {}
        for name, group in self.choices.items():
            checked = group.checkedButton()
            if checked is not None:
                picked[name] = checked.objectName().split(":", 1)[0]
        self._runner.run(
            lambda store: store.resolve_conflict(conflict, picked),
            lambda _none: self._resolved(conflict.id),
            lambda refused: self.message.setText(error_text(refused)),
            owner=self,
        )

    def _resolved(self, conflict_id: str) -> None:
        self.message.clear()
        self.resolved.emit(conflict_id)
        self.reload()
