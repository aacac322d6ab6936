"""Backup and restore (`field-inspector-server backup` / `restore`) of a real server holding an inspection with a
photo, on SQLite and PostgreSQL: the restored server answers a new device with the same records, the photo and the
signing keys; a damaged backup or a non-empty target is refused and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.models import Evidence, Inspection
from tests.browser.site import seed
from tests.helpers import postgres
from tests.helpers.devices import enrol
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.e2e
PHOTO = os.urandom(200_000)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_urls(request: pytest.FixtureRequest) -> Iterator[tuple[str | None, str | None]]:
    """The source server's database and an empty one to restore into (None: a SQLite file in its data folder)."""
    if request.param == "sqlite":
        yield None, None
        return
    postgres.require_postgres()
    urls = postgres.create_database(), postgres.create_database()
    try:
        yield urls
    finally:
        for url in urls:
            postgres.drop_database(url)


@pytest.fixture
def source(database_urls: tuple[str | None, str | None], tmp_path: Path) -> Iterator[LiveServer]:
    """A running server with zhang's inspection and its photo, uploaded through the real sync."""
    server = LiveServer(tmp_path / "source", database_urls[0])
    server.seed_users()
    server.start()
    try:
        _completed, code = seed(server)
        zhang = enrol(server.url, tmp_path / "zhang", "zhang")
        zhang.engine.sync()
        inspection = zhang.store.save(
            Inspection(
                code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids
            )
        )
        sha = zhang.store.blobs.put_bytes(PHOTO)
        zhang.store.save(
            Evidence(inspection_id=inspection.id, code_id=code.id, sha256=sha, size=len(PHOTO), taken_at=_now())
        )
        zhang.engine.sync()
        assert zhang.client.blob_head(sha).complete
        zhang.close()
        yield server
    finally:
        server.kill()


def _now() -> datetime:
    return datetime.now(UTC)


def _cli(server: LiveServer, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as an operator runs it; a refusal is an exit code and a message, not an exception here."""
    try:
        return server.cli(*args)
    except subprocess.CalledProcessError as exc:
        return subprocess.CompletedProcess(exc.cmd, exc.returncode, exc.stdout, exc.stderr)


def test_a_restored_server_serves_the_same_records_photo_and_keys(
    source: LiveServer, database_urls: tuple[str | None, str | None], tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    made = _cli(source, "backup", "--to", str(backup))  # while the server runs
    assert made.returncode == 0, made.stderr
    manifest = json.loads(made.stdout)
    assert manifest["blobs"] == 1 and manifest["blob_bytes"] == len(PHOTO) and manifest["rows"]["records"] > 0

    target = LiveServer(tmp_path / "restored", database_urls[1])
    restored = _cli(target, "restore", "--from", str(backup))
    assert restored.returncode == 0, restored.stderr
    target.start()
    try:
        keys = sorted(p.name for p in (source.data_dir / "keys").iterdir())
        assert keys and sorted(p.name for p in (target.data_dir / "keys").iterdir()) == keys
        for name in keys:
            assert (target.data_dir / "keys" / name).read_bytes() == (source.data_dir / "keys" / name).read_bytes()

        device = enrol(target.url, tmp_path / "new-laptop", "zhang")  # the restored accounts and passwords
        device.engine.sync()
        [evidence] = device.store.list(Evidence)
        assert device.client.blob_head(evidence.sha256).complete
        assert (target.data_dir / "blobs" / evidence.sha256[:2] / evidence.sha256).read_bytes() == PHOTO
        assert len(device.store.list(Inspection)) == 2  # the seeded completed one and zhang's
        device.close()
    finally:
        target.kill()


def test_a_damaged_backup_or_a_used_target_is_refused_and_nothing_changes(
    source: LiveServer, database_urls: tuple[str | None, str | None], tmp_path: Path
) -> None:
    backup = tmp_path / "backup"
    assert _cli(source, "backup", "--to", str(backup)).returncode == 0
    again = _cli(source, "backup", "--to", str(backup))
    assert again.returncode == 2 and "not empty" in again.stderr

    into_used = _cli(source, "restore", "--from", str(backup))  # the source itself holds data
    assert into_used.returncode == 2 and "not empty" in into_used.stderr

    [blob] = [p for p in (backup / "blobs").rglob("*") if p.is_file()]
    blob.write_bytes(b"x" + blob.read_bytes()[1:])
    target = LiveServer(tmp_path / "restored", database_urls[1])
    damaged = _cli(target, "restore", "--from", str(backup))
    assert damaged.returncode == 2 and "damaged" in damaged.stderr
    assert not (target.data_dir / "keys").exists() and not (target.data_dir / "server.db").exists()

    dump = next(backup.glob("database.*"))
    dump.write_bytes(dump.read_bytes() + b"\0")
    other = LiveServer(tmp_path / "restored-2", database_urls[1])  # PostgreSQL: the one left empty above
    refused = _cli(other, "restore", "--from", str(backup))
    assert refused.returncode == 2 and "does not match the manifest" in refused.stderr
