"""Per-record sync state in words and icons, and one sentence per visit (issue 12)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from app.models import Evidence, Inspection, SignerRole
from app.models.wire import MutationResult
from app.onsite import inspection as onsite
from app.onsite.evidence import import_photo
from app.onsite.signatures import Signer, sign, signers_of
from app.store import Store
from app.ui.onsite.checklist_view import RESULT
from app.ui.onsite.evidence_panel import EvidencePanel
from app.ui.onsite.inspection_window import InspectionWindow, open_window
from app.ui.onsite.today_view import TodayView
from app.ui.qt import Qt
from app.ui.sync_badge import rollup_text, state_icon, state_tooltip, visit_state
from tests.helpers.sql import sql
from tests.onsite.evidence_helpers import jpeg, on_site
from tests.onsite.world import site_world


def test_every_state_has_an_icon_and_a_tooltip(qapp) -> None:
    for state in ("local", "sending", "sent", "verified", "error", "conflict", "blob_pending"):
        assert not state_icon(state).isNull() and state_tooltip(state)
    assert state_tooltip("blob_pending") == "照片尚未送达服务器（拍摄的设备还在发送）"
    assert state_tooltip("verified") != state_tooltip("sent")  # received and checked, not merely sent
    assert state_icon("verified").cacheKey() != state_icon("sent").cacheKey()


def test_the_visit_rollup_says_what_is_left_most_urgent_first(qapp, tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        site = on_site(store)
        photo = import_photo(store, site.inspection, jpeg(tmp_path / "a.jpg"))
        import_photo(store, site.inspection, jpeg(tmp_path / "b.jpg", color="blue"))
        assert rollup_text(store.visit_rollup(site.inspection.id)) == "还有 2 个文件（照片、签名或视频）待发送"
        assert store.sync_states(Evidence, [photo.id, "no-such-id"]) == {photo.id: "local"}
        sql(store, "UPDATE evidence SET sync_state = 'sent'")  # every byte out, the server's check not confirmed
        assert rollup_text(store.visit_rollup(site.inspection.id)) == "2 个文件已发送，等待服务器核验"
        assert visit_state(store.visit_rollup(site.inspection.id)) == "local"  # the inspection itself
        sql(store, "UPDATE evidence SET sync_state = 'verified'")
        assert rollup_text(store.visit_rollup(site.inspection.id)) == "还有 1 条记录待发送"  # the inspection itself
        sql(store, "UPDATE inspections SET sync_state = 'sent'")
        assert rollup_text(store.visit_rollup(site.inspection.id)) == "服务器已全部收到"
        assert visit_state(store.visit_rollup(site.inspection.id)) == "verified"
        sql(store, "UPDATE evidence SET sync_state = 'error' WHERE id = ?", [photo.id])
        assert rollup_text(store.visit_rollup(site.inspection.id)) == "1 项被服务器拒绝（见“同步冲突”页）"


def test_the_evidence_panel_says_each_photos_sync_state(qtbot, make_runner, tmp_path: Path) -> None:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        site = on_site(store)
        local = import_photo(store, site.inspection, jpeg(tmp_path / "a.jpg"))
        refused = import_photo(store, site.inspection, jpeg(tmp_path / "b.jpg", color="blue"))
        [mutation] = [m for m in store.outbox_batch(10) if m.id == refused.id]
        store.park_mutation(mutation, "forbidden: 无权 / not allowed")  # as a refusal by the server parks it
        panel = EvidencePanel(make_runner(store), site.inspection, [])
        qtbot.addWidget(panel)
        panel.reload()
        qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=5000)
        tips = {panel.list.item(n).data(Qt.ItemDataRole.UserRole): panel.list.item(n).toolTip() for n in range(2)}
        assert tips[local.sha256].startswith("仅在本机")
        assert tips[refused.sha256].startswith("被服务器拒绝")
        panel.shutdown()


def test_the_inspection_window_says_what_of_the_visit_is_still_to_send(qtbot, make_runner, tmp_path: Path) -> None:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        world = site_world(store)
        code = world.code_for(world.task)
        runner = make_runner(store)
        opened: list[InspectionWindow] = []
        open_window(runner, code.id, opened.append)
        qtbot.waitUntil(lambda: len(opened) == 1)
        window = opened[0]
        qtbot.waitUntil(lambda: window.sync_rollup.text() == "还有 1 条记录待发送", timeout=5000)  # the inspection
        window.close()


def test_today_shows_a_begun_visits_sync_state_as_icon_and_words(qtbot, make_runner, tmp_path: Path) -> None:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        world = site_world(store)
        onsite.start(store, world.code_for(world.task).id)
        today = TodayView(make_runner(store), store.current_inspector_id())
        qtbot.addWidget(today)
        qtbot.waitUntil(lambda: today.tree.topLevelItemCount() > 0, timeout=5000)
        rows = [today.tree.topLevelItem(n) for n in range(today.tree.topLevelItemCount())]
        begun = [row for row in rows if "还有 1 条记录待发送" in row.toolTip(3)]
        assert len(begun) == 1 and not begun[0].icon(3).isNull()


def test_a_photo_is_sent_once_every_byte_went_out_and_verified_once_the_server_checked_it(qapp, tmp_path: Path) -> None:
    """The upload's bookkeeping as the uploader writes it (app/sync/blobs.py): the state is stored per record."""
    with Store.open(tmp_path / "store.sqlite3") as store:
        site = on_site(store)
        photo = import_photo(store, site.inspection, jpeg(tmp_path / "a.jpg"))
        batch = store.outbox_batch(50)
        accepted = [MutationResult(mutation_id=m.mutation_id, status="accepted", version=1) for m in batch]
        store.apply_push_answers(batch, accepted)  # as the server answers a push: the photo's file is queued
        assert store.sync_state(Evidence, photo.id) == "sending"
        store.upload_progress(photo.sha256, 1)
        assert store.sync_state(Evidence, photo.id) == "sending"
        store.upload_progress(photo.sha256, photo.size)
        assert store.sync_state(Evidence, photo.id) == "sent"
        store.upload_done(photo.sha256)
        assert store.sync_state(Evidence, photo.id) == "verified"


def _accept_pushed(store: Store) -> None:
    """As the server answers a push of everything queued: accepted (the photos' and signatures' files then queued)."""
    batch = store.outbox_batch(200)
    store.apply_push_answers(
        batch, [MutationResult(mutation_id=m.mutation_id, status="accepted", version=1) for m in batch]
    )


def test_checklist_rows_show_their_results_sync_state(qtbot, make_runner, tmp_path: Path) -> None:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        world = site_world(store)
        code = world.code_for(world.task)
        runner = make_runner(store)
        opened: list[InspectionWindow] = []
        open_window(runner, code.id, opened.append)
        qtbot.waitUntil(lambda: len(opened) == 1)
        window = opened[0]
        qtbot.addWidget(window)
        first, second = window.model.items[:2]
        runner.run(lambda s: onsite.answer(s, s.get(Inspection, window.inspection.id), first.id, "compliant"))
        model = window.model

        def shown(item_id: str, role: Qt.ItemDataRole) -> object:
            return model.data(model.index(model.row_of(item_id), RESULT), role)

        qtbot.waitUntil(lambda: shown(first.id, Qt.ItemDataRole.ToolTipRole) == state_tooltip("local"), timeout=5000)
        assert not shown(first.id, Qt.ItemDataRole.DecorationRole).isNull()
        assert shown(second.id, Qt.ItemDataRole.DecorationRole) is None  # not answered: no state to show

        runner.run(_accept_pushed)  # the server took it: the row says so once the change is told
        qtbot.waitUntil(lambda: shown(first.id, Qt.ItemDataRole.ToolTipRole) == state_tooltip("sent"), timeout=5000)
        window.close()


def test_signatures_show_their_sync_state_in_the_evidence_panel(qtbot, make_runner, tmp_path: Path) -> None:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        site = on_site(store)
        inspector = signers_of(store, site.inspection)[0]
        signature = sign(store, site.inspection, inspector, _png())
        sign(store, site.inspection, Signer(SignerRole.PARTY, "王经理"), _png(peak=40))
        runner = make_runner(store)
        panel = EvidencePanel(runner, site.inspection, [])
        qtbot.addWidget(panel)
        qtbot.waitUntil(lambda: panel.signatures.count() == 2, timeout=5000)
        rows = [panel.signatures.item(n) for n in range(2)]
        assert [row.text() for row in rows] == [inspector.name, "被检查单位：王经理"]
        assert all(row.toolTip().startswith("仅在本机") and not row.icon().isNull() for row in rows)

        runner.run(_accept_pushed)  # accepted; the files still to upload
        runner.run(lambda s: s.upload_done(signature.sha256))  # the server checked one file
        panel.refresh_states()
        tips = {}
        qtbot.waitUntil(
            lambda: (
                tips.update({panel.signatures.item(n).text(): panel.signatures.item(n).toolTip() for n in range(2)})
                or tips.get(inspector.name, "").startswith(state_tooltip("verified"))
            ),
            timeout=5000,
        )
        assert tips["被检查单位：王经理"].startswith(state_tooltip("sending"))
        panel.shutdown()


def _png(peak: int = 20) -> bytes:
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(10, 80), (150, peak), (290, 70)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
