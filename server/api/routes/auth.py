"""Login (enrolment: the answer carries the server's public signing key to pin) and logout."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request, Response

from app.models.wire import LoginRequest, LoginResponse
from server.accounts import AuthError, login, logout, user_public
from server.api.deps import CurrentUser, PasswordSlot, SessionDep, SettingsDep, TokenDep
from server.api.errors import ERROR_RESPONSES, ApiError
from server.throttle import locked_message

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=ERROR_RESPONSES)


@router.post("/login")
def post_login(
    body: LoginRequest, session: SessionDep, settings: SettingsDep, request: Request, _slot: PasswordSlot
) -> LoginResponse:
    throttle = request.app.state.throttle  # server/throttle.py: per name and per address, before any hash
    address = request.client.host if request.client else ""
    wait = throttle.locked_for(body.username, address)
    if wait:
        raise ApiError(429, "login_locked", locked_message(wait), headers={"Retry-After": str(math.ceil(wait))})
    try:
        token, expires_at, user = login(
            session, body.username, body.password, body.device_id, settings.token_ttl_hours, body.seal_key
        )
    except AuthError as exc:
        throttle.failed(body.username, address)
        raise ApiError(401, exc.code, exc.message) from exc
    throttle.succeeded(body.username)
    session.commit()
    keys = request.app.state.keys
    published = keys.published()
    return LoginResponse(
        token=token,
        expires_at=expires_at.isoformat(),
        user=user_public(user),
        public_key=keys.current_public_b64,
        key_id=keys.current_id,
        signing_keys=published,
        public_keys={k.key_id: k.public_key for k in published},
        max_blob_bytes=settings.max_blob_bytes,
        max_recording_bytes=settings.max_recording_bytes,
    )


@router.post("/logout", status_code=204)
def post_logout(session: SessionDep, token: TokenDep, _user: CurrentUser, request: Request) -> Response:
    logout(session, token)
    session.commit()
    request.app.state.tokens.forget(token)
    return Response(status_code=204)
