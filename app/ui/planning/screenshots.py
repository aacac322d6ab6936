"""Screenshots of the assignment board and the progress view on demo data: docs/board.png, docs/progress.png.

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python -m app.ui.planning.screenshots
It works in a temporary folder with a fresh demo store; nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from app import demo
from app.models.domain import InspectionCode, Inspector, Task
from app.store import Store
from app.ui.application import create_application
from app.ui.planning.board import AssignmentBoard
from app.ui.planning.progress_view import ProgressView
from app.ui.qt import QWidget

ROOT = Path(__file__).resolve().parents[3]
SIZE = (1400, 860)


def _save(widget: QWidget, path: Path) -> None:
    """Grab, then a 256-colour palette: flat UI colours and text survive it, at a third of the bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    palette.save(path, optimize=True)
    print(f"saved {path} ({path.stat().st_size // 1024} KB)")


def _issued_code(task: Task) -> InspectionCode:
    """A stand-in for a code the server issued (unsigned: only its short code is shown here)."""
    now = datetime.now(UTC)
    return InspectionCode(
        short_code="K7Q2M9",
        target_id=task.target_id,
        target_credit_code="91110000600037341L",
        task_ids=[task.id],
        inspector_ids=task.inspector_ids,
        valid_from=now,
        valid_until=now + timedelta(days=2),
        issuer="长宁区卫生健康委员会",
        key_id="demo",
        signature="",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=900)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-planning-shots-"))
    app = create_application(sys.argv)
    with Store.open(work / "store.sqlite3") as store:
        store.save_many(demo.generate(targets=args.targets, seed=1).all_records(), synced=True)
        lead = store.list(Inspector, "username = ?", ["lead.public"])[0]
        board = AssignmentBoard(store, lead)
        first_row = next(tasks for (row, _), tasks in board.placed.items() if row and len(tasks) >= 3)
        store.save_many([_issued_code(first_row[2])], synced=True)  # one task whose code has come back
        board.reload()
        for task in first_row[:2]:  # two cards picked for a code request, as a lead would
            board.toggle_selected(task.id)
        progress = ProgressView(store, lead)
        progress.set_year(None)  # the demo's finished work is last year's, its open work this year's: show both
        progress.tabs.setCurrentIndex(0)
        for view, name in ((board, "board.png"), (progress, "progress.png")):
            view.resize(*SIZE)
            view.show()
            app.processEvents()
            _save(view, args.docs / name)
            view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
