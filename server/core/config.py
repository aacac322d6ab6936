"""Server settings from the environment, resolved once at start."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

DEFAULT_MAX_BLOB_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_RECORDING_BYTES = 16 * 1024**3  # a body-camera video (执法记录仪): several GB, streamed in chunks
DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024  # a full push batch of large records fits many times over
DEFAULT_TOKEN_TTL_HOURS = 14 * 24  # field work is offline for days; a token must outlive a week in the field
DEFAULT_THREADS = 40  # worker threads of one process for the synchronous handlers (anyio's default)
DEFAULT_TOKEN_RECHECK_SECONDS = 60  # how late another process's logout is seen by this one
DEFAULT_PASSWORD_SLOTS = 2  # argon2id checks at once: 64 MiB and ~1 core each
DEFAULT_WRITER_SLOTS = 16  # writers (push, 申码, revocation, blob completion) on threads at once: a push group's size
# pulls on threads at once: two overlap one's wait on the database with the other's Python; more only share the
# interpreter's one core with the writer holding the write lock, and stretch its turn (server/README.md, "Reader
# slots": at 200 laptops 2 slots answered pushes in 118 ms p50, 4 in 351 ms, 8 in 2.6 s, 40 in 6.8 s)
DEFAULT_READER_SLOTS = 2
DEFAULT_MAX_PULL_BYTES = 4 * 1024 * 1024  # a pull page's stored JSON; one record larger still goes alone
# A first sync comes as a snapshot file once the change log is this long (below it, pages are quick), and a scope's
# snapshot is made again once the log has moved this far past it (server/sync/snapshot.py)
DEFAULT_SNAPSHOT_MIN_CHANGES = 20_000
DEFAULT_SNAPSHOT_REFRESH_CHANGES = 5_000


def data_dir_from_env() -> Path:
    """`FIELD_INSPECTOR_SERVER_DATA` or the platform's data folder: holds the SQLite file, blobs and signing keys."""
    configured = os.environ.get("FIELD_INSPECTOR_SERVER_DATA")
    return Path(configured) if configured else Path(user_data_dir("field-inspector-server"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES
    max_recording_bytes: int = DEFAULT_MAX_RECORDING_BYTES
    token_ttl_hours: int = DEFAULT_TOKEN_TTL_HOURS
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    threads: int = DEFAULT_THREADS
    db_pool_size: int | None = None  # None: one connection per thread (see `pool_size`)
    db_pool_timeout: float = 30.0
    token_recheck_seconds: float = DEFAULT_TOKEN_RECHECK_SECONDS
    password_slots: int = DEFAULT_PASSWORD_SLOTS
    writer_slots: int = DEFAULT_WRITER_SLOTS
    reader_slots: int = DEFAULT_READER_SLOTS
    max_pull_bytes: int = DEFAULT_MAX_PULL_BYTES
    min_client_version: str | None = None  # older desktop clients get 426 client_outdated (server/api/client_version)
    replica_database_url: str | None = None  # a streaming replica that serves pulls (server/sync/replica.py)
    snapshot_min_changes: int = DEFAULT_SNAPSHOT_MIN_CHANGES
    snapshot_refresh_changes: int = DEFAULT_SNAPSHOT_REFRESH_CHANGES

    @property
    def pool_size(self) -> int:
        """Connections per process. A thread holds at most one at a time and gives it back before it returns, so
        with one per thread no thread waits for a connection; a smaller pool makes threads wait, never deadlock."""
        return self.db_pool_size or self.threads

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def key_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def snapshot_dir(self) -> Path:
        return self.data_dir / "snapshots"

    @classmethod
    def from_env(cls) -> Settings:
        """Read `FIELD_INSPECTOR_SERVER_DATA`, `DATABASE_URL`, `FI_MAX_BLOB_BYTES`, `FI_MAX_RECORDING_BYTES`,
        `FI_TOKEN_TTL_HOURS`,
        `FI_MAX_REQUEST_BYTES`, `FI_THREADS`, `FI_DB_POOL_SIZE`, `FI_DB_POOL_TIMEOUT`, `FI_TOKEN_RECHECK_SECONDS`,
        `FI_PASSWORD_SLOTS`, `FI_WRITER_SLOTS`, `FI_READER_SLOTS`, `FI_MAX_PULL_BYTES`, `FI_SNAPSHOT_MIN_CHANGES`,
        `FI_SNAPSHOT_REFRESH_CHANGES`."""
        data_dir = data_dir_from_env()
        env = os.environ.get
        return cls(
            data_dir=data_dir,
            database_url=env("DATABASE_URL") or f"sqlite:///{data_dir / 'server.db'}",
            max_blob_bytes=int(env("FI_MAX_BLOB_BYTES", DEFAULT_MAX_BLOB_BYTES)),
            max_recording_bytes=int(env("FI_MAX_RECORDING_BYTES", DEFAULT_MAX_RECORDING_BYTES)),
            token_ttl_hours=int(env("FI_TOKEN_TTL_HOURS", DEFAULT_TOKEN_TTL_HOURS)),
            max_request_bytes=int(env("FI_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES)),
            threads=int(env("FI_THREADS", DEFAULT_THREADS)),
            db_pool_size=int(env("FI_DB_POOL_SIZE", 0)) or None,
            db_pool_timeout=float(env("FI_DB_POOL_TIMEOUT", 30)),
            token_recheck_seconds=float(env("FI_TOKEN_RECHECK_SECONDS", DEFAULT_TOKEN_RECHECK_SECONDS)),
            password_slots=int(env("FI_PASSWORD_SLOTS", DEFAULT_PASSWORD_SLOTS)),
            writer_slots=int(env("FI_WRITER_SLOTS", DEFAULT_WRITER_SLOTS)),
            reader_slots=int(env("FI_READER_SLOTS", DEFAULT_READER_SLOTS)),
            max_pull_bytes=int(env("FI_MAX_PULL_BYTES", DEFAULT_MAX_PULL_BYTES)),
            min_client_version=env("FI_MIN_CLIENT_VERSION") or None,
            replica_database_url=env("FI_REPLICA_DATABASE_URL") or None,
            snapshot_min_changes=int(env("FI_SNAPSHOT_MIN_CHANGES", DEFAULT_SNAPSHOT_MIN_CHANGES)),
            snapshot_refresh_changes=int(env("FI_SNAPSHOT_REFRESH_CHANGES", DEFAULT_SNAPSHOT_REFRESH_CHANGES)),
        )
