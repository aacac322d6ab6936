"""Users and teams of the district as synced (their inspector records): who, 执法证号, team, role; each team with
its leads and how many of its inspectors lack a certificate (on-site enforcement needs two certified). New staff and
changes come in through the users import (the imports page); read on the database worker."""

from __future__ import annotations

from collections import defaultdict

from app.models import Inspector, Role
from app.store import Store
from app.ui.qt import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.ui.runner import Runner


def _people(store: Store) -> list[Inspector]:
    return sorted(store.list(Inspector), key=lambda i: (i.team, i.role != Role.TEAM_LEAD, i.username))


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class PeoplePage(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin-people")
        self._runner = runner
        self.people: list[Inspector] = []
        headers = [self.tr("姓名"), self.tr("用户名"), self.tr("执法证号"), self.tr("科室"), self.tr("角色")]
        self.users = _table(headers, 3)
        self.users.setObjectName("users")
        self.teams = _table([self.tr("科室"), self.tr("负责人"), self.tr("监督员"), self.tr("无执法证号")], 1)
        self.teams.setObjectName("teams")
        split = QSplitter(Qt.Orientation.Vertical)
        for title, table in ((self.tr("人员"), self.users), (self.tr("科室"), self.teams)):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(QLabel(title))
            inner.addWidget(table)
            split.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("新增或变更人员：在“导入”页导入人员名单（姓名、用户名、执法证号、科室、角色）。"))
        )
        layout.addWidget(split, 1)

    def reload(self) -> None:
        self._runner.run(_people, self._show, key="admin-people", owner=self)

    def _role(self, role: str) -> str:
        return {Role.TEAM_LEAD: self.tr("科室负责人"), Role.ADMIN: self.tr("管理员")}.get(role, self.tr("监督员"))

    def _show(self, people: list[Inspector]) -> None:
        self.people = people
        self.users.setRowCount(len(people))
        for row, p in enumerate(people):
            for column, value in enumerate((p.name, p.username, p.certificate_no or "", p.team, self._role(p.role))):
                self.users.setItem(row, column, QTableWidgetItem(value))
        teams: dict[str, list[Inspector]] = defaultdict(list)
        for p in people:
            teams[p.team].append(p)
        self.teams.setRowCount(len(teams))
        for row, (team, members) in enumerate(sorted(teams.items())):
            leads = "、".join(p.name for p in members if p.role == Role.TEAM_LEAD)
            inspectors = [p for p in members if p.role == Role.INSPECTOR]
            missing = sum(1 for p in inspectors if not p.certificate_no)
            for column, value in enumerate((team, leads, str(len(inspectors)), str(missing))):
                self.teams.setItem(row, column, QTableWidgetItem(value))
