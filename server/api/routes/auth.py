"""Login (enrolment: the answer carries the server's public signing key to pin) and logout."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.models.wire import LoginRequest, LoginResponse
from server.accounts import AuthError, login, logout, user_public
from server.api.deps import CurrentUser, SessionDep, SettingsDep, TokenDep
from server.api.errors import ApiError

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/login")
def post_login(body: LoginRequest, session: SessionDep, settings: SettingsDep, request: Request) -> LoginResponse:
    try:
        token, expires_at, user = login(session, body.username, body.password, body.device_id, settings.token_ttl_hours)
    except AuthError as exc:
        raise ApiError(401, exc.code, exc.message) from exc
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
    )


@router.post("/logout", status_code=204)
def post_logout(session: SessionDep, token: TokenDep, _user: CurrentUser) -> Response:
    logout(session, token)
    session.commit()
    return Response(status_code=204)
