"""A body-camera recording's time range and camera changed, or the recording deleted, on the laptop while its
inspection goes on (app/onsite/recordings.py): refused once the inspection is completed (its sealed record) with
nothing written; a range outside the visit refused; a deletion queued for the server, its file's queued upload and
its file gone, unless another recording names the same file; a deletion before the record was ever pushed sends no
file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.models import InspectionStatus
from app.models.domain import Recording
from app.models.wire import MutationResult
from app.onsite.recordings import RecordingError, delete_recording, edit_recording, import_recording
from app.store import Store
from tests.onsite.evidence_helpers import OnSite, on_site

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OnSite]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield on_site(store)


def _imported(site: OnSite, folder: Path, name: str = "DSJ_0001.MP4", content: bytes | None = None) -> Recording:
    path = folder / name
    path.write_bytes(content or MP4_HEAD + os.urandom(5000))
    started = site.inspection.started_at - timedelta(minutes=30)  # the visit began just now: the video ends before
    return import_recording(site.store, site.inspection, path, started, started + timedelta(minutes=25), "DSJ-0451")


def _pushed(store: Store) -> None:
    """The outbox as the server accepts it, batch by batch (the sync engine's part): versions given, files queued."""
    for _ in range(10):
        batch = store.outbox_batch(100)
        if not batch:
            return
        store.mark_sending(batch)
        answers = [
            MutationResult(mutation_id=m.mutation_id, status="accepted", version=m.base_version + 1) for m in batch
        ]
        store.apply_push_answers(batch, answers)
    raise AssertionError("the outbox did not empty")


def _ops(store: Store, record_id: str) -> list[str]:
    return [m["op"] for m in store.outbox() if m["record_id"] == record_id]


def _complete(site: OnSite) -> None:
    site.store.save(site.inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))


def test_a_completed_inspections_recording_is_neither_changed_nor_deleted(site: OnSite, tmp_path: Path) -> None:
    recording = _imported(site, tmp_path)
    _complete(site)
    outbox = len(site.store.outbox())
    later = recording.started_at + timedelta(minutes=1)
    with pytest.raises(RecordingError, match="completed"):
        edit_recording(site.store, recording.id, later, recording.ended_at, "DSJ-9999")
    with pytest.raises(RecordingError, match="已完成"):
        delete_recording(site.store, recording.id)
    assert site.store.get(Recording, recording.id) == recording and len(site.store.outbox()) == outbox
    assert site.store.blobs.has(recording.sha256)


def test_a_range_outside_the_visit_and_an_unknown_recording_are_refused(site: OnSite, tmp_path: Path) -> None:
    recording = _imported(site, tmp_path)
    days_before = recording.started_at - timedelta(days=3)
    with pytest.raises(RecordingError, match="overlap"):
        edit_recording(site.store, recording.id, days_before, days_before + timedelta(minutes=20))
    with pytest.raises(RecordingError, match="does not exist"):
        edit_recording(site.store, "nowhere", recording.started_at, recording.ended_at)
    with pytest.raises(RecordingError, match="does not exist"):
        delete_recording(site.store, "nowhere")
    assert site.store.get(Recording, recording.id) == recording


def test_an_ongoing_inspections_recording_takes_a_new_range_and_camera(site: OnSite, tmp_path: Path) -> None:
    recording = _imported(site, tmp_path)
    _pushed(site.store)
    started = recording.started_at + timedelta(minutes=2)
    edited = edit_recording(site.store, recording.id, started, started + timedelta(minutes=10), "")
    stored = site.store.get(Recording, recording.id)
    assert stored is not None and (stored.started_at, stored.camera) == (started, None)
    assert stored.sha256 == recording.sha256 and edited.ended_at == started + timedelta(minutes=10)
    [sent] = [m for m in site.store.outbox() if m["record_id"] == recording.id]
    assert set(sent["fields"]) >= {"started_at", "ended_at", "camera"} and "sha256" not in sent["fields"]


def test_deleting_drops_the_queued_upload_and_the_file(site: OnSite, tmp_path: Path) -> None:
    recording = _imported(site, tmp_path)
    _pushed(site.store)
    assert [u.sha256 for u in site.store.pending_uploads()] == [recording.sha256]
    delete_recording(site.store, recording.id)
    assert site.store.get(Recording, recording.id) is None
    assert _ops(site.store, recording.id) == ["delete"]
    assert site.store.pending_uploads() == [] and site.store.parked_uploads() == []
    assert not site.store.blobs.has(recording.sha256)


def test_deleting_one_of_two_recordings_of_a_file_keeps_its_upload(site: OnSite, tmp_path: Path) -> None:
    content = MP4_HEAD + os.urandom(5000)
    first = _imported(site, tmp_path, content=content)
    other = site.world.inspection(site.world.code())  # the same video added to another visit
    path = tmp_path / "again.MP4"
    path.write_bytes(content)
    started = other.started_at - timedelta(minutes=30)
    second = import_recording(site.store, other, path, started, started + timedelta(minutes=25))
    assert second.sha256 == first.sha256
    _pushed(site.store)
    delete_recording(site.store, first.id)
    assert [u.sha256 for u in site.store.pending_uploads()] == [first.sha256] and site.store.blobs.has(first.sha256)


def test_a_recording_deleted_before_it_was_pushed_sends_no_file(site: OnSite, tmp_path: Path) -> None:
    recording = _imported(site, tmp_path)
    delete_recording(site.store, recording.id)
    assert _ops(site.store, recording.id) == ["upsert", "delete"]
    _pushed(site.store)  # the server took both: created, then deleted
    assert site.store.pending_uploads() == [] and site.store.parked_uploads() == [] and site.store.outbox() == []
