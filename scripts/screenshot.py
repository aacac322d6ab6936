"""Screenshot of the main window for the README: docs/main-window.png (other paths and languages by option).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshot.py [--lang en] [--out PATH]
        a fresh local demo store, offline;
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshot.py --server http://127.0.0.1:8765
        signed in at a demo server (`scripts/dev.py run` starts one) as the demo inspector, after the first sync.
It works in a temporary folder: its own store, token file and QSettings, nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from shots import ROOT, save_png

import demo
from app.models import Inspection, ItemResult, ResultValue, Task
from app.planning import targets_by_id
from app.store import Store
from app.sync import auth
from app.ui.application import create_application
from app.ui.connection import Connection
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.qt import QSettings, QTimer
from app.ui.runner import Runner


def _pick_target(store: Store) -> str | None:
    """A target with past inspections that found something, and tasks: the profile then shows every section."""
    found = {r.inspection_id for r in store.list(ItemResult) if r.result == ResultValue.NON_COMPLIANT}
    inspected = {i.target_id for i in store.list(Inspection) if i.id in found}
    tasked = {t.target_id for t in store.list(Task)}
    licensed = [t for t in targets_by_id(store, inspected & tasked).values() if t.licences]
    return min(licensed, key=lambda t: t.name).id if licensed else None


def _sign_in(server: str, username: str, store_path: Path) -> Connection:
    """The demo inspector's login, as the login dialog does it (keys pinned, identity kept, token in a file)."""
    with Store.open(store_path) as store:
        session = auth.login(store, auth.TokenVault(store_path.parent, None), server, username, demo.DEMO_PASSWORD)
    return Connection(server, username, session.token, store_path)


def _shoot(window: MainWindow, store: Store, out: Path) -> None:
    """Select a telling target, let the profile paint, save the window and close it."""
    window.pages.setCurrentWidget(window.splitter)
    target_id = _pick_target(store)
    row = window.model.row_of(target_id) if target_id else None
    window.table.selectRow(row or 0)
    window.table.scrollTo(window.model.index(row or 0, 0))

    def save() -> None:
        save_png(window, out)
        window.close()

    QTimer.singleShot(400, save)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--targets", type=int, default=600, help="demo targets of the offline store")
    parser.add_argument("--server", metavar="URL", help="sign in here as --user and shoot after the first sync")
    parser.add_argument("--user", default=demo.DEFAULT_USER)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "main-window.png")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-screenshot-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    store_path = work / args.user / "store.sqlite3"
    connection = _sign_in(args.server, args.user, store_path) if args.server else None
    if connection is None:
        with Store.open(store_path) as store:
            store.save_many(demo.generate(targets=args.targets, seed=1).all_records(), synced=True)

    app = create_application(sys.argv)
    translations = Translations(app)
    translations.install(args.lang)
    runner = Runner(store_path)
    with Store.open(store_path) as store:  # the script's own reads (which target to show), beside the runner's
        window = MainWindow(runner, translations, connection)
        window.resize(1360, 820)
        window.show()
        if connection is None:
            window.search.results.connect(lambda *_: QTimer.singleShot(200, lambda: _shoot(window, store, args.out)))
        else:  # the list reloads after the sync brought the records: shoot once that answer is in
            window.sync.worker.finished.connect(
                lambda *_: window.search.results.connect(
                    lambda *_: QTimer.singleShot(300, lambda: _shoot(window, store, args.out))
                )
            )
            window.sync.worker.error.connect(lambda message: print(f"sync failed: {message}", file=sys.stderr))
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
