"""The catalogue page (检查表): the checklists as synced, newest version of each, with their items and legal bases; an
admin changes an item or adds one. The server decides: a version no code has used is changed in place, a used one is
frozen and the edit becomes a new version (the old one stays for the codes, results and documents that name it). The
store is read on the database worker, the server called on the network worker; the edit reaches the store at the next
sync, which the page asks for (`edited`)."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Checklist, ChecklistItem
from app.store import Store
from app.ui.admin.remote import AdminClient, ItemEdited
from app.ui.i18n import error_text
from app.ui.labels import industry_label
from app.ui.qt import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner


@dataclass(frozen=True)
class Sheet:
    checklist: Checklist
    items: tuple[ChecklistItem, ...]
    older: int  # how many older (frozen) versions of it are kept


def _sheets(store: Store) -> list[Sheet]:
    """The newest version of every checklist with its items in order, by code."""
    newest: dict[str, Checklist] = {}
    counts: dict[str, int] = {}
    for checklist in store.list(Checklist):
        counts[checklist.code] = counts.get(checklist.code, 0) + 1
        kept = newest.get(checklist.code)
        if kept is None or checklist.checklist_version > kept.checklist_version:
            newest[checklist.code] = checklist
    sheets = []
    for code in sorted(newest):
        checklist = newest[code]
        items = sorted(store.find(ChecklistItem, checklist_id=checklist.id), key=lambda i: (i.position, i.code))
        sheets.append(Sheet(checklist, tuple(items), counts[code] - 1))
    return sheets


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(True)
    return table


class CataloguePage(QWidget):
    """`client`: the signed-in admin's, used on the network worker only (None offline: nothing can be saved)."""

    edited = Signal(object)  # the server's ItemEdited: the main window syncs so the store learns it

    def __init__(self, runner: Runner, client: AdminClient | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin-catalogue")
        self._runner = runner
        self._client = client
        self.sheets: list[Sheet] = []
        self.sheet_table = _table([self.tr("编号"), self.tr("检查表"), self.tr("行业"), self.tr("版本")], 1)
        self.sheet_table.setObjectName("checklists")
        self.sheet_table.itemSelectionChanged.connect(self._show_items)
        self.item_table = _table([self.tr("事项编号"), self.tr("检查事项"), self.tr("法律依据")], 1)
        self.item_table.setObjectName("checklist-items")
        header = self.item_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 260)
        self.item_table.setMinimumHeight(120)
        self.item_table.itemSelectionChanged.connect(self._item_chosen)
        self.code = QLineEdit()
        self.code.setObjectName("item-code")
        self.title = QLineEdit()
        self.title.setObjectName("item-title")
        self.basis = QLineEdit()
        self.basis.setObjectName("item-basis")
        self.basis.setPlaceholderText(self.tr("例如：《公共场所卫生管理条例》第八条"))
        for field in (self.code, self.title, self.basis):
            field.textChanged.connect(self._update_buttons)
        self.save_button = QPushButton(self.tr("保存修改"))
        self.save_button.setObjectName("save-item")
        self.save_button.clicked.connect(self.save_item)
        self.add_button = QPushButton(self.tr("新增事项"))
        self.add_button.setObjectName("add-item")
        self.add_button.clicked.connect(self.add_item)
        self.message = QLabel()
        self.message.setObjectName("catalogue-message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 6)  # two lines of wrapped text
        self.note = QLabel(
            self.tr(
                "已被检查码使用的检查表版本不能修改：保存时服务器会生成新版本，原版本保持不变，"
                "已签发的检查码、检查结果和文书仍显示原版本。"
            )
        )
        self.note.setWordWrap(True)
        self._build()
        self._update_buttons()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("事项编号"), self.code)
        form.addRow(self.tr("检查事项"), self.title)
        form.addRow(self.tr("法律依据"), self.basis)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel(self.tr("检查事项")))
        side.addWidget(self.item_table, 1)
        side.addLayout(form)
        side.addLayout(buttons)
        side.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.sheet_table)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)

    # --- reading --------------------------------------------------------------------------------------------------

    def set_client(self, client: AdminClient | None) -> None:
        self._client = client
        self._update_buttons()

    def reload(self) -> None:
        self._runner.run(_sheets, self._show, key="admin-catalogue", owner=self)

    def _show(self, sheets: list[Sheet]) -> None:
        chosen = self.selected_sheet()
        self.sheets = sheets
        self.sheet_table.setRowCount(len(sheets))
        for row, sheet in enumerate(sheets):
            c = sheet.checklist
            version = self.tr("第 %1 版").replace("%1", str(c.checklist_version))
            if sheet.older:
                version += self.tr("（保留旧版本 %1 个）").replace("%1", str(sheet.older))
            for column, value in enumerate((c.code, c.name, industry_label(c.industry), version)):
                self.sheet_table.setItem(row, column, QTableWidgetItem(value))
        again = next((n for n, s in enumerate(sheets) if chosen and s.checklist.code == chosen.checklist.code), None)
        if again is not None:
            self.sheet_table.selectRow(again)
        self._show_items()

    def select_checklist(self, code: str) -> None:
        for row, sheet in enumerate(self.sheets):
            if sheet.checklist.code == code:
                self.sheet_table.selectRow(row)

    def select_item(self, item_code: str) -> None:
        sheet = self.selected_sheet()
        for row, item in enumerate(sheet.items if sheet else ()):
            if item.code == item_code:
                self.item_table.selectRow(row)

    def selected_sheet(self) -> Sheet | None:
        rows = self.sheet_table.selectionModel().selectedRows()
        return self.sheets[rows[0].row()] if rows and rows[0].row() < len(self.sheets) else None

    def selected_item(self) -> ChecklistItem | None:
        sheet = self.selected_sheet()
        rows = self.item_table.selectionModel().selectedRows()
        if sheet is None or not rows or rows[0].row() >= len(sheet.items):
            return None
        return sheet.items[rows[0].row()]

    def _show_items(self) -> None:
        sheet = self.selected_sheet()
        items = sheet.items if sheet else ()
        self.item_table.setRowCount(len(items))
        for row, item in enumerate(items):
            for column, value in enumerate((item.code, item.title, item.legal_basis)):
                self.item_table.setItem(row, column, QTableWidgetItem(value))
        self.item_table.resizeRowsToContents()
        self._update_buttons()

    def _item_chosen(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.code.setText(item.code)
            self.title.setText(item.title)
            self.basis.setText(item.legal_basis)
        self._update_buttons()

    # --- editing --------------------------------------------------------------------------------------------------

    def save_item(self) -> None:
        item = self.selected_item()
        if item is not None:
            self._send(item.id)

    def add_item(self) -> None:
        self._send(None)

    def _send(self, item_id: str | None) -> None:
        sheet, client = self.selected_sheet(), self._client
        values = (self.code.text().strip(), self.title.text().strip(), self.basis.text().strip())
        if sheet is None or client is None or not all(values):
            return
        code, title, basis = values
        checklist_id = sheet.checklist.id
        self.message.setText(self.tr("正在保存…"))

        def work() -> ItemEdited:
            return client.edit_item(checklist_id, item_id, code=code, title=title, legal_basis=basis)

        self._runner.run_network(work, self._saved, self._failed, key="admin-catalogue-edit", owner=self)
        self._update_buttons()

    def _saved(self, answer: ItemEdited) -> None:
        if answer.new_version:
            text = self.tr(
                "该检查表已被检查码使用，原版本保持不变；修改已保存为第 %1 版，计划和尚未申码的任务改用新版本。"
            ).replace("%1", str(answer.checklist.checklist_version))
        else:
            text = self.tr("已保存（第 %1 版）。").replace("%1", str(answer.checklist.checklist_version))
        self.message.setText(text + self.tr("各设备下次同步后看到修改。"))
        self._update_buttons()
        self.edited.emit(answer)

    def _failed(self, error: BaseException) -> None:
        self.message.setText(self.tr("未保存：") + error_text(error))
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._runner.busy("admin-catalogue-edit")
        filled = all(f.text().strip() for f in (self.code, self.title, self.basis))
        ready = self._client is not None and self.selected_sheet() is not None and filled and not busy
        self.add_button.setEnabled(ready)
        self.save_button.setEnabled(ready and self.selected_item() is not None)
