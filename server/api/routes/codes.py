"""检查码 API: request (申码), revoke, log a use, and the server's public keys for verification.

Use logging is its own call (`POST /api/codes/{id}/uses`) rather than a side effect of pushed inspections: the client
reports each showing of the code (亮码) with its place, and a report made offline is sent later with its own id, so a
retry never counts twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from app.models.limits import AwareInstant, Id, Text
from app.models.wire import KEYS_VERSION_HEADER, CodeAnswer, CodeRequest, CodeUse, CodeUses, SigningKeys
from app.rules.codes import code_url
from server import codes as domain
from server.api.deps import CurrentUser, SessionDep, WriterSlot
from server.api.errors import ERROR_RESPONSES
from server.codes import MAX_LOCATION, MAX_REASON, CodeRefusal
from server.signing import keys_version

router = APIRouter(tags=["codes"], responses=ERROR_RESPONSES)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class RevokeRequest(_Body):
    reason: Annotated[Text, Field(min_length=1, max_length=MAX_REASON)]


class UseRequest(_Body):
    id: Id  # client-made, so a retried report is stored once
    used_at: AwareInstant
    location: Annotated[Text, Field(max_length=MAX_LOCATION)] | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


def _code_answer(request: Request, code: Any) -> CodeAnswer:
    return CodeAnswer(code=code, url=code_url(str(request.base_url), code.short_code))


@router.post("/api/codes", status_code=201)
def post_code(
    body: CodeRequest, session: SessionDep, user: CurrentUser, request: Request, _writer: WriterSlot
) -> CodeAnswer:
    """申码: issue a signed code for one task or the tasks of one joint inspection; refusals say why.

    Checked and signed with no lock held; under the write lock only a check that nothing the checks read has moved
    and the writes (server/codes.py `write_prepared`); when something has, the whole request is run again there."""
    keys, policy = request.app.state.keys, domain.CodePolicy.from_env()
    window = {"valid_from": body.valid_from, "valid_until": body.valid_until}
    try:
        prepared = domain.prepare_code(session, keys, user, body.task_ids, **window, policy=policy)
    finally:
        session.rollback()  # the reads' transaction ends: no connection held while waiting for the lock
    if prepared.cache is None:  # the caller's own code asked again
        return _code_answer(request, prepared.code)
    with request.app.state.write_lock:
        try:
            code = prepared.code
            if not domain.write_prepared(session, prepared):
                session.rollback()
                code = domain.request_code(session, keys, user, body.task_ids, **window, policy=policy)
        except CodeRefusal:
            session.rollback()  # before the write lock is let go
            raise
        session.commit()
    return _code_answer(request, code)


@router.post("/api/codes/{code_id}/revoke")
def post_revoke(
    code_id: Id,
    body: RevokeRequest,
    session: SessionDep,
    user: CurrentUser,
    request: Request,
    _writer: WriterSlot,
) -> CodeAnswer:
    with request.app.state.write_lock:
        try:
            code = domain.revoke_code(session, user, code_id, body.reason)
        except CodeRefusal:
            session.rollback()  # before the write lock is let go
            raise
        session.commit()
    return _code_answer(request, code)


def _use(row: Any) -> CodeUse:
    fields = ("id", "code_id", "username", "device_id", "used_at", "received_at", "location", "latitude", "longitude")
    data = {f: getattr(row, f) for f in fields}
    for f in ("used_at", "received_at"):
        data[f] = data[f].isoformat() if isinstance(data[f], datetime) else data[f]
    return CodeUse.model_validate(data)


@router.post("/api/codes/{code_id}/uses", response_model=CodeUse, responses={201: {"model": CodeUse}})
def post_use(code_id: Id, body: UseRequest, session: SessionDep, user: CurrentUser) -> JSONResponse:
    """Log a use of the code by one of its inspectors: 201 when new, 200 when this report was seen before."""
    report = domain.UseReport(body.id, body.used_at, body.location, body.latitude, body.longitude)
    row, new = domain.log_use(session, user, code_id, report)
    session.commit()
    return JSONResponse(_use(row).model_dump(), status_code=201 if new else 200)


@router.get("/api/codes/{code_id}/uses")
def get_uses(code_id: Id, session: SessionDep, user: CurrentUser) -> CodeUses:
    rows = domain.uses_of(session, user, code_id)
    return CodeUses(uses=[_use(r) for r in rows])


@router.get("/api/keys")
def get_keys(request: Request, response: Response) -> SigningKeys:
    """The server's public keys by the key id codes carry: the current one and every earlier one (rotation), named by
    `X-Keys-Version` as on pull answers (the client keeps the name of the set it trusted)."""
    keys = request.app.state.keys.published()
    response.headers[KEYS_VERSION_HEADER] = keys_version(keys)
    return SigningKeys(keys=keys)
