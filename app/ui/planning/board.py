"""The assignment board: the team's inspectors (rows) by week (columns), one card per open task.

Dragging a card to another cell reassigns the task: the inspector of the row it left is replaced by the row it lands
on, and the date moves to the same weekday of the new week. Each move is an undoable command (Ctrl+Z) whose redo and
undo both save through the store, so they sync. Clicking a card selects it for a batch code request; the board only
emits the ids (`code_requested`), the sync layer sends them (one request per visit) and the board shows the codes
once they are in the store (`reload`).

Everything goes through the runner's database worker: the board is read there, and a move is drawn once the store has
taken it (a refused one is said in the status line and leaves the board as it was; `busy` while a write is out).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from app import planning
from app.models.domain import InspectionCode, Inspector, Target, Task
from app.models.enums import TaskCategory
from app.store import Store
from app.ui.i18n import error_text
from app.ui.labels import task_category_label, task_status_label
from app.ui.planning.visit_decision_dialog import VisitDecisionDialog
from app.ui.qt import (
    QAction,
    QApplication,
    QByteArray,
    QComboBox,
    QDrag,
    QDragEnterEvent,
    QDropEvent,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMimeData,
    QMouseEvent,
    QPoint,
    QPushButton,
    QScrollArea,
    Qt,
    QUndoCommand,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

MIME_TYPE = "application/x-field-inspector-task"
UNASSIGNED = ""  # the row of tasks without an inspector
WEEKS = 6
CARDS_PER_CELL = 12  # more are counted, not drawn: filters narrow a crowded cell
CARD_WIDTH = 168
CATEGORY_COLOURS = {
    TaskCategory.NATIONAL_RANDOM: "#c0392b",
    TaskCategory.DISTRICT_RANDOM: "#2e86c1",
    TaskCategory.JOINT_RANDOM: "#8e44ad",
    TaskCategory.CROSS_DEPARTMENT: "#d35400",
    TaskCategory.CAMPAIGN: "#16a085",
    TaskCategory.COMPLAINT: "#b7950b",
    TaskCategory.FOLLOW_UP: "#566573",
}


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def encode_drag(task_id: str, from_inspector: str) -> QMimeData:
    """The drag's payload: which task, and which row (inspector) it is leaving."""
    mime = QMimeData()
    payload = json.dumps({"task_id": task_id, "from": from_inspector})
    mime.setData(MIME_TYPE, QByteArray(payload.encode()))
    return mime


def decode_drag(mime: QMimeData) -> tuple[str, str] | None:
    if not mime.hasFormat(MIME_TYPE):
        return None
    payload = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
    return payload["task_id"], payload["from"]


@dataclass(frozen=True)
class Placement:
    """Where a task sits: its inspectors and date."""

    inspector_ids: tuple[str, ...]
    scheduled_on: date | None


class TaskCard(QFrame):
    """A task in one inspector's row: drag to move, click to select for a code request."""

    clicked = Signal(str)

    def __init__(
        self, task: Task, target: Target | None, row: str, selected: bool, code: InspectionCode | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.task = task
        self.row = row
        self._press: QPoint | None = None
        self.setObjectName("TaskCard")
        self.setFixedWidth(CARD_WIDTH)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        colour = CATEGORY_COLOURS.get(TaskCategory(task.category), "#566573")
        border = "#1f6feb" if selected else "#c8ccd0"
        background = "#dbeafe" if selected else "#ffffff"
        self.setStyleSheet(
            f"#TaskCard {{ background: {background}; border: 1px solid {border}; border-left: 4px solid {colour};"
            " border-radius: 4px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 4, 3)
        layout.setSpacing(0)
        name = QLabel(target.name if target else task.target_id, self)
        name.setToolTip(name.text())
        name.setStyleSheet("font-weight: 600;")
        metrics = name.fontMetrics()
        name.setText(metrics.elidedText(name.text(), Qt.TextElideMode.ElideRight, CARD_WIDTH - 14))
        grade = target.grade if target else "?"
        details = QLabel(
            f"{task_category_label(task.category)} · {grade} · {task_status_label(task.status)}",
            self,
        )
        details.setStyleSheet(f"color: {colour}; font-size: 11px;")
        layout.addWidget(name)
        layout.addWidget(details)
        marks = []
        if code is not None:
            marks.append(self.tr("码 %1").replace("%1", code.short_code))
        if task.joint_inspection_id:
            marks.append(self.tr("联合检查"))
        if marks:
            badge = QLabel(" · ".join(marks), self)
            badge.setObjectName("CodeBadge" if code is not None else "JointBadge")
            badge.setStyleSheet("color: #1a7f37; font-size: 11px; font-weight: 600;")
            layout.addWidget(badge)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if (event.position().toPoint() - self._press).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(encode_drag(self.task.id, self.row))
        drag.setPixmap(self.grab())
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.task.id)
        self._press = None
        super().mouseReleaseEvent(event)


class BoardCell(QFrame):
    """One inspector's week (or the unscheduled column, `week` None): accepts dropped cards."""

    def __init__(self, board: AssignmentBoard, inspector_id: str, week: date | None) -> None:
        super().__init__()
        self.board = board
        self.inspector_id = inspector_id
        self.week = week
        self.setAcceptDrops(True)
        self.setObjectName("BoardCell")
        self.setMinimumWidth(CARD_WIDTH + 12)
        self._highlight(False)
        self.cards = QVBoxLayout(self)
        self.cards.setContentsMargins(4, 4, 4, 4)
        self.cards.setSpacing(4)
        self.cards.setAlignment(Qt.AlignmentFlag.AlignTop)

    def _highlight(self, on: bool) -> None:
        colour = "#e8f4ea" if on else ("#fafafa" if self.week is not None else "#f2f2f2")
        self.setStyleSheet(f"#BoardCell {{ background: {colour}; border: 1px solid #e1e4e8; }}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME_TYPE):
            self._highlight(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: object) -> None:
        self._highlight(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._highlight(False)
        dragged = decode_drag(event.mimeData())
        if dragged is None:
            return
        task_id, from_inspector = dragged
        if self.board.move_task(task_id, from_inspector, self.inspector_id, self.week):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()


class ReassignCommand(QUndoCommand):
    """One move on the board, already applied when pushed; undo and redo save through the store (and so sync), on
    the runner's worker.

    The store answers after Qt's undo/redo has returned: a refusal (say the task was completed meanwhile by a sync)
    is shown on the board and the command is then dropped from the stack as obsolete (`AssignmentBoard._drop`).
    """

    def __init__(self, board: AssignmentBoard, task_id: str, before: Placement, after: Placement, text: str) -> None:
        super().__init__(text)
        self._board = board
        self._task_id = task_id
        self._before = before
        self._after = after
        self._applied = True  # push() calls redo(): the move was made (and checked) before pushing

    def redo(self) -> None:
        if self._applied or self.isObsolete():  # pushed, or being dropped (see AssignmentBoard._drop)
            self._applied = False
            return
        self._apply(self._after, undone=False)

    def undo(self) -> None:
        if not self.isObsolete():
            self._apply(self._before, undone=True)

    def _apply(self, placement: Placement, *, undone: bool) -> None:
        self._board.apply_placement(self._task_id, placement, refused=lambda: self._board._drop(self, undone))


Read = tuple[list[Task], dict[str, Target], dict[str, InspectionCode], list[Inspector]]


def _read(store: Store, team: str) -> Read:
    """On the database worker: the team's open tasks, their targets, the active codes by task, and the team's
    certified members by name (the rows)."""
    tasks = store.find(Task, team=team, status=planning.OPEN_STATUSES)
    members = store.find(Inspector, team=team)
    rows = sorted((i for i in members if i.certificate_no), key=lambda i: (i.role != "inspector", i.name))
    return tasks, planning.targets_by_id(store, (t.target_id for t in tasks)), planning.active_codes(store), rows


class AssignmentBoard(QWidget):
    """The team lead's board for `user`'s team. Connect `code_requested` to the sync layer's code request."""

    code_requested = Signal(list)  # task ids selected for a batch code request (申请检查码)

    def __init__(self, runner: Runner, user: Inspector, *, today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AssignmentBoard")
        self._runner = runner
        self._key = f"board-{id(self)}"
        self._user = user
        self.first_week = week_start(today or date.today())
        self.selected: set[str] = set()
        self.undo_stack = QUndoStack(self)
        self.cells: dict[tuple[str, date | None], BoardCell] = {}
        self.placed: dict[tuple[str, date | None], list[Task]] = {}
        self._tasks: dict[str, Task] = {}
        self._targets: dict[str, Target] = {}
        self._inspectors: list[Inspector] = []
        self._commands: list[ReassignCommand] = []  # held here, so the stack's commands stay the Python objects
        self.codes: dict[str, InspectionCode] = {}  # task id -> its active code
        self.visit_dialog: VisitDecisionDialog | None = None  # the last one opened
        self._build()
        self._build_actions()
        self.reload()

    # --- building -----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.category_filter = self._combo([(task_category_label(c), c.value) for c in TaskCategory])
        self.grade_filter = self._combo([(g, g) for g in "ABCD"])
        self.street_filter = self._combo([])
        self.status_filter = self._combo([(task_status_label(s), s.value) for s in planning.OPEN_STATUSES])
        self.request_codes_button = QPushButton(self)
        self.request_codes_button.clicked.connect(self.request_codes)
        self.visit_button = QPushButton(self.tr("检查频次与无事不扰…"), self)  # issue 16: a lead's decisions
        self.visit_button.clicked.connect(self.open_visit_decisions)
        previous, following = QPushButton("◀", self), QPushButton("▶", self)
        previous.setToolTip(self.tr("前一周"))
        following.setToolTip(self.tr("后一周"))
        for button in (previous, following):
            button.setFixedWidth(36)
        previous.clicked.connect(lambda: self.shift_weeks(-1))
        following.clicked.connect(lambda: self.shift_weeks(1))
        self.status_label = QLabel(self)
        bar = QHBoxLayout()
        for label, combo in (
            (self.tr("任务分类"), self.category_filter),
            (self.tr("街道"), self.street_filter),
            (self.tr("等级"), self.grade_filter),
            (self.tr("状态"), self.status_filter),
        ):
            bar.addWidget(QLabel(label, self))
            bar.addWidget(combo)
        bar.addStretch(1)
        bar.addWidget(previous)
        bar.addWidget(following)
        bar.addWidget(self.visit_button)
        bar.addWidget(self.request_codes_button)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(0)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status_label)

    def _combo(self, entries: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(self.tr("全部"), "")
        for text, value in entries:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self.refresh)
        return combo

    def _build_actions(self) -> None:
        """Undo and redo work inside the board (Ctrl+Z, Ctrl+Shift+Z) whether or not a menu shows them."""
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.request_action = QAction(self.tr("申请检查码"), self)
        self.request_action.triggered.connect(self.request_codes)

    def menu_actions(self) -> list[QAction]:
        """Undo, redo and the code request, for the window's menu."""
        return [self.undo_action, self.redo_action, self.request_action]

    # --- data ---------------------------------------------------------------------------------------------------

    @property
    def team(self) -> str:
        return self._user.team

    def inspectors(self) -> list[Inspector]:
        """The team's certified members, by name (as last read)."""
        return list(self._inspectors)

    def weeks(self) -> list[date]:
        return [self.first_week + timedelta(weeks=n) for n in range(WEEKS)]

    def reload(self) -> None:
        """Read the team's open tasks, their targets and codes on the runner's worker, then redraw."""
        team = self._user.team
        self._runner.run(lambda store: _read(store, team), self._show, key=self._key)

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    @property
    def busy(self) -> bool:
        """The board is being read or a move (or its undo) written."""
        return self._runner.working(self)

    def _show(self, found: Read) -> None:
        tasks, self._targets, self.codes, self._inspectors = found
        self._tasks = {t.id: t for t in tasks}
        current = self.street_filter.currentData()
        streets = sorted({t.street for t in self._targets.values()})
        self.street_filter.blockSignals(True)
        self.street_filter.clear()
        self.street_filter.addItem(self.tr("全部"), "")
        for street in streets:
            self.street_filter.addItem(street, street)
        self.street_filter.setCurrentIndex(max(0, self.street_filter.findData(current)))
        self.street_filter.blockSignals(False)
        self.refresh()

    def _passes(self, task: Task) -> bool:
        target = self._targets.get(task.target_id)
        wanted = (
            (self.category_filter.currentData(), task.category),
            (self.status_filter.currentData(), task.status),
            (self.grade_filter.currentData(), target.grade if target else ""),
            (self.street_filter.currentData(), target.street if target else ""),
        )
        return all(not want or want == have for want, have in wanted)

    # --- drawing ------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw the grid from the tasks in memory under the current filters."""
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # deletion waits for the event loop; until then it must not be drawn over the new grid
                widget.deleteLater()
        self.cells.clear()
        weeks = self.weeks()
        columns: list[date | None] = [None, *weeks]
        rows = [(i.id, i.name) for i in self.inspectors()] + [(UNASSIGNED, self.tr("未分配"))]
        placed = self.placed = self._place(weeks)
        self._header(columns)
        for r, (inspector_id, name) in enumerate(rows, start=1):
            load = sum(len(v) for (i, _), v in placed.items() if i == inspector_id)
            count = self.tr("%n 项", "", load)
            label = QLabel(f"{name}\n{count}")
            label.setStyleSheet("font-weight: 600; padding: 6px;")
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.grid.addWidget(label, r, 0)
            for c, week in enumerate(columns, start=1):
                cell = BoardCell(self, inspector_id, week)
                self._fill(cell, placed.get((inspector_id, week), []))
                self.cells[(inspector_id, week)] = cell
                self.grid.addWidget(cell, r, c)
        shown = sum(len(v) for v in placed.values())
        coded = len(self.shown_task_ids() & self.codes.keys())
        self.request_codes_button.setText(self.tr("申请检查码（%n）", "", len(self.selected)))
        self.request_codes_button.setEnabled(bool(self.selected))
        self.status_label.setText(
            self.tr("显示 %1 张任务卡，其中 %2 项已有检查码；单击选择任务后申请检查码；撤销 Ctrl+Z")
            .replace("%1", str(shown))
            .replace("%2", str(coded))
        )

    def _header(self, columns: list[date | None]) -> None:
        for c, week in enumerate(columns, start=1):
            if week is None:
                text = self.tr("未排期")
            else:
                end = week + timedelta(days=6)
                text = f"{week.month}/{week.day}–{end.month}/{end.day}"
            label = QLabel(text)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("font-weight: 600; padding: 4px; background: #eef1f4;")
            self.grid.addWidget(label, 0, c)

    def _place(self, weeks: list[date]) -> dict[tuple[str, date | None], list[Task]]:
        """Cards per (row, column); a task shows in the row of each of its inspectors."""
        shown_weeks = set(weeks)
        placed: dict[tuple[str, date | None], list[Task]] = {}
        for task in sorted(self._tasks.values(), key=lambda t: (t.scheduled_on or date.min, t.id)):
            if not self._passes(task):
                continue
            week = None if task.scheduled_on is None else week_start(task.scheduled_on)
            if week is not None and week not in shown_weeks:
                continue
            for inspector_id in task.inspector_ids or [UNASSIGNED]:
                placed.setdefault((inspector_id, week), []).append(task)
        return placed

    def _fill(self, cell: BoardCell, tasks: list[Task]) -> None:
        for task in tasks[:CARDS_PER_CELL]:
            target, code = self._targets.get(task.target_id), self.codes.get(task.id)
            card = TaskCard(task, target, cell.inspector_id, task.id in self.selected, code, cell)
            card.clicked.connect(self.toggle_selected)
            cell.cards.addWidget(card)
        if len(tasks) > CARDS_PER_CELL:
            more = QLabel(self.tr("另有 %n 项（请用筛选缩小范围）", "", len(tasks) - CARDS_PER_CELL), cell)
            more.setStyleSheet("color: #6a737d; font-size: 11px;")
            cell.cards.addWidget(more)

    def shown_task_ids(self) -> set[str]:
        """The tasks on the board under the current filters and weeks (drawn or counted in a crowded cell)."""
        return {t.id for tasks in self.placed.values() for t in tasks}

    def card(self, task_id: str, inspector_id: str) -> TaskCard | None:
        """The card of `task_id` in `inspector_id`'s row, if shown."""
        for (row, _), cell in self.cells.items():
            if row == inspector_id:
                for index in range(cell.cards.count()):
                    widget = cell.cards.itemAt(index).widget()
                    if isinstance(widget, TaskCard) and widget.task.id == task_id:
                        return widget
        return None

    def shift_weeks(self, step: int) -> None:
        self.first_week += timedelta(weeks=step)
        self.refresh()

    # --- moving, selecting --------------------------------------------------------------------------------------

    def move_task(self, task_id: str, from_inspector: str, to_inspector: str, week: date | None) -> bool:
        """Reassign by a drop; pushes an undoable command. False (with a message) when the move is refused."""
        task = self._tasks.get(task_id)
        if task is None:
            return False
        ids = list(task.inspector_ids)
        if to_inspector != from_inspector:
            if to_inspector and to_inspector in ids:
                self.say(self.tr("该监督员已在此任务中 / this inspector is already on the task"))
                return False
            ids = [i for i in ids if i != from_inspector] if from_inspector else ids
            ids = [*ids, to_inspector] if to_inspector else ids
        before = Placement(tuple(task.inspector_ids), task.scheduled_on)
        after = Placement(tuple(ids), self._moved_date(task.scheduled_on, week))
        if after == before:
            return False
        target = self._targets.get(task.target_id)
        text = self.tr("改派 %1").replace("%1", target.name if target else task_id)

        def moved() -> None:
            command = ReassignCommand(self, task_id, before, after, text)
            self._commands.append(command)
            self.undo_stack.push(command)

        self.apply_placement(task_id, after, done=moved)
        return True

    @staticmethod
    def _moved_date(old: date | None, week: date | None) -> date | None:
        """The same weekday in the new week; Monday for a task that had no date."""
        if week is None:
            return None
        return week + timedelta(days=old.weekday() if old else 0)

    def apply_placement(
        self,
        task_id: str,
        placement: Placement,
        *,
        done: Callable[[], None] | None = None,
        refused: Callable[[], None] | None = None,
    ) -> None:
        """Save the task's inspectors and date on the worker; once saved, redraw (then `done`); when refused, say why
        (then `refused`)."""
        ids, day = list(placement.inspector_ids), placement.scheduled_on

        def saved(task: Task) -> None:
            self._tasks[task_id] = task
            self.refresh()
            if done is not None:
                done()

        def failed(error: BaseException) -> None:
            self.say(error_text(error))
            if refused is not None:
                refused()

        self._runner.run(lambda store: planning.reassign(store, task_id, ids, day), saved, failed, owner=self)

    def _drop(self, command: ReassignCommand, undone: bool) -> None:
        """A refused undo (or redo): take the command off the stack, as obsolete, without applying anything."""
        at = self.undo_stack.index() if undone else self.undo_stack.index() - 1
        if not 0 <= at < self.undo_stack.count() or self.undo_stack.command(at) is not command:
            self.undo_stack.clear()  # moved on meanwhile: the history no longer matches the store
            self._commands.clear()
            return
        command.setObsolete(True)  # Qt deletes an obsolete command when it next undoes or redoes it
        if undone:
            self.undo_stack.redo()
        else:
            self.undo_stack.undo()
        self._commands.remove(command)

    def say(self, message: str) -> None:
        self.status_label.setText(message)

    def toggle_selected(self, task_id: str) -> None:
        self.selected ^= {task_id}
        self.refresh()

    def open_visit_decisions(self) -> VisitDecisionDialog | None:
        """The visit decisions (无事不扰, an override reason) for the one task selected and its target."""
        if len(self.selected) != 1:
            self.say(self.tr("请先在看板上选择一项任务"))
            return None
        task = self._tasks.get(next(iter(self.selected)))
        if task is None:
            return None
        self.visit_dialog = VisitDecisionDialog(self._runner, task.target_id, task.id, self)
        self.visit_dialog.allowed.connect(lambda _task: self.reload())
        self.visit_dialog.show()
        return self.visit_dialog

    def request_codes(self) -> None:
        """Hand the selected tasks to whoever requests codes (the sync layer); the selection is then cleared.

        Tasks that already hold a valid code are left out (the server would refuse them), and said so.
        """
        if not self.selected:
            return
        ids = sorted(self.selected - self.codes.keys())
        skipped = len(self.selected) - len(ids)
        self.selected.clear()
        self.refresh()
        if skipped:
            self.say(self.tr("%n 项任务已有有效检查码，未重复申请", "", skipped))
        if ids:
            self.code_requested.emit(ids)
