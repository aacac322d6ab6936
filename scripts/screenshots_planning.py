"""Screenshots of the assignment board, the progress view and the draw's seed commitment on demo data:
docs/board.png, docs/progress.png, docs/seed-dialog.png (the plan's seed hash filed before its draw).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots_planning.py
It works in a temporary folder with a fresh demo store; nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shots import ROOT, save_png

import demo
from app import planning
from app.models.domain import InspectionCode, Inspector, Plan, Task
from app.store import Store
from app.ui.application import create_application
from app.ui.planning.board import AssignmentBoard
from app.ui.planning.progress_view import ProgressView
from app.ui.planning.seed_dialog import SeedDialog
from app.ui.qt import QApplication
from app.ui.runner import Runner

SIZE = (1400, 860)


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


def _seed_dialog(app: QApplication, store: Store, runner: Runner, lead: Inspector) -> SeedDialog:
    """The seed dialog of the team's newest district plan, its hash just filed on this laptop (not yet drawn)."""
    plan = max(store.find(Plan, team=lead.team, category="district_random"), key=lambda p: p.year)
    planning.commit_seed(store, plan.id)
    dialog = SeedDialog(runner, plan.id)
    while dialog.state is None:  # the plan is read on the runner's worker
        app.processEvents()
    return dialog


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=900)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-planning-shots-"))
    app = create_application(sys.argv)
    with Store.open(work / "store.sqlite3") as store:
        store.save_many(demo.generate(targets=args.targets, seed=1).all_records(), synced=True)
        lead = store.find(Inspector, username="lead.public")[0]
        runner = Runner(store.path)
        board = AssignmentBoard(runner, lead)
        while board.loading:  # read on the runner's worker
            app.processEvents()
        first_row = next(tasks for (row, _), tasks in board.placed.items() if row and len(tasks) >= 3)
        store.save_many([_issued_code(first_row[2])], synced=True)  # one task whose code has come back
        board.reload()
        while board.loading:
            app.processEvents()
        for task in first_row[:2]:  # two cards picked for a code request, as a lead would
            board.toggle_selected(task.id)
        progress = ProgressView(runner, lead)
        progress.set_year(None)  # the demo's finished work is last year's, its open work this year's: show both
        progress.tabs.setCurrentIndex(0)
        while progress.loading:  # the report is worked out on the runner's worker
            app.processEvents()
        for view, name in ((board, "board.png"), (progress, "progress.png")):
            view.resize(*SIZE)
            view.show()
            app.processEvents()
            save_png(view, args.docs / name)
            view.close()
        seed = _seed_dialog(app, store, runner, lead)
        seed.show()
        app.processEvents()
        save_png(seed, args.docs / "seed-dialog.png")
        seed.close()
        runner.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
