"""Production mode (`FI_PRODUCTION=1`): the server refuses to start while a default secret is in place.

Default secrets here: an account that still has the published demo password (README), a database password that is
a well-known default, or a signing key file that other local users can read. Outside production mode (development,
tests, demos) they are allowed.
"""

from __future__ import annotations

import os
import stat
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.resources import DEMO_PASSWORD
from server.core.config import Settings
from server.core.security import verify_password
from server.db.tables import UserRow

PRODUCTION_ENV = "FI_PRODUCTION"
WELL_KNOWN_DB_PASSWORDS = frozenset({"postgres", "password", "changeme", "admin", "123456", "secret"})


def production() -> bool:
    return os.environ.get(PRODUCTION_ENV, "") not in ("", "0")


def default_secrets(settings: Settings, session: Session) -> list[str]:
    """What stops a production start, each in words (no secret itself is ever printed)."""
    found = []
    demo_users = [
        user.username
        for user in session.scalars(select(UserRow).where(UserRow.active.is_(True)))
        if verify_password(user.password_hash, DEMO_PASSWORD)
    ]
    if demo_users:
        found.append(
            f"{len(demo_users)} 个账号仍使用公开的演示密码（如 {demo_users[0]}） / "
            f"{len(demo_users)} accounts still have the published demo password (such as {demo_users[0]})"
        )
    if weak_database_password(settings.database_url):
        found.append("数据库密码是常见的默认密码 / the database password is a well-known default")
    open_keys = [p.name for p in sorted(settings.key_dir.glob("*.pem")) if stat.S_IMODE(p.stat().st_mode) & 0o077]
    if open_keys:
        found.append(
            f"签名私钥文件其他用户可读：{open_keys[0]} / a signing key file is open to other users: {open_keys[0]}"
        )
    return found


def weak_database_password(url: str) -> bool:
    password = urlsplit(url).password
    return password is not None and password.casefold() in WELL_KNOWN_DB_PASSWORDS


def refusal(problems: list[str]) -> str:
    lines = "\n".join(f"- {p}" for p in problems)
    return f"生产模式下拒绝启动 / refusing to start in production mode ({PRODUCTION_ENV}=1):\n{lines}"
