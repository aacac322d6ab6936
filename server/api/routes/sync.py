"""Pull by cursor and push of mutation batches (DESIGN.md, Sync protocol)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from app.models.wire import MAX_PULL_LIMIT, PullResponse, PushRequest, PushResponse
from server.api.deps import CurrentUser, SessionDep
from server.sync.pull import pull
from server.sync.push import actor_of, push

router = APIRouter(prefix="/api/sync", tags=["sync"])


@router.get("/pull", response_model=PullResponse)
def get_pull(
    session: SessionDep,
    user: CurrentUser,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 500,
) -> JSONResponse:
    return JSONResponse(pull(session, actor_of(user), since, limit))


@router.post("/push")
def post_push(body: PushRequest, session: SessionDep, user: CurrentUser, request: Request) -> PushResponse:
    with request.app.state.write_lock:  # one writer per process; PostgreSQL also locks the change log
        results = push(session, user, body)
        session.commit()
    return PushResponse(results=results)
