"""Pull by cursor and push of mutation batches (DESIGN.md, Sync protocol)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from app.models.limits import Cursor
from app.models.wire import (
    KEYS_VERSION_HEADER,
    MAX_PULL_LIMIT,
    SNAPSHOT_CURSOR_HEADER,
    PullResponse,
    PushRequest,
    PushResponse,
)
from server.api.deps import CurrentUser, ReaderSlot, SessionDep, WriterSlot
from server.api.errors import ERROR_RESPONSES
from server.sync.push import push
from server.sync.scope import actor_of

SNAPSHOT_TYPE = "application/vnd.sqlite3"  # the file is a client store (app/store/snapshot.py)
router = APIRouter(prefix="/api/sync", tags=["sync"], responses=ERROR_RESPONSES)


@router.get("/pull", response_model=PullResponse)
def get_pull(
    request: Request,
    user: CurrentUser,
    _reader: ReaderSlot,
    since: Annotated[Cursor, Query()] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 500,
) -> Response:
    """The page as stored JSON text, assembled without decoding it (gzip by the middleware when asked for), read from
    the replica when one is configured and has reached the cursor (server/sync/replica.py). `X-Keys-Version` names
    the signing keys published now: the client fetches them only when that name changed (app/sync/keys.py)."""
    state = request.app.state
    body = state.pull_reader.page(actor_of(user), since, limit, state.settings.max_pull_bytes)  # session closed
    return Response(body, media_type="application/json", headers={KEYS_VERSION_HEADER: state.keys.version()})


@router.get(
    "/snapshot",
    responses={
        200: {"content": {SNAPSHOT_TYPE: {}}, "description": "the snapshot, gzip'd (Content-Encoding)"},
        204: {"description": "no snapshot offered: pull by pages"},
    },
)
def get_snapshot(request: Request, user: CurrentUser, schema: Annotated[int, Query(ge=0, le=1_000_000)]) -> Response:
    """A first sync as one file: the caller's scope as a client store of schema `schema`, to be copied whole, then
    pulled on by pages from `X-Snapshot-Cursor` (server/sync/snapshot.py). 204 when none is offered (a small change
    log, another schema version) or none is made yet (the scope's first ask starts it in the background)."""
    state = request.app.state
    opened = state.snapshots.open(actor_of(user), schema)
    if opened is None:
        return Response(status_code=204, headers={KEYS_VERSION_HEADER: state.keys.version()})
    headers = {
        "Content-Encoding": "gzip",  # as stored: the client's HTTP library unpacks it on the way in
        "Content-Length": str(opened.size),
        SNAPSHOT_CURSOR_HEADER: str(opened.cursor),
        KEYS_VERSION_HEADER: state.keys.version(),
    }
    return StreamingResponse(opened.chunks(), media_type=SNAPSHOT_TYPE, headers=headers)


@router.post("/push")
def post_push(
    body: PushRequest, session: SessionDep, user: CurrentUser, request: Request, _writer: WriterSlot
) -> PushResponse:
    """Merged before the process's write lock, written and committed under it with the other pushes queued for it
    (server/sync/push.py, push_writer.py)."""
    results = push(session, user, body, request.app.state.keys.public_keys(), request.app.state.push_writer)
    return PushResponse(results=results)
