"""A body-camera video (执法记录仪) of several GB imported and uploaded with bounded memory, resumed after a cut,
against the real server process: the import streams the file into the encrypted blob store, the upload decrypts one
chunk at a time and the server writes and hashes each request as it streams in. Peak memory is measured in both
processes (Python's allocations in this one; the resident set's high-water mark of each on Linux) and must stay a few
chunks whatever the file's size. The cut is a real one (the connection reset half-way by a proxy): the resumed upload
sends from the server's offset, so no more than one chunk's bytes cross the wire again.

The default variant uploads 64 MiB in a few seconds; the 4 GB one runs under `pytest -m long`."""

from __future__ import annotations

import contextlib
import os
import sys
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest

from app.models import Inspection
from app.models.domain import Recording
from app.onsite.recordings import DEFAULT_MAX_RECORDING_BYTES, RecordingError, import_recording, recording_limit
from app.store.db import MAX_RECORDING_BYTES
from app.sync.blobs import CHUNK
from app.sync.engine import Summary, SyncEngine
from app.sync.errors import OfflineError
from app.sync.http import SyncClient
from tests.browser.site import seed
from tests.helpers.devices import Device, enrol
from tests.helpers.fault_proxy import FaultPlan, FaultProxy
from tests.helpers.live_server import LiveServer

MIB = 1 << 20
PYTHON_PEAK = 12 * MIB  # the Python allocations of the import and the upload, whatever the file's size
RSS_GROWTH = 48 * MIB  # each process's resident set above where it stood (allocator slack, the OS's buffers)
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"  # an MP4's first box: the file is taken as a video


class PeakRss:
    """The resident set's high-water mark of a process since `reset()` (Linux: /proc/<pid>/clear_refs), above its
    size then; None where the system cannot tell."""

    def __init__(self, pid: int) -> None:
        self.pid, self.base = pid, None

    def _status(self, field: str) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
        raise LookupError(field)

    def reset(self) -> PeakRss:
        if sys.platform == "linux":
            with contextlib.suppress(OSError):  # a system that does not let us: Python's own count still holds
                Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # the high-water mark back to the current size
                self.base = self._status("VmRSS")
        return self

    def growth(self) -> int | None:
        return None if self.base is None else self._status("VmHWM") - self.base


def _video(path: Path, size: int, *, sparse: bool) -> Path:
    """A video-like file of `size` bytes, written a MiB at a time (random), or sparse (zeros, nothing on disk)."""
    with open(path, "wb") as out:
        out.write(MP4_HEAD)
        if sparse:
            out.truncate(size)
        else:
            left = size - len(MP4_HEAD)
            while left:
                out.write(os.urandom(min(MIB, left)))
                left -= min(MIB, left)
    return path


def _inspection(live_server: LiveServer, folder: Path, proxy: FaultProxy) -> tuple[Device, Inspection]:
    """zhang's inspection under a code the server issued, on his laptop, syncing through the proxy."""
    _completed, code = seed(live_server)
    zhang = enrol(live_server.url, folder, "zhang", sync_url=proxy.url)
    zhang.engine.sync()
    inspection = zhang.store.save(
        Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )
    return zhang, inspection


def _upload_cut_and_resumed(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path, size: int, *, sparse: bool
) -> None:
    device, inspection = _inspection(live_server, tmp_path / "zhang", proxy)
    source = _video(tmp_path / "DSJ-0451_20261128.mp4", size, sparse=sparse)
    assert source.stat().st_size == size
    assert live_server.process is not None
    server_rss = PeakRss(live_server.process.pid).reset()
    client_rss = PeakRss(os.getpid()).reset()
    tracemalloc.start()
    try:
        imported: list[int] = []
        started = inspection.started_at - timedelta(minutes=15)
        recording = import_recording(
            device.store, inspection, source, started, started + timedelta(minutes=20), "DSJ-0451", "", imported.append
        )
        assert sum(imported) == size and recording.size == size
        device.engine.push(Summary())
        assert device.store.sync_state(Recording, recording.id) == "sending"  # accepted; the file not there yet

        proxy.set_plan(FaultPlan(budget=size // 2))  # the connection reset half-way
        with pytest.raises(OfflineError):
            device.engine.upload_blobs(Summary())
        direct = SyncClient(live_server.url, device.client.token)
        held = direct.blob_head(recording.sha256).offset
        assert size // 2 - CHUNK < held <= size // 2

        proxy.set_plan(FaultPlan())  # back online; a fresh engine, as after a restart of the app
        summary = SyncEngine(device.store, device.client).sync()
        _current, python_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert summary.blobs_uploaded == 1
    assert size - held <= proxy.bytes_up < size - held + CHUNK  # from the server's offset: under a chunk again
    assert direct.blob_head(recording.sha256).complete
    assert device.store.sync_state(Recording, recording.id) == "verified"
    assert python_peak < PYTHON_PEAK, f"{python_peak / MIB:.1f} MiB of Python allocations for {size / MIB:.0f} MiB"
    for name, rss in (("client", client_rss), ("server", server_rss)):
        growth = rss.growth()
        assert growth is None or growth < RSS_GROWTH, f"the {name} grew {growth / MIB:.1f} MiB for {size / MIB:.0f} MiB"
    stored = live_server.data_dir / "blobs" / recording.sha256[:2] / recording.sha256
    assert stored.stat().st_size == size
    direct.close()
    device.close()


def test_a_64_mib_video_uploads_with_bounded_memory_and_resumes_after_a_cut(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    _upload_cut_and_resumed(live_server, proxy, tmp_path, 64 * MIB, sparse=False)


@pytest.mark.long
@pytest.mark.timeout(0)
def test_a_4_gb_video_uploads_with_bounded_memory_and_resumes_after_a_cut(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    _upload_cut_and_resumed(live_server, proxy, tmp_path, 4 * 1024 * MIB, sparse=True)


def test_the_login_tells_the_recordings_limit_and_a_video_over_it_is_refused_with_nothing_written(
    live_server: LiveServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    device, inspection = _inspection(live_server, tmp_path / "zhang", proxy)
    assert recording_limit(device.store) == DEFAULT_MAX_RECORDING_BYTES  # the server's, told at login
    source = _video(tmp_path / "DSJ-0451_big.mp4", 3 * MIB, sparse=True)
    device.store.set_meta(MAX_RECORDING_BYTES, str(3 * MIB - 1))  # as a server configured lower would tell
    started = inspection.started_at - timedelta(minutes=15)
    with pytest.raises(RecordingError, match="too large"):
        import_recording(device.store, inspection, source, started, started + timedelta(minutes=20))
    assert device.store.find(Recording, inspection_id=inspection.id) == []
    assert [m["entity"] for m in device.store.outbox()] == ["inspections"]
    assert not device.store.blobs.root.exists() or not any(p.is_file() for p in device.store.blobs.root.rglob("*"))
    device.close()
