"""回避: record an inspector's declared conflict of interest with a target; every later draw leaves them off it.

The team, the search and the declaration go through the runner's database worker; the dialog answers when it does."""

from __future__ import annotations

from app import planning
from app.models.domain import Inspector, Recusal
from app.store import Store
from app.ui.i18n import error_text
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
from app.ui.runner import Runner

MATCHES = 50  # targets listed for a search; the lead narrows the query rather than scrolls

People = list[Inspector]
Declared = list[str]  # the existing declarations as lines, newest first


def _team(store: Store, team: str) -> tuple[People, Declared]:
    """On the database worker: the team's people by name, and its declarations in words."""
    people = sorted(store.find(Inspector, team=team), key=lambda i: i.name)
    return people, _declared(store, team)


def _declared(store: Store, team: str) -> Declared:
    recusals = store.find(Recusal, team=team)
    names = {i.id: i.name for i in store.find(Inspector, team=team)}
    targets = {t.id: t.name for t in planning.targets_by_id(store, (r.target_id for r in recusals)).values()}
    return [
        f"{names.get(r.inspector_id, r.inspector_id)} — {targets.get(r.target_id, r.target_id)}：{r.reason}"
        for r in sorted(recusals, key=lambda r: r.declared_at, reverse=True)
    ]


class RecusalDialog(QDialog):
    """The team's declared conflicts, and a form to add one: inspector, target (searched), reason."""

    declared = Signal(object)  # the saved Recusal
    refused = Signal(str)  # why a declaration was not saved, in the interface language

    def __init__(self, runner: Runner, team: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("回避声明"))
        self.resize(640, 560)
        self._runner = runner
        self._team = team
        self._key = f"recusals-{id(self)}"
        self.inspector = QComboBox(self)
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
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)  # until the team is read
        form = QFormLayout(self)
        form.addRow(self.tr("监督员"), self.inspector)
        form.addRow(self.tr("检查对象"), self.query)
        form.addRow("", self.matches)
        form.addRow(self.tr("回避原因"), self.reason)
        form.addRow(self.message)
        form.addRow(buttons)
        form.addRow(self.tr("已声明的回避"), self.existing)
        self._runner.run(lambda store: _team(store, team), self._show_team, key=f"{self._key}-team")

    @property
    def busy(self) -> bool:
        """A reading, a search or a declaration of this dialog is out."""
        return self._runner.working(self)

    def _show_team(self, found: tuple[People, Declared]) -> None:
        people, declared = found
        for person in people:
            self.inspector.addItem(person.name, person.id)
        self._show_existing(declared)
        self.save_button.setEnabled(True)

    def search(self, text: str) -> None:
        """Targets matching `text`, searched on the worker (the latest query wins)."""
        query = text.strip()
        if not query:
            self._runner.cancel(f"{self._key}-search")
            self.matches.clear()
            return

        def find(store: Store) -> list[dict]:
            return store.targets_by_ids(store.search_target_ids(query, MATCHES))

        self._runner.run(find, self._show_matches, key=f"{self._key}-search")

    def _show_matches(self, rows: list[dict]) -> None:
        self.matches.clear()
        for row in rows:
            item = QListWidgetItem(f"{row['name']}  {row['credit_code']}", self.matches)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def declare(self) -> bool:
        """Save the declaration (synced) on the worker; on bad input say why and save nothing. Whether it was asked."""
        current = self.matches.currentItem()
        if current is None:
            self.message.setText(self.tr("请先搜索并选择检查对象"))
            return False
        if not self.save_button.isEnabled():
            return False
        inspector_id, target_id, reason = (
            self.inspector.currentData(),
            current.data(Qt.ItemDataRole.UserRole),
            self.reason.text(),
        )
        team = self._team

        def declare(store: Store) -> tuple[Recusal, Declared]:
            return planning.declare_recusal(store, inspector_id, target_id, reason), _declared(store, team)

        self.save_button.setEnabled(False)
        self._runner.run(declare, self._declared, self._refused)
        return True

    def _declared(self, answer: tuple[Recusal, Declared]) -> None:
        recusal, declared = answer
        self.save_button.setEnabled(True)
        self.message.setText(self.tr("已记录回避声明；此后的抽取不会把该监督员派往该对象"))
        self.reason.clear()
        self._show_existing(declared)
        self.declared.emit(recusal)

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(error_text(error))
        self.refused.emit(self.message.text())

    def _show_existing(self, declared: Declared) -> None:
        self.existing.clear()
        for line in declared:
            QListWidgetItem(line, self.existing)
