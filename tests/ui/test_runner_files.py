"""The runner's files worker: a long file job runs on its own thread, so the network worker (a sync) and the database
worker stay free meanwhile; `stopped()` tells the job it was cancelled or the runner is closing, and close() during a
job ends it and delivers its answer before returning. A body-camera copy closed half-way leaves nothing recorded."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.models.domain import Recording
from app.onsite.recordings import check_video
from app.store import Store
from app.ui.onsite.recording_panel import RecordingPanel
from app.ui.qt import QThread
from app.ui.runner import Runner, Stopped
from tests.onsite.evidence_helpers import OnSite, on_site

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
LONG_JOB = 10**7  # steps of busy work a job does at most before giving up (never reached when told to stop)


class Stoppable:
    """A file job that works until it is told to stop, reporting when it began and how it ended."""

    def __init__(self) -> None:
        self.began = threading.Event()
        self.thread, self.ended = "", ""

    def __call__(self, stopped: Stopped) -> str:
        self.thread = QThread.currentThread().objectName()
        self.began.set()
        digest = hashlib.sha256()
        self.ended = "finished"
        for _ in range(LONG_JOB):
            if stopped():
                self.ended = "stopped"
                break
            digest.update(b"x" * 4096)
        return self.ended


@pytest.fixture
def runner(app, tmp_path: Path) -> Iterator[Runner]:
    r = Runner(tmp_path / "store.sqlite3")
    yield r
    r.close()
    assert not r.running


def test_a_file_job_leaves_the_network_and_database_workers_free(qtbot, runner: Runner) -> None:
    release = threading.Event()
    seen: dict[str, object] = {}

    def held(stopped: Stopped) -> str:  # runs until the test releases it
        seen["files_thread"] = threading.current_thread()
        while not release.wait(0.05):
            if stopped():  # only when the test failed and its runner closes
                return "stopped"
        return "copied"

    answers: list[str] = []
    runner.run_files(held, answers.append)
    qtbot.waitUntil(lambda: "files_thread" in seen)
    network: list[object] = []
    runner.run_network(threading.current_thread, network.append)
    database: list[int] = []
    runner.run(lambda store: 7, database.append)
    qtbot.waitUntil(lambda: bool(network and database), timeout=5_000)  # answered while the file job still runs
    assert answers == [] and not release.is_set()
    assert network[0] is not seen["files_thread"] and seen["files_thread"] is not threading.main_thread()
    release.set()
    qtbot.waitUntil(lambda: answers == ["copied"], timeout=5_000)
    assert runner.idle


def test_cancel_tells_a_running_file_job_to_stop(qtbot, runner: Runner) -> None:
    job, answers = Stoppable(), []
    runner.run_files(job, answers.append, key="copy")
    assert job.began.wait(10)
    runner.cancel("copy")
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert answers == [] and job.ended == "stopped"  # stopped, and its answer silenced
    assert job.thread == "runner-files"


def test_close_during_a_file_job_stops_it_and_delivers_its_answer(app, tmp_path: Path) -> None:
    runner = Runner(tmp_path / "store.sqlite3")
    job, answers = Stoppable(), []
    runner.run_files(job, answers.append)
    assert job.began.wait(10)
    runner.close()
    assert answers == ["stopped"] and not runner.running  # told to stop, answered before close() returned


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OnSite]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield on_site(store)


def test_closing_the_runner_during_a_video_copy_records_nothing_half_way(
    qtbot, make_runner, site: OnSite, tmp_path: Path
) -> None:
    runner: Runner = make_runner(site.store)
    panel = RecordingPanel(runner, site.inspection)
    qtbot.add_widget(panel)
    source = tmp_path / "DSJ-0451_long.MP4"
    with open(source, "wb") as out:
        out.write(MP4_HEAD)
        out.truncate(256 * (1 << 20))  # sparse: 256 MiB to copy, the close comes long before the last
    refused: list[str] = []
    panel.refused.connect(refused.append)
    started = site.inspection.started_at - timedelta(minutes=5)
    panel.start_import(check_video(source), started, started + timedelta(minutes=6))
    qtbot.waitUntil(lambda: panel.progress.value() >= 1, timeout=20_000)  # the copy is under way
    runner.close()
    assert not runner.running and not panel.busy  # the copy's answer came before close() returned
    blobs = site.store.blobs.root
    files = [p for p in blobs.rglob("*") if p.is_file()] if blobs.exists() else []
    if site.store.list(Recording):  # finished just before the close: recorded whole
        [recording] = site.store.list(Recording)
        assert recording.size == source.stat().st_size and site.store.blobs.size(recording.sha256) == recording.size
    else:  # stopped: no partial file, nothing recorded
        assert files == [] and refused and ("取消" in refused[0] or "cancelled" in refused[0])
