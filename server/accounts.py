"""Users and their sessions: each user has an `Inspector` record so clients know names and certificates."""

from __future__ import annotations

import functools
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from app.models import Inspector, Role
from server import devices
from server.core.security import hash_password, new_token, token_digest, verify_password
from server.db.tables import TokenRow, UserRow
from server.sync.records import RecordCache, lock_change_log, write_records


class AuthError(Exception):
    """A refused login or token; `code` is the stable error code of the answer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def create_user(
    session: Session,
    *,
    username: str,
    password: str | None = None,
    password_hash: str | None = None,
    name: str,
    role: Role,
    team: str,
    district: str = "310105",
    certificate_no: str | None = None,
    inspector: Inspector | None = None,
) -> UserRow:
    """Add a user and its inspector record (given, or made from these fields). The caller commits."""
    if session.get(UserRow, username) is not None:
        raise ValueError(f"用户已存在 / user {username!r} already exists")
    if inspector is None:
        inspector = Inspector(
            name=name, username=username, certificate_no=certificate_no, role=role, team=team, district=district
        )
    user = UserRow(
        username=username,
        password_hash=password_hash or hash_password(password or ""),
        name=name,
        role=Role(role).value,
        team=team,
        district=district,
        certificate_no=certificate_no,
        inspector_id=inspector.id,
        active=True,
    )
    session.add(user)
    lock_change_log(session)
    cache = RecordCache(session)
    write_records(cache, [inspector], username=username)
    cache.flush()
    return user


@functools.cache
def dummy_hash() -> str:
    """A hash of a random password with the real parameters, checked for unknown or disabled names."""
    return hash_password(secrets.token_urlsafe(16))


def login(
    session: Session, username: str, password: str, device_id: str, ttl_hours: int, seal_key: str | None = None
) -> tuple[str, datetime, UserRow]:
    """A new token for a correct password; the database keeps only its digest. `seal_key`, the device's sealing key,
    is registered with the password (server/devices.py), never with a token alone.

    The connection goes back to the pool during the password check (tens of ms of CPU, 64 MiB)."""
    user = session.get(UserRow, username)
    session.commit()
    if user is None or not user.active:
        verify_password(dummy_hash(), password)  # as long as a real check: the time does not tell names apart
        raise AuthError("bad_credentials", "用户名或密码错误 / wrong username or password")
    if not verify_password(user.password_hash, password):
        raise AuthError("bad_credentials", "用户名或密码错误 / wrong username or password")
    if seal_key is not None:
        devices.register_key(session, username, device_id, seal_key)
    token = new_token()
    expires_at = datetime.now(UTC) + timedelta(hours=ttl_hours)
    session.add(TokenRow(digest=token_digest(token), username=username, device_id=device_id, expires_at=expires_at))
    return token, expires_at, user


_INVALID = "登录凭证无效，请重新登录 / the token is not valid; log in again"
_EXPIRED = "登录已过期，请重新登录 / the session expired; log in again"


@dataclass(frozen=True)
class _Checked:
    user: UserRow  # detached, read only: shared by the requests of this token
    expires_at: datetime
    checked_at: float  # time.monotonic() of the database check


class TokenCache:
    """Token checks kept for the token's lifetime, so a request does not ask the database who is calling.

    Bounded (least recently used out first). A logout in this process forgets the token at once; a logout in
    another process, an account disabled or a token deleted in the database, is seen here at the next check of
    the database, at most `recheck_seconds` later. Expiry itself is exact: it is kept with the entry.
    """

    def __init__(self, sessions: sessionmaker[Session], recheck_seconds: float, max_entries: int = 10_000) -> None:
        self._sessions = sessions
        self._recheck = recheck_seconds
        self._max = max_entries
        self._entries: OrderedDict[str, _Checked] = OrderedDict()
        self._lock = threading.Lock()

    def cached_user(self, token: str) -> UserRow | None:
        """The caller, when this process checked the token recently; None means: ask `user`."""
        digest = token_digest(token)
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or time.monotonic() - entry.checked_at >= self._recheck:
                return None
            self._entries.move_to_end(digest)
        if entry.expires_at <= datetime.now(UTC):
            raise AuthError("token_expired", _EXPIRED)
        return entry.user

    def user(self, token: str) -> UserRow:
        """Check the token in the database (a session of its own, closed before returning) and keep the answer."""
        digest = token_digest(token)
        with self._sessions() as session:
            row = session.get(TokenRow, digest)
            user = session.get(UserRow, row.username) if row is not None else None
        if row is None:
            self.forget(token)
            raise AuthError("token_invalid", _INVALID)
        expires_at = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        if expires_at <= datetime.now(UTC):
            raise AuthError("token_expired", _EXPIRED)
        if user is None or not user.active:
            self.forget(token)
            raise AuthError("token_invalid", "账号已停用 / the account is disabled")
        with self._lock:
            self._entries[digest] = _Checked(user, expires_at, time.monotonic())
            self._entries.move_to_end(digest)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return user

    def forget(self, token: str) -> None:
        with self._lock:
            self._entries.pop(token_digest(token), None)

    def clear(self) -> None:
        """Forget every check (after a change made to the tokens or users tables behind this process's back)."""
        with self._lock:
            self._entries.clear()


def logout(session: Session, token: str) -> None:
    """End the token in the database; after the commit the caller tells its `TokenCache` to forget it."""
    session.execute(delete(TokenRow).where(TokenRow.digest == token_digest(token)))


def user_public(user: UserRow) -> dict[str, str | None]:
    return {
        "username": user.username,
        "name": user.name,
        "role": user.role,
        "team": user.team,
        "district": user.district,
        "certificate_no": user.certificate_no,
        "inspector_id": user.inspector_id,
    }
