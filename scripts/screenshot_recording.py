"""Screenshots of body-camera videos (执法记录仪) on site, on demo data: docs/recording-tab.png (the inspection window's
执法记录仪 tab with two videos of the visit) and docs/recording-dialog.png (a third one being added: its time range,
camera and caption).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshot_recording.py
It works in a temporary folder with a fresh demo store (as scripts/screenshots_onsite.py); nothing of the user's is
touched. The videos are records only (no file is copied): the lines show what an import records.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from screenshots_onsite import _day, _inspect, _shoot
from shots import ROOT, save_png

import demo
from app.models import Inspection, Inspector
from app.models.domain import Recording
from app.onsite import inspection as onsite
from app.onsite.recordings import CheckedVideo
from app.store import Store
from app.store.db import USER_INSPECTOR_ID
from app.sync.auth import SERVER_URL
from app.ui.application import create_application
from app.ui.onsite.inspection_window import InspectionWindow, open_window
from app.ui.onsite.recording_panel import RecordingDialog
from app.ui.runner import Runner


def _videos(store: Store, inspection: Inspection, me: Inspector) -> None:
    start = inspection.started_at - timedelta(minutes=3)
    takes = [
        ("DSJ0451_20261128_0931.MP4", start, 27, 1_874_200_576),
        ("DSJ0451_20261128_0958.MP4", start, 9, 631_439_104),
    ]
    records = []
    for n, (name, began, minutes, size) in enumerate(takes):
        began = began + timedelta(minutes=27 * n)
        records.append(
            Recording(
                inspection_id=inspection.id,
                sha256=hashlib.sha256(name.encode()).hexdigest(),
                size=size,
                started_at=began,
                ended_at=began + timedelta(minutes=minutes),
                camera="DSJ-0451",
                caption=name,
                imported_by=me.id,
            )
        )
    store.save_many(records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=300)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-recording-shots-"))
    app = create_application(sys.argv)
    with Store.open(work / "store.sqlite3") as store:
        store.save_many(demo.generate(targets=args.targets, seed=1).all_records(), synced=True)
        me = store.find(Inspector, username="zhang.wei")[0]
        store.set_meta(USER_INSPECTOR_ID, me.id)
        store.set_meta(SERVER_URL, "https://jiancha.example.gov.cn")
        _task, code = _day(store, me)
        _inspect(store, code)
        inspection = onsite.inspection_under(store, code.id)
        _videos(store, inspection, me)

        runner = Runner(store.path)
        opened: list[InspectionWindow] = []
        open_window(runner, code.id, opened.append)
        while not opened:
            app.processEvents()
        window = opened[0]
        window.tabs.setCurrentWidget(window.recordings)
        panel = window.recordings
        _shoot(app, window, (1500, 900), lambda: panel.list.count() == 2, args.docs / "recording-tab.png")

        modified = datetime.now(UTC) - timedelta(minutes=1)
        video = CheckedVideo(
            Path("DSJ0451_20261128_1012.MP4"), 412_090_368, "video/mp4", modified, timedelta(minutes=6)
        )
        dialog = RecordingDialog(inspection, video, (modified - timedelta(minutes=6), modified))
        dialog.camera.setText("DSJ-0451")
        dialog.resize(520, 260)
        dialog.show()
        for _ in range(10):
            app.processEvents()
        save_png(dialog, args.docs / "recording-dialog.png")
        dialog.close()
        runner.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
