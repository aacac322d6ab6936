"""Body-camera videos on the laptop (app/onsite/recordings.py): a video told by its container's signature (not its
name), an MP4's length read from its header by seeking, a time range suggested inside the visit, the same video not
added twice, and the copy removed when its record is refused (unless another record names it)."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.models.domain import Recording
from app.onsite.recordings import (
    RecordingError,
    add_recording,
    check_video,
    copy_video,
    import_recording,
    recordings_of,
    suggested_range,
)
from app.store import Store
from tests.onsite.evidence_helpers import OnSite, on_site

FTYP = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OnSite]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield on_site(store)


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _mp4(path: Path, seconds: int, *, version: int = 0, media: int = 200_000) -> Path:
    """ftyp, a large mdat first (as cameras write it), then moov with its mvhd (timescale 1000)."""
    if version == 0:
        mvhd = bytes([0, 0, 0, 0]) + struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80)
    else:
        mvhd = bytes([1, 0, 0, 0]) + struct.pack(">QQIQ", 0, 0, 1000, seconds * 1000) + bytes(80)
    path.write_bytes(FTYP + _box(b"mdat", os.urandom(media)) + _box(b"moov", _box(b"mvhd", mvhd)))
    return path


@pytest.mark.parametrize("version", [0, 1])
def test_an_mp4s_length_is_read_from_its_header(tmp_path: Path, version: int) -> None:
    video = check_video(_mp4(tmp_path / "DSJ_0001.MP4", 18 * 60 + 5, version=version))
    assert video.mime == "video/mp4" and video.duration == timedelta(minutes=18, seconds=5)


def test_containers_are_told_by_their_signature_not_their_name(tmp_path: Path) -> None:
    avi = tmp_path / "clip.bin"
    avi.write_bytes(b"RIFF\x00\x00\x00\x00AVI LIST" + bytes(100))
    mkv = tmp_path / "clip.webm"
    mkv.write_bytes(b"\x1a\x45\xdf\xa3" + bytes(100))
    mov = tmp_path / "clip.mp4"
    mov.write_bytes(b"\x00\x00\x00\x14ftypqt  " + bytes(100))
    assert [check_video(p).mime for p in (avi, mkv, mov)] == ["video/x-msvideo", "video/x-matroska", "video/quicktime"]
    assert check_video(avi).duration is None
    for name, data in {"notes.mp4": "执法记录".encode() * 10, "empty.mp4": b""}.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(RecordingError):
            check_video(tmp_path / name)
    with pytest.raises(RecordingError, match="cannot read"):
        check_video(tmp_path / "missing.mp4")


def test_the_suggested_range_ends_at_the_files_time_when_it_meets_the_visit(site: OnSite, tmp_path: Path) -> None:
    path = _mp4(tmp_path / "DSJ_0002.MP4", 10 * 60)
    closed = datetime.now(UTC) - timedelta(minutes=1)
    os.utime(path, (closed.timestamp(), closed.timestamp()))
    started, ended = suggested_range(site.inspection, check_video(path))
    assert ended - started == timedelta(minutes=10) and abs(ended - closed) < timedelta(seconds=1)

    long_ago = datetime(2020, 1, 1, tzinfo=UTC)  # a copy that lost its time: from the visit's start instead
    os.utime(path, (long_ago.timestamp(), long_ago.timestamp()))
    started, ended = suggested_range(site.inspection, check_video(path))
    assert started <= site.inspection.started_at + timedelta(seconds=1) and ended - started <= timedelta(minutes=10)


def test_the_same_video_is_added_once_and_a_refused_copy_is_removed(site: OnSite, tmp_path: Path) -> None:
    store, inspection = site.store, site.inspection
    path = _mp4(tmp_path / "DSJ_0003.MP4", 60)
    started = inspection.started_at - timedelta(minutes=5)
    first = import_recording(store, inspection, path, started, started + timedelta(minutes=1), "DSJ-0451")
    assert recordings_of(store, inspection.id) == [first] and store.blobs.has(first.sha256)
    with pytest.raises(RecordingError, match="already added"):
        import_recording(store, inspection, path, started, started + timedelta(minutes=1))
    assert store.blobs.has(first.sha256)  # still the first recording's file

    other = _mp4(tmp_path / "DSJ_0004.MP4", 60)
    video = check_video(other)
    sha = copy_video(store.blobs, video)
    with pytest.raises(RecordingError, match="12 hours"):
        add_recording(store, inspection, video, sha, started, started + timedelta(hours=13))
    assert not store.blobs.has(sha) and store.find(Recording, sha256=sha) == []
