"""检查码 API: request (申码), revoke, log a use, and the server's public keys for verification.

Use logging is its own call (`POST /api/codes/{id}/uses`) rather than a side effect of pushed inspections: the client
reports each showing of the code (亮码) with its place, and a report made offline is sent later with its own id, so a
retry never counts twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from app.rules.codes import code_url
from server import codes as domain
from server.api.deps import CurrentUser, SessionDep
from server.api.errors import ApiError
from server.codes import MAX_LOCATION, MAX_REASON, CodeRefusal

router = APIRouter(tags=["codes"])


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CodeRequest(_Body):
    task_ids: list[str] = Field(min_length=1, max_length=20)
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime | None = None


class RevokeRequest(_Body):
    reason: str = Field(min_length=1, max_length=MAX_REASON)


class UseRequest(_Body):
    id: str = Field(min_length=1, max_length=64)  # client-made, so a retried report is stored once
    used_at: AwareDatetime
    location: str | None = Field(default=None, max_length=MAX_LOCATION)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


def _refused(exc: CodeRefusal) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


def _code_answer(request: Request, code: Any) -> dict[str, Any]:
    return {"code": code.model_dump(mode="json"), "url": code_url(str(request.base_url), code.short_code)}


@router.post("/api/codes", status_code=201)
def post_code(body: CodeRequest, session: SessionDep, user: CurrentUser, request: Request) -> dict[str, Any]:
    """申码: issue a signed code for one task or the tasks of one joint inspection; refusals say why."""
    with request.app.state.write_lock:
        try:
            code = domain.request_code(
                session,
                request.app.state.keys,
                user,
                body.task_ids,
                valid_from=body.valid_from,
                valid_until=body.valid_until,
                policy=domain.CodePolicy.from_env(),
            )
        except CodeRefusal as exc:
            session.rollback()
            raise _refused(exc) from exc
        session.commit()
    return _code_answer(request, code)


@router.post("/api/codes/{code_id}/revoke")
def post_revoke(
    code_id: str, body: RevokeRequest, session: SessionDep, user: CurrentUser, request: Request
) -> dict[str, Any]:
    with request.app.state.write_lock:
        try:
            code = domain.revoke_code(session, user, code_id, body.reason)
        except CodeRefusal as exc:
            session.rollback()
            raise _refused(exc) from exc
        session.commit()
    return _code_answer(request, code)


def _use_json(row: Any) -> dict[str, Any]:
    fields = ("id", "code_id", "username", "device_id", "used_at", "received_at", "location", "latitude", "longitude")
    data = {f: getattr(row, f) for f in fields}
    for f in ("used_at", "received_at"):
        data[f] = data[f].isoformat() if isinstance(data[f], datetime) else data[f]
    return data


@router.post("/api/codes/{code_id}/uses")
def post_use(code_id: str, body: UseRequest, session: SessionDep, user: CurrentUser) -> JSONResponse:
    """Log a use of the code by one of its inspectors: 201 when new, 200 when this report was seen before."""
    report = domain.UseReport(body.id, body.used_at, body.location, body.latitude, body.longitude)
    try:
        row, new = domain.log_use(session, user, code_id, report)
    except CodeRefusal as exc:
        raise _refused(exc) from exc
    session.commit()
    return JSONResponse(_use_json(row), status_code=201 if new else 200)


@router.get("/api/codes/{code_id}/uses")
def get_uses(code_id: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    try:
        rows = domain.uses_of(session, user, code_id)
    except CodeRefusal as exc:
        raise _refused(exc) from exc
    return {"uses": [_use_json(r) for r in rows]}


@router.get("/api/keys")
def get_keys(request: Request) -> dict[str, Any]:
    """The server's public keys by the key id codes carry: the current one and every earlier one (rotation)."""
    return {"keys": [key.model_dump() for key in request.app.state.keys.published()]}
