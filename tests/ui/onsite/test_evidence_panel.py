"""The evidence panel: drag and drop imports in the background, thumbnails arrive by signal, refusals are shown."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import ChecklistItem, Evidence, InspectionStatus
from app.onsite.evidence import import_photo
from app.store import Store
from app.ui.onsite.evidence_panel import EvidencePanel
from app.ui.qt import QApplication, QDragEnterEvent, QDropEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from app.ui.runner import Runner
from tests.onsite.evidence_helpers import OnSite, counts, jpeg, on_site

ITEMS = [
    ChecklistItem(id=f"item-{n}", checklist_id="c", code=f"KQ-{n}", title=title, legal_basis="条例", industry="dental")
    for n, title in enumerate(["执业许可证在有效期内", "口腔器械一人一用一消毒"], 1)
]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OnSite]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield on_site(store)


@pytest.fixture
def runner(site: OnSite, make_runner) -> Runner:
    return make_runner(site.store)


@pytest.fixture
def panel(qtbot, runner: Runner, site: OnSite) -> Iterator[EvidencePanel]:
    widget = EvidencePanel(runner, site.inspection, ITEMS)
    qtbot.add_widget(widget)
    widget.resize(800, 600)
    widget.show()
    yield widget
    widget.shutdown()


def _drop(panel: EvidencePanel, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(  # QPoint: PySide6 6.11 has no QPointF overload of this one (QDropEvent has)
        QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted(), "local files are welcome"
    drop = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(panel, drop)


def test_an_empty_inspection_says_how_to_add_photos(qtbot, panel: EvidencePanel) -> None:
    qtbot.waitUntil(panel.empty.isVisible)
    assert "拖到此处" in panel.empty.text()


def test_dropped_photos_are_imported_for_the_current_item_and_thumbnails_arrive(
    qtbot, panel: EvidencePanel, site: OnSite, tmp_path: Path
) -> None:
    photos = [jpeg(tmp_path / "IMG_0001.JPG", color="red"), jpeg(tmp_path / "IMG_0002.JPG", color="green")]
    panel.set_item("item-2")
    thumbnails: list[str] = []
    panel.thumbnail_ready.connect(thumbnails.append)
    with qtbot.waitSignal(panel.import_finished, timeout=10_000) as finished:
        _drop(panel, photos)
    assert finished.args == [2, 0]
    stored = site.store.list(Evidence)
    assert len(stored) == 2 and {e.item_id for e in stored} == {"item-2"}
    qtbot.waitUntil(lambda: sorted(thumbnails) == sorted(e.sha256 for e in stored), timeout=10_000)
    assert panel.list.count() == 2 and not panel.empty.isVisible()
    assert not panel.busy and not panel.progress.isVisible()


def test_stored_photos_get_their_thumbnails_by_signal(qtbot, site: OnSite, runner: Runner, tmp_path: Path) -> None:
    evidence = import_photo(site.store, site.inspection, jpeg(tmp_path / "a.jpg"), caption="候诊区")
    widget = EvidencePanel(runner, site.inspection, ITEMS)
    qtbot.add_widget(widget)
    with qtbot.waitSignal(widget.thumbnail_ready, timeout=10_000) as ready:
        qtbot.waitUntil(lambda: widget.list.count() == 1)  # read on the worker: the tile, with a placeholder
        assert widget.list.item(0).text().endswith("候诊区")
    assert ready.args == [evidence.sha256]
    assert (site.store.blobs.root.parent / "thumbnails").is_dir()
    widget.shutdown()


def test_a_panel_shut_down_gets_no_thumbnails_made_after(qtbot, site: OnSite, runner: Runner, tmp_path: Path) -> None:
    import_photo(site.store, site.inspection, jpeg(tmp_path / "a.jpg"), caption="候诊区")
    gate = threading.Event()
    runner.run_files(lambda stopped: gate.wait(10))  # the files worker is busy: the thumbnail waits behind it
    widget = EvidencePanel(runner, site.inspection, ITEMS)
    qtbot.add_widget(widget)
    made: list[str] = []
    widget.thumbnail_ready.connect(made.append)
    qtbot.waitUntil(lambda: widget.list.count() == 1)
    widget.shutdown()
    gate.set()
    qtbot.waitUntil(lambda: runner.idle)
    assert made == [] and not (site.store.blobs.root.parent / "thumbnails").exists()


def test_a_corrupt_file_and_a_huge_one_are_refused_with_reasons(
    qtbot, panel: EvidencePanel, site: OnSite, tmp_path: Path
) -> None:
    good = jpeg(tmp_path / "good.jpg")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(good.read_bytes()[:300])
    huge = tmp_path / "huge.jpg"
    subprocess.run(["truncate", "-s", "200M", str(huge)], check=True)
    before = counts(site.store)
    with qtbot.waitSignal(panel.import_finished, timeout=10_000) as finished:
        panel.add_files([broken, huge])
    assert finished.args == [0, 2]
    assert counts(site.store) == before
    text = panel.status.text()
    assert "broken.jpg" in text and "已损坏" in text and "huge.jpg" in text and "过大" in text
    assert "damaged" not in text and "too large" not in text  # the reasons in the interface's language only


def test_a_camera_folder_import_shows_progress_and_skips_non_photos(
    qtbot, panel: EvidencePanel, site: OnSite, tmp_path: Path
) -> None:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    for n in range(4):
        jpeg(folder / f"IMG_{n:04d}.JPG", color=("red", "green", "blue", "white")[n])
    (folder / "INDEX.DAT").write_bytes(b"\x00\x01")
    with qtbot.waitSignal(panel.import_finished, timeout=20_000) as finished:
        panel.add_folder(folder)
        assert panel.busy and panel.progress.isVisible()
    assert finished.args == [4, 1]
    assert panel.progress.maximum() == 5 and panel.progress.value() == 5
    assert "INDEX.DAT" in panel.status.text()


def test_caption_and_item_of_a_photo_are_edited(qtbot, panel: EvidencePanel, site: OnSite, tmp_path: Path) -> None:
    with qtbot.waitSignal(panel.import_finished, timeout=10_000):
        panel.add_files([jpeg(tmp_path / "a.jpg")])
    panel.list.setCurrentRow(0)
    panel.caption.setText("消毒登记本缺页")
    with qtbot.waitSignal(panel.photos_changed):
        panel.caption.editingFinished.emit()
    panel.photo_item.setCurrentIndex(panel.photo_item.findData("item-1"))
    with qtbot.waitSignal(panel.photos_changed):
        panel.photo_item.activated.emit(panel.photo_item.currentIndex())
    stored = site.store.list(Evidence)[0]
    assert (stored.caption, stored.item_id) == ("消毒登记本缺页", "item-1")
    assert "消毒登记本缺页" in panel.list.item(0).text()


def test_a_completed_inspection_takes_no_more_photos(qtbot, panel: EvidencePanel, site: OnSite, tmp_path: Path) -> None:
    site.store.save(site.inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    before = counts(site.store)
    with qtbot.waitSignal(panel.import_finished, timeout=10_000) as finished:
        panel.add_files([jpeg(tmp_path / "late.jpg")])
    assert finished.args == [0, 1] and "结果已锁定" in panel.status.text()  # in the interface's language
    assert counts(site.store) == before and panel.list.count() == 0
