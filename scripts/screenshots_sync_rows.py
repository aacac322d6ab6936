"""Screenshots of the per-record sync states on checklist rows and signatures (issue 12): docs/checklist-sync.png (the
inspection window's checklist, each answered item's result with its state icon: received, only here, refused, in
conflict) and docs/signatures-sync.png (the evidence panel's signatures: one checked by the server, one whose file
went out whole but is not yet confirmed, one still only on this laptop), with the visit's roll-up.

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshots_sync_rows.py [--lang en]
No server: the server's answers are applied to the store as the sync engine applies them.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw
from shots import ROOT, save_png

sys.path.insert(0, str(ROOT))

from app.models import ItemResult, Signature, SignerRole
from app.models.wire import MutationResult
from app.onsite import inspection as onsite
from app.onsite.evidence import import_photo
from app.onsite.signatures import Signer, sign, signers_of
from app.store import Store
from app.ui.application import create_application
from app.ui.i18n import Translations
from app.ui.onsite.inspection_window import open_window
from app.ui.qt import QWidget
from app.ui.runner import Runner
from tests.onsite.evidence_helpers import jpeg
from tests.onsite.world import site_world


def _png(peak: int) -> bytes:
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(10, 80), (120, peak), (290, 60)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _visit(path: Path) -> str:
    """A visit whose records are in every state; returns its code id."""
    store = Store.open(path)
    world = site_world(store)
    code = world.code_for(world.task)
    inspection = onsite.start(store, code.id)
    items = [item for section in onsite.checklist(store, code) for item in section.items]
    results = [
        onsite.answer(store, inspection, item.id, "non_compliant" if n == 2 else "compliant")
        for n, item in enumerate(items[:5])
    ]
    photo = import_photo(store, inspection, jpeg(path.parent / "IMG_0001.JPG", color=(70, 130, 180)), items[2].id)
    first, second, _party = signers_of(store, inspection)
    signed = [
        sign(store, inspection, first, _png(20)),
        sign(store, inspection, second, _png(40)),
        sign(store, inspection, Signer(SignerRole.PARTY, "王经理"), _png(30)),
    ]
    batch = store.outbox_batch(200)
    local = {results[3].id, signed[2].id}  # made after the last sync: only here
    refused, disputed = results[4].id, results[2].id
    answers = []
    for m in batch:
        if m.id in local:
            continue
        if m.id == refused:
            store.park_mutation(m, "forbidden: 无权修改此记录 / you may not write this record")
        elif m.id == disputed:
            theirs = results[2].model_copy(update={"result": "compliant", "version": 2}).model_dump(mode="json")
            answers.append((m, MutationResult(mutation_id=m.mutation_id, status="conflict", record=theirs,
                                              conflict_fields=["result"])))  # fmt: skip
        else:
            answers.append((m, MutationResult(mutation_id=m.mutation_id, status="accepted", version=1)))
    store.apply_push_answers([m for m, _ in answers], [a for _, a in answers])
    store.upload_done(signed[0].sha256)  # checked by the server
    store.upload_done(photo.sha256)
    store.upload_progress(signed[1].sha256, store.blobs.size(signed[1].sha256))  # every byte out, check unconfirmed
    states = store.sync_states(ItemResult, [r.id for r in results])
    print("results:", [states[r.id] for r in results])
    print("signatures:", [store.sync_state(Signature, s.id) for s in signed])
    store.close()
    return code.id


def _until(app: object, done: object) -> None:
    deadline = time.monotonic() + 30
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("the window did not fill within 30 s")
        app.processEvents()


def _settle(app: object, seconds: float = 0.5) -> None:
    """Let posted layout requests run before a grab (a label's new width is laid out on the next turn)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def _thumbnail_shown(panel: object) -> bool:
    if panel.list.count() == 0:
        return False
    image = panel.list.item(0).icon().pixmap(160, 160).toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).name() != "#c0c0c0"  # not the placeholder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    app = create_application([])
    Translations(app).install(args.lang)
    suffix = "" if args.lang == "zh" else f"-{args.lang}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "visit" / "store.sqlite3"
        code_id = _visit(path)
        runner = Runner(path)
        opened: list[QWidget] = []
        open_window(runner, code_id, opened.append)
        _until(app, lambda: bool(opened))
        window = opened[0]
        window.resize(1440, 760)
        window.show()
        _until(app, lambda: len(window.model.states) == 5 and window.sync_rollup.text() != "")
        window.view.setCurrentIndex(window.model.index(window.model.row_of(window.model.items[6].id), 0))
        _settle(app)
        save_png(window, ROOT / "docs" / f"checklist-sync{suffix}.png")
        window.tabs.setCurrentWidget(window.evidence)
        _until(app, lambda: window.evidence.signatures.count() == 3 and _thumbnail_shown(window.evidence))
        _settle(app)
        save_png(window.evidence, ROOT / "docs" / f"signatures-sync{suffix}.png")
        window.close()
        runner.close()


if __name__ == "__main__":
    main()
