"""The main window: pages in tabs (Today; targets with their profile; for team leads the planning pages; conflicts),
and, when connected to a server, the background sync with its status in the status bar.

All database work goes through one runner (`app/ui/runner.py`). After a write or a pull, each page refreshes what the
store says changed (`Runner.changed`), keeping its selection; nothing is rebuilt wholesale (Ctrl+Shift+R still does,
by hand)."""

from __future__ import annotations

from pathlib import Path

from app import __version__
from app.models import Inspector, Role
from app.store import Store
from app.store.changes import META, Changes
from app.store.db import USER_INSPECTOR_ID, USER_NAME
from app.sync.codes import CodeAnswer
from app.sync.errors import UnsentWorkError
from app.sync.http import SyncClient
from app.sync.signals import SignalClient
from app.ui.admin import AdminClient, AdminPages
from app.ui.conflict_inbox import ConflictInbox
from app.ui.conflicts_view import ConflictsView
from app.ui.connection import Connection
from app.ui.figures_view import FiguresView
from app.ui.grade_badge import GradeBadgeDelegate
from app.ui.i18n import LANGUAGES, Translations
from app.ui.onsite.today_view import TodayView
from app.ui.planning.board import AssignmentBoard
from app.ui.planning.merge_view import MergeView
from app.ui.planning.plans_view import PlansView
from app.ui.planning.progress_view import ProgressView
from app.ui.qt import (
    QAbstractItemView,
    QAction,
    QActionGroup,
    QCloseEvent,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QItemSelectionModel,
    QKeySequence,
    QLabel,
    QLineEdit,
    QLocale,
    QMainWindow,
    QMessageBox,
    QModelIndex,
    QSettings,
    QSize,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QTabWidget,
    QThread,
    QVBoxLayout,
    QWidget,
    Slot,
)
from app.ui.resources import icon
from app.ui.runner import Runner
from app.ui.sync_logout import ParkedExportDialog, export_would_end_it
from app.ui.sync_status import SyncStatus
from app.ui.target_profile import TargetProfileView
from app.ui.target_search import TargetSearch
from app.ui.target_table import Column, TargetTableModel
from app.ui.tasks import ComplaintsDialog, NamedTaskDialog, PenaltyDialog, ReferralDialog, TaskChecklistsDialog

COLUMN_WIDTHS = {
    Column.NAME: 300,
    Column.CREDIT_CODE: 190,
    Column.INDUSTRY: 120,
    Column.STREET: 110,
    Column.GRADE: 60,
    Column.DO_NOT_DISTURB: 80,
}
ROW_HEIGHT = 30
# What each team-lead page shows: it reads again (keeping its selection) when a write or a pull changes one of these.
LEAD_PAGE_ENTITIES = {
    "plans_view": ("plans",),
    "board": ("tasks", "targets", "inspectors", "inspection_codes", "recusals"),
    "merge_view": ("tasks", "targets", "plans", "inspectors", "checklists", "merge_decisions", "inspections"),
    "progress_view": ("tasks", "plans", "inspections", "penalties", "cases", "evaluations", "targets"),
    "figures_view": ("tasks", "plans", "inspections", "penalties", "cases", "referrals", "evaluations"),
}


class MainWindow(QMainWindow):
    def __init__(self, runner: Runner, translations: Translations, connection: Connection | None = None) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.setWindowIcon(icon("app"))
        self.runner = runner
        self._translations = translations
        self._query = ""
        self._settled_query: str | None = None  # the query the list shows; None before the first answer

        self.model = TargetTableModel(runner, self)
        self.search = TargetSearch(runner, self)
        self.search.results.connect(self._show_results)
        self.search.failed.connect(self._search_failed)
        runner.failed.connect(self._op_failed)
        runner.changed.connect(self._records_changed)

        self._connection = connection
        self.sync = connection.sync_thread(runner) if connection else None
        self._user: Inspector | None = None
        self._username = ""
        self._lead_pages_built = False

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.today = TodayView(runner, None)
        self.today.code_requested.connect(self.request_codes)
        self.pages.addTab(self.today, "")
        self.pages.addTab(self._build_body(), "")
        self.conflicts = ConflictsView(runner)
        self.pages.addTab(self.conflicts, "")
        self.inbox = ConflictInbox(runner, None)  # refused work in words; a lead's team inbox once he is known
        self.pages.addTab(self.inbox, "")
        self.setCentralWidget(self.pages)
        self._build_status_bar()
        self._build_role_pages()
        self.retranslate()
        self._restore_settings()
        self.search.run_now("")
        self._read_user()
        if self.sync is not None:
            self.sync.start()  # only now: every signal of the worker is connected, none of its reports is lost

    # --- building -----------------------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.focus_search_action = QAction(icon("search"), "", self)
        self.focus_search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.focus_search_action.triggered.connect(self.focus_search)
        self.reload_action = QAction(icon("reload"), "", self)
        self.reload_action.setShortcut(QKeySequence("Ctrl+Shift+R"))  # Ctrl+R is 申请检查码 on the Today page
        self.reload_action.triggered.connect(self.reload)
        self.sync_action = QAction(icon("reload"), "", self)
        self.sync_action.setShortcut(QKeySequence.StandardKey.Refresh)  # F5
        self.sync_action.setEnabled(self.sync is not None)
        self.sync_action.triggered.connect(self.sync_now)
        self.page_actions = []
        for number in range(1, 10):  # Ctrl+1 … Ctrl+9 go to the pages in order
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, page=number - 1: self.pages.setCurrentIndex(page))
            self.addAction(action)
            self.page_actions.append(action)
        self.profile_action = QAction(icon("profile"), "", self)
        self.profile_action.setCheckable(True)
        self.profile_action.setChecked(True)
        self.profile_action.setShortcut(QKeySequence("F9"))
        self.profile_action.toggled.connect(self._set_profile_visible)
        self.logout_action = QAction("", self)
        self.logout_action.setEnabled(self.sync is not None)
        self.logout_action.triggered.connect(self.log_out)
        self.quit_action = QAction("", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction("", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._about)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for language in LANGUAGES:
            action = QAction(self)
            action.setCheckable(True)
            action.setChecked(language == self._translations.language)
            action.setData(language)
            action.triggered.connect(lambda _checked=False, lang=language: self.set_language(lang))
            self.language_group.addAction(action)
            self.language_actions[language] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.sync_action)
        self.file_menu.addAction(self.reload_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.logout_action)
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.focus_search_action)
        self.view_menu.addAction(self.profile_action)
        self.language_menu = self.view_menu.addMenu("")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(18, 18))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.sync_action)
        self.toolbar.addAction(self.profile_action)

    def _build_body(self) -> QWidget:
        self.search_field = QLineEdit()
        self.search_field.setObjectName("search-field")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.textChanged.connect(self._query_typed)
        self.search_field.returnPressed.connect(self._enter_list)
        self.result_label = QLabel()
        self.result_label.setObjectName("result-count")

        self.table = QTableView()
        self.table.setObjectName("target-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(Column.GRADE, GradeBadgeDelegate(self.table))
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure rows: that would fetch them all
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("empty-list")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.search_field, 1)
        top.addWidget(self.result_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 10, 6, 12)
        left_layout.setSpacing(8)
        left_layout.addLayout(top)
        left_layout.addWidget(self.list_stack, 1)

        self.profile = TargetProfileView(self.runner)
        self.profile.signal_filed.connect(lambda _moves: self.sync_now())  # the new grade comes back by pull
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.profile)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        return self.splitter

    def _build_status_bar(self) -> None:
        self.store_label = QLabel()
        self.store_label.setObjectName("store-path")
        self.count_label = QLabel()
        self.count_label.setObjectName("row-count")
        self.user_label = QLabel()
        self.user_label.setObjectName("current-user")
        self.statusBar().addWidget(self.store_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.sync_status = SyncStatus()
        self.sync_status.setVisible(self.sync is not None)
        self.statusBar().addPermanentWidget(self.sync_status)
        if self.sync is not None:
            worker = self.sync.worker
            worker.state_changed.connect(self.sync_status.set_state)
            worker.progress.connect(self.sync_status.set_progress)
            worker.finished.connect(self.sync_status.set_finished)
            worker.error.connect(self.sync_status.set_error)
            worker.codes_answered.connect(self._codes_answered)
            worker.records_changed.connect(self.runner.changed)  # the sync's pulls, told like any other write
            worker.logged_out.connect(self._logged_out)
            worker.logout_refused.connect(self._logout_refused)
            worker.auth_failed.connect(self._auth_failed)
            self.sync_status.sync_requested.connect(self.sync_now)
        self.conflicts.resolved.connect(self.sync_now)

    def _build_role_pages(self) -> None:
        """A team lead's or admin's planning pages, once their own inspector record is here (after the first sync)."""
        user = self._user
        if self._lead_pages_built or user is None or user.role not in (Role.TEAM_LEAD, Role.ADMIN):
            return
        self._lead_pages_built = True
        self.plans_view = PlansView(self.runner, user)
        self.board = AssignmentBoard(self.runner, user)
        self.board.code_requested.connect(self.request_codes)
        self.merge_view = MergeView(self.runner, user)
        self.progress_view = ProgressView(self.runner, user)
        self.figures_view = FiguresView(self.runner)  # 统计数据 (issue 17)
        first = self.pages.indexOf(self.splitter) + 1
        lead_pages = (self.plans_view, self.board, self.merge_view, self.progress_view, self.figures_view)
        for position, page in enumerate(lead_pages, first):
            self.pages.insertTab(position, page, "")
        if self._connection is not None:
            self.inbox.set_client(SyncClient(self._connection.server_url, self._connection.token))
        self.named_task_action = QAction(self.tr("投诉举报与指定对象任务(&N)…"), self)  # app/ui/tasks
        self.named_task_action.triggered.connect(lambda: NamedTaskDialog(self.runner, user, parent=self).open())
        self.file_menu.insertAction(self.logout_action, self.named_task_action)
        self.complaints_action = QAction(self.tr("投诉举报办理与答复(&C)…"), self)  # reply deadlines, 办结
        self.complaints_action.triggered.connect(lambda: ComplaintsDialog(self.runner, parent=self).open())
        self.file_menu.insertAction(self.logout_action, self.complaints_action)
        self.penalty_action = QAction(self.tr("行政处罚与公示(&P)…"), self)
        self.penalty_action.triggered.connect(lambda: PenaltyDialog(self.runner, user, parent=self).open())
        self.file_menu.insertAction(self.logout_action, self.penalty_action)
        self.referral_action = QAction(self.tr("线索移送与协查(&R)…"), self)  # sent and received, tracked to the answer
        self.referral_action.triggered.connect(lambda: ReferralDialog(self.runner, user, parent=self).open())
        self.file_menu.insertAction(self.logout_action, self.referral_action)
        self.task_checklists_action = QAction(self.tr("看板所选任务的检查表(&K)…"), self)
        self.task_checklists_action.triggered.connect(self.edit_task_checklists)
        self.file_menu.insertAction(self.logout_action, self.task_checklists_action)
        if user.role == Role.ADMIN:  # the admin's pages (管理): users and teams, devices, imports, codes
            connection = self._connection
            admin = AdminClient(connection.server_url, connection.token) if connection is not None else None
            self.admin_pages = AdminPages(self.runner, admin)
            self.admin_pages.codes.revoked.connect(lambda _code_id: self.sync_now())
            self.admin_pages.catalogue.edited.connect(lambda _answer: self.sync_now())  # the store learns the edit
            self.pages.addTab(self.admin_pages, "")
        self.retranslate()

    # --- language -----------------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("卫监外勤"))
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.view_menu.setTitle(self.tr("视图(&V)"))
        self.language_menu.setTitle(self.tr("界面语言(&L)"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.toolbar.setWindowTitle(self.tr("工具栏"))
        self.focus_search_action.setText(self.tr("搜索检查对象(&S)"))
        self.reload_action.setText(self.tr("重新载入(&R)"))
        self.reload_action.setToolTip(self.tr("从本地数据重新载入各页 (Ctrl+Shift+R)"))
        self.sync_action.setText(self.tr("立即同步(&Y)"))
        self.sync_action.setToolTip(
            self.tr("与服务器同步 (F5)") if self.sync else self.tr("未连接服务器：用 --server 启动并登录后可同步")
        )
        titles = {
            self.today: self.tr("今日任务"),
            self.splitter: self.tr("检查对象"),
            self.conflicts: self.tr("同步冲突"),
            self.inbox: self.tr("被拒绝与冲突"),
        }
        if self._lead_pages_built:
            titles |= {
                self.plans_view: self.tr("检查计划"),
                self.board: self.tr("任务看板"),
                self.merge_view: self.tr("撮合"),
                self.progress_view: self.tr("进度与公示"),
                self.figures_view: self.tr("统计数据"),
            }
            if hasattr(self, "admin_pages"):
                titles[self.admin_pages] = self.tr("管理")
        for page, title in titles.items():
            index = self.pages.indexOf(page)
            self.pages.setTabText(index, title)
            self.pages.setTabToolTip(index, f"{title} (Ctrl+{index + 1})")
        self.profile_action.setText(self.tr("画像面板(&P)"))
        self.profile_action.setToolTip(self.tr("显示或隐藏检查对象画像 (F9)"))
        self.logout_action.setText(self.tr("退出登录(&O)"))
        self.logout_action.setToolTip(self.tr("待同步的修改和照片都上传后才能退出登录"))
        self.quit_action.setText(self.tr("退出(&Q)"))
        self.about_action.setText(self.tr("关于卫监外勤(&A)"))
        self.language_actions["zh"].setText("中文")  # each language is named in itself, never translated
        self.language_actions["en"].setText("English")
        self.search_field.setPlaceholderText(self.tr("搜索名称、地址或统一社会信用代码  (Ctrl+F)"))
        self.store_label.setText(self.tr("本地数据：%1").replace("%1", str(self.runner.store_path)))
        self.user_label.setText(self._user_text())
        self.model.retranslate()
        self._update_counts()

    def _read_user(self) -> None:
        """Who is signed in (their inspector record once synced, else the login's user name), read on the worker."""

        def read(store: Store) -> tuple[Inspector | None, str]:
            user_id = store.current_inspector_id()
            return (store.get(Inspector, user_id) if user_id else None), store.meta(USER_NAME) or ""

        self.runner.run(read, self._user_read, key="main-window-user")

    def _user_read(self, found: tuple[Inspector | None, str]) -> None:
        self._user, self._username = found
        self.today.set_inspector(self._user.id if self._user else None)
        self.profile.set_user(self._user, self._signal_client())
        self._build_role_pages()
        self.user_label.setText(self._user_text())

    def _signal_client(self) -> SignalClient | None:
        """An admin's client for filing grading signals from the profile (issue 16); None offline or for others."""
        connection, user = self._connection, self._user
        if connection is None or user is None or user.role != Role.ADMIN:
            return None
        return SignalClient(connection.server_url, connection.token)

    @Slot(object)
    def _records_changed(self, changes: Changes) -> None:
        """What a write or a pull changed: the signed-in user, the target list and the profile shown. The other
        pages listen for themselves."""
        people = changes.of("inspectors")
        user_changed = (self._user.id in people) if self._user else bool(people)
        if user_changed or changes.of(META) & {USER_INSPECTOR_ID, USER_NAME}:
            self._read_user()
        if "targets" in changes:
            self.model.invalidate()
            self.search.run_now(self._query)  # the chosen target stays chosen (_show_results finds it again)
        shown = self.profile.target_id
        if shown and (shown in changes.of("targets") or changes.touches("inspections", "item_results", "tasks")):
            self.profile.reload()
        if self._lead_pages_built:
            for name, entities in LEAD_PAGE_ENTITIES.items():
                if changes.touches(*entities):
                    getattr(self, name).reload()

    @Slot(str)
    def _op_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def _user_text(self) -> str:
        user = self._user
        if user is None:
            return self._username
        roles = {Role.TEAM_LEAD: self.tr("科室负责人"), Role.ADMIN: self.tr("管理员")}
        return " · ".join(part for part in (user.name, roles.get(user.role, self.tr("监督员")), user.team) if part)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, language: str) -> None:
        self._translations.install(language)
        self.language_actions[language].setChecked(True)
        QSettings().setValue("language", language)

    # --- the list -----------------------------------------------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    @Slot()
    def reload(self) -> None:
        """Re-read the list and the profile from the store (after another process or a sync changed it)."""
        self.model.invalidate()
        self.search.run_now(self._query)
        self.profile.reload()
        self.today.reload()
        self.conflicts.reload()
        if self._lead_pages_built:
            for page in (self.plans_view, self.board, self.merge_view, self.progress_view, self.figures_view):
                page.reload()

    @Slot(str)
    def _query_typed(self, text: str) -> None:
        self._query = text
        self.search.type_query(text)

    @Slot(str, list)
    def _show_results(self, query: str, ids: list) -> None:
        current = self.profile.target_id
        self.model.set_ids(ids)
        self._settled_query = query
        self._update_counts()
        row = self.model.row_of(current) if current else None
        if row is not None:
            self._select_row(row)
        else:
            self.profile.show_target(None)

    @Slot(str)
    def _search_failed(self, message: str) -> None:
        self.statusBar().showMessage(self.tr("搜索失败：%1").replace("%1", message), 10_000)

    def _update_counts(self) -> None:
        rows = self.model.rowCount()
        count = QLocale().toString(rows)
        searching = bool((self._settled_query or "").strip())
        if searching:
            self.result_label.setText(self.tr("找到 %1 个").replace("%1", count))
        else:
            self.result_label.setText("")
        self.count_label.setText(self.tr("共 %1 个检查对象").replace("%1", count))
        if rows:
            self.list_stack.setCurrentWidget(self.table)
        elif self._settled_query is None:
            self.empty_label.setText(self.tr("正在载入…"))
            self.list_stack.setCurrentWidget(self.empty_label)
        else:
            self.empty_label.setText(
                self.tr("没有匹配的检查对象\n换个关键词试试：名称、地址或信用代码的一部分")
                if searching
                else self.tr("本地数据中还没有检查对象\n连接服务器同步后即可查看")
            )
            self.list_stack.setCurrentWidget(self.empty_label)

    @Slot()
    def _enter_list(self) -> None:
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid():
                self._select_row(0)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, Column.NAME)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    @Slot(QModelIndex, QModelIndex)
    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.profile.show_target(self.model.target_id(current.row()) if current.isValid() else None)

    @Slot(bool)
    def _set_profile_visible(self, visible: bool) -> None:
        self.profile.setVisible(visible)

    # --- sync ---------------------------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        if self.sync is not None:
            self.sync.request()

    @Slot()
    def log_out(self) -> None:
        """Asks the worker (it needs the server); refused in words while anything is unsent."""
        if self.sync is not None:
            self.sync.log_out()

    @Slot(object)
    def _logout_refused(self, refusal: UnsentWorkError) -> None:
        """Only parked work left: offer to export it to a folder (the export and the logout run on the worker)."""
        if self.sync is None or not export_would_end_it(refusal):
            return
        self.parked_export = ParkedExportDialog(refusal, Path.home() / "卫监外勤-被拒绝的内容", self)
        self.parked_export.chosen.connect(lambda folder: self.sync and self.sync.log_out(folder))
        self.parked_export.open()

    @Slot()
    def _auth_failed(self) -> None:
        """The server refused the token: forget it and stop; the next start shows the login dialog."""
        if self._connection is not None:
            self._connection.forget_token()
        self._stop_syncing(self.tr("登录已失效，本机数据仍可查看；请重新启动并登录后再同步。"))

    @Slot()
    def _logged_out(self) -> None:
        self._stop_syncing(self.tr("已退出登录。重新启动并登录后可再同步。"))

    def _stop_syncing(self, message: str) -> None:
        """No more token: stop the sync thread; the local data stays readable offline."""
        if self.sync is not None:
            self.sync.stop()
            self.sync = None
        self.sync_action.setEnabled(False)
        self.logout_action.setEnabled(False)
        self.sync_status.hide()
        self.retranslate()
        self.statusBar().showMessage(message, 60_000)

    @Slot(list)
    def edit_task_checklists(self) -> TaskChecklistsDialog | None:
        """The checklists of the one task selected on the board (app/ui/tasks/checklists_dialog.py)."""
        if len(self.board.selected) != 1:
            self.statusBar().showMessage(self.tr("请先在任务看板上选中一项任务"), 5000)
            return None
        dialog = TaskChecklistsDialog(self.runner, next(iter(self.board.selected)), self)
        dialog.saved.connect(lambda _task: self.board.reload())
        dialog.open()
        return dialog

    def request_codes(self, task_ids: list) -> None:
        if self.sync is None:
            self.statusBar().showMessage(self.tr("未连接服务器，无法申请检查码"), 10_000)
            return
        self.sync.request_codes(task_ids)

    @Slot(list)
    def _codes_answered(self, answers: list[CodeAnswer]) -> None:
        issued = [a.code.short_code for a in answers if a.code]
        refused = [a.refusal for a in answers if a.refusal]
        parts = [self.tr("已取得检查码：%1").replace("%1", "、".join(issued))] if issued else []
        parts += [self.tr("申请被拒绝：%1").replace("%1", text) for text in refused]
        self.statusBar().showMessage("；".join(parts), 30_000)

    # --- window -------------------------------------------------------------------------------------------------

    @Slot()
    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于卫监外勤"),
            self.tr("卫监外勤 %1\n\n卫生监督外勤检查的离线优先桌面客户端。").replace("%1", __version__),
        )

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = settings.value("main_window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([760, 520])
        visible = settings.value("main_window/profile_visible", True, type=bool)
        self.profile_action.setChecked(visible)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/splitter", self.splitter.saveState())
        settings.setValue("main_window/profile_visible", self.profile_action.isChecked())
        self.search.shutdown()
        self.today.shutdown()
        if self.sync is not None:
            self.sync.stop()
        super().closeEvent(event)

    @property
    def threads_running(self) -> bool:
        """Whether any worker thread of this window (its pages' readers, the search, the sync) still runs."""
        return any(thread.isRunning() for thread in self.findChildren(QThread)) or bool(self.sync and self.sync.running)
