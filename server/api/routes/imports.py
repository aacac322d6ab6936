"""Imports for the admin page: the file is the request body (xlsx or CSV, as exported), the answer the report.

`dry_run=true` is the preview: every row checked and the changes listed, nothing written. Without it the same checks
run under the write lock and the new and changed records are written in one transaction (a refused row never stops
the good ones; a refused file writes nothing). Who may: the authorization table (`authz.IMPORTS`), an admin of his
own district, into that district.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from app.models.imports import ImportReport
from server.api.deps import CurrentUser, WriterSlot
from server.api.errors import ERROR_RESPONSES
from server.db.tables import UserRow
from server.imports.catalogue import import_catalogue
from server.imports.reader import FileRefusal, Progress
from server.imports.targets import import_targets
from server.imports.users import import_users
from server.refusal import Refusal
from server.sync import authz
from server.sync.scope import actor_of

router = APIRouter(tags=["imports"], responses=ERROR_RESPONSES)
log = logging.getLogger(__name__)
PREFIX = "/api/imports/"
# A district's whole register as one file: 100,000 targets are 4.5 MB as xlsx, 16 MB as CSV (bench/bench_import.py).
MAX_FILE_BYTES = 64 * 1024 * 1024

_FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}

Importer = Callable[..., ImportReport]


def _allowed(user: UserRow, op: str) -> None:
    actor = actor_of(user)
    if not authz.permits(actor, authz.IMPORTS, op, lambda r: r in (authz.Relation.DISTRICT, authz.Relation.SHARED)):
        raise FileRefusal(403, "not_allowed", "只有管理员可以导入数据 / only an admin may import data")


async def _run(
    request: Request,
    user: UserRow,
    importer: Importer,
    dry_run: bool,
    progress: bool = False,
    after: Callable[[], None] | None = None,
) -> ImportReport | Response:
    """The import's report; with `progress`, a stream of JSON lines instead: {"progress": {stage, done, total}} as the
    rows are checked (and when the file is read and the records written), then {"report": …} or {"error": …}."""
    data = await request.body()
    if progress:
        stream = _stream(_work(request, user, importer, dry_run, data, after))
        return StreamingResponse(stream, media_type="application/x-ndjson")
    return await run_in_threadpool(_work(request, user, importer, dry_run, data, after)(None))


def _work(
    request: Request, user: UserRow, importer: Importer, dry_run: bool, data: bytes, after: Callable[[], None] | None
) -> Callable[[Progress | None], Callable[[], ImportReport]]:
    """The import as a thread's work, telling its progress to `tell`; `after` runs once it is committed."""

    def with_progress(tell: Progress | None) -> Callable[[], ImportReport]:
        return lambda: work(tell)

    def work(tell: Progress | None) -> ImportReport:
        session: Session = request.app.state.sessions()
        kw = {"district": user.district, "username": user.username, "progress": tell}
        try:
            if dry_run:
                return importer(session, data, dry_run=True, **kw)
            with request.app.state.write_lock:
                try:
                    report = importer(session, data, **kw)
                except BaseException:
                    session.rollback()  # before the write lock is let go
                    raise
                session.commit()
            if after is not None:
                after()
            return report
        finally:
            session.close()

    return with_progress


async def _stream(work: Callable[[Progress | None], Callable[[], ImportReport]]) -> AsyncIterator[bytes]:
    """The import on a worker thread, its progress carried to the loop and sent as it comes (one line each)."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

    def tell(stage: str, done: int, total: int) -> None:
        item = {"progress": {"stage": stage, "done": done, "total": total}}
        loop.call_soon_threadsafe(lines.put_nowait, item)

    async def run() -> None:
        try:
            report = await run_in_threadpool(work(tell))
            await lines.put({"report": report.model_dump(mode="json")})
        except Refusal as exc:
            await lines.put({"error": {"status": exc.status, "code": exc.code, "message": exc.message}})
        except Exception:
            log.exception("import failed")
            message = "服务器内部错误，导入未完成 / internal server error: nothing was imported"
            await lines.put({"error": {"status": 500, "code": "internal_error", "message": message}})
        finally:
            await lines.put(None)

    task = asyncio.create_task(run())
    while (item := await lines.get()) is not None:
        yield (json.dumps(item, ensure_ascii=False) + "\n").encode()
    await task


@router.post("/api/imports/targets", openapi_extra=_FILE_BODY, response_model=ImportReport)
async def post_import_targets(
    request: Request, user: CurrentUser, _writer: WriterSlot, dry_run: bool = False, progress: bool = False
) -> ImportReport | Response:
    """Targets from the district's register (xlsx or CSV): new credit codes created, known ones updated."""
    _allowed(user, authz.IMPORT_TARGETS)
    return await _run(request, user, import_targets, dry_run, progress)


@router.post("/api/imports/users", openapi_extra=_FILE_BODY, response_model=ImportReport)
async def post_import_users(
    request: Request,
    user: CurrentUser,
    _writer: WriterSlot,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    progress: bool = False,
) -> ImportReport | Response:
    """Users with their 执法证号 and teams: new usernames created, known ones updated (never their passwords), the
    district's users missing from the file deactivated (never deleted) with `deactivate_missing` (a whole staff
    list)."""
    _allowed(user, authz.IMPORT_USERS)
    importer = partial(import_users, deactivate_missing=deactivate_missing)
    forget = request.app.state.tokens.clear if deactivate_missing else None  # the deactivated users' checked tokens
    return await _run(request, user, importer, dry_run, progress, after=forget)


@router.post("/api/imports/catalogue", openapi_extra=_FILE_BODY, response_model=ImportReport)
async def post_import_catalogue(
    request: Request, user: CurrentUser, _writer: WriterSlot, dry_run: bool = False, progress: bool = False
) -> ImportReport | Response:
    """Checklists and items with legal bases: new ones created, unused ones updated, used ones given a new version."""
    _allowed(user, authz.IMPORT_CATALOGUE)

    def importer(
        session: Session,
        data: bytes,
        *,
        district: str,
        username: str,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        return import_catalogue(session, data, username=username, dry_run=dry_run, progress=progress)

    return await _run(request, user, importer, dry_run, progress)
