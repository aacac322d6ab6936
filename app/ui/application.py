"""Starting the desktop app: the QApplication, its look, the language, and the main window on a store."""

from __future__ import annotations

import sys
from pathlib import Path

from app.store import Store, default_store_path
from app.sync import auth
from app.ui import plain_text
from app.ui.collector import Collector
from app.ui.connection import sign_in
from app.ui.i18n import DEFAULT_LANGUAGE, Translations
from app.ui.main_window import MainWindow
from app.ui.qt import QApplication, QCoreApplication, QFont, QSettings
from app.ui.resources import icon
from app.ui.runner import Runner, all_idle

ORGANIZATION = "FieldInspector"
APPLICATION = "FieldInspector"

STYLE_SHEET = """
QToolBar { border: none; spacing: 6px; padding: 4px 8px; }
QLineEdit#search-field { padding: 6px 8px; border: 1px solid #b0bec5; border-radius: 6px; background: white; }
QLineEdit#search-field:focus { border: 1px solid #1e88e5; }
QLabel#result-count { color: #607d8b; }
QLabel#empty-list, QLabel#profile-placeholder { color: #78909c; font-size: 11pt; }
QTableView#target-table { border: 1px solid #cfd8dc; border-radius: 4px; background: white;
    alternate-background-color: #f5f8fa; selection-background-color: #d6e8fb; selection-color: #102027; }
QTableView#target-table::item { padding: 0 6px; }
QHeaderView::section { background: #eceff1; color: #37474f; border: none; border-bottom: 1px solid #cfd8dc;
    padding: 5px 6px; font-weight: 600; }
QWidget#profile-page { background: white; }
QLabel#section-title { font-weight: 600; color: #263238; border-bottom: 1px solid #e0e6ea; padding-bottom: 3px; }
QLabel#field-caption { color: #607d8b; }
QLabel#dnd-chip { background: #e0f2f1; color: #00695c; border-radius: 10px; padding: 2px 10px; }
QLabel#industry-chip { background: #eceff1; color: #37474f; border-radius: 10px; padding: 2px 10px; }
QStatusBar QLabel { color: #546e7a; padding: 0 6px; }
"""


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with our names (QSettings finds its file by them), the Fusion style and a CJK-ready font."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance() or QApplication(argv)
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET)
    plain_text.install(app)  # user data in labels and tooltips shown as written, never as markup
    app.setWindowIcon(icon("app"))
    font = QFont(app.font())
    # Noto Sans CJK first where installed; Qt falls back per glyph to what the system has.
    font.setFamilies(["Noto Sans CJK SC", "Microsoft YaHei UI", "PingFang SC", *font.families()])
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    return app


def run(store_path: Path | None, username: str, language: str | None, server: str | None, demo: bool = False) -> int:
    """Open the main window and run the event loop until it closes.

    With `server`: sign in first (the stored token, else the login dialog; filled in and sent at once with `demo`),
    then the window syncs in the background. Without: the window opens offline on the local store.
    `store_path` None means the user's default store. Returns 1 when the login is cancelled.
    """
    app = create_application(sys.argv)
    translations = Translations(app)
    translations.install(language or str(QSettings().value("language", DEFAULT_LANGUAGE)))
    connection = None
    runner = Runner()  # its network worker signs in; its database worker gets the user's store after
    collector = Collector(all_idle, app)  # garbage collected on this thread, between the workers' jobs
    try:
        if server:
            connection = sign_in(runner, server, username, store_path, demo=demo)
            if connection is None:
                return 1
            store_path = connection.store_path
        path = store_path or default_store_path(username)
        auth.unlock(auth.TokenVault.detect(path.parent), username, None)  # offline: the keyring's key (if any)
        Store.open(path).close()  # created or upgraded now, and a file from a newer app refused before any window
        runner.use_store(path)
        window = MainWindow(runner, translations, connection)
        window.show()
        try:
            return app.exec()
        finally:
            window.close()  # joins the sync thread (again, if the window closed itself) before Qt ends
    finally:
        runner.close()  # the queued writes first, then the store closes on its own thread
        collector.stop()
