"""今日任务: the inspector's open visits by schedule, each with its code's status and what to do next.

A joint inspection (撮合) is one row with its tasks beneath. Keys: ↑/↓ choose, Enter starts or continues the
inspection, Ctrl+R requests the code (emits `code_requested`; the main window sends it from its sync worker), Ctrl+L
shows the code (亮码). Starting goes through the store's gate: without a valid code it is refused and the reason shown.
The visits are read through the runner, and read again when a write or a pull changes tasks, codes or inspections.
"""

from __future__ import annotations

from html import escape

from app.models import Checklist, Plan, Task
from app.onsite.today import CodeStatus, Visit, visits_of
from app.rules.codes import GateError, Verdict
from app.store import Store, gate
from app.store.changes import Changes
from app.ui.code_display import CodeDisplay, open_code_display
from app.ui.i18n import error_text
from app.ui.labels import task_category_label
from app.ui.onsite.inspection_window import InspectionWindow, in_language, open_window
from app.ui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QLabel,
    QStackedWidget,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner
from app.ui.shortcut_button import shortcut_button
from app.ui.sync_badge import rollup_text, state_icon, visit_state

GOOD, WAIT, BAD, MUTED = "#2e7d32", "#ef6c00", "#c62828", "#607d8b"
_COLOURS = {CodeStatus.VALID: GOOD, CodeStatus.REQUESTED: WAIT, CodeStatus.NONE: MUTED, CodeStatus.NOT_YET_VALID: WAIT}
COLUMNS = 4  # date, target and tasks, code status, next step
SHOWN = ("tasks", "inspection_codes", "inspections", "targets", "plans", "checklists")  # what a visit row shows


def verdict_text(verdict: Verdict) -> str:
    return in_language(verdict.zh, verdict.en)


def _checklist_names(store: Store, tasks: tuple[Task, ...]) -> list[str]:
    names: list[str] = []
    for task in tasks:
        plan = store.get(Plan, task.plan_id)
        for checklist_id in plan.checklist_ids if plan else []:
            checklist = store.get(Checklist, checklist_id)
            if checklist and checklist.name not in names:
                names.append(checklist.name)
    return names


Rollup = dict[tuple[str, str], int]


def _load(store: Store, inspector_id: str | None) -> list[tuple[Visit, list[str], Rollup | None]]:
    """Each visit with its checklists' names and, once begun, how many of its records are in each sync state."""
    return [
        (
            visit,
            _checklist_names(store, visit.tasks),
            store.visit_rollup(visit.inspection.id) if visit.inspection else None,
        )
        for visit in visits_of(store, inspector_id)
    ]


class TodayView(QWidget):
    """The inspector's day. `reload()` reads the visits again (after a sync, a code, a finished inspection)."""

    code_requested = Signal(list)  # task ids of the chosen visit
    inspection_opened = Signal(object)  # the InspectionWindow shown
    code_shown = Signal(object)  # the CodeDisplay shown

    def __init__(self, runner: Runner, inspector_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today")
        self._runner = runner
        self._inspector_id = inspector_id
        self.visits: list[Visit] = []
        self._checklists: list[list[str]] = []
        self._rollups: list[Rollup | None] = []
        self._windows: list[InspectionWindow] = []
        runner.changed.connect(self._records_changed)
        self._build()
        self.reload()
        self._retranslate()  # after reload(): while the first read runs, the empty page says it is loading

    # --- building ------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        self.title = QLabel()
        self.title.setObjectName("today-title")
        self.title.setTextFormat(Qt.TextFormat.RichText)  # built with html.escape (_retranslate)
        root.addWidget(self.title)
        self.tree = QTreeWidget()
        self.tree.setObjectName("today-visits")
        self.tree.setColumnCount(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.tree.itemActivated.connect(lambda *_: self.open_inspection())
        self.tree.installEventFilter(self)
        self.empty = QLabel()
        self.empty.setObjectName("today-empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        root.addWidget(self.stack, 1)
        self.message = QLabel()
        self.message.setObjectName("today-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.message)
        buttons = QHBoxLayout()
        self.request_button = shortcut_button(self, buttons, "today-request", "Ctrl+R", self.request_code)
        self.show_code_button = shortcut_button(self, buttons, "today-show-code", "Ctrl+L", self.show_code)
        buttons.addStretch(1)
        self.start_button = shortcut_button(self, buttons, "today-start", "Ctrl+Return", self.open_inspection)
        root.addLayout(buttons)

    def _retranslate(self) -> None:
        count = self.tr("共 %1 次检查").replace("%1", str(len(self.visits)))
        self.title.setText(
            f"<span style='font-size:15pt; font-weight:600'>{escape(self.tr('今日任务'))}</span>"
            f"&nbsp;&nbsp;<span style='color:{MUTED}'>{escape(count)}</span>"
        )
        headers = [self.tr("计划日期"), self.tr("检查对象与任务"), self.tr("检查码"), self.tr("下一步")]
        self.tree.setHeaderLabels(headers)
        empty = self.tr("今天没有待检查的任务。\n新任务由科室负责人分派，联网同步后显示在这里。")
        self.empty.setText(self.tr("正在载入今日任务…") if self.loading and not self.visits else empty)
        self.request_button.setText(self.tr("申请检查码 (Ctrl+R)"))
        self.show_code_button.setText(self.tr("亮码 (Ctrl+L)"))
        self._update_buttons()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # --- loading -------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        inspector_id = self._inspector_id
        self._runner.run(lambda store: _load(store, inspector_id), self._loaded, self._failed, key=self._key)

    def set_inspector(self, inspector_id: str | None) -> None:
        """Whose day this is (known once the first sync brought the signed-in user's record)."""
        if inspector_id != self._inspector_id:
            self._inspector_id = inspector_id
            self.reload()

    @property
    def _key(self) -> str:
        return f"today-{id(self)}"

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    def _records_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWN):
            self.reload()  # the chosen visit stays chosen (_loaded finds it again)

    def _failed(self, error: BaseException) -> None:
        self._say(escape(error_text(error)), BAD)

    def _loaded(self, result: list[tuple[Visit, list[str], Rollup | None]]) -> None:
        chosen = self.current_visit()
        self.visits = [visit for visit, _, _ in result]
        self._checklists = [names for _, names, _ in result]
        self._rollups = [rollup for _, _, rollup in result]
        self._retranslate()
        keep = next((n for n, v in enumerate(self.visits) if chosen and v.task_ids == chosen.task_ids), 0)
        if self.visits:
            self.tree.setCurrentItem(self.tree.topLevelItem(keep))

    def _fill(self) -> None:
        self.tree.clear()
        for visit, names, rollup in zip(self.visits, self._checklists, self._rollups, strict=True):
            row = QTreeWidgetItem(self._cells(visit, names))
            row.setForeground(2, QBrush(QColor(_COLOURS.get(visit.status, BAD))))
            row.setToolTip(3, row.text(3))
            if rollup is not None:  # what of the visit the server has (issue 12)
                row.setIcon(3, state_icon(visit_state(rollup)))
                row.setToolTip(3, f"{row.text(3)}\n{rollup_text(rollup)}")
            self.tree.addTopLevelItem(row)
        for column in (0, 2):
            self.tree.resizeColumnToContents(column)
        self.stack.setCurrentWidget(self.tree if self.visits else self.empty)

    def _cells(self, visit: Visit, checklists: list[str]) -> list[str]:
        name = visit.target.name if visit.target else self.tr("（检查对象未同步）")
        kinds = "、".join(task_category_label(t.category) for t in visit.tasks)
        head = self.tr("联合检查（%1 项任务）").replace("%1", str(len(visit.tasks))) if visit.joint else kinds
        lines = [name, head if not visit.joint else f"{head}：{kinds}"]
        if checklists:
            lines.append(self.tr("检查表：%1").replace("%1", "、".join(checklists)))
        when = visit.scheduled_on.isoformat() if visit.scheduled_on else self.tr("未排期")
        return [when, "\n".join(lines), self.status_text(visit), self.next_step(visit)]

    def status_text(self, visit: Visit) -> str:
        texts = {
            CodeStatus.NONE: self.tr("未申码"),
            CodeStatus.REQUESTED: self.tr("已申请"),
            CodeStatus.VALID: self.tr("有效"),
            CodeStatus.NOT_YET_VALID: self.tr("未生效"),
            CodeStatus.EXPIRED: self.tr("已过期"),
            CodeStatus.REVOKED: self.tr("已撤销"),
            CodeStatus.INVALID: self.tr("无效"),
        }
        short = f" {visit.code.short_code}" if visit.code else ""
        return texts[visit.status] + short

    def next_step(self, visit: Visit) -> str:
        if visit.status is CodeStatus.NONE:
            return self.tr("出发前申请检查码（需联网）")
        if visit.status is CodeStatus.REQUESTED:
            return self.tr("已申请检查码，联网同步后即可检查")
        if visit.status is CodeStatus.VALID and visit.inspection is not None:
            return self.tr("继续检查（按 Enter）")
        if visit.status is CodeStatus.VALID:
            return self.tr("到场后亮码，再开始检查（按 Enter）")
        return verdict_text(visit.verdict) if visit.verdict else ""

    # --- actions -------------------------------------------------------------------------------------------------

    def current_visit(self) -> Visit | None:
        row = self.tree.indexOfTopLevelItem(self.tree.currentItem()) if self.tree.currentItem() else -1
        return self.visits[row] if 0 <= row < len(self.visits) else None

    def _update_buttons(self) -> None:
        visit = self.current_visit()
        self.request_button.setEnabled(visit is not None and visit.status is not CodeStatus.VALID)
        self.show_code_button.setEnabled(
            visit is not None and visit.code is not None and not any(t.remote for t in visit.tasks)
        )
        self.start_button.setEnabled(visit is not None)
        continuing = visit is not None and visit.inspection is not None
        self.start_button.setText(self.tr("继续检查 (Enter)") if continuing else self.tr("开始检查 (Enter)"))

    def request_code(self) -> None:
        visit = self.current_visit()
        if visit is None:
            return
        self.code_requested.emit(visit.task_ids)
        self._say(self.tr("已提交检查码申请（%1 项任务），联网时发送").replace("%1", str(len(visit.tasks))), WAIT)

    def show_code(self) -> None:
        """亮码: the chosen visit's code full screen, once read (`code_shown`)."""
        visit = self.current_visit()
        if visit is None or visit.code is None:
            self._say(self.tr("该任务还没有检查码，请先申请"), BAD)
            return
        open_code_display(self._runner, visit.code.id, self._code_opened)

    def _code_opened(self, display: CodeDisplay) -> None:
        display.show_full_screen()
        self.code_shown.emit(display)

    def open_inspection(self) -> InspectionWindow | None:
        """Start (or continue) the chosen visit's inspection; the gate decides, and its reason is shown. The window
        opens once the inspection is read (`inspection_opened`); one already open is brought forward and returned."""
        visit = self.current_visit()
        if visit is None:
            return None
        if visit.code is None:  # the gate's own words for it
            self._runner.run(lambda store: gate.verdict(store, None), self._say_verdict)
            return None
        for window in self._windows:
            if window.code.id == visit.code.id:  # already open: bring it forward rather than a second one
                window.raise_()
                window.activateWindow()
                return window
        open_window(self._runner, visit.code.id, self._opened, self._refused)
        return None

    def _say_verdict(self, verdict: Verdict) -> None:
        self._say(escape(verdict_text(verdict)), BAD)

    def _refused(self, refused: BaseException) -> None:
        if isinstance(refused, GateError):
            self._say(escape(verdict_text(refused.verdict)), BAD)
        else:
            self._say(escape(error_text(refused)), BAD)

    def _opened(self, window: InspectionWindow) -> None:
        window.destroyed.connect(lambda *_: self._windows.remove(window) if window in self._windows else None)
        self._windows.append(window)
        window.show()
        self._say("", MUTED)
        self.inspection_opened.emit(window)

    def _say(self, text: str, colour: str) -> None:
        self.message.setText(f"<span style='color:{colour}'>{text}</span>" if text else "")

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        enter = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and not event.modifiers()
        if watched is self.tree and enter and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_inspection()
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Close the inspection windows (their last writes go to the runner, which finishes them)."""
        for window in list(self._windows):
            window.close()
