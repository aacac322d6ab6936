"""Backup and restore of a server's whole state: the database, the evidence blobs and the signing keys.

A backup is a folder: `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite's online
backup), `blobs/` (every complete blob, its hash checked while copied), `keys/` (the code-signing key ring: without it
no code issued before the restore verifies; keep the backup as secret as the keys) and `manifest.json` (row counts
per table, blob count and bytes, the database file's SHA-256). Restore goes into an empty database, an empty blob
folder and an empty key folder only, checks every blob's hash and ends by comparing the row counts with the manifest.
The database is copied consistently while the server runs; blobs written after the copy began are not in it, and the
next backup picks them up (they are content-addressed, so copying again is harmless).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, table

from server.core.config import Settings
from server.db.engine import is_postgres, make_engine
from server.db.migrate import upgrade

MANIFEST = "manifest.json"
_CHUNK = 1 << 20
_TOOL_TIMEOUT = 3600  # s: pg_dump/pg_restore of a district's database; the bound only catches a hang


class BackupError(ValueError):
    """A backup or restore that cannot go on; nothing half-done is left claiming to be complete."""


@dataclass
class Manifest:
    created_at: str
    database: str  # "postgresql" or "sqlite"
    database_sha256: str
    rows: dict[str, int] = field(default_factory=dict)
    blobs: int = 0
    blob_bytes: int = 0


def backup(settings: Settings, dest: Path) -> Manifest:
    """Write a backup of `settings`' server into the new or empty folder `dest`."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"备份文件夹 {dest} 不是空的 / the backup folder {dest} is not empty")
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = make_engine(settings.database_url)
    try:
        dump = _dump_database(engine, settings.database_url, dest)
        manifest = Manifest(
            created_at=datetime.now(UTC).isoformat(),
            database=engine.dialect.name,
            database_sha256=_sha256(dump),
            rows=row_counts(engine),
        )
    finally:
        engine.dispose()
    manifest.blobs, manifest.blob_bytes = _copy_blobs(settings.blob_dir, dest / "blobs")
    _copy_tree(settings.key_dir, dest / "keys")
    (dest / MANIFEST).write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def restore(settings: Settings, src: Path) -> Manifest:
    """Restore the backup in `src` into `settings`' empty database, blob folder and key folder."""
    manifest = read_manifest(src)
    dump = src / ("database.dump" if manifest.database == "postgresql" else "database.sqlite3")
    if _sha256(dump) != manifest.database_sha256:
        raise BackupError(f"{dump} 与清单不符，备份已损坏 / {dump} does not match the manifest: the backup is damaged")
    _check_blobs(src / "blobs")  # before anything is written: a damaged backup changes nothing
    for folder in (settings.blob_dir, settings.key_dir):
        if folder.exists() and any(path.is_file() for path in folder.rglob("*")):
            raise BackupError(f"{folder} 不是空的，只能恢复到新服务器 / {folder} is not empty")
    engine = make_engine(settings.database_url)
    try:
        if engine.dialect.name != manifest.database:
            raise BackupError(
                f"备份来自 {manifest.database}，目标是 {engine.dialect.name} / "
                f"the backup is of {manifest.database}, the target is {engine.dialect.name}"
            )
        if inspect(engine).get_table_names():
            raise BackupError("目标数据库不是空的 / the target database is not empty: restore into a new database")
        _restore_database(engine, settings.database_url, dump)
        upgrade(engine)  # a backup of an older release comes up to this release's schema
        restored = row_counts(engine)
    finally:
        engine.dispose()
    _copy_blobs(src / "blobs", settings.blob_dir)
    _copy_tree(src / "keys", settings.key_dir)
    missing = {name: rows for name, rows in manifest.rows.items() if restored.get(name) != rows}
    if missing:
        raise BackupError(f"恢复后的行数与清单不符 / restored row counts differ from the manifest: {missing}")
    return manifest


def read_manifest(src: Path) -> Manifest:
    path = Path(src) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{src} 中没有 {MANIFEST}，不是备份 / {src} holds no {MANIFEST}: not a backup")
    return Manifest(**json.loads(path.read_text(encoding="utf-8")))


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table (Alembic's own bookkeeping left out)."""
    names = [name for name in inspect(engine).get_table_names() if name != "alembic_version"]
    with engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(table(name))).scalar_one() for name in names}


# --- the database -----------------------------------------------------------------------------------------------


def _dump_database(engine: Engine, url: str, dest: Path) -> Path:
    if is_postgres(engine):
        out = dest / "database.dump"
        _tool(["pg_dump", "--format=custom", "--no-owner", "--file", str(out), "--dbname", _libpq(url)])
        return out
    out = dest / "database.sqlite3"
    source = sqlite3.connect(engine.url.database)
    target = sqlite3.connect(out)
    try:
        source.backup(target)  # consistent while the server writes (SQLite's online backup)
    finally:
        target.close()
        source.close()
    return out


def _restore_database(engine: Engine, url: str, dump: Path) -> None:
    if is_postgres(engine):
        _tool(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", _libpq(url), str(dump)])
        return
    source = sqlite3.connect(dump)
    target = sqlite3.connect(engine.url.database)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as libpq takes it (`postgresql+psycopg://` → `postgresql://`)."""
    return "postgresql://" + url.split("://", 1)[1]


def _tool(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"找不到 {command[0]}（请安装 postgresql-client）/ {command[0]} not found (postgresql-client)"
        )
    done = subprocess.run(command, capture_output=True, text=True, timeout=_TOOL_TIMEOUT, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败 / {command[0]} failed: {done.stderr.strip()[-2000:]}")


# --- files --------------------------------------------------------------------------------------------------------


def _copy_blobs(src: Path, dest: Path) -> tuple[int, int]:
    """Every complete blob copied, its hash checked on the way."""
    count = size = 0
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    for path in _blob_files(src):
        target = dest / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        digest = _copy_hashing(path, target)
        if digest != path.name:
            target.unlink()
            raise BackupError(f"照片文件 {path} 已损坏（哈希不符）/ the blob {path} is damaged (hash mismatch)")
        count += 1
        size += target.stat().st_size
    return count, size


def _check_blobs(folder: Path) -> None:
    for path in _blob_files(folder):
        if _sha256(path) != path.name:
            raise BackupError(f"照片文件 {path} 已损坏（哈希不符）/ the blob {path} is damaged (hash mismatch)")


def _blob_files(folder: Path) -> list[Path]:
    """The complete blobs under `folder` (named by their SHA-256); partial uploads are not evidence yet."""
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and _is_hash(path.name) and "partial" not in path.relative_to(folder).parts
    ]


def _copy_hashing(src: Path, dest: Path) -> str:
    digest = hashlib.sha256()
    with src.open("rb") as reader, dest.open("wb") as writer:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    dest.chmod(0o600)
    return digest.hexdigest()


def _copy_tree(src: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    if src.is_dir():
        shutil.copytree(src, dest, dirs_exist_ok=True)


def _is_hash(name: str) -> bool:
    return len(name) == 64 and all(ch in "0123456789abcdef" for ch in name)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as reader:
        while chunk := reader.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
