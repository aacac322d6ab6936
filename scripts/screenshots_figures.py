"""Screenshots of the figures page (统计数据) on the crafted data set of its tests: docs/figures.png (Chinese) and
docs/figures-en.png (English).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots_figures.py
It works in a temporary folder with a fresh store; nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from shots import ROOT, save_png

sys.path.insert(0, str(ROOT))  # the crafted data set lives with the tests

from app.store import Store
from app.ui.application import create_application
from app.ui.figures_view import FiguresView
from app.ui.i18n import Translations
from app.ui.runner import Runner
from tests.reports.crafted import END, START, crafted_records

SIZE = (1280, 760)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-figures-shots-"))
    app = create_application(sys.argv)
    translations = Translations(app)
    with Store.open(work / "store.sqlite3") as store:
        store.save_many(crafted_records(), synced=True)
    runner = Runner(store.path)
    for language, name in (("zh", "figures.png"), ("en", "figures-en.png")):
        translations.install(language)
        view = FiguresView(runner, today=END)
        view.set_period(START, END)
        while view.loading:  # counted on the runner's worker
            app.processEvents()
        view.resize(*SIZE)
        view.show()
        app.processEvents()
        save_png(view, args.docs / name)
        view.close()
    translations.install("zh")
    runner.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
