"""`field-inspector self-check`: what a freshly built bundle must be able to do, run by the bundle itself.

It opens the main window on a store (filled by `python -m demo store`), waits until the targets page has drawn its rows,
renders a one-page form in the documents' layout with the CJK font the bundle carries, and exits 0 with one JSON line
on stdout naming what it used, or 1 with the reason. tests/bundle/test_bundle.py builds the bundle with PyInstaller
and runs this in CI.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app import __version__
from app.documents.fonts import cjk_fonts
from app.documents.layout import OfficialPdf
from app.models import Target
from app.resources import resource_dir
from app.store import Store
from app.ui.application import create_application
from app.ui.i18n import Translations
from app.ui.main_window import MainWindow
from app.ui.qt import QTimer
from app.ui.runner import Runner

FIRST_PAINT_MS = 30_000  # a bound on the wait, not a goal: the Today page answers in well under a second


def run_self_check(store_path: Path, pdf_path: Path) -> int:
    app = create_application(sys.argv)
    translations = Translations(app)
    translations.install("zh")
    runner = Runner(store_path)
    window = MainWindow(runner, translations)
    window.show()
    outcome: dict[str, object] = {}

    def finish(result: dict[str, object]) -> None:
        outcome.update(result)
        app.quit()

    def check() -> None:
        rows = window.model.rowCount()
        if rows == 0 or outcome or runner.busy("self-check"):
            return  # the targets page has not drawn its rows yet, or the document is being made
        poll.stop()
        runner.run(
            lambda store: _render(store, pdf_path, rows),
            finish,
            lambda error: finish({"error": str(error)}),
            key="self-check",
        )

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(50)
    QTimer.singleShot(FIRST_PAINT_MS, lambda: finish({"error": "the main window drew no target in time"}))
    try:
        app.exec()
    finally:
        poll.stop()
        window.close()
        runner.close()
    print(json.dumps(outcome, ensure_ascii=False), flush=True)
    return 1 if "error" in outcome else 0


def _render(store: Store, pdf_path: Path, rows: int) -> dict[str, object]:
    """On the database worker: a one-page form about a stored target in the documents' layout, written to
    `pdf_path`, and the font that made it."""
    target = store.list(Target)[0]
    pdf = OfficialPdf("自检", "卫监外勤", __version__)
    pdf.fields([("检查对象", target.name), ("地址", target.address)])
    data = bytes(pdf.output())
    pdf_path.write_bytes(data)
    font = cjk_fonts().regular.path
    return {
        "version": __version__,
        "target_rows": rows,
        "pdf_bytes": len(data),
        "font": str(font),
        "font_bundled": font.resolve().is_relative_to(resource_dir().resolve()),
    }
