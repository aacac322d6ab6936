"""The inspection on site: the checklist by keyboard, notes, photos, findings, signatures, documents, finish.

Every answer, note and finding is committed to the store as it is given (through the code gate), so a crash loses
nothing and reopening shows the answers. Finishing is refused while items are unanswered or a non-compliant item has
neither note nor photo: those items are listed and marked, nothing is lost. A finished inspection is locked; Enter on
an item (or Ctrl+E) then records an amendment with its reason. Finishing offers the evaluation QR to the business.

Keys: 1/Y 2/N 3/0 answer; Tab/J next unanswered; Enter/F2 note (Enter saves, Esc cancels); Ctrl+F findings;
Ctrl+L 亮码; Ctrl+G signatures; Ctrl+P documents; Ctrl+K correction order; Ctrl+Return finish; Ctrl+E amend (the
current item, or the findings when they have the focus).
"""

from __future__ import annotations

from html import escape

from app.models import ChecklistItem, InspectionStatus, Inspector, ResultValue, Target
from app.onsite import amendments
from app.onsite import inspection as onsite
from app.onsite.follow_up import issue_correction_order
from app.rules.codes import GateError, code_url
from app.store import Store, StoreError, gate
from app.sync.auth import SERVER_URL
from app.ui.code_display import CodeDisplay
from app.ui.onsite.checklist_view import ChecklistModel, ChecklistView
from app.ui.onsite.document_preview import DocumentPreview
from app.ui.onsite.evidence_panel import EvidencePanel
from app.ui.onsite.onsite_dialogs import AmendmentDialog, CorrectionOrderDialog, EvaluationDialog
from app.ui.onsite.signature_pad import SignatureDialog
from app.ui.qt import (
    QCloseEvent,
    QEvent,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QLocale,
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
from app.ui.shortcut_button import shortcut_button

GOOD, BAD, MUTED = "#2e7d32", "#c62828", "#607d8b"
FINDINGS_SAVE_MS = 600  # findings are saved this long after the last keystroke (and on leaving the field)


class InspectionWindow(QWidget):
    """One inspection under `code_id` (opened, or started, through the gate)."""

    finished = Signal(object)  # the completed Inspection

    def __init__(self, store: Store, code_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("inspection-window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._store = store
        self.code = onsite.code_of(store, code_id)
        self.inspection = onsite.inspection_under(store, code_id) or onsite.start(store, code_id)
        self.sections = onsite.checklist(store, self.code)
        self.model = ChecklistModel(self.sections, self)
        self.dialog: QWidget | None = None  # the dialog open now, if any
        self._findings_timer = QTimer(self)
        self._findings_timer.setSingleShot(True)
        self._findings_timer.setInterval(FINDINGS_SAVE_MS)
        self._findings_timer.timeout.connect(self.save_findings)
        self._build()
        self._load_answers()
        self._retranslate()
        self._apply_lock()
        self.view.first_item()
        self.view.setFocus()

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
        self.evidence = EvidencePanel(self._store, self.inspection, items)
        self.evidence.photos_changed.connect(self._photos_changed)
        self.evidence.refused.connect(lambda reason: self._say(escape(reason), BAD))
        self.findings.installEventFilter(self)  # saved on leaving the field
        self.tabs.addTab(self.findings, "")
        self.tabs.addTab(self.evidence, "")
        layout.addWidget(self.tabs, 1)
        return side

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.code_button = shortcut_button(self, row, "show-code", "Ctrl+L", self.show_code)
        self.sign_button = shortcut_button(self, row, "sign", "Ctrl+G", self.sign)
        self.documents_button = shortcut_button(self, row, "documents", "Ctrl+P", self.documents)
        self.order_button = shortcut_button(self, row, "correction-order", "Ctrl+K", self.correction_order)
        row.addStretch(1)
        self.amend_button = shortcut_button(self, row, "amend", "Ctrl+E", self.amend)
        self.finish_button = shortcut_button(self, row, "finish", "Ctrl+Return", self.finish)
        self.finish_button.setStyleSheet("font-weight: 600;")
        return row

    def _retranslate(self) -> None:
        target = self._store.get(Target, self.code.target_id)
        names = []
        for inspector_id in self.code.inspector_ids:
            person = self._store.get(Inspector, inspector_id)
            names.append(person.name if person else inspector_id)
        verdict = gate.verdict(self._store, self.code)
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
        self.code_button.setText(self.tr("亮码 (Ctrl+L)"))
        self.sign_button.setText(self.tr("签名 (Ctrl+G)"))
        self.documents_button.setText(self.tr("文书 (Ctrl+P)"))
        self.order_button.setText(self.tr("责令改正 (Ctrl+K)"))
        self.amend_button.setText(self.tr("更正 (Ctrl+E)"))
        self.finish_button.setText(self.tr("完成检查 (Ctrl+Enter)"))
        self._update_progress()
        self._show_item(self.view.current_item())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "finish_button"):
            self._retranslate()
        super().changeEvent(event)

    # --- answers -------------------------------------------------------------------------------------------------

    def _load_answers(self) -> None:
        found = onsite.answers(self._store, self.inspection.id)
        results = list(found.results.values())
        effective = amendments.effective_results(self._store, self.inspection.id, results)
        shown = {item_id: (values["result"], values["note"]) for item_id, values in effective.items()}
        corrected = {a.record_id for a in amendments.amendments_of(self._store, self.inspection.id)}
        self.model.load(shown, found.photographed, {r.item_id for r in results if r.id in corrected})
        self.findings.blockSignals(True)
        self.findings.setPlainText(amendments.effective_findings(self._store, self.inspection))
        self.findings.blockSignals(False)

    def answer(self, item_id: str, result: str) -> None:
        """Commit one answer at once; after a non-compliant one without note or photo, ask for the note."""
        try:
            saved = onsite.answer(self._store, self.inspection, item_id, result)
        except (GateError, StoreError) as refused:
            self._say(escape(str(refused)), BAD)
            return
        self.model.set_answer(item_id, saved.result, saved.note)
        self._update_progress()
        self._say("", MUTED)
        unsupported = not saved.note and item_id not in self.model.photographed
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
        try:
            saved = onsite.set_note(self._store, self.inspection, item.id, self.note_edit.text())
        except (GateError, StoreError, ValueError) as refused:
            self._say(escape(str(refused)), BAD)
            return
        self.model.set_answer(item.id, saved.result, saved.note)
        self._say(escape(self.tr("说明已保存")), GOOD)
        self.view.setFocus()
        self.view.advance()

    def save_findings(self) -> None:
        self._findings_timer.stop()
        if self.locked or self.findings.toPlainText().strip() == self.inspection.findings:
            return
        try:
            self.inspection = onsite.set_findings(self._store, self.inspection, self.findings.toPlainText())
        except (GateError, StoreError) as refused:
            self._say(escape(str(refused)), BAD)

    def _photos_changed(self) -> None:
        self.model.set_photographed(onsite.answers(self._store, self.inspection.id).photographed)

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
        self.item_detail.setText(
            f"<b>{escape(item.code)}</b> {escape(item.title)}<br/>"
            f"<span style='color:{MUTED}'>{escape(self.tr('依据：'))}{escape(item.legal_basis)}</span>"
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

    def finish(self) -> bool:
        """Complete the inspection, or list what is missing (nothing is lost). True when completed."""
        self.save_findings()
        try:
            done = onsite.finish(self._store, self.inspection, self.sections)
        except onsite.FinishError as refused:
            problems = refused.problems
            self.model.set_problems({i.id for i in (*problems.unanswered, *problems.unsupported)})
            self._say(escape(in_language(refused.zh, refused.en)), BAD)
            first = (problems.unanswered or problems.unsupported)[0]
            self.view.go_to_item(first.id)
            self.view.setFocus()
            return False
        except (GateError, StoreError) as refused:
            self._say(escape(str(refused)), BAD)
            return False
        self.inspection = done
        self.model.set_problems(set())
        self._apply_lock()
        self._retranslate()
        self._say(escape(self.tr("检查已完成，结果已锁定；联网时自动同步到服务器。")), GOOD)
        self.finished.emit(done)
        self._offer_evaluation()
        return True

    def _apply_lock(self) -> None:
        locked = self.locked
        self.view.locked = locked
        self.note_edit.setReadOnly(locked)
        self.findings.setReadOnly(locked)
        self.evidence.setEnabled(not locked)
        self.finish_button.setEnabled(not locked)
        self.order_button.setEnabled(not locked)
        self.amend_button.setEnabled(locked)

    def _offer_evaluation(self) -> None:
        url = code_url(self._store.meta(SERVER_URL) or "", self.code.short_code)
        self._open(EvaluationDialog(url, self.code.short_code, self))

    def amend(self) -> None:
        """Record an amendment of the current item, or of the findings when they have the focus."""
        if self.locked and self.findings.hasFocus():
            findings = amendments.effective_findings(self._store, self.inspection)
            dialog = AmendmentDialog(None, "", findings, self)
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
        reason = dialog.reason.text()
        try:
            if item is None:
                amendments.amend_findings(self._store, self.inspection, dialog.note.text(), reason=reason)
            else:
                result, note = dialog.chosen_result(), dialog.note.text()
                amendments.amend_result(self._store, self.inspection, item.id, result=result, note=note, reason=reason)
        except (GateError, StoreError) as refused:
            dialog.error.setText(escape(str(refused)))
            dialog.open()  # stays with what was typed
            return
        self._load_answers()
        self._say(escape(self.tr("更正已记录（原值、新值和原因均已保存）")), GOOD)

    def correction_order(self) -> None:
        failing = [i for i in self.model.items if self.model.results.get(i.id) == ResultValue.NON_COMPLIANT]
        if not failing:
            self._say(escape(self.tr("没有不符合项，无需责令改正")), BAD)
            return
        dialog = CorrectionOrderDialog(failing, onsite.shanghai_today(self._store), self)
        dialog.accepted.connect(lambda: self._issue_order(dialog))
        self._open(dialog)

    def _issue_order(self, dialog: CorrectionOrderDialog) -> None:
        try:
            _, task = issue_correction_order(
                self._store,
                self.inspection,
                dialog.chosen_item_ids(),
                dialog.requirements.toPlainText(),
                dialog.chosen_deadline(),
            )
        except (GateError, StoreError) as refused:
            dialog.error.setText(escape(str(refused)))
            dialog.open()
            return
        when = task.scheduled_on.isoformat() if task.scheduled_on else ""
        text = self.tr("已下达责令改正，复查任务安排在 %1（复查须另行申请检查码）").replace("%1", when)
        self._say(escape(text), GOOD)

    def show_code(self) -> CodeDisplay:
        display = CodeDisplay(self._store, self.code.id, self._store.meta(SERVER_URL) or "")
        display.show_full_screen()
        return display

    def sign(self) -> None:
        self._open(SignatureDialog(self._store, self.inspection, self))

    def documents(self) -> None:
        self.save_findings()
        self._open(DocumentPreview(self._store, self.inspection.id, parent=self))

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()

    def _say(self, html: str, colour: str) -> None:
        self.message.setText(f"<span style='color:{colour}'>{html}</span>" if html else "")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_findings()
        self.evidence.shutdown()
        super().closeEvent(event)


def in_language(zh: str, en: str) -> str:
    """One side of a bilingual message (the rules and the store carry both): the UI's language."""
    return en if QLocale().language() == QLocale.Language.English else zh
