"""Sync steps that cannot block each other (issue 12): a photo the server refuses (over its limit) is parked with its
reason while the other photos go up and the pull goes on; a change the server refuses as a request is parked alone;
logout is offered a way out of parked work (export, then discard)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.models import Evidence, Inspection, Target
from app.sync import auth
from app.sync.engine import Summary
from app.sync.errors import UnsentWorkError
from tests.browser.site import seed
from tests.helpers.devices import Device, enrol, new_target, server_record
from tests.helpers.live_server import LiveServer
from tests.helpers.sql import sql

BIG = 52 * 1024 * 1024  # the server's default limit is 50 MB


def _inspection(live_server: LiveServer, device: Device) -> Inspection:
    _completed, code = seed(live_server)
    device.engine.sync()
    return device.store.save(
        Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )


def _photo(device: Device, inspection: Inspection, data: bytes) -> Evidence:
    sha = device.store.blobs.put_bytes(data)
    return device.store.save(
        Evidence(
            inspection_id=inspection.id,
            code_id=inspection.code_id,
            sha256=sha,
            size=len(data),
            taken_at=datetime.now(UTC),
        )
    )


def test_a_photo_over_the_servers_limit_is_parked_and_the_rest_and_the_pull_go_on(
    live_server: LiveServer, tmp_path: Path
) -> None:
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    inspection = _inspection(live_server, zhang)
    big = _photo(zhang, inspection, os.urandom(BIG))
    small = _photo(zhang, inspection, os.urandom(1000))
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    news = lead.store.save(new_target("同步时新增的宾馆"))
    lead.engine.sync()
    cursor = zhang.store.pull_cursor()

    summary = zhang.engine.sync()  # the big photo's upload is refused with 413: nothing else may wait for it

    assert summary.blobs_uploaded == 1 and zhang.store.sync_state(Evidence, small.id) == "verified"
    assert zhang.store.get(Target, news.id) is not None and zhang.store.pull_cursor() > cursor
    [parked] = zhang.store.parked_uploads()
    assert parked.sha256 == big.sha256 and "blob_too_large" in parked.reason and "52428800" in parked.reason
    assert zhang.store.sync_state(Evidence, big.id) == "error"
    assert zhang.store.pending_uploads() == []  # not tried again and again
    assert zhang.engine.sync().blobs_uploaded == 0  # the next run does not stall on it either
    zhang.close()
    lead.close()


def test_a_change_whose_request_the_server_refuses_is_parked_alone_and_the_others_go_on(
    live_server: LiveServer, tmp_path: Path
) -> None:
    lead = enrol(live_server.url, tmp_path / "lead", "lead", batch_size=10)
    huge = lead.store.save(new_target("将被篡改的宾馆"))
    good = lead.store.save(new_target("正常的宾馆"))
    # a value over the server's request cap (16 MB; no save lets it through): the whole request is refused with 413
    sql(
        lead.store,
        "UPDATE outbox SET fields = json_set(fields, '$.name', ?) WHERE record_id = ?",
        ["x" * 17_000_000, huge.id],
    )

    summary = lead.engine.sync()

    assert summary.accepted == 1 and server_record(live_server, "targets", good.id) is not None
    [parked] = lead.store.parked_changes()
    assert parked["record_id"] == huge.id and parked["last_error"].startswith("request_too_large")
    assert lead.store.sync_state(Target, huge.id) == "error" and lead.store.pull_cursor() > 0
    assert lead.engine.sync().accepted == 0 and lead.store.parked_changes() == [parked]
    lead.close()


def test_a_queued_change_no_longer_valid_is_parked_here_and_the_others_go_on(
    live_server: LiveServer, tmp_path: Path
) -> None:
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    bad = lead.store.save(new_target("空字符宾馆"))
    good = lead.store.save(new_target("另一家宾馆"))
    sql(
        lead.store,
        "UPDATE outbox SET fields = json_set(fields, '$.name', 'a' || char(0) || 'b') WHERE record_id = ?",
        [bad.id],
    )

    assert lead.engine.sync().accepted == 1 and server_record(live_server, "targets", good.id) is not None

    [parked] = lead.store.parked_changes()
    assert parked["record_id"] == bad.id and parked["last_error"].startswith("invalid_record: 本机记录无效")
    assert lead.store.sync_state(Target, bad.id) == "error"
    lead.close()


def test_logout_with_only_parked_work_exports_it_and_ends_the_session(live_server: LiveServer, tmp_path: Path) -> None:
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    inspection = _inspection(live_server, zhang)
    big = _photo(zhang, inspection, os.urandom(BIG))
    vault = auth.TokenVault(tmp_path / "zhang", None)
    queued = zhang.store.save(new_target("未同步的宾馆"))  # an inspector may not create targets: refused, parked
    with pytest.raises(UnsentWorkError, match="sync them"):
        auth.logout(zhang.store, vault, zhang.client, "zhang", tmp_path / "export")
    zhang.engine.sync()
    with pytest.raises(UnsentWorkError, match="export them") as refused:
        auth.logout(zhang.store, vault, zhang.client, "zhang")  # parked, but no folder given
    assert refused.value.parked == 2 and vault.load("zhang") is not None

    auth.logout(zhang.store, vault, zhang.client, "zhang", tmp_path / "export")

    exported = json.loads((tmp_path / "export" / "parked.json").read_text(encoding="utf-8"))
    assert [c["record_id"] for c in exported["changes"]] == [queued.id] and "forbidden" in exported["changes"][0][
        "reason"
    ]
    assert [p["sha256"] for p in exported["photos"]] == [big.sha256]
    assert (tmp_path / "export" / big.sha256).stat().st_size == BIG
    assert vault.load("zhang") is None and zhang.store.parked_changes()  # the work stays in the store
    zhang.close()


def test_a_photo_changed_on_disk_since_it_was_taken_is_parked_as_a_hash_mismatch(
    live_server: LiveServer, tmp_path: Path
) -> None:
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    inspection = _inspection(live_server, zhang)
    damaged = _photo(zhang, inspection, os.urandom(5000))
    good = _photo(zhang, inspection, os.urandom(5000))
    zhang.store.blobs.path(damaged.sha256).write_bytes(os.urandom(5000))  # disk damage, or someone edited it

    summary = zhang.engine.sync()

    assert summary.blobs_uploaded == 1 and zhang.store.sync_state(Evidence, good.id) == "verified"
    [parked] = zhang.store.parked_uploads()
    assert parked.sha256 == damaged.sha256 and parked.reason.startswith("hash_mismatch")
    assert zhang.store.sync_state(Evidence, damaged.id) == "error"
    zhang.close()


def test_a_photo_pulled_before_its_file_reached_the_server_shows_as_not_yet_received(
    live_server: LiveServer, tmp_path: Path
) -> None:
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    inspection = _inspection(live_server, zhang)
    photo = _photo(zhang, inspection, os.urandom(3000))
    zhang.engine.push(Summary())  # the record is on the server, its file not yet
    li = enrol(live_server.url, tmp_path / "li", "li")

    li.engine.sync()
    assert li.store.sync_state(Evidence, photo.id) == "blob_pending"

    zhang.engine.sync()
    li.engine.sync()  # the server moved the record to the head of the log when its file completed
    assert li.store.sync_state(Evidence, photo.id) == "verified"  # the file checked whole on the server
    zhang.close()
    li.close()
