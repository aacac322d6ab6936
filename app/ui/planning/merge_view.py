"""撮合: proposals to merge tasks on one target into one joint visit; the lead accepts or rejects each.

A proposal shows the target, each task with its category, department and plan, the union of inspectors (other
departments' participants by name and department), the checklists, and the repeat-inspection warning.
Proposals are read, accepted and rejected on the runner's database worker; the buttons wait while an answer is out.
"""

from __future__ import annotations

from html import escape

from app import planning
from app.models.domain import Checklist, Inspector, Plan, Target
from app.rules.merging import MergeProposal
from app.store import Store
from app.ui.i18n import error_text
from app.ui.labels import task_category_label, task_status_label
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import DbOp, Done, Runner

Read = tuple[list[MergeProposal], dict[str, Target], dict[str, Plan], dict[str, Inspector], dict[str, Checklist]]


def _read(store: Store) -> Read:
    """On the database worker: the proposals, and the targets, plans, people and checklists they name."""
    proposals = planning.merge_proposals(store)
    targets = planning.targets_by_id(store, {p.target_id for p in proposals})
    plans = {p.id: p for p in store.list(Plan)}
    people = {i.id: i for i in store.list(Inspector)}
    return proposals, targets, plans, people, {c.id: c for c in store.list(Checklist)}


class MergeView(QWidget):
    """Open merge proposals; an accepted one is told by `merged(joint id)` (other pages hear of it from the store)."""

    merged = Signal(str)  # the joint inspection id of an accepted proposal
    rejected = Signal(str)  # the proposal id of a rejected one

    def __init__(self, runner: Runner, user: Inspector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MergeView")
        self._runner = runner
        self._deciding = False  # an accept or reject is out: the buttons wait for its answer
        self._key = f"merges-{id(self)}"
        self._note = ""  # what the last action said, shown beside the count once the proposals are read again
        self._user = user
        self.proposals: list[MergeProposal] = []
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("检查对象"), self.tr("建议日期"), self.tr("任务分类"), self.tr("部门"), self.tr("提醒")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.detail = QTextBrowser(self)
        self.accept_button = QPushButton(self.tr("接受撮合"), self)
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button = QPushButton(self.tr("驳回…"), self)
        self.reject_button.clicked.connect(lambda: self.reject_selected())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([600, 500])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self.reload_action = QAction(self.tr("刷新撮合建议"), self)
        self.reload_action.triggered.connect(self.reload)
        self.reload()

    def menu_actions(self) -> list[QAction]:
        return [self.reload_action]

    def reload(self, note: str = "") -> None:
        """Read the proposals again on the runner's worker; the one chosen stays chosen while it is still proposed."""
        self._note = note
        self._runner.run(_read, self._show, key=self._key)

    @property
    def loading(self) -> bool:
        return self._runner.busy(self._key)

    @property
    def busy(self) -> bool:
        """The proposals are being read, or a decision written."""
        return self._runner.working(self)

    def _show(self, found: Read) -> None:
        chosen = self.selected()
        self.proposals, self._targets, self._plans, self._inspectors, self._checklists = found
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.proposals))
        for row, proposal in enumerate(self.proposals):
            target = self._targets.get(proposal.target_id)
            values = (
                target.name if target else proposal.target_id,
                proposal.suggested_on.isoformat(),
                "、".join(task_category_label(c) for c in proposal.categories),
                "、".join(proposal.departments),
                self.tr("近期已检查") if proposal.repeat_warning else "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 4 and value:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        again = next((n for n, p in enumerate(self.proposals) if chosen and p.proposal_id == chosen.proposal_id), None)
        if again is not None:
            self.table.selectRow(again)
        self.table.blockSignals(False)
        self._show_selected()
        count = self.tr("%n 条撮合建议", "", len(self.proposals))
        self.message.setText(f"{self._note} {count}".strip())
        if not self.proposals:
            empty = self.tr("没有待处理的撮合建议：同一对象的多项任务日期相近时，会在这里提议合并为一次联合检查。")
            self.detail.setHtml(escape(empty))

    def selected(self) -> MergeProposal | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proposals[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        proposal = self.selected()
        self.accept_button.setEnabled(proposal is not None and not self._deciding)
        self.reject_button.setEnabled(proposal is not None and not self._deciding)
        self.detail.setHtml("" if proposal is None else self._describe(proposal))

    def _name(self, inspector_id: str) -> str:
        known = self._inspectors.get(inspector_id)
        return f"{known.name}（{known.department}）" if known else inspector_id

    def _describe(self, proposal: MergeProposal) -> str:
        target = self._targets.get(proposal.target_id)
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{escape(v)}</td>"
                for v in (
                    task_category_label(t.category),
                    t.department,
                    self._plans[t.plan_id].name if t.plan_id in self._plans else t.plan_id,
                    t.scheduled_on.isoformat() if t.scheduled_on else "",
                    task_status_label(t.status),
                )
            )
            + "</tr>"
            for t in proposal.tasks
        )
        checklists = "、".join(self._checklists[c].name if c in self._checklists else c for c in proposal.checklist_ids)
        warning = (
            f"<p style='color:#b00020'><b>{escape(proposal.repeat_warning)}</b></p>" if proposal.repeat_warning else ""
        )
        team = "、".join(self._name(i) for i in proposal.inspector_ids)
        guests = "、".join(f"{g.name or g.inspector_id}（{g.department}）" for g in proposal.participants)
        last = proposal.last_inspected_on.isoformat() if proposal.last_inspected_on else self.tr("无记录")
        heading = (
            self.tr("任务分类"), self.tr("部门"), self.tr("检查计划"), self.tr("计划日期"), self.tr("状态")
        )  # fmt: skip
        suggested = self.tr("建议联合检查日期")
        outcome = self.tr("接受后：一次上门、一个检查码、全部检查表、合并后的检查人员。")
        facts = (
            (self.tr("联合检查人员"), team),
            (self.tr("其他部门参与人员"), guests or self.tr("无")),
            (self.tr("检查表"), checklists),
            (self.tr("上次检查"), last),
        )
        return (
            f"<h3>{escape(target.name if target else proposal.target_id)}</h3>"
            f"<p>{escape(target.address if target else '')}</p>{warning}"
            f"<p><b>{escape(suggested)}</b>：{proposal.suggested_on.isoformat()}</p>"
            "<table border='1' cellspacing='0' cellpadding='4'><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in heading)
            + f"</tr>{rows}</table>"
            + "".join(f"<p><b>{escape(label)}</b>：{escape(value)}</p>" for label, value in facts)
            + f"<p>{escape(outcome)}</p>"
        )

    def accept_selected(self) -> bool:
        """Merge the selected proposal on the worker: its tasks share one joint inspection id and the union of
        inspectors (`merged` tells the id). Whether it was asked."""
        proposal = self.selected()
        if proposal is None or self._deciding:
            return False
        user_id = self._user.id
        self._decide(lambda store: planning.accept_merge(store, proposal, user_id), self._accepted)
        return True

    def _accepted(self, answer: tuple[str, list]) -> None:
        joint_id, tasks = answer
        self._deciding = False
        self.reload(note=self.tr("已合并为一次联合检查（%n 项任务）", "", len(tasks)))
        self.merged.emit(joint_id)

    def reject_selected(self, reason: str | None = None) -> bool:
        """Reject the selected proposal with a reason (asked for when not given), on the worker; it is not proposed
        again (`rejected`), or the refusal is said. Whether it was asked."""
        proposal = self.selected()
        if proposal is None or self._deciding:
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("驳回撮合建议"), self.tr("驳回原因："))
            if not ok:
                return False
        user_id, why = self._user.id, reason

        def rejected(_decision: object) -> None:
            self._deciding = False
            self.reload()
            self.rejected.emit(proposal.proposal_id)

        self._decide(lambda store: planning.reject_merge(store, proposal, why, user_id), rejected)
        return True

    def _decide(self, op: DbOp, done: Done) -> None:
        self._deciding = True
        self._show_selected()
        self._runner.run(op, done, self._refused, owner=self)

    def _refused(self, error: BaseException) -> None:
        self._deciding = False
        self.reload(note=error_text(error))
