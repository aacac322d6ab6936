"""Per-device sign-ins: every token belongs to one user on one device (named at login). An admin lists those of his
district and revokes a device: its tokens are deleted, so that laptop must sign in again (a lost one never can
without the password). Who may: the authorization table (`authz.permits`, entity `devices`).
Each device also registers its sealing key at login (`register_key`); the keys stay when tokens go, so that the
records sealed before remain verifiable."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.db.tables import DeviceKeyRow, TokenRow, UserRow
from server.refusal import Refusal
from server.sync import authz
from server.sync.scope import Actor, actor_of


class DeviceRefusal(Refusal):
    """A device list or revocation refused."""


@dataclass(frozen=True)
class SignedInDevice:
    username: str
    device_id: str
    tokens: int
    expires_at: datetime  # the latest of its tokens


def _may(actor: Actor, op: str, district: str | None) -> bool:
    in_district = district == actor.district
    return authz.permits(actor, authz.DEVICES, op, lambda r: r is authz.Relation.DISTRICT and in_district)


def _refuse_role() -> DeviceRefusal:
    return DeviceRefusal(403, "not_allowed", "只有管理员可以管理登录设备 / only an admin may manage signed-in devices")


def signed_in(session: Session, user: UserRow) -> list[SignedInDevice]:
    """The devices with a live token of a user in the caller's district, by user then device."""
    actor = actor_of(user)
    if not _may(actor, authz.LIST, actor.district):
        raise _refuse_role()
    now = datetime.now(UTC)
    rows = session.execute(
        select(TokenRow.username, TokenRow.device_id, TokenRow.expires_at)
        .join(UserRow, UserRow.username == TokenRow.username)
        .where(UserRow.district == actor.district)
        .order_by(TokenRow.username, TokenRow.device_id)
    ).all()
    found: dict[tuple[str, str], SignedInDevice] = {}
    for username, device_id, expires_at in rows:
        expires_at = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
        if expires_at <= now:
            continue
        kept = found.get((username, device_id))
        latest = max(expires_at, kept.expires_at) if kept else expires_at
        found[(username, device_id)] = SignedInDevice(username, device_id, (kept.tokens if kept else 0) + 1, latest)
    return list(found.values())


def revoke(session: Session, user: UserRow, username: str, device_id: str) -> int:
    """Delete every token of `username` on `device_id`; how many. 404 for a user outside the caller's district."""
    actor = actor_of(user)
    owner = session.get(UserRow, username)
    if not _may(actor, authz.REVOKE, owner.district if owner else None):
        if _may(actor, authz.REVOKE, actor.district):  # an admin, but not of this user: as if unknown
            raise DeviceRefusal(404, "not_found", "本辖区没有这个用户 / no such user in your district")
        raise _refuse_role()
    gone = session.execute(
        delete(TokenRow).where(TokenRow.username == username, TokenRow.device_id == device_id)
    ).rowcount
    if not gone:
        raise DeviceRefusal(404, "not_found", "该设备没有有效登录 / no sign-in of that device")
    return gone


# --- sealing keys: each device's Ed25519 key for the full-process record (server/sync/seal_rule.py) ---------------


def register_key(session: Session, username: str, device_id: str, public_key: str) -> None:
    """Keep `public_key` as a sealing key of `username` on `device_id` (at login, after the password was checked).
    A key already kept is left as it was: the first device that registered it keeps it."""
    try:
        raw = base64.b64decode(public_key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise DeviceRefusal(422, "invalid_seal_key", "设备封存密钥无效 / the device's sealing key is not valid")
    if session.get(DeviceKeyRow, (username, public_key)) is None:
        session.add(
            DeviceKeyRow(username=username, public_key=public_key, device_id=device_id, registered_at=datetime.now(UTC))
        )


def key_holders(session: Session, public_key: str) -> list[DeviceKeyRow]:
    """Who registered `public_key` (normally one user on one device)."""
    return list(session.scalars(select(DeviceKeyRow).where(DeviceKeyRow.public_key == public_key)))


def has_keys(session: Session, username: str, inspector_ids: list[str] | None = None) -> bool:
    """Whether the user, or one of the inspectors named, has signed in from a device that seals: then every finish
    of theirs must carry a seal."""
    users = select(UserRow.username).where(UserRow.inspector_id.in_(inspector_ids or []))
    named = (DeviceKeyRow.username == username) | DeviceKeyRow.username.in_(users)
    return session.scalar(select(DeviceKeyRow.public_key).where(named).limit(1)) is not None
