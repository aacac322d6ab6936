"""The inspection on site: the checklist by keyboard, notes, photos, findings, signatures, documents, finish.

Every answer, note and finding is committed to the store as it is given (through the code gate), so a crash loses
nothing and reopening shows the answers. All database work goes through the runner: `open_window(runner, code_id,
on_open)` reads (or starts) the inspection on the database worker and then builds the window; an answer is shown at
once and written behind it, in order; a refused write is shown and the item goes back to what is stored.
Finishing is refused while items are unanswered or a non-compliant item has
neither note nor photo: those items are listed and marked, nothing is lost. A finished inspection is locked; Enter on
an item (or Ctrl+E) then records an amendment with its reason. Finishing offers the evaluation QR to the business.

Keys: 1/Y 2/N 3/0 answer; Tab/J next unanswered; Enter/F2 note (Enter saves, Esc cancels); Ctrl+F findings;
Ctrl+L 亮码; Ctrl+G signatures; Ctrl+P documents; Ctrl+K correction order; Ctrl+Return finish; Ctrl+E amend (the
current item, or the findings when they have the focus); Ctrl+B 立案 on a finished inspection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape

from app.documents.demands import correction_demand
from app.models import (
    ChecklistItem,
    Inspection,
    InspectionCode,
    InspectionStatus,
    Inspector,
    ItemResult,
    ResultValue,
    Target,
)
from app.onsite import amendments
from app.onsite import inspection as onsite
from app.onsite.follow_up import issue_correction_order
from app.onsite.remembered import Remembered, remembered, remembered_first
from app.rules.codes import Verdict, code_url
from app.store import Store, gate
from app.store.changes import Changes
from app.store.sync_state import VISIT_ENTITIES
from app.sync.auth import SERVER_URL
from app.ui.code_display import CodeDisplay, open_code_display
from app.ui.i18n import error_text, in_language  # in_language: also imported from here by older pages
from app.ui.onsite.case_dialog import CaseDialog
from app.ui.onsite.checklist_view import ChecklistModel, ChecklistView
from app.ui.onsite.document_preview import DocumentPreview
from app.ui.onsite.evidence_panel import EvidencePanel
from app.ui.onsite.onsite_dialogs import AmendmentDialog, CorrectionOrderDialog, EvaluationDialog
from app.ui.onsite.recording_panel import RecordingPanel
from app.ui.onsite.signature_pad import SignatureDialog
from app.ui.qt import (
    QCloseEvent,
    QDialog,
    QEvent,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QObject,
    QPlainTextEdit,
    QProgressBar,
    QShortcut,
    QSplitter,
    Qt,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner
from app.ui.shortcut_button import shortcut_button
from app.ui.sync_badge import rollup_text

GOOD, BAD, MUTED, MARK = "#2e7d32", "#c62828", "#607d8b", "#e65100"
FINDINGS_SAVE_MS = 600  # findings are saved this long after the last keystroke (and on leaving the field)


@dataclass(frozen=True)
class Header:
    """Who and where, and whether the code still holds: read on the worker, shown in the window's header."""

    target: Target | None
    inspector_names: list[str]
    verdict: Verdict
    server_url: str


@dataclass(frozen=True)
class Answers:
    """The answers as shown: (result, note) by item id, the items with photos, those amended, and the findings."""

    shown: dict[str, tuple[str, str]]
    photographed: set[str]
    amended: set[str]
    findings: str


@dataclass(frozen=True)
class Opened:
    code: InspectionCode
    inspection: Inspection
    sections: list[onsite.Section]
    header: Header
    answers: Answers
    memory: dict[str, Remembered] = field(default_factory=dict)  # the target's past failures and open orders


def header_of(store: Store, code: InspectionCode) -> Header:
    names = []
    for inspector_id in code.inspector_ids:
        person = store.get(Inspector, inspector_id)
        names.append(person.name if person else inspector_id)
    return Header(store.get(Target, code.target_id), names, gate.verdict(store, code), store.meta(SERVER_URL) or "")


def answers_of(store: Store, inspection_id: str) -> Answers:
    inspection = store.get(Inspection, inspection_id)
    found = onsite.answers(store, inspection_id)
    results = list(found.results.values())
    effective = amendments.effective_results(store, inspection_id, results)
    corrected = {a.record_id for a in amendments.amendments_of(store, inspection_id)}
    return Answers(
        {item_id: (values["result"], values["note"]) for item_id, values in effective.items()},
        found.photographed,
        {r.item_id for r in results if r.id in corrected},
        amendments.effective_findings(store, inspection) if inspection else "",
    )


def open_inspection(store: Store, code_id: str) -> Opened:
    """On the database worker: the inspection under the code (started now if there is none: the gate decides)."""
    code = onsite.code_of(store, code_id)
    inspection = onsite.inspection_under(store, code_id) or onsite.start(store, code_id)
    memory = remembered(store, inspection)
    sections = remembered_first(onsite.checklist(store, code), memory)
    return Opened(code, inspection, sections, header_of(store, code), answers_of(store, inspection.id), memory)


def open_window(
    runner: Runner,
    code_id: str,
    on_open: Callable[[InspectionWindow], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Read (or start) the inspection under `code_id` on the worker, then build its window and hand it to `on_open`."""
    owner = getattr(on_open, "__self__", None)  # a page asking: nothing opens once it is gone
    runner.run(
        lambda store: open_inspection(store, code_id),
        lambda opened: on_open(InspectionWindow(runner, opened)),
        on_error,
        owner=owner if isinstance(owner, QObject) else None,
    )


def _result_states(store: Store, inspection_id: str) -> dict[str, str]:
    """Item id -> the sync state of its result in this inspection."""
    results = store.find(ItemResult, inspection_id=inspection_id)
    states = store.sync_states(ItemResult, [r.id for r in results])
    return {r.item_id: states[r.id] for r in results if r.id in states}


class InspectionWindow(QWidget):
    """One inspection under a code, as opened by `open_window` (through the gate)."""

    finished = Signal(object)  # the completed Inspection
    code_shown = Signal(object)  # the CodeDisplay shown (亮码)

    def __init__(self, runner: Runner, opened: Opened, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("inspection-window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._runner = runner
        self.code = opened.code
        self.inspection = opened.inspection
        self.sections = opened.sections
        self._header = opened.header
        self.model = ChecklistModel(self.sections, self, opened.memory)
        self.dialog: QWidget | None = None  # the dialog open now, if any
        self._saved_findings = self.inspection.findings
        self._findings_timer = QTimer(self)
        self._findings_timer.setSingleShot(True)
        self._findings_timer.setInterval(FINDINGS_SAVE_MS)
        self._findings_timer.timeout.connect(self.save_findings)
        # QProgressBar.setValue repaints at once (~1 ms): the count is shown once per turn of the event loop, not
        # inside every key press.
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(0)
        self._progress_timer.timeout.connect(self._update_progress)
        self._build()
        self._show_answers(opened.answers)
        self._retranslate()
        self._apply_lock()
        self.view.first_item()
        self.view.setFocus()
        runner.changed.connect(self._records_changed)
        self._read_rollup()

    @property
    def locked(self) -> bool:
        return self.inspection.status == InspectionStatus.COMPLETED

    # --- building ------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 10, 14, 10)
        self.header = QLabel()
        self.header.setObjectName("inspection-header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        root.addWidget(self.header)
        progress_row = QHBoxLayout()
        self.progress_label = QLabel()
        self.progress_label.setObjectName("inspection-progress")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.keys_hint = QLabel()
        self.keys_hint.setStyleSheet(f"color: {MUTED};")
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        self.sync_rollup = QLabel()  # what of this visit the server has (issue 12)
        self.sync_rollup.setObjectName("sync-rollup")
        progress_row.addWidget(self.sync_rollup)
        progress_row.addWidget(self.keys_hint)
        root.addLayout(progress_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.view = ChecklistView(self.model)
        self.view.answer_requested.connect(self.answer)
        self.view.note_requested.connect(self.edit_note)
        self.view.current_item_changed.connect(self._show_item)
        splitter.addWidget(self.view)
        splitter.addWidget(self._side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 460])  # the checklist gets the room: item titles must be readable
        root.addWidget(splitter, 1)

        self.message = QLabel()
        self.message.setObjectName("inspection-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.message)
        root.addLayout(self._buttons())
        QShortcut(QKeySequence("Ctrl+F"), self, self.findings.setFocus)
        self.resize(1360, 860)

    def _side(self) -> QWidget:
        self.findings = QPlainTextEdit()
        self.findings.setObjectName("findings")
        self.findings.textChanged.connect(self._findings_timer.start)
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(8, 0, 0, 0)
        self.item_detail = QLabel()
        self.item_detail.setObjectName("item-detail")
        self.item_detail.setWordWrap(True)
        self.item_detail.setTextFormat(Qt.TextFormat.RichText)
        self.item_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.item_detail)
        self.note_caption = QLabel()
        layout.addWidget(self.note_caption)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note-edit")
        self.note_edit.returnPressed.connect(self.save_note)
        self.note_edit.installEventFilter(self)
        layout.addWidget(self.note_edit)
        self.tabs = QTabWidget()
        items = [item for section in self.sections for item in section.items]
        self.evidence = EvidencePanel(self._runner, self.inspection, items)
        self.evidence.photos_changed.connect(self._photos_changed)
        self.evidence.refused.connect(lambda reason: self._say(escape(reason), BAD))
        self.findings.installEventFilter(self)  # saved on leaving the field
        self.recordings = RecordingPanel(self._runner, self.inspection)  # 执法记录仪: imported after the visit too
        self.recordings.refused.connect(lambda reason: self._say(escape(reason), BAD))
        self.tabs.addTab(self.findings, "")
        self.tabs.addTab(self.evidence, "")
        self.tabs.addTab(self.recordings, "")
        layout.addWidget(self.tabs, 1)
        return side

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.code_button = shortcut_button(self, row, "show-code", "Ctrl+L", self.show_code)
        self.sign_button = shortcut_button(self, row, "sign", "Ctrl+G", self.sign)
        self.documents_button = shortcut_button(self, row, "documents", "Ctrl+P", self.documents)
        self.order_button = shortcut_button(self, row, "correction-order", "Ctrl+K", self.correction_order)
        self.case_button = shortcut_button(self, row, "open-case", "Ctrl+B", self.open_case)
        row.addStretch(1)
        self.amend_button = shortcut_button(self, row, "amend", "Ctrl+E", self.amend)
        self.finish_button = shortcut_button(self, row, "finish", "Ctrl+Return", self.finish)
        self.finish_button.setStyleSheet("font-weight: 600;")
        return row

    def _retranslate(self) -> None:
        target, names, verdict = self._header.target, self._header.inspector_names, self._header.verdict
        state = self.tr("已完成（结果已锁定）") if self.locked else self.tr("检查中")
        code_state = self.tr("检查码有效") if verdict.ok else in_language(verdict.zh, verdict.en)
        colour = GOOD if verdict.ok or self.locked else BAD
        self.setWindowTitle(self.tr("现场检查 - %1").replace("%1", target.name if target else self.code.target_id))
        self.header.setText(
            f"<span style='font-size:15pt; font-weight:600'>{escape(target.name if target else '')}</span>"
            f"&nbsp;&nbsp;<span style='color:{MUTED}'>{escape(target.address if target else '')}</span><br/>"
            f"{escape(self.tr('检查码'))} <b>{escape(self.code.short_code)}</b> · "
            f"<span style='color:{colour}'>{escape(code_state)}</span> · {escape('、'.join(names))} · "
            f"<b>{escape(state)}</b>"
        )
        self.keys_hint.setText(self.tr("1/Y 符合 · 2/N 不符合 · 3/0 不适用 · Tab/J 下一未答 · Enter 说明"))
        self.note_caption.setText(self.tr("说明（Enter 保存，Esc 取消）"))
        self.note_edit.setPlaceholderText(self.tr("不符合项须填写说明或附照片"))
        self.findings.setPlaceholderText(self.tr("检查发现：现场检查情况、发现的问题（Ctrl+F）"))
        self.tabs.setTabText(0, self.tr("检查发现"))
        self.tabs.setTabText(1, self.tr("现场照片"))
        self.tabs.setTabText(2, self.tr("执法记录仪"))
        self.code_button.setText(self.tr("亮码 (Ctrl+L)"))
        self.sign_button.setText(self.tr("签名 (Ctrl+G)"))
        self.documents_button.setText(self.tr("文书 (Ctrl+P)"))
        self.order_button.setText(self.tr("责令改正 (Ctrl+K)"))
        self.case_button.setText(self.tr("立案 (Ctrl+B)"))
        self.amend_button.setText(self.tr("更正 (Ctrl+E)"))
        self.finish_button.setText(self.tr("完成检查 (Ctrl+Enter)"))
        self._update_progress()
        self._show_item(self.view.current_item())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "finish_button"):
            self._retranslate()
        super().changeEvent(event)

    # --- answers -------------------------------------------------------------------------------------------------

    def _show_answers(self, found: Answers) -> None:
        self.model.load(found.shown, found.photographed, found.amended)
        self.findings.blockSignals(True)
        self.findings.setPlainText(found.findings)
        self.findings.blockSignals(False)

    def _reload_answers(self) -> None:
        inspection_id = self.inspection.id
        key = f"answers-{inspection_id}"
        self._runner.run(lambda store: answers_of(store, inspection_id), self._show_answers, key=key)

    def _write(
        self,
        op: Callable[[Store, Inspection], object],
        on_done: Callable[[object], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Queue a write of this inspection (as stored when it runs) behind those asked before; a refusal is shown."""
        inspection_id = self.inspection.id

        def write(store: Store) -> object:
            return op(store, store.get(Inspection, inspection_id) or self.inspection)

        self._runner.run(write, on_done, on_error or self._refused, owner=self)

    def _refused(self, refused: BaseException) -> None:
        self._say(escape(error_text(refused)), BAD)

    def answer(self, item_id: str, result: str) -> None:
        """Show the answer at once and commit it behind; after a non-compliant one without note or photo, ask for the
        note. A refused write puts the item back as stored."""
        if self.locked:
            return
        note = self.model.notes.get(item_id, "")
        self.model.set_answer(item_id, result, note)
        self._progress_timer.start()
        self._say("", MUTED)

        def refused(exc: BaseException) -> None:
            self._refused(exc)
            self._reload_answers()

        self._write(lambda store, inspection: onsite.answer(store, inspection, item_id, result), on_error=refused)
        unsupported = not note and item_id not in self.model.photographed
        if result == ResultValue.NON_COMPLIANT and unsupported:
            self.edit_note(item_id)
        else:
            self.view.advance()

    def edit_note(self, item_id: str) -> None:
        if self.locked:
            self.amend()
            return
        if item_id not in self.model.results:
            self._say(escape(self.tr("请先选择该项的检查结果（1/2/3），再填写说明")), BAD)
            return
        self.view.go_to_item(item_id)
        self.note_edit.setText(self.model.notes.get(item_id, ""))
        self.note_edit.setFocus()
        self.note_edit.selectAll()

    def save_note(self) -> None:
        item = self.view.current_item()
        if item is None:
            return
        text = self.note_edit.text()
        self.model.set_answer(item.id, self.model.results.get(item.id, ""), text.strip())
        self._write(
            lambda store, inspection: onsite.set_note(store, inspection, item.id, text),
            self._note_saved,
            lambda exc: (self._refused(exc), self._reload_answers()),
        )
        self.view.setFocus()
        self.view.advance()

    def _note_saved(self, saved: object) -> None:
        self._say(escape(self.tr("说明已保存")), GOOD)

    def save_findings(self) -> None:
        self._findings_timer.stop()
        text = self.findings.toPlainText().strip()
        if self.locked or text == self._saved_findings:
            return
        self._saved_findings = text
        self._write(lambda store, inspection: onsite.set_findings(store, inspection, text))

    def _photos_changed(self) -> None:
        inspection_id = self.inspection.id
        self._runner.run(
            lambda store: onsite.answers(store, inspection_id).photographed,
            self.model.set_photographed,
            key=f"photographed-{inspection_id}",
        )

    def _update_progress(self) -> None:
        total, done = len(self.model.items), self.model.answered()
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(self.tr("已答 %1 / %2").replace("%1", str(done)).replace("%2", str(total)))

    def _show_item(self, item: ChecklistItem | None) -> None:
        self.evidence.set_item(item.id if item else None)
        if item is None:
            self.item_detail.setText("")
            self.note_edit.clear()
            return
        remembered = "".join(
            f"<br/><span style='color:{MARK}'>{escape(line)}</span>" for line in self.model.memory_lines(item.id)
        )
        self.item_detail.setText(
            f"<b>{escape(item.code)}</b> {escape(item.title)}<br/>"
            f"<span style='color:{MUTED}'>{escape(self.tr('依据：'))}{escape(item.legal_basis)}</span>{remembered}"
        )
        if not self.note_edit.hasFocus():
            self.note_edit.setText(self.model.notes.get(item.id, ""))

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        key = event.key() if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress else None
        if watched is self.note_edit and key == Qt.Key.Key_Escape:
            item = self.view.current_item()
            self.note_edit.setText(self.model.notes.get(item.id, "") if item else "")
            self.view.setFocus()
            return True
        if watched is self.findings and event.type() == QEvent.Type.FocusOut:
            self.save_findings()
        return super().eventFilter(watched, event)

    # --- finishing and after -------------------------------------------------------------------------------------

    def finish(self) -> None:
        """Complete the inspection behind every answer given, or list what is missing (nothing is lost)."""
        self.save_findings()
        sections = self.sections
        self._write(
            lambda store, inspection: onsite.finish(store, inspection, sections), self._completed, self._not_finished
        )

    def _not_finished(self, refused: BaseException) -> None:
        if not isinstance(refused, onsite.FinishError):
            self._refused(refused)
            return
        problems = refused.problems
        self.model.set_problems({i.id for i in (*problems.unanswered, *problems.unsupported)})
        self._say(escape(in_language(refused.zh, refused.en)), BAD)
        first = (problems.unanswered or problems.unsupported)[0]
        self.view.go_to_item(first.id)
        self.view.setFocus()

    def _completed(self, done: object) -> None:
        self.inspection = done  # type: ignore[assignment]
        self.model.set_problems(set())
        self._apply_lock()
        self._retranslate()
        self._say(escape(self.tr("检查已完成，结果已锁定；联网时自动同步到服务器。")), GOOD)
        self.finished.emit(done)
        self._offer_evaluation()

    def _records_changed(self, changes: Changes) -> None:
        """A pull or another window changed this inspection's code, target or people: show the header anew."""
        if changes.touches(*VISIT_ENTITIES):  # a save, a sync or an upload: what the server has may differ now
            self._read_rollup()
        if changes.touches("evidence", "signatures"):
            self.evidence.refresh_states()
        if changes.touches("recordings"):  # added, sent, verified
            self.recordings.reload()
        code = self.code
        if (
            changes.of("inspection_codes") & {code.id}
            or changes.of("targets") & {code.target_id}
            or (changes.of("inspectors") & set(code.inspector_ids))
        ):
            self._runner.run(
                lambda store: (onsite.code_of(store, code.id), header_of(store, code)),
                self._header_read,
                key=f"header-{code.id}",
            )

    def _read_rollup(self) -> None:
        """The visit's roll-up and each answered item's result state (its icon in the checklist), on the worker."""
        inspection_id = self.inspection.id
        self._runner.run(
            lambda store: (store.visit_rollup(inspection_id), _result_states(store, inspection_id)),
            self._show_rollup,
            key=f"rollup-{inspection_id}",
        )

    def _show_rollup(self, found: tuple[dict[tuple[str, str], int], dict[str, str]]) -> None:
        counts, result_states = found
        self.model.set_states(result_states)
        self.sync_rollup.setText(rollup_text(counts))
        self.sync_rollup.setMinimumWidth(self.sync_rollup.sizeHint().width())  # whole, beside the stretching bar

    def _header_read(self, found: tuple[InspectionCode, Header]) -> None:
        self.code, self._header = found
        self._retranslate()

    def _apply_lock(self) -> None:
        locked = self.locked
        self.view.locked = locked
        self.note_edit.setReadOnly(locked)
        self.findings.setReadOnly(locked)
        self.evidence.setEnabled(not locked)
        self.finish_button.setEnabled(not locked)
        self.order_button.setEnabled(not locked)
        self.amend_button.setEnabled(locked)
        self.case_button.setEnabled(locked)  # 立案 from a finished inspection's findings

    def _offer_evaluation(self) -> None:
        url = code_url(self._header.server_url, self.code.short_code)
        self._open(EvaluationDialog(url, self.code.short_code, self))

    def amend(self) -> None:
        """Record an amendment of the current item, or of the findings when they have the focus."""
        if self.locked and self.findings.hasFocus():
            dialog = AmendmentDialog(None, "", self.findings.toPlainText(), self)
            dialog.accepted.connect(lambda: self._record_amendment(dialog, None))
            self._open(dialog)
            return
        item = self.view.current_item()
        if not self.locked or item is None:
            return
        if item.id not in self.model.results:
            self._say(escape(self.tr("该项没有检查结果，无可更正")), BAD)
            return
        dialog = AmendmentDialog(item, self.model.results[item.id], self.model.notes.get(item.id, ""), self)
        dialog.accepted.connect(lambda: self._record_amendment(dialog, item))
        self._open(dialog)

    def _record_amendment(self, dialog: AmendmentDialog, item: ChecklistItem | None) -> None:
        reason, note = dialog.reason.text(), dialog.note.text()
        result = dialog.chosen_result() if item is not None else None

        def amend(store: Store, inspection: Inspection) -> object:
            if item is None:
                return amendments.amend_findings(store, inspection, note, reason=reason)
            return amendments.amend_result(store, inspection, item.id, result=result, note=note, reason=reason)

        self._write(amend, lambda _saved: self._amended(), lambda refused: self._dialog_refused(dialog, refused))

    def _amended(self) -> None:
        self._reload_answers()
        self._say(escape(self.tr("更正已记录（原值、新值和原因均已保存）")), GOOD)

    def _dialog_refused(self, dialog: QDialog, refused: BaseException) -> None:
        dialog.error.setText(escape(error_text(refused)))
        dialog.open()  # stays with what was typed

    def correction_order(self) -> None:
        failing = [i for i in self.model.items if self.model.results.get(i.id) == ResultValue.NON_COMPLIANT]
        if not failing:
            self._say(escape(self.tr("没有不符合项，无需责令改正")), BAD)
            return
        self._runner.run(
            lambda store: (onsite.shanghai_today(store), {i.id: correction_demand(i) for i in failing}),
            lambda read: self._ask_order(failing, *read),
            owner=self,
        )

    def _ask_order(self, failing: list[ChecklistItem], today: date, demands: dict[str, str]) -> None:
        dialog = CorrectionOrderDialog(failing, today, self, demands)
        dialog.accepted.connect(lambda: self._issue_order(dialog))
        self._open(dialog)

    def _issue_order(self, dialog: CorrectionOrderDialog) -> None:
        item_ids, requirements, deadline, demands = (
            dialog.chosen_item_ids(),
            dialog.requirements.toPlainText(),
            dialog.chosen_deadline(),
            dialog.edited_demands(),
        )
        self._write(
            lambda store, inspection: issue_correction_order(
                store, inspection, item_ids, requirements, deadline, demands
            )[1],
            self._order_issued,
            lambda refused: self._dialog_refused(dialog, refused),
        )

    def _order_issued(self, task: object) -> None:
        scheduled = getattr(task, "scheduled_on", None)
        when = scheduled.isoformat() if scheduled else ""
        text = self.tr("已下达责令改正，复查任务安排在 %1（复查须另行申请检查码）").replace("%1", when)
        self._say(escape(text), GOOD)

    def open_case(self) -> None:
        """立案 from the finished inspection's non-compliant items (app/ui/onsite/case_dialog.py)."""
        if not self.locked:
            return
        if not any(v == ResultValue.NON_COMPLIANT for v in self.model.results.values()):
            self._say(escape(self.tr("没有不符合项，无需立案")), BAD)
            return
        self._open(CaseDialog(self._runner, self.inspection.id, parent=self))

    def show_code(self) -> None:
        """亮码, once the code is read again on the worker (`code_shown`)."""
        open_code_display(self._runner, self.code.id, self._code_opened)

    def _code_opened(self, display: CodeDisplay) -> None:
        display.show_full_screen()
        self.code_shown.emit(display)

    def sign(self) -> None:
        self._open(SignatureDialog(self._runner, self.inspection, self))

    def documents(self) -> None:
        self.save_findings()
        self._open(DocumentPreview(self._runner, self.inspection.id, parent=self))

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()

    def _say(self, html: str, colour: str) -> None:
        self.message.setText(f"<span style='color:{colour}'>{html}</span>" if html else "")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_findings()
        self.evidence.shutdown()
        super().closeEvent(event)
