"""Request dependencies: a database session, the authenticated caller, and the gates of scarce work.

No connection is held across a wait. The session is lazy (it takes a connection at its first query and gives it
back at commit) and closed on the event loop, so giving a connection back never waits for a worker thread; the
caller is found in the token cache, or by a session of its own closed before the handler runs. Lock order: the
process's write lock first, then a connection (push, codes, blob completion). Dependencies that do no blocking
work are `async def`: FastAPI runs a plain `def` dependency on a worker thread, a hop that cost a small pull a
sixth of its server time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from server.accounts import AuthError, TokenCache
from server.api.errors import ApiError
from server.core.config import Settings
from server.db.tables import UserRow

_bearer = HTTPBearer(auto_error=False)


async def get_session(request: Request) -> AsyncIterator[Session]:
    session = request.app.state.sessions()
    try:
        yield session
    finally:
        session.close()  # on the loop: a request done with its thread never needs another one to end


SessionDep = Annotated[Session, Depends(get_session)]


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def bearer_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(
            401,
            "not_authenticated",
            "请先登录 / log in first (Authorization: Bearer <token>)",
            {"WWW-Authenticate": "Bearer"},
        )
    return credentials.credentials


TokenDep = Annotated[str, Depends(bearer_token)]


async def current_user(request: Request, token: TokenDep) -> UserRow:
    """The caller: from the cache on the loop, else checked in the database on a worker thread."""
    tokens: TokenCache = request.app.state.tokens
    try:
        return tokens.cached_user(token) or await run_in_threadpool(tokens.user, token)
    except AuthError as exc:
        raise ApiError(401, exc.code, exc.message, {"WWW-Authenticate": "Bearer"}) from exc


CurrentUser = Annotated[UserRow, Depends(current_user)]


async def password_slot(request: Request) -> AsyncIterator[None]:
    """Wait on the loop for one of the few password-check slots: a login storm queues here, holding no thread."""
    async with request.app.state.password_slots:
        yield


PasswordSlot = Annotated[None, Depends(password_slot)]


async def writer_slot(request: Request) -> AsyncIterator[None]:
    """Wait on the loop to become one of the few writers let onto a thread; the rest of them hold no thread while
    the write lock is busy, so reads (pull) always find one."""
    async with request.app.state.writer_slots:
        yield


WriterSlot = Annotated[None, Depends(writer_slot)]


async def reader_slot(request: Request) -> AsyncIterator[None]:
    """Wait on the loop to become one of the few pulls let onto a thread: forty pulls at once run no faster than
    four on one interpreter, and each runnable thread takes turns from the writer that holds the write lock."""
    async with request.app.state.reader_slots:
        yield


ReaderSlot = Annotated[None, Depends(reader_slot)]
