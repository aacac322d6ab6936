"""Penalty decisions (行政处罚) in the app: one recorded on a finished inspection (decision number, date, legal basis,
fine, summary), and the publication list (公示 within 7 working days of the decision, the cases' penalty decisions
among them) where one is marked published; the chosen inspection's cases open from here (立案与处罚…).
Reads and writes run on the runner's database worker (app/planning/penalties.py)."""

from __future__ import annotations

from datetime import date, timedelta

from app.cases import CaseInProgress, cases_in_progress
from app.models import Inspection, Inspector
from app.models.domain import Penalty
from app.models.enums import InspectionStatus
from app.planning.penalties import mark_penalty_published, penalty_publications, record_penalty_on_inspection
from app.rules.deadlines import PenaltyPublication, PublicationStatus
from app.store import Store
from app.ui.i18n import error_text
from app.ui.onsite.case_dialog import CaseDialog
from app.ui.qt import (
    QDate,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner

RECENT_DAYS = 365  # finished inspections offered for a decision

Finished = list[tuple[str, str]]  # (inspection id, "target · day")
Listed = list[tuple[PenaltyPublication, str]]  # with the target's name


def _read(store: Store, today: date) -> tuple[Finished, Listed, list[CaseInProgress]]:
    since = today - timedelta(days=RECENT_DAYS)
    done = [
        i
        for i in store.find(Inspection, status=InspectionStatus.COMPLETED.value)
        if i.completed_at is not None and i.completed_at.date() >= since
    ]
    done.sort(key=lambda i: i.completed_at, reverse=True)  # type: ignore[arg-type,return-value]
    publications = penalty_publications(store, None, today)
    wanted = {i.target_id for i in done} | {p.penalty.target_id for p in publications}
    names = {row["id"]: row["name"] for row in store.targets_by_ids(wanted)}
    finished = [(i.id, f"{names.get(i.target_id, i.target_id)} · {i.completed_at:%Y-%m-%d}") for i in done]
    listed = [(p, names.get(p.penalty.target_id, p.penalty.target_id)) for p in publications]
    return finished, listed, cases_in_progress(store)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PenaltyDialog(QDialog):
    recorded = Signal(object)  # the saved Penalty

    def __init__(self, runner: Runner, user: Inspector, today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._runner = runner
        self._user = user
        self._today = today or date.today()
        self.listed: Listed = []
        self.in_progress: list[CaseInProgress] = []
        self.case_dialog: CaseDialog | None = None  # the cases of the chosen inspection, when opened
        self.setObjectName("penalty-dialog")
        self.setWindowTitle(self.tr("行政处罚与公示"))
        self.resize(720, 640)
        self.inspections = QListWidget()
        self.inspections.setObjectName("finished-inspections")
        self.inspections.itemSelectionChanged.connect(self._update_buttons)
        self.decision_no = QLineEdit()
        self.decision_no.setPlaceholderText(self.tr("例如：长卫罚〔2026〕12号"))
        self.decision_no.textChanged.connect(self._update_buttons)
        self.decided_on = QDateEdit(_qdate(self._today))
        self.decided_on.setCalendarPopup(True)
        self.legal_basis = QLineEdit()
        self.legal_basis.setPlaceholderText(self.tr("例如：《公共场所卫生管理条例》第十四条"))
        self.legal_basis.textChanged.connect(self._update_buttons)
        self.fine = QSpinBox()
        self.fine.setRange(0, 10_000_000)
        self.fine.setSuffix(self.tr(" 元"))
        self.fine.setSpecialValueText(self.tr("不罚款（警告）"))
        self.summary = QPlainTextEdit()
        self.summary.setMaximumHeight(80)
        self.summary.setPlaceholderText(self.tr("违法事实与处罚内容"))
        self.summary.textChanged.connect(self._update_buttons)
        self.record_button = QPushButton(self.tr("记录处罚决定"))
        self.record_button.clicked.connect(self.record)
        self.case_button = QPushButton(self.tr("立案与处罚…"))
        self.case_button.setObjectName("open-cases")
        self.case_button.setToolTip(self.tr("对所选检查立案，或审核、决定其案件（法制审核、两书同达）"))
        self.case_button.clicked.connect(self.open_cases)
        self.publications = QListWidget()
        self.publications.setObjectName("penalty-publications")
        self.publications.itemSelectionChanged.connect(self._update_buttons)
        self.publish_button = QPushButton(self.tr("标记为今日已公示"))
        self.publish_button.clicked.connect(self.publish_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("处罚决定书文号"), self.decision_no)
        form.addRow(self.tr("决定日期"), self.decided_on)
        form.addRow(self.tr("处罚依据"), self.legal_basis)
        form.addRow(self.tr("罚款"), self.fine)
        form.addRow(self.tr("内容"), self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("已完成的检查")))
        layout.addWidget(self.inspections, 2)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.case_button)
        row.addStretch()
        row.addWidget(self.record_button)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("处罚决定公示（决定后 7 个工作日内）")))
        layout.addWidget(self.publications, 2)
        layout.addWidget(QLabel(self.tr("进行中的案件（双击打开；待法制审核的在前）")))
        self.cases = QListWidget()
        self.cases.setObjectName("cases-in-progress")
        self.cases.itemDoubleClicked.connect(lambda _item: self.open_chosen_case())
        layout.addWidget(self.cases, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        today = self._today
        self._runner.run(lambda store: _read(store, today), self._show, owner=self)

    def _show(self, read: tuple[Finished, Listed, list[CaseInProgress]]) -> None:
        finished, self.listed, self.in_progress = read
        self._show_cases()
        chosen = self.inspection_id()
        self.inspections.clear()
        for inspection_id, text in finished:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, inspection_id)
            self.inspections.addItem(item)
            if inspection_id == chosen:
                self.inspections.setCurrentItem(item)
        self.publications.clear()
        words = {
            PublicationStatus.PENDING: self.tr("待公示"),
            PublicationStatus.ON_TIME: self.tr("已按时公示"),
            PublicationStatus.LATE: self.tr("逾期公示"),
            PublicationStatus.OVERDUE: self.tr("逾期未公示"),
        }
        for publication, name in self.listed:
            p = publication.penalty
            fine = self.tr("罚款 %1 元").replace("%1", f"{p.fine_yuan:,}") if p.fine_yuan else self.tr("警告")
            due = self.tr("应于 %1 前公示").replace("%1", publication.deadline.due.isoformat())
            self.publications.addItem(f"{p.decision_no} · {name} · {fine} · {due} · {words[publication.status]}")
        self._update_buttons()

    def inspection_id(self) -> str | None:
        item = self.inspections.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    def _update_buttons(self) -> None:
        filled = all(w.text().strip() for w in (self.decision_no, self.legal_basis))
        ready = filled and bool(self.summary.toPlainText().strip()) and self.inspection_id() is not None
        self.record_button.setEnabled(ready)
        self.case_button.setEnabled(self.inspection_id() is not None)
        row = self.publications.currentRow()
        unpublished = 0 <= row < len(self.listed) and self.listed[row][0].penalty.published_on is None
        self.publish_button.setEnabled(unpublished and self.publications.currentItem().isSelected())

    def record(self) -> None:
        inspection_id = self.inspection_id()
        if inspection_id is None:
            return
        qdate = self.decided_on.date()
        fields = {
            "decision_no": self.decision_no.text(),
            "decided_on": date(qdate.year(), qdate.month(), qdate.day()),
            "summary": self.summary.toPlainText(),
            "legal_basis": self.legal_basis.text(),
            "team": self._user.team,
            "fine_yuan": self.fine.value() or None,
        }
        self._runner.run(
            lambda store: record_penalty_on_inspection(store, inspection_id, **fields),  # type: ignore[arg-type]
            self._recorded,
            self._refused,
            owner=self,
        )

    def _recorded(self, penalty: Penalty) -> None:
        self.message.setText(self.tr("已记录处罚决定 %1").replace("%1", penalty.decision_no))
        for widget in (self.decision_no, self.legal_basis):
            widget.clear()
        self.summary.clear()
        self.fine.setValue(0)
        self.recorded.emit(penalty)
        self.reload()

    def _show_cases(self) -> None:
        waiting = {
            "review": self.tr("待法制审核"),
            "outcome": self.tr("待提出处理意见"),
            "decision": self.tr("待作出决定"),
            "delivery": self.tr("待送达"),
            "publication": self.tr("待公示"),
            "closing": self.tr("待结案"),
        }
        self.cases.clear()
        for entry in self.in_progress:
            c = entry.case
            self.cases.addItem(
                f"{c.case_no} · {entry.target_name} · {c.opened_on.isoformat()} · {waiting[entry.waiting]}"
            )

    def open_chosen_case(self) -> None:
        """The case dialog on the inspection of the chosen case in progress."""
        row = self.cases.currentRow()
        if 0 <= row < len(self.in_progress):
            self._open_case_dialog(self.in_progress[row].case.inspection_id)

    def open_cases(self) -> None:
        """The cases of the chosen finished inspection (app/ui/onsite/case_dialog.py): a lead reviews and decides."""
        inspection_id = self.inspection_id()
        if inspection_id is not None:
            self._open_case_dialog(inspection_id)

    def _open_case_dialog(self, inspection_id: str) -> None:
        self.case_dialog = CaseDialog(self._runner, inspection_id, self._user, self._today, self)
        self.case_dialog.saved.connect(lambda _case: self.reload())
        self.case_dialog.open()

    def publish_selected(self) -> None:
        row = self.publications.currentRow()
        if not 0 <= row < len(self.listed):
            return
        penalty_id, today = self.listed[row][0].penalty.id, self._today
        self._runner.run(
            lambda store: mark_penalty_published(store, penalty_id, today),
            lambda _p: self.reload(),
            self._refused,
            owner=self,
        )

    def _refused(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
