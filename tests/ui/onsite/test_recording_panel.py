"""The inspection window's 执法记录仪 tab: a video checked, its time range confirmed (one outside the visit refused in
the dialog, before anything is copied), copied in on the runner's files worker with its progress, listed as a line
(time range, camera, file, hash prefix, size); a file that is no video refused with nothing written. A line chosen:
its range and camera changed, or it is deleted after asking; both refused with the reason once the visit is done."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.models import InspectionStatus
from app.models.domain import Recording
from app.onsite.recordings import ImportCancelled, RecordingError, check_video, copy_video, import_recording
from app.store import Store
from app.ui.onsite.recording_panel import RecordingPanel
from app.ui.qt import QMessageBox
from app.ui.runner import Runner
from tests.onsite.evidence_helpers import OnSite, on_site

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
SIZE = 3 * (1 << 20) + 1000


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OnSite]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield on_site(store)


@pytest.fixture
def panel(qtbot, make_runner, site: OnSite) -> Iterator[RecordingPanel]:
    runner: Runner = make_runner(site.store)
    widget = RecordingPanel(runner, site.inspection)
    qtbot.add_widget(widget)
    widget.show()
    yield widget


def _no_files(store: Store) -> bool:
    return not store.blobs.root.exists() or not any(p.is_file() for p in store.blobs.root.rglob("*"))


def _video(folder: Path) -> Path:
    path = folder / "DSJ-0451_0001.MP4"
    path.write_bytes(MP4_HEAD + os.urandom(SIZE - len(MP4_HEAD)))
    return path


def test_a_video_is_checked_confirmed_copied_with_progress_and_listed(
    qtbot, panel: RecordingPanel, site: OnSite, tmp_path: Path
) -> None:
    source = _video(tmp_path)
    panel.add_file(source)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible(), timeout=10_000)
    dialog = panel.dialog
    assert dialog.caption.text() == source.name
    started, ended = dialog.times()
    assert ended > started

    dialog.started.setDateTime(dialog.started.dateTime().addDays(-3))  # days before the visit
    dialog.ended.setDateTime(dialog.ended.dateTime().addDays(-3))
    dialog.accept()
    assert dialog.isVisible() and "不重叠" in dialog.message.text()  # refused in the dialog: nothing copied
    assert _no_files(site.store)

    dialog.started.setDateTime(dialog.started.dateTime().addDays(3))
    dialog.ended.setDateTime(dialog.ended.dateTime().addDays(3))
    dialog.camera.setText("DSJ-0451")
    progress: list[int] = []
    panel.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(panel.added, timeout=20_000) as added:
        dialog.accept()
    recording: Recording = added.args[0]
    assert recording.sha256 == hashlib.sha256(source.read_bytes()).hexdigest() and recording.size == SIZE
    assert recording.camera == "DSJ-0451" and recording.caption == source.name
    assert (recording.started_at, recording.ended_at) == (started, ended)
    assert progress[-1] == 3  # a MiB at a time, to the whole file
    assert site.store.get(Recording, recording.id) == recording
    assert [u.sha256 for u in site.store.pending_uploads()] == []  # queued once pushed, not before
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10_000)
    line = panel.list.item(0).text()
    assert "DSJ-0451" in line and recording.sha256[:12] in line and "3.0 MB" in line
    assert not panel.busy and panel.add_button.isEnabled() and not panel.progress.isVisible()


def test_a_file_that_is_no_video_is_refused_and_nothing_is_written(
    qtbot, panel: RecordingPanel, site: OnSite, tmp_path: Path
) -> None:
    fake = tmp_path / "setup.mp4"
    fake.write_bytes(b"MZ\x90\x00" + os.urandom(5000))  # a program named as a video
    with qtbot.waitSignal(panel.refused, timeout=10_000) as refused:
        panel.add_file(fake)
    assert "MP4" in refused.args[0] and panel.dialog is None
    assert site.store.list(Recording) == []


def test_a_video_longer_than_its_visit_allows_is_refused_on_save(site: OnSite, tmp_path: Path) -> None:
    source = _video(tmp_path)
    started = site.inspection.started_at - timedelta(hours=11)
    with pytest.raises(RecordingError, match="12"):
        import_recording(site.store, site.inspection, source, started, started + timedelta(hours=13))
    assert site.store.list(Recording) == [] and _no_files(site.store)


def test_a_copy_cancelled_half_way_leaves_nothing(qtbot, panel: RecordingPanel, site: OnSite, tmp_path: Path) -> None:
    source = tmp_path / "DSJ-0451_long.MP4"
    with open(source, "wb") as out:
        out.write(MP4_HEAD)
        out.truncate(64 * (1 << 20))  # sparse: 64 chunks to copy, the cancel comes long before the last
    started = site.inspection.started_at - timedelta(minutes=5)
    with qtbot.waitSignal(panel.refused, timeout=20_000) as refused:
        panel.start_import(check_video(source), started, started + timedelta(minutes=6))
        assert panel.cancel_button.isVisible()
        panel.cancel()
    assert "cancelled" in refused.args[0] or "取消" in refused.args[0]
    assert site.store.list(Recording) == [] and _no_files(site.store)
    assert not panel.busy and not panel.cancel_button.isVisible() and panel.add_button.isEnabled()


def test_copy_video_stops_when_asked_and_removes_its_partial_file(site: OnSite, tmp_path: Path) -> None:
    source = _video(tmp_path)
    told: list[int] = []
    with pytest.raises(ImportCancelled):
        copy_video(site.store.blobs, check_video(source), told.append, lambda: len(told) >= 2)
    assert told == [1 << 20, 1 << 20] and _no_files(site.store)


def _listed_recording(qtbot, panel: RecordingPanel, site: OnSite, tmp_path: Path) -> Recording:
    """A recording imported (its file queued as once pushed) and chosen in the panel's list."""
    source = _video(tmp_path)
    started = (site.inspection.started_at - timedelta(minutes=30)).replace(microsecond=0)  # as the dialog shows it
    recording = import_recording(site.store, site.inspection, source, started, started + timedelta(minutes=25))
    panel.reload()
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10_000)
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()  # nothing chosen yet
    panel.list.setCurrentRow(0)
    assert panel.edit_button.isEnabled() and panel.delete_button.isEnabled()
    return recording


def test_a_recordings_range_and_camera_are_changed_from_the_tab(
    qtbot, panel: RecordingPanel, site: OnSite, tmp_path: Path
) -> None:
    recording = _listed_recording(qtbot, panel, site, tmp_path)
    panel.edit_selected()
    dialog = panel.edit_dialog
    assert dialog is not None and dialog.isVisible() and dialog.times() == (recording.started_at, recording.ended_at)
    dialog.started.setDateTime(dialog.started.dateTime().addDays(-3))  # three days long: refused here
    dialog.accept()
    assert dialog.isVisible() and "12" in dialog.message.text()
    dialog.started.setDateTime(dialog.started.dateTime().addDays(3).addSecs(120))
    dialog.camera.setText("DSJ-0777")
    with qtbot.waitSignal(panel.edited, timeout=10_000) as edited:
        dialog.accept()
    changed: Recording = edited.args[0]
    assert changed.camera == "DSJ-0777" and changed.started_at == recording.started_at + timedelta(minutes=2)
    assert site.store.get(Recording, recording.id) == changed
    qtbot.waitUntil(lambda: panel.list.count() == 1 and "DSJ-0777" in panel.list.item(0).text(), timeout=10_000)


def test_a_recording_is_deleted_from_the_tab_after_asking(
    qtbot, panel: RecordingPanel, site: OnSite, tmp_path: Path
) -> None:
    recording = _listed_recording(qtbot, panel, site, tmp_path)
    panel.delete_selected()
    assert panel.confirm is not None and panel.confirm.isVisible()
    panel.confirm.button(QMessageBox.StandardButton.No).click()  # not deleted
    panel.delete_selected()
    with qtbot.waitSignal(panel.deleted, timeout=10_000):
        panel.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert site.store.get(Recording, recording.id) is None and _no_files(site.store)
    assert site.store.pending_uploads() == []
    qtbot.waitUntil(lambda: panel.list.count() == 0, timeout=10_000)
    assert not panel.delete_button.isEnabled()


def test_a_completed_inspections_recording_is_refused_with_the_reason(
    qtbot, panel: RecordingPanel, site: OnSite, tmp_path: Path
) -> None:
    recording = _listed_recording(qtbot, panel, site, tmp_path)
    site.store.save(site.inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    with qtbot.waitSignal(panel.refused, timeout=10_000) as refused:
        panel.delete(recording.id)
    assert "已完成" in refused.args[0] or "completed" in refused.args[0]
    assert refused.args[0] in panel.status.text()
    later = recording.started_at + timedelta(minutes=1)
    with qtbot.waitSignal(panel.refused, timeout=10_000):
        panel.edit(recording.id, later, recording.ended_at, "DSJ-9999")
    assert site.store.get(Recording, recording.id) == recording and site.store.blobs.has(recording.sha256)
