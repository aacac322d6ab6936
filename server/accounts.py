"""Users and their sessions: each user has an `Inspector` record so clients know names and certificates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.models import Inspector, Role
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


def login(
    session: Session, username: str, password: str, device_id: str, ttl_hours: int
) -> tuple[str, datetime, UserRow]:
    """A new token for a correct password; the database keeps only its digest."""
    user = session.get(UserRow, username)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise AuthError("bad_credentials", "用户名或密码错误 / wrong username or password")
    token = new_token()
    expires_at = datetime.now(UTC) + timedelta(hours=ttl_hours)
    session.add(TokenRow(digest=token_digest(token), username=username, device_id=device_id, expires_at=expires_at))
    return token, expires_at, user


def user_for_token(session: Session, token: str) -> UserRow:
    row = session.get(TokenRow, token_digest(token))
    if row is None:
        raise AuthError("token_invalid", "登录凭证无效，请重新登录 / the token is not valid; log in again")
    expires_at = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires_at <= datetime.now(UTC):
        raise AuthError("token_expired", "登录已过期，请重新登录 / the session expired; log in again")
    user = session.get(UserRow, row.username)
    if user is None or not user.active:
        raise AuthError("token_invalid", "账号已停用 / the account is disabled")
    return user


def logout(session: Session, token: str) -> None:
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
