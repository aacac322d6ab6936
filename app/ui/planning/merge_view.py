"""撮合: proposals to merge tasks on one target into one joint visit; the lead accepts or rejects each.

A proposal shows the target, each task with its category, department and plan, the union of inspectors (other
departments' participants by name and department), the checklists, and the repeat-inspection warning.
"""

from __future__ import annotations

from html import escape

from app import planning
from app.models.domain import Checklist, Inspector, Plan
from app.rules.merging import MergeError, MergeProposal
from app.store import Store, StoreError
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


class MergeView(QWidget):
    """Open merge proposals. `merged(joint_id, task_ids)` fires after an accepted proposal is saved."""

    merged = Signal(str, list)

    def __init__(self, store: Store, user: Inspector, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MergeView")
        self._store = store
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

    def reload(self) -> None:
        self.proposals = planning.merge_proposals(self._store)
        ids = {p.target_id for p in self.proposals}
        self._targets = planning.targets_by_id(self._store, ids)
        self._plans = {p.id: p for p in self._store.list(Plan)}
        self._inspectors = {i.id: i for i in self._store.list(Inspector)}
        self._checklists = {c.id: c for c in self._store.list(Checklist)}
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
        self._show_selected()
        self.message.setText(self.tr("%n 条撮合建议", "", len(self.proposals)))

    def selected(self) -> MergeProposal | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proposals[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        proposal = self.selected()
        self.accept_button.setEnabled(proposal is not None)
        self.reject_button.setEnabled(proposal is not None)
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

    def accept_selected(self) -> str | None:
        """Merge the selected proposal: its tasks share one joint inspection id and the union of inspectors."""
        proposal = self.selected()
        if proposal is None:
            return None
        try:
            joint_id, tasks = planning.accept_merge(self._store, proposal, self._user.id)
        except (MergeError, StoreError) as exc:
            self.reload()
            self.message.setText(str(exc))
            return None
        self.reload()
        self.message.setText(self.tr("已合并为一次联合检查（%n 项任务）", "", len(tasks)))
        self.merged.emit(joint_id, [t.id for t in tasks])
        return joint_id

    def reject_selected(self, reason: str | None = None) -> bool:
        """Reject the selected proposal with a reason (asked for when not given); it is not proposed again."""
        proposal = self.selected()
        if proposal is None:
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("驳回撮合建议"), self.tr("驳回原因："))
            if not ok:
                return False
        try:
            planning.reject_merge(self._store, proposal, reason, self._user.id)
        except MergeError as exc:
            self.message.setText(str(exc))
            return False
        self.reload()
        return True
