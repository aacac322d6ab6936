"""立案 from a finished inspection, and the case up to its decision (app/cases.py on the runner's database worker).

Left: the inspection's non-compliant items (ticked to include; an item the target failed before is marked 再次违法,
with its photos counted) and the cases already opened on it. Right: opening (number, day, procedure, corrected in time,
facts) with the suggestion of the discretion benchmark and the no-penalty list as the items are ticked; then for the
chosen case the proposed outcome (a reason when it differs from the suggestion; the legal-review flag follows the
rule), the legal review (leads and admins), and the decision with its credit-repair notice (两书同达), delivery and
publication. Every refusal is shown in words and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from app import cases as service
from app.documents.errors import DocumentError
from app.documents.penalty_decision import make_decision_documents
from app.models import Inspector, Role, Target
from app.models.domain import Case
from app.models.enums import CaseStatus, Outcome, Procedure
from app.resources import load_enforcement_config
from app.rules.deadlines import penalty_publication_due
from app.rules.enforcement import Suggestion, needs_legal_review
from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

GOOD, BAD, MUTED, MARK = "#2e7d32", "#c62828", "#607d8b", "#e65100"
OUTCOMES = (Outcome.NO_PENALTY, Outcome.WARNING, Outcome.FINE, Outcome.REVOCATION)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def _write_documents(store: Store, case_id: str, folder: Path) -> list[Path]:
    made = make_decision_documents(store, case_id)
    case = store.get(Case, case_id)
    target = store.get(Target, case.target_id) if case else None
    if case is None or target is None:
        raise DocumentError("本机没有该案件或检查对象", "the case or its target is not on this device")
    paths = []
    for name, (_title, pdf) in zip(made.file_names(case, target), made.documents, strict=True):
        path = folder / name
        path.write_bytes(pdf)
        paths.append(path)
    return paths


def _read(store: Store, inspection_id: str) -> tuple[service.CaseDraft, str, Inspector | None]:
    draft = service.case_draft(store, inspection_id, load_enforcement_config())
    me = store.current_inspector_id()
    user = store.get(Inspector, me) if me else None
    return draft, service.next_case_no(store, draft.inspection.started_at.year), user


class CaseDialog(QDialog):
    saved = Signal(object)  # the Case as saved
    documents_written = Signal(object)  # the paths of the decision and its notice

    def __init__(
        self,
        runner: Runner,
        inspection_id: str,
        user: Inspector,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case-dialog")
        self._runner = runner
        self._inspection_id = inspection_id
        self._user = user
        self._today = today or date.today()
        self.draft: service.CaseDraft | None = None
        self.setWindowTitle(self.tr("立案与处罚"))
        self.resize(1180, 820)
        self._build()
        self.reload()

    # --- building ------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setObjectName("case-header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.header)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._left())
        splitter.addWidget(self._right())
        splitter.setSizes([480, 700])
        root.addWidget(splitter, 1)
        self.message = QLabel()
        self.message.setObjectName("case-message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch()
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        root.addLayout(row)

    def _left(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(QLabel(self.tr("不符合项（勾选立案事项）")))
        self.items = QListWidget()
        self.items.setObjectName("case-items")
        self.items.setWordWrap(True)
        self.items.itemChanged.connect(lambda _item: self._update())
        layout.addWidget(self.items, 3)
        layout.addWidget(QLabel(self.tr("本次检查的案件")))
        self.cases = QListWidget()
        self.cases.setObjectName("case-list")
        self.cases.itemSelectionChanged.connect(self._case_chosen)
        layout.addWidget(self.cases, 1)
        self.detail = QLabel()
        self.detail.setObjectName("case-detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail, 1)
        return side

    def _right(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self._opening())
        layout.addWidget(self._proposal())
        layout.addWidget(self._review())
        layout.addWidget(self._decision())
        layout.addStretch()
        return side

    def _opening(self) -> QGroupBox:
        box = QGroupBox(self.tr("立案"))
        form = QFormLayout(box)
        self.case_no = QLineEdit()
        self.case_no.setObjectName("case-no")
        self.case_no.textChanged.connect(lambda _t: self._update())
        self.opened_on = QDateEdit(_qdate(self._today))
        self.opened_on.setCalendarPopup(True)
        self.opened_on.setDisplayFormat("yyyy-MM-dd")
        self.procedure = QComboBox()
        self.procedure.addItem(self.tr("一般程序"), Procedure.GENERAL)
        self.procedure.addItem(self.tr("简易程序（当场处罚）"), Procedure.SUMMARY)
        self.corrected = QCheckBox(self.tr("已在责令改正期限内改正"))
        self.corrected.toggled.connect(lambda _on: self._update())
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("case-facts")
        self.facts.setMaximumHeight(90)
        self.facts.setPlaceholderText(self.tr("违法事实"))
        self.facts.textChanged.connect(self._update)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("case-suggestion")
        self.suggestion.setWordWrap(True)
        self.suggestion.setTextFormat(Qt.TextFormat.RichText)
        self.open_button = QPushButton(self.tr("立案"))
        self.open_button.setObjectName("open-case")
        self.open_button.clicked.connect(self.open_case)
        form.addRow(self.tr("立案编号"), self.case_no)
        form.addRow(self.tr("立案日期"), self.opened_on)
        form.addRow(self.tr("程序"), self.procedure)
        form.addRow("", self.corrected)
        form.addRow(self.tr("违法事实"), self.facts)
        form.addRow(self.tr("裁量建议"), self.suggestion)
        form.addRow("", self.open_button)
        return box

    def _proposal(self) -> QGroupBox:
        box = QGroupBox(self.tr("处理意见"))
        form = QFormLayout(box)
        self.outcome = QComboBox()
        self.outcome.setObjectName("case-outcome")
        for outcome, text in zip(
            OUTCOMES, (self.tr("不予处罚"), self.tr("警告"), self.tr("罚款"), self.tr("吊销许可证")), strict=True
        ):
            self.outcome.addItem(text, outcome)
        self.outcome.currentIndexChanged.connect(lambda _i: self._update())
        self.fine = QSpinBox()
        self.fine.setObjectName("case-fine")
        self.fine.setRange(0, 10_000_000)
        self.fine.setSingleStep(100)
        self.fine.setGroupSeparatorShown(True)
        self.fine.setSuffix(self.tr(" 元"))
        self.fine.valueChanged.connect(lambda _v: self._update())
        self.reason = QLineEdit()
        self.reason.setObjectName("case-reason")
        self.reason.setPlaceholderText(self.tr("与裁量基准建议不同时须说明理由"))
        self.review_flag = QLabel()
        self.review_flag.setObjectName("review-flag")
        self.review_flag.setWordWrap(True)
        self.review_flag.setTextFormat(Qt.TextFormat.RichText)
        self.propose_button = QPushButton(self.tr("提出处理意见"))
        self.propose_button.setObjectName("propose-outcome")
        self.propose_button.clicked.connect(self.propose)
        form.addRow(self.tr("处理结果"), self.outcome)
        form.addRow(self.tr("罚款金额"), self.fine)
        form.addRow(self.tr("理由"), self.reason)
        form.addRow(self.tr("法制审核"), self.review_flag)
        form.addRow("", self.propose_button)
        return box

    def _review(self) -> QGroupBox:
        box = QGroupBox(self.tr("重大执法决定法制审核"))
        form = QFormLayout(box)
        self.opinion = QLineEdit()
        self.opinion.setObjectName("review-opinion")
        self.opinion.setPlaceholderText(self.tr("审核意见"))
        self.approve_button = QPushButton(self.tr("审核通过"))
        self.approve_button.setObjectName("approve-review")
        self.approve_button.clicked.connect(lambda: self.review(True))
        self.return_button = QPushButton(self.tr("退回"))
        self.return_button.clicked.connect(lambda: self.review(False))
        row = QHBoxLayout()
        row.addWidget(self.approve_button)
        row.addWidget(self.return_button)
        row.addStretch()
        form.addRow(self.tr("意见"), self.opinion)
        form.addRow("", row)
        self.review_box = box
        return box

    def _decision(self) -> QGroupBox:
        box = QGroupBox(self.tr("决定与送达（两书同达）"))
        form = QFormLayout(box)
        self.decision_no = QLineEdit()
        self.decision_no.setObjectName("decision-no")
        self.decision_no.setPlaceholderText(self.tr("例如：长卫罚〔2026〕12号"))
        self.decision_no.textChanged.connect(lambda _t: self._update())
        self.notice_no = QLineEdit()
        self.notice_no.setObjectName("notice-no")
        self.notice_no.setPlaceholderText(self.tr("《公共信用信息修复权益提示函》文号"))
        self.notice_no.textChanged.connect(lambda _t: self._update())
        self.decided_on = QDateEdit(_qdate(self._today))
        self.decided_on.setCalendarPopup(True)
        self.decided_on.setDisplayFormat("yyyy-MM-dd")
        self.decide_button = QPushButton(self.tr("作出决定"))
        self.decide_button.setObjectName("decide-case")
        self.decide_button.clicked.connect(self.decide)
        self.deliver_button = QPushButton(self.tr("登记今日送达"))
        self.deliver_button.clicked.connect(self.deliver)
        self.publish_button = QPushButton(self.tr("登记今日公示"))
        self.publish_button.clicked.connect(self.publish)
        self.print_button = QPushButton(self.tr("生成两书…"))
        self.print_button.setObjectName("print-decision")
        self.print_button.setToolTip(self.tr("处罚决定书与信用修复提示函一并生成（两书同达）"))
        self.print_button.clicked.connect(self.choose_folder)
        self.close_button = QPushButton(self.tr("结案"))
        self.close_button.setObjectName("close-case")
        self.close_button.clicked.connect(self.close_case)
        self.publication = QLabel()
        self.publication.setObjectName("case-publication")
        self.publication.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.decide_button)
        row.addWidget(self.deliver_button)
        row.addWidget(self.publish_button)
        row.addWidget(self.close_button)
        row.addWidget(self.print_button)
        row.addStretch()
        form.addRow(self.tr("决定书文号"), self.decision_no)
        form.addRow(self.tr("信用修复提示函"), self.notice_no)
        form.addRow(self.tr("决定日期"), self.decided_on)
        form.addRow("", row)
        form.addRow(self.tr("公示"), self.publication)
        return box

    # --- reading ---------------------------------------------------------------------------------------------------

    def reload(self, chosen: str | None = None) -> None:
        inspection_id = self._inspection_id
        keep = chosen or self.case_id()
        self._runner.run(
            lambda store: _read(store, inspection_id), lambda read: self._show(read, keep), self._refused, owner=self
        )

    def _show(self, read: tuple[service.CaseDraft, str, Inspector | None], chosen: str | None) -> None:
        self.draft, case_no, signed_in = read
        self._user = self._user or signed_in
        target = self.draft.target
        started = self.draft.inspection.started_at
        day_word, version_word = self.tr("检查日期"), self.tr("裁量基准版本")
        self.header.setText(
            f"<span style='font-size:14pt; font-weight:600'>{escape(target.name if target else '')}</span>"
            f"&nbsp;&nbsp;<span style='color:{MUTED}'>{escape(day_word)} {started:%Y-%m-%d} · "
            f"{escape(version_word)} {escape(self.draft.config.version)}</span>"
        )
        if not self.case_no.text().strip():
            self.case_no.setText(case_no)
        self._show_items()
        self._show_cases(chosen)
        if not self.facts.toPlainText().strip():
            self.facts.setPlainText(self._facts_text())
        self._update()

    def _show_items(self) -> None:
        assert self.draft is not None
        ticked = set(self.chosen_item_ids()) if self.items.count() else None
        self.items.blockSignals(True)
        self.items.clear()
        for failed in self.draft.items:
            parts = [f"{failed.item.code} {failed.item.title}"]
            if failed.repeat:
                parts.append(self.tr("【再次违法】"))
            if failed.photos:
                parts.append(self.tr("照片 %1 张").replace("%1", str(len(failed.photos))))
            if failed.note:
                parts.append(f"— {failed.note}")
            row = QListWidgetItem(" ".join(parts))
            row.setData(Qt.ItemDataRole.UserRole, failed.item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = ticked is None or failed.item.id in ticked
            row.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            if failed.repeat:
                row.setForeground(Qt.GlobalColor.darkRed)
            self.items.addItem(row)
        self.items.blockSignals(False)

    def _show_cases(self, chosen: str | None) -> None:
        assert self.draft is not None
        self.cases.blockSignals(True)
        self.cases.clear()
        for case in self.draft.cases:
            row = QListWidgetItem(f"{case.case_no} · {self._status_text(case)} · {self._outcome_text(case)}")
            row.setData(Qt.ItemDataRole.UserRole, case.id)
            self.cases.addItem(row)
            if case.id == chosen:
                self.cases.setCurrentItem(row)
        self.cases.blockSignals(False)
        self._case_chosen()

    def _facts_text(self) -> str:
        assert self.draft is not None
        lines = [f.note or f.item.title for f in self.draft.items]
        return self.tr("经现场检查发现：") + "；".join(lines) + "。"

    # --- state -------------------------------------------------------------------------------------------------

    def chosen_item_ids(self) -> list[str]:
        return [
            self.items.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.items.count())
            if self.items.item(n).checkState() == Qt.CheckState.Checked
        ]

    def case_id(self) -> str | None:
        item = self.cases.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    def case(self) -> Case | None:
        chosen = self.case_id()
        return next((c for c in self.draft.cases if c.id == chosen), None) if self.draft and chosen else None

    def _lead(self) -> bool:
        return self._user is not None and self._user.role in (Role.TEAM_LEAD, Role.ADMIN)

    def _case_chosen(self) -> None:
        case = self.case()
        if case is not None and case.outcome is not None:
            self.outcome.setCurrentIndex(OUTCOMES.index(Outcome(case.outcome)))
            self.fine.setValue(case.fine_yuan or 0)
            self.reason.setText(case.deviation_reason)
        elif case is not None and case.suggested_outcome is not None:
            self.outcome.setCurrentIndex(OUTCOMES.index(Outcome(case.suggested_outcome)))
            self.fine.setValue(case.suggested_fine_min_yuan or 0)
        if case is not None and case.decision_no:
            self.decision_no.setText(case.decision_no)
            self.notice_no.setText(case.notice_no or "")
        self._update()

    def _update(self) -> None:
        if self.draft is None:
            for button in (
                self.open_button,
                self.propose_button,
                self.decide_button,
                self.deliver_button,
                self.publish_button,
                self.close_button,
                self.print_button,
            ):
                button.setEnabled(False)
            return
        ids = self.chosen_item_ids()
        ready = bool(ids) and bool(self.case_no.text().strip()) and bool(self.facts.toPlainText().strip())
        self.open_button.setEnabled(ready)
        self.suggestion.setText(
            self._suggestion_html(self.draft.suggestion(ids, self.corrected.isChecked())) if ids else ""
        )
        case = self.case()
        is_open = case is not None and case.status == CaseStatus.OPEN
        outcome = self.outcome.currentData()
        self.fine.setEnabled(outcome == Outcome.FINE and is_open)
        for widget in (self.outcome, self.reason, self.propose_button):
            widget.setEnabled(is_open)
        fine = self.fine.value() if outcome == Outcome.FINE else None
        flagged = needs_legal_review(self.draft.config, outcome, fine)
        major, minor = self.tr("重大执法决定：须经法制审核后方可作出决定"), self.tr("无须法制审核")
        colour, words = (MARK, major) if flagged else (MUTED, minor)
        self.review_flag.setText(f"<span style='color:{colour}'>{escape(words)}</span>")
        waiting = is_open and case is not None and case.review_required and case.review_result is None
        self.review_box.setEnabled(self._lead() and waiting)
        proposed = is_open and case is not None and case.outcome is not None
        may_decide = self._lead() or (case is not None and case.procedure == Procedure.SUMMARY)
        self.decide_button.setEnabled(proposed and may_decide and bool(self.decision_no.text().strip()))
        decided = case is not None and case.status != CaseStatus.OPEN
        self.deliver_button.setEnabled(decided and case is not None and case.delivered_on is None)
        penalty = case is not None and case.outcome not in (None, Outcome.NO_PENALTY)
        self.publish_button.setEnabled(decided and penalty and case is not None and case.published_on is None)
        self.close_button.setEnabled(decided and case is not None and case.status == CaseStatus.DECIDED)
        self.print_button.setEnabled(decided)
        self.publication.setText(self._publication_text(case))
        self.detail.setText(self._detail_html(case))

    def _detail_html(self, case: Case | None) -> str:
        if case is None or self.draft is None:
            return ""
        codes = {f.item.id: f.item.code for f in self.draft.items}
        rows = [
            (self.tr("立案日期"), case.opened_on.isoformat()),
            (self.tr("立案事项"), "、".join(codes.get(i, i) for i in case.item_ids)),
            (self.tr("证据照片"), self.tr("%1 张").replace("%1", str(len(case.evidence_ids)))),
            (self.tr("违反条款"), case.legal_basis or "—"),
            (self.tr("处罚依据"), case.penalty_basis or "—"),
        ]
        if case.review_result is not None:
            result = self.tr("通过") if case.review_result == "approved" else self.tr("退回")
            rows.append(
                (self.tr("法制审核"), f"{result}（{case.reviewed_by}，{case.reviewed_on}）{case.review_opinion}")
            )
        if case.delivered_on is not None:
            rows.append((self.tr("送达"), case.delivered_on.isoformat()))
        return "<br/>".join(f"<b>{escape(k)}</b>：{escape(v)}" for k, v in rows)

    def _suggestion_html(self, s: Suggestion) -> str:
        text = self._outcome_name(s.outcome)
        if s.outcome == Outcome.FINE:
            text += self.tr("，%1–%2 元").replace("%1", f"{s.fine_min_yuan:,}").replace("%2", f"{s.fine_max_yuan:,}")
        lines = [f"<b>{escape(text)}</b>"]
        for item in s.items:
            label = self._outcome_name(item.outcome)
            repeat = self.tr("（再次违法）") if item.repeat else ""
            lines.append(f"{escape(item.item_code)}{escape(repeat)}：{escape(label)} · {escape(item.basis or '—')}")
        return "<br/>".join(lines)

    def _outcome_name(self, outcome: str) -> str:
        names = (self.tr("不予处罚"), self.tr("警告"), self.tr("罚款"), self.tr("吊销许可证"))
        return names[OUTCOMES.index(Outcome(outcome))]

    def _outcome_text(self, case: Case) -> str:
        if case.outcome is None:
            return self.tr("待提出处理意见")
        text = self._outcome_name(case.outcome)
        return text + (f" {case.fine_yuan:,} " + self.tr("元") if case.fine_yuan else "")

    def _status_text(self, case: Case) -> str:
        if case.status == CaseStatus.CLOSED:
            return self.tr("已结案")
        if case.status != CaseStatus.OPEN:
            return self.tr("已决定")
        if case.review_required and case.review_result != "approved":
            return self.tr("待法制审核") if case.review_result is None else self.tr("审核退回")
        return self.tr("已立案")

    def _publication_text(self, case: Case | None) -> str:
        if case is None or case.decided_on is None or case.outcome == Outcome.NO_PENALTY:
            return ""
        due = penalty_publication_due(case.decided_on).due
        if case.published_on is not None:
            return self.tr("已于 %1 公示").replace("%1", case.published_on.isoformat())
        return self.tr("应于 %1 前公示（决定后 7 个工作日内）").replace("%1", due.isoformat())

    # --- writing -----------------------------------------------------------------------------------------------

    def _write(self, op: Callable[[Store], Case], done_text: str) -> None:
        def saved(case: Case) -> None:
            self._say(done_text.replace("%1", case.case_no), GOOD)
            self.saved.emit(case)
            self.reload(case.id)

        self._runner.run(op, saved, self._refused, owner=self)

    def open_case(self) -> None:
        inspection_id, user_id = self._inspection_id, self._user.id if self._user else None
        fields = {
            "item_ids": self.chosen_item_ids(),
            "case_no": self.case_no.text(),
            "opened_on": _day(self.opened_on),
            "facts": self.facts.toPlainText(),
            "corrected": self.corrected.isChecked(),
            "procedure": self.procedure.currentData(),
            "opened_by": user_id,
        }
        self._write(
            lambda store: service.open_case(store, inspection_id, config=load_enforcement_config(), **fields),
            self.tr("已立案 %1"),
        )

    def propose(self) -> None:
        case_id = self.case_id()
        if case_id is None:
            return
        outcome = self.outcome.currentData()
        fine = self.fine.value() if outcome == Outcome.FINE else None
        reason = self.reason.text()
        self._write(
            lambda store: service.propose_outcome(
                store,
                case_id,
                outcome=outcome,
                fine_yuan=fine,
                deviation_reason=reason,
                config=load_enforcement_config(),
            ),
            self.tr("已提出处理意见 %1"),
        )

    def review(self, approved: bool) -> None:
        case_id, opinion, day = self.case_id(), self.opinion.text(), self._today
        reviewer = self._user.username if self._user else ""
        if case_id is None or not reviewer:
            return
        self._write(
            lambda store: service.review_case(
                store, case_id, approved=approved, opinion=opinion, reviewer=reviewer, reviewed_on=day
            ),
            self.tr("已记录法制审核 %1"),
        )

    def decide(self) -> None:
        case_id = self.case_id()
        if case_id is None:
            return
        decision_no, notice_no, day = self.decision_no.text(), self.notice_no.text(), _day(self.decided_on)
        self._write(
            lambda store: service.decide_case(
                store,
                case_id,
                decision_no=decision_no,
                notice_no=notice_no,
                decided_on=day,
                config=load_enforcement_config(),
            ),
            self.tr("已作出决定 %1"),
        )

    def deliver(self) -> None:
        case_id, day = self.case_id(), self._today
        if case_id is not None:
            self._write(lambda store: service.deliver_case(store, case_id, day), self.tr("已登记送达 %1"))

    def publish(self) -> None:
        case_id, day = self.case_id(), self._today
        if case_id is not None:
            self._write(lambda store: service.publish_case(store, case_id, day), self.tr("已登记公示 %1"))

    def close_case(self) -> None:
        case_id = self.case_id()
        if case_id is not None:
            self._write(lambda store: service.close_case(store, case_id), self.tr("已结案 %1"))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("保存两书到文件夹"))
        if folder:
            self.write_documents(Path(folder))

    def write_documents(self, folder: Path) -> None:
        """Make the decision and its credit-repair notice together (两书同达) on the worker; save both in `folder`."""
        case_id = self.case_id()
        if case_id is None:
            return
        self._runner.run(
            lambda store: _write_documents(store, case_id, folder), self._documents_written, self._refused, owner=self
        )

    def _documents_written(self, paths: list[Path]) -> None:
        names = "、".join(p.name for p in paths)
        self._say(self.tr("已生成：%1").replace("%1", names), GOOD)
        self.documents_written.emit(paths)

    def _refused(self, error: BaseException) -> None:
        self._say(error_text(error), BAD)

    def _say(self, text: str, colour: str) -> None:
        self.message.setText(f"<span style='color:{colour}'>{escape(text)}</span>")
