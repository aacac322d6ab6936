"""The draw's commitment (issue 15): the lead files the SHA-256 of the draw's seed with the plan before the pool is
drawn. The seed is made on this laptop and kept in its store (app.planning.draws.commit_seed) until the draw uses
and publishes it; the hash syncs with the plan at once, so the server refuses a draw with another seed and anyone can
check the published seed against the hash filed before. A commitment is filed once and never after a draw.

The plan is read, and the hash filed, on the runner's database worker; the dialog says a refusal in the interface
language."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.domain import Plan
from app.planning.draws import commit_seed, committed_seed, recorded_draws
from app.planning.plans import get_plan
from app.store import Store
from app.ui.i18n import error_text
from app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.runner import Runner


@dataclass(frozen=True)
class SeedState:
    plan: Plan
    held: bool  # this laptop keeps the seed that hashes to the filed hash
    drawn: bool  # a draw of the plan is recorded already


def _read(store: Store, plan_id: str) -> SeedState:
    plan = get_plan(store, plan_id)
    return SeedState(plan, committed_seed(store, plan_id) is not None, bool(recorded_draws(store, plan_id)))


def _file(store: Store, plan_id: str) -> SeedState:
    commit_seed(store, plan_id)
    return _read(store, plan_id)


class SeedDialog(QDialog):
    """The plan's seed commitment: file it (once, before the draw), or see the one filed."""

    filed = Signal(object)  # the Plan with its seed hash filed

    def __init__(self, runner: Runner, plan_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("备案抽取种子"))
        self.resize(620, 260)
        self._runner = runner
        self._plan_id = plan_id
        self.state: SeedState | None = None
        self.plan_label = QLabel(self)
        self.explain = QLabel(
            self.tr(
                "抽取前，本机生成随机种子并只备案它的 SHA-256 哈希；种子保存在本机，抽取时自动使用并随抽取结果公布。"
                "备案后不能更换，服务器拒绝与哈希不符的抽取，任何人都能用公布的种子核对。"
            ),
            self,
        )
        self.explain.setWordWrap(True)
        self.hash_edit = QLineEdit(self)
        self.hash_edit.setObjectName("seed-hash")
        self.hash_edit.setReadOnly(True)
        self.hash_edit.setPlaceholderText(self.tr("尚未备案"))
        self.status = QLabel(self)
        self.status.setObjectName("seed-status")
        self.status.setWordWrap(True)
        self.file_button = QPushButton(self.tr("生成种子并备案哈希"), self)
        self.file_button.setObjectName("file-seed")
        self.file_button.setEnabled(False)
        self.file_button.clicked.connect(self.file_hash)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        for widget in (self.plan_label, self.explain, QLabel(self.tr("备案的种子哈希（SHA-256）"), self)):
            layout.addWidget(widget)
        layout.addWidget(self.hash_edit)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._runner.run(lambda store: _read(store, plan_id), self._show, self._refused, owner=self)

    def file_hash(self) -> None:
        if self.state is None or self.state.plan.seed_hash:
            return
        self.file_button.setEnabled(False)
        plan_id = self._plan_id
        self._runner.run(lambda store: _file(store, plan_id), self._filed, self._refused, owner=self)

    def _filed(self, state: SeedState) -> None:
        self._show(state)
        self.filed.emit(state.plan)

    def _show(self, state: SeedState) -> None:
        self.state = state
        plan = state.plan
        self.plan_label.setText(self.tr("检查计划：%1 %2").replace("%1", plan.plan_no).replace("%2", plan.name))
        self.hash_edit.setText(plan.seed_hash or "")
        if plan.seed_hash and state.held:
            text = self.tr("已备案；种子保存在本机，双随机抽取时自动使用。")
        elif plan.seed_hash:
            text = self.tr("已在另一台电脑备案；抽取时须输入该电脑保存的种子，与哈希不符的抽取会被拒绝。")
        elif state.drawn:
            text = self.tr("该计划已经抽取过，不能再备案种子的哈希。")
        else:
            text = self.tr("尚未备案。备案后，下次同步即送达服务器；请在抽取前同步。")
        self.status.setText(text)
        self.file_button.setEnabled(not plan.seed_hash and not state.drawn)

    def _refused(self, error: BaseException) -> None:
        self.status.setText(error_text(error))
        self.file_button.setEnabled(False)
