"""Resumable, content-addressed blob upload in the manner of tus: HEAD, POST creates, PATCH appends at an offset."""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from app.models.wire import BlobStatus
from server.api.deps import CurrentUser
from server.api.errors import ApiError
from server.blobs import BlobStorage, TooLong
from server.db.tables import BlobRow
from server.sync.blob_refs import republish

router = APIRouter(prefix="/api/blobs", tags=["blobs"])
_SHA256 = re.compile(r"[0-9a-f]{64}")
_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)  # one upload per blob at a time in a process


def _check_hash(sha256: str) -> None:
    if not _SHA256.fullmatch(sha256):
        raise ApiError(
            422, "invalid_blob_hash", "文件哈希应为64位小写十六进制 / the blob name must be a lower-case SHA-256"
        )


def _row(request: Request, sha256: str) -> BlobRow | None:
    with request.app.state.sessions() as session:
        return session.get(BlobRow, sha256)


def _status(row: BlobRow, storage: BlobStorage) -> BlobStatus:
    offset = row.size if row.complete else storage.offset(row.sha256)
    return BlobStatus(sha256=row.sha256, size=row.size, offset=offset, complete=row.complete)


def _answer(status: BlobStatus, code: int = 200) -> JSONResponse:
    headers = {"Upload-Offset": str(status.offset), "Upload-Length": str(status.size), "Cache-Control": "no-store"}
    return JSONResponse(status.model_dump(), status_code=code, headers=headers)


async def _settle(request: Request, row: BlobRow) -> BlobRow | None:
    """Finish an upload whose bytes all arrived but whose process stopped before the hash check said so.

    The caller holds the blob's lock. Verified: the row is completed; bytes that do not match: the upload is
    discarded (None) and starts over. Otherwise a retry of HEAD, POST or PATCH would find it stuck for good."""
    storage: BlobStorage = request.app.state.blobs
    if row.complete:
        return row
    if storage.has(row.sha256):  # moved into place, but the row was never marked
        ok = True
    elif storage.offset(row.sha256) == row.size:
        ok = await run_in_threadpool(storage.finish, row.sha256)
    else:
        return row
    await run_in_threadpool(_complete, request, row.sha256, ok)
    row.complete = ok
    return row if ok else None


@router.head("/{sha256}")
async def head_blob(sha256: str, request: Request, _user: CurrentUser) -> Response:
    _check_hash(sha256)
    row = await run_in_threadpool(_row, request, sha256)
    if row is not None and not row.complete and not _locks[sha256].locked():  # never wait behind a running PATCH
        async with _locks[sha256]:
            row = await _settle(request, row)
    if row is None:
        return Response(status_code=404)
    status = _status(row, request.app.state.blobs)
    headers = {"Upload-Offset": str(status.offset), "Upload-Length": str(status.size), "Cache-Control": "no-store"}
    return Response(status_code=200, headers=headers)


def _create(request: Request, sha256: str, size: int, username: str) -> tuple[BlobRow, bool]:
    with request.app.state.sessions() as session:
        row = session.get(BlobRow, sha256)
        if row is not None:
            return row, False
        row = BlobRow(sha256=sha256, size=size, complete=False, created_by=username, created_at=datetime.now(UTC))
        session.add(row)
        session.commit()
        return row, True


@router.post("/{sha256}", response_model=BlobStatus, status_code=201)
async def create_blob(
    sha256: str,
    request: Request,
    user: CurrentUser,
    upload_length: Annotated[int, Header(ge=1)],
) -> JSONResponse:
    _check_hash(sha256)
    limit = request.app.state.settings.max_blob_bytes
    if upload_length > limit:
        raise ApiError(
            413, "blob_too_large", f"文件过大（上限 {limit} 字节）/ the file is too large (limit {limit} bytes)"
        )
    async with _locks[sha256]:
        row, created = await run_in_threadpool(_create, request, sha256, upload_length, user.username)
        if await _settle(request, row) is None:  # a stuck upload that did not verify: start it over
            row, created = await run_in_threadpool(_create, request, sha256, upload_length, user.username)
    if row.size != upload_length:
        raise ApiError(409, "length_mismatch", "与已开始的上传长度不同 / a different Upload-Length was declared before")
    return _answer(_status(row, request.app.state.blobs), 201 if created else 200)


def _complete(request: Request, sha256: str, ok: bool) -> None:
    with request.app.state.write_lock, request.app.state.sessions() as session:
        row = session.get(BlobRow, sha256)
        if ok:
            row.complete = True
            republish(session, sha256)  # its records are final now: every device pulls them again
        else:
            session.delete(row)  # the client starts over with POST
        session.commit()


@router.patch("/{sha256}", response_model=BlobStatus)
async def append_blob(
    sha256: str,
    request: Request,
    _user: CurrentUser,
    upload_offset: Annotated[int, Header(ge=0)],
) -> JSONResponse:
    _check_hash(sha256)
    storage: BlobStorage = request.app.state.blobs
    async with _locks[sha256]:
        row = await run_in_threadpool(_row, request, sha256)
        if row is not None:
            row = await _settle(request, row)
        if row is None:
            raise ApiError(404, "blob_unknown", "请先创建上传 / create the upload first (POST)")
        status = _status(row, storage)
        if row.complete and upload_offset == row.size:  # nothing left to send: say it is done
            return _answer(status)
        if upload_offset != status.offset or row.complete:
            raise ApiError(
                409,
                "offset_mismatch",
                f"偏移量应为 {status.offset} / the upload is at offset {status.offset}",
                {"Upload-Offset": str(status.offset)},
            )
        try:
            offset = await storage.append(sha256, request.stream(), row.size - status.offset)
        except TooLong as exc:
            raise ApiError(
                413, "blob_too_long", "数据超过声明的长度 / more bytes than the declared Upload-Length"
            ) from exc
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening; the bytes that arrived are kept
        if offset == row.size:
            ok = await run_in_threadpool(storage.finish, sha256)
            await run_in_threadpool(_complete, request, sha256, ok)
            if not ok:
                raise ApiError(
                    422,
                    "hash_mismatch",
                    "文件内容与哈希不符，已丢弃 / the bytes do not match the SHA-256; the upload was discarded",
                )
            row.complete = True
    return _answer(BlobStatus(sha256=sha256, size=row.size, offset=offset, complete=row.complete))
