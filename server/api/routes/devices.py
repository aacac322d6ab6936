"""Signed-in devices (server/devices.py): an admin lists his district's and revokes one (a lost laptop)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from app.models.limits import Label
from server import devices as domain
from server.api.deps import CurrentUser, SessionDep, WriterSlot
from server.api.errors import ERROR_RESPONSES

router = APIRouter(tags=["devices"], responses=ERROR_RESPONSES)


class DeviceEntry(BaseModel):
    username: str
    device_id: str
    tokens: int
    expires_at: str


class DeviceList(BaseModel):
    devices: list[DeviceEntry]


class Revoked(BaseModel):
    revoked_tokens: int


@router.get("/api/devices")
def get_devices(session: SessionDep, user: CurrentUser) -> DeviceList:
    found = domain.signed_in(session, user)
    return DeviceList(devices=[DeviceEntry(**{**d.__dict__, "expires_at": d.expires_at.isoformat()}) for d in found])


@router.post("/api/devices/{username}/{device_id}/revoke")
def post_revoke(
    username: Label, device_id: Label, session: SessionDep, user: CurrentUser, request: Request, _writer: WriterSlot
) -> Revoked:
    """The device's tokens deleted; this process forgets its cached checks now, others within their recheck time."""
    gone = domain.revoke(session, user, username, device_id)
    session.commit()
    request.app.state.tokens.clear()
    return Revoked(revoked_tokens=gone)
