"""Where a user's local store lives: one folder per user under the platform's user-data folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

from platformdirs import user_data_dir

from app.store.errors import StoreError

DATA_ENV = "FIELD_INSPECTOR_DATA"
STORE_FILENAME = "store.sqlite3"
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def data_root() -> Path:
    """The client's data folder: `$FIELD_INSPECTOR_DATA` if set, else platformdirs' user-data folder."""
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else Path(user_data_dir("field-inspector", appauthor=False))


def in_data_root(folder: Path) -> bool:
    """Whether `folder` is the app's own (inside the data folder), so its mode may be tightened."""
    return Path(folder).resolve().is_relative_to(data_root().resolve())


def default_store_path(username: str) -> Path:
    """`<data root>/<username>/store.sqlite3`; the user's blobs live beside it in `blobs/`."""
    if not _USERNAME.match(username):
        raise StoreError(
            f"用户名不可用作文件夹名：{username!r}（只允许字母、数字、点、下划线和连字符）",
            f"the user name {username!r} cannot name a folder (letters, digits, dot, underscore, hyphen only)",
        )
    return data_root() / username / STORE_FILENAME
