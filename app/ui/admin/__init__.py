"""The admin's pages (管理): users and teams, signed-in devices, imports, the checklist catalogue, inspection codes.
One tab of the main window for an admin, its pages reading the store on the runner's database worker and calling
the server on its network worker (`AdminClient`)."""

from __future__ import annotations

from app.store.changes import Changes
from app.ui.admin.catalogue_page import CataloguePage
from app.ui.admin.codes_page import CodesPage
from app.ui.admin.devices_page import DevicesPage
from app.ui.admin.imports_page import ImportsPage
from app.ui.admin.people_page import PeoplePage
from app.ui.admin.remote import AdminClient
from app.ui.qt import QTabWidget, QWidget
from app.ui.runner import Runner

__all__ = ["AdminClient", "AdminPages", "CataloguePage", "CodesPage", "DevicesPage", "ImportsPage", "PeoplePage"]


class AdminPages(QTabWidget):
    """`client`: the signed-in admin's (None offline: the server's pages stay empty)."""

    def __init__(self, runner: Runner, client: AdminClient | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin-pages")
        self.setDocumentMode(True)
        self.people = PeoplePage(runner)
        self.devices = DevicesPage(runner, client)
        self.imports = ImportsPage(runner, client)
        self.catalogue = CataloguePage(runner, client)
        self.codes = CodesPage(runner, client)
        for page in (self.people, self.devices, self.imports, self.catalogue, self.codes):
            self.addTab(page, "")
        self.retranslate()
        runner.changed.connect(self._records_changed)
        self.currentChanged.connect(lambda _index: self._refresh_current())
        self.reload()

    def retranslate(self) -> None:
        titles = (self.tr("人员与科室"), self.tr("登录设备"), self.tr("导入"), self.tr("检查表"), self.tr("检查码"))
        for index, title in enumerate(titles):
            self.setTabText(index, title)

    def set_client(self, client: AdminClient | None) -> None:
        for page in (self.devices, self.imports, self.catalogue, self.codes):
            page.set_client(client)

    def reload(self) -> None:
        self.people.reload()
        self.catalogue.reload()
        self.codes.reload()
        self.devices.refresh()

    def _refresh_current(self) -> None:
        if self.currentWidget() is self.devices:
            self.devices.refresh()

    def _records_changed(self, changes: Changes) -> None:
        if changes.touches("inspectors"):
            self.people.reload()
        if changes.touches("inspection_codes", "targets"):
            self.codes.reload()
        if changes.touches("checklists", "checklist_items"):
            self.catalogue.reload()
