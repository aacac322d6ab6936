"""回避: record an inspector's declared conflict of interest with a target; every later draw leaves them off it."""

from __future__ import annotations

from app import planning
from app.models.domain import Inspector, Recusal
from app.store import Store, StoreError
from app.ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    Qt,
    QWidget,
    Signal,
)

MATCHES = 50  # targets listed for a search; the lead narrows the query rather than scrolls


class RecusalDialog(QDialog):
    """The team's declared conflicts, and a form to add one: inspector, target (searched), reason."""

    declared = Signal(object)  # the saved Recusal

    def __init__(self, store: Store, team: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("回避声明"))
        self.resize(640, 560)
        self._store = store
        self._team = team
        self.inspector = QComboBox(self)
        for person in sorted(store.list(Inspector, "team = ?", [team]), key=lambda i: i.name):
            self.inspector.addItem(person.name, person.id)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("名称、地址或统一社会信用代码"))
        self.query.textChanged.connect(self.search)
        self.matches = QListWidget(self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("如：近亲属在该单位任职"))
        self.existing = QListWidget(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.declare)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("监督员"), self.inspector)
        form.addRow(self.tr("检查对象"), self.query)
        form.addRow("", self.matches)
        form.addRow(self.tr("回避原因"), self.reason)
        form.addRow(self.message)
        form.addRow(buttons)
        form.addRow(self.tr("已声明的回避"), self.existing)
        self._show_existing()

    def search(self, text: str) -> None:
        self.matches.clear()
        if not text.strip():
            return
        for row in self._store.targets_by_ids(self._store.search_target_ids(text.strip(), MATCHES)):
            item = QListWidgetItem(f"{row['name']}  {row['credit_code']}", self.matches)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def declare(self) -> Recusal | None:
        """Save the declaration (synced); on bad input say why and save nothing."""
        current = self.matches.currentItem()
        if current is None:
            self.message.setText(self.tr("请先搜索并选择检查对象"))
            return None
        target_id = current.data(Qt.ItemDataRole.UserRole)
        try:
            recusal = planning.declare_recusal(self._store, self.inspector.currentData(), target_id, self.reason.text())
        except (planning.PlanningError, StoreError) as exc:
            self.message.setText(str(exc))
            return None
        self.message.setText(self.tr("已记录回避声明；此后的抽取不会把该监督员派往该对象"))
        self.reason.clear()
        self._show_existing()
        self.declared.emit(recusal)
        return recusal

    def _show_existing(self) -> None:
        self.existing.clear()
        recusals = self._store.list(Recusal, "team = ?", [self._team])
        people = {i.id: i.name for i in self._store.list(Inspector, "team = ?", [self._team])}
        names = {t.id: t.name for t in planning.targets_by_id(self._store, (r.target_id for r in recusals)).values()}
        for r in sorted(recusals, key=lambda r: r.declared_at, reverse=True):
            who = people.get(r.inspector_id, r.inspector_id)
            QListWidgetItem(f"{who} — {names.get(r.target_id, r.target_id)}：{r.reason}", self.existing)
