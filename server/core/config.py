"""Server settings from the environment, resolved once at start."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

DEFAULT_MAX_BLOB_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024  # a full push batch of large records fits many times over
DEFAULT_TOKEN_TTL_HOURS = 14 * 24  # field work is offline for days; a token must outlive a week in the field


def data_dir_from_env() -> Path:
    """`FIELD_INSPECTOR_SERVER_DATA` or the platform's data folder: holds the SQLite file, blobs and signing keys."""
    configured = os.environ.get("FIELD_INSPECTOR_SERVER_DATA")
    return Path(configured) if configured else Path(user_data_dir("field-inspector-server"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    max_blob_bytes: int = DEFAULT_MAX_BLOB_BYTES
    token_ttl_hours: int = DEFAULT_TOKEN_TTL_HOURS
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def key_dir(self) -> Path:
        return self.data_dir / "keys"

    @classmethod
    def from_env(cls) -> Settings:
        """Read `FIELD_INSPECTOR_SERVER_DATA`, `DATABASE_URL`, `FI_MAX_BLOB_BYTES`, `FI_TOKEN_TTL_HOURS`,
        `FI_MAX_REQUEST_BYTES`."""
        data_dir = data_dir_from_env()
        return cls(
            data_dir=data_dir,
            database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'server.db'}",
            max_blob_bytes=int(os.environ.get("FI_MAX_BLOB_BYTES", DEFAULT_MAX_BLOB_BYTES)),
            token_ttl_hours=int(os.environ.get("FI_TOKEN_TTL_HOURS", DEFAULT_TOKEN_TTL_HOURS)),
            max_request_bytes=int(os.environ.get("FI_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES)),
        )
