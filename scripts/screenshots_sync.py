"""Screenshots of what sync tells a person (issue 12): docs/sync-states.png (the per-record states with their icons
and tooltips, and a real visit's roll-up) docs/conflict-inbox.png (an inspector's refused work in words; a lead's
team inbox with a conflict between two inspectors' values) and docs/inspection-sync.png (a visit's photos with their
states in the thumbnails' corners and the visit's roll-up).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots_sync.py [--lang en]
It starts a real server in a temporary folder (tests/helpers/live_server.py) with laptops of zhang, li and the lead.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from shots import ROOT, save_png

sys.path.insert(0, str(ROOT))

from app.models import Evidence, Inspection, Target
from app.onsite import inspection as onsite
from app.onsite.evidence import import_photo
from app.store import Store
from app.sync.engine import Summary
from app.sync.http import SyncClient
from app.ui.application import create_application
from app.ui.conflict_inbox import ConflictInbox
from app.ui.i18n import Translations
from app.ui.onsite.inspection_window import open_window
from app.ui.qt import QLabel, QListWidget, QListWidgetItem, QSize, QVBoxLayout, QWidget
from app.ui.runner import Runner
from app.ui.sync_badge import rollup_text, state_icon, state_tooltip
from tests.browser.site import seed
from tests.helpers.devices import enrol, new_target
from tests.helpers.live_server import LiveServer
from tests.helpers.runner import call
from tests.onsite.evidence_helpers import jpeg
from tests.onsite.world import site_world

STATES = ("local", "sending", "sent", "verified", "error", "conflict", "blob_pending")


def _world(folder: Path, server: LiveServer) -> tuple[Path, Path, str, SyncClient]:
    """zhang's laptop with a visit (one photo sent, one on its way) and a refused change; li's conflicting address;
    the lead's store. Returns (zhang's store, lead's store, the visit's inspection id, the lead's client)."""
    _done, code = seed(server)
    lead = enrol(server.url, folder / "lead", "lead")
    target = lead.store.save(new_target("上海长宁华阳宾馆有限公司"))
    lead.engine.sync()
    zhang, li = (enrol(server.url, folder / u, u) for u in ("zhang", "li"))
    for device, address in ((zhang, "长宁路1018号"), (li, "长宁路1018号B座")):
        device.engine.sync()
        device.store.save(device.store.get(Target, target.id).model_copy(update={"address": address}))
    zhang.engine.sync()
    li.engine.sync()
    visit = zhang.store.save(
        Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )
    for n in range(2):
        sha = zhang.store.blobs.put_bytes(os.urandom(2000 + n))
        photo = Evidence(inspection_id=visit.id, code_id=code.id, sha256=sha, size=2000 + n, taken_at=datetime.now(UTC))
        zhang.store.save(photo)
        if n == 0:
            zhang.engine.sync()
    zhang.store.save(new_target("监督员新建的对象"))  # refused: only leads create targets
    zhang.engine.push(Summary())
    paths = zhang.store.path, lead.store.path
    for device in (zhang, li):
        device.close()
    lead.store.close()
    return paths[0], paths[1], visit.id, lead.client


TITLES = {
    "zh": ("每条记录的同步状态（图标与提示）", "本次检查的汇总"),
    "en": ("Each record's sync state (icon and tooltip)", "This visit's roll-up"),
}


def _until(app: object, done: object) -> None:
    deadline = time.monotonic() + 30
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("the page did not fill within 30 s")
        app.processEvents()


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _states_page(runner: Runner, inspection_id: str, lang: str) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    legend = QListWidget()
    legend.setIconSize(QSize(20, 20))
    for state in STATES:
        legend.addItem(QListWidgetItem(state_icon(state), state_tooltip(state)))
    rollup = QLabel()
    rollup.setText(rollup_text(call(runner, lambda store: store.visit_rollup(inspection_id))))
    layout.addWidget(_bold(TITLES[lang][0]))
    layout.addWidget(legend)
    layout.addWidget(_bold(TITLES[lang][1]))
    layout.addWidget(rollup)
    page.resize(640, 330)
    return page


def _visit_window(app: object, folder: Path, lang: str) -> None:
    """An inspection window on a visit of the on-site test world: one photo only here, one refused by the server
    (parked as a refusal parks it): the icons in the thumbnails' corners and the roll-up beside the progress."""
    store = Store.open(folder / "visit" / "store.sqlite3")
    world = site_world(store)
    code = world.code_for(world.task)
    inspection = onsite.start(store, code.id)
    import_photo(store, inspection, jpeg(folder / "IMG_0001.JPG", color=(70, 130, 180)))
    refused = import_photo(store, inspection, jpeg(folder / "IMG_0002.JPG", color=(200, 120, 60)))
    [mutation] = [m for m in store.outbox_batch(50) if m.id == refused.id]
    store.park_mutation(mutation, "forbidden: 无权修改此记录 / you may not write this record")
    store.close()
    runner = Runner(folder / "visit" / "store.sqlite3")
    opened: list[QWidget] = []
    open_window(runner, code.id, opened.append)
    _until(app, lambda: bool(opened))
    window = opened[0]
    window.tabs.setCurrentWidget(window.evidence)
    window.show()
    thumbs: list[str] = []
    window.evidence.thumbnail_ready.connect(thumbs.append)
    _until(app, lambda: len(thumbs) == 2 and window.sync_rollup.text() != "")
    suffix = "" if lang == "zh" else f"-{lang}"
    save_png(window, ROOT / "docs" / f"inspection-sync{suffix}.png")
    window.close()
    runner.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    app = create_application([])
    Translations(app).install(args.lang)
    suffix = "" if args.lang == "zh" else f"-{args.lang}"
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp) / "server")
        server.seed_users()
        server.start()
        try:
            zhang_path, lead_path, visit, lead_client = _world(Path(tmp), server)
            runner = Runner(zhang_path)
            states = _states_page(runner, visit, args.lang)
            states.show()
            save_png(states, ROOT / "docs" / f"sync-states{suffix}.png")
            mine = ConflictInbox(runner, None)
            mine.resize(760, 260)
            mine.show()
            _until(app, lambda: mine.parked.count() > 0)
            save_png(mine, ROOT / "docs" / f"parked{suffix}.png")
            runner.close()
            runner = Runner(lead_path)
            inbox = ConflictInbox(runner, lead_client)
            inbox.resize(900, 420)
            inbox.show()
            _until(app, lambda: inbox.inbox.count() > 0)
            save_png(inbox, ROOT / "docs" / f"conflict-inbox{suffix}.png")
            runner.close()
            _visit_window(app, Path(tmp), args.lang)
        finally:
            server.kill()


if __name__ == "__main__":
    main()
