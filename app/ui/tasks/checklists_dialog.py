"""The lead's choice of one task's checklists (app/planning/checklists.py): the catalogue's checklists, those the
task has now ticked (its plan's that fit the target, unless chosen before); saved so it syncs, and the code asked
for afterwards carries their items. Reads and the write run on the runner's database worker."""

from __future__ import annotations

from app.models import Checklist, Target, Task
from app.models.enums import INDUSTRY_ZH, Industry
from app.planning.checklists import set_task_checklists, task_checklists
from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

Loaded = tuple[Task, str, list[Checklist], set[str]]


def _load(store: Store, task_id: str) -> Loaded:
    task = store.get(Task, task_id)
    if task is None:
        raise LookupError(task_id)
    target = store.get(Target, task.target_id)
    chosen = {c.id for c in task_checklists(store, task)}
    catalogue = sorted(store.list(Checklist), key=lambda c: (c.id not in chosen, c.industry, c.code))
    return task, target.name if target else task.target_id, catalogue, chosen


class TaskChecklistsDialog(QDialog):
    saved = Signal(object)  # the saved Task

    def __init__(self, runner: Runner, task_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._task_id = task_id
        self.setObjectName("task-checklists-dialog")
        self.setWindowTitle(self.tr("任务的检查表"))
        self.resize(520, 460)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.checklists = QListWidget()
        self.checklists.setObjectName("task-checklists")
        self.checklists.itemChanged.connect(self._update_ok)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.checklists, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        runner.run(lambda store: _load(store, task_id), self._show, self._refused, owner=self)

    def _show(self, loaded: Loaded) -> None:
        _task, target_name, catalogue, chosen = loaded
        self.title.setText(self.tr("%1：勾选本任务要检查的检查表（申码后不能再改）").replace("%1", target_name))
        self.checklists.blockSignals(True)
        for checklist in catalogue:
            industry = INDUSTRY_ZH.get(Industry(checklist.industry), checklist.industry)
            item = QListWidgetItem(f"{checklist.name}（{checklist.code} · {industry}）")
            item.setData(Qt.ItemDataRole.UserRole, checklist.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checklist.id in chosen else Qt.CheckState.Unchecked)
            self.checklists.addItem(item)
        self.checklists.blockSignals(False)
        self._update_ok()

    def chosen(self) -> list[str]:
        items = (self.checklists.item(n) for n in range(self.checklists.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def save(self) -> None:
        ids, task_id = self.chosen(), self._task_id
        self._runner.run(lambda store: set_task_checklists(store, task_id, ids), self._saved, self._refused, owner=self)

    def _saved(self, task: Task) -> None:
        self.saved.emit(task)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
