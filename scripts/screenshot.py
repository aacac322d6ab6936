"""Screenshot of the main window on demo data, for the README: docs/main-window.png (and others by option).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshot.py [--lang en] [--out PATH]
It works in a temporary folder: a fresh demo store and its own QSettings, nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image

from app import demo
from app.store import Store
from app.ui.application import create_application
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.qt import QSettings, QTimer

ROOT = Path(__file__).resolve().parent.parent


def _pick_target(store: Store) -> str:
    """A target with past inspections that found something, and tasks: the profile then shows every section."""
    sql = (
        "SELECT i.target_id FROM inspections i JOIN item_results r ON r.inspection_id = i.id"
        " JOIN tasks t ON t.target_id = i.target_id JOIN targets g ON g.id = i.target_id"
        " WHERE r.result = 'non_compliant' AND g.licences != '[]' ORDER BY g.name LIMIT 1"
    )
    return next(iter(store.db.execute(sql)))[0]


def _shrink(path: Path) -> None:
    """A 256-colour palette: a third of the bytes, and flat UI colours and text survive it unchanged to the eye."""
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    palette.save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--targets", type=int, default=600)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "main-window.png")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-screenshot-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    demo.cli(["--targets", str(args.targets), "--store", str(work / "store.sqlite3")])

    app = create_application(sys.argv)
    translations = Translations(app)
    translations.install(args.lang)
    with Store.open(work / "store.sqlite3") as store:
        window = MainWindow(store, translations)
        window.resize(1360, 820)
        window.show()
        target_id = _pick_target(store)

        def shoot() -> None:
            row = window.model.row_of(target_id)
            window.table.selectRow(row)
            window.table.scrollTo(window.model.index(row, 0))
            QTimer.singleShot(300, save)  # let the profile lay out and paint

        def save() -> None:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(args.out)):
                raise SystemExit(f"could not write {args.out}")
            _shrink(args.out)
            print(f"saved {args.out} ({args.out.stat().st_size // 1024} KB)")
            window.close()

        window.search.results.connect(lambda *_: QTimer.singleShot(200, shoot))
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
