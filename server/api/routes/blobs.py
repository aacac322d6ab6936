"""Resumable, content-addressed blob upload in the manner of tus: HEAD, POST declares, PATCH appends at an offset.

Owned (docs/ARCHITECTURE.md, "Blobs owned"): an upload is declared by the user who set the `sha256` of a record
already pushed (evidence, signature, recording), at the size that record states, and belongs to that user and the
device of the token; only they append to it. HEAD answers for the caller's own upload, or for the complete blob when
a record referencing it is visible to the caller, and is 404 otherwise. One request writes an upload at a time, across
every server process (`server.blobs.UploadLocks`). A body-camera video's limit is `max_recording_bytes`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from starlette.requests import ClientDisconnect

from app.models.wire import BlobStatus
from server.api.deps import CurrentUser, TokenDep
from server.api.errors import ERROR_RESPONSES, ApiError
from server.blobs import BlobStorage, TooLong, UploadLocks, upload_key
from server.core.security import token_digest
from server.db.tables import BlobRow, TokenRow
from server.sync import authz
from server.sync.blob_refs import BlobRef, republish, visible_refs
from server.sync.scope import Actor, actor_of

router = APIRouter(prefix="/api/blobs", tags=["blobs"], responses=ERROR_RESPONSES)
_SHA256 = re.compile(r"[0-9a-f]{64}")


@cache
def upload_locks(engine: Engine) -> UploadLocks:
    """The blob locks of the app's database (one set per engine, so per app)."""
    return UploadLocks(engine)


@dataclass(frozen=True)
class Uploader:
    """The caller: who, and from which device (the device named at login, as in the token)."""

    actor: Actor
    device_id: str

    @property
    def username(self) -> str:
        return self.actor.username

    def key(self, sha256: str) -> str:
        return upload_key(sha256, self.username, self.device_id)


def _device_of(request: Request, token: str) -> str | None:
    with request.app.state.sessions() as session:  # closed before the body streams: no connection held across it
        row = session.get(TokenRow, token_digest(token))
        return row.device_id if row is not None else None


async def uploader(request: Request, token: TokenDep, user: CurrentUser) -> Uploader:
    device_id = await run_in_threadpool(_device_of, request, token)
    if device_id is None:  # logged out in another process since the token was cached
        raise ApiError(401, "token_invalid", "登录凭证无效，请重新登录 / the token is not valid; log in again")
    return Uploader(actor_of(user), device_id)


UploaderDep = Annotated[Uploader, Depends(uploader)]


@dataclass
class _View:
    """What the caller may know of a blob: its own upload, the complete blob (when in scope), the visible records."""

    own: BlobRow | None
    done: BlobRow | None
    refs: list[BlobRef]


def _check_hash(sha256: str) -> None:
    if not _SHA256.fullmatch(sha256):
        raise ApiError(
            422, "invalid_blob_hash", "文件哈希应为64位小写十六进制 / the blob name must be a lower-case SHA-256"
        )


def _look(request: Request, sha256: str, who: Uploader) -> _View:
    with request.app.state.sessions() as session:
        own = session.get(BlobRow, (sha256, who.username, who.device_id))
        refs = visible_refs(session, who.actor, sha256)
        done = None
        if own is not None and own.complete:
            done = own
        elif own is not None or refs:
            done = session.scalars(select(BlobRow).where(BlobRow.sha256 == sha256, BlobRow.complete.is_(True))).first()
        return _View(own, done, refs)


def _answer(sha256: str, size: int, offset: int, code: int = 200) -> JSONResponse:
    status = BlobStatus(sha256=sha256, size=size, offset=offset, complete=offset == size)
    headers = {"Upload-Offset": str(offset), "Upload-Length": str(size), "Cache-Control": "no-store"}
    return JSONResponse(status.model_dump(), status_code=code, headers=headers)


@asynccontextmanager
async def _locked(request: Request, sha256: str, *, refuse_when_busy: bool = True) -> AsyncIterator[bool]:
    """Hold the blob's lock for the block; yields False (or answers 423) when another request has it."""
    release = await run_in_threadpool(upload_locks(request.app.state.engine).try_acquire, sha256)
    if release is None and refuse_when_busy:
        raise ApiError(
            423,
            "upload_busy",
            "此文件正由另一请求上传，请稍后重试 / another request is writing this upload; retry shortly",
        )
    try:
        yield release is not None
    finally:
        if release is not None:
            await run_in_threadpool(release)


def _stuck(request: Request, sha256: str, who: Uploader, own: BlobRow) -> bool:
    """Every byte is there but the upload was never marked complete (only then do HEAD and POST take the lock)."""
    storage: BlobStorage = request.app.state.blobs
    return not own.complete and (storage.has(sha256) or storage.offset(who.key(sha256)) == own.size)


async def _settle(request: Request, sha256: str, who: Uploader, own: BlobRow) -> BlobRow | None:
    """Finish an upload whose bytes all arrived but whose process stopped before the hash check said so.

    The caller holds the blob's lock. Verified: the row is completed; bytes that do not match: the upload is
    discarded (None) and starts over. Otherwise a retry of HEAD, POST or PATCH would find it stuck for good."""
    storage: BlobStorage = request.app.state.blobs
    if own.complete:
        return own
    if storage.has(sha256):  # moved into place, but the row was never marked
        ok = True
    elif storage.offset(who.key(sha256)) == own.size:
        ok = await run_in_threadpool(storage.finish, who.key(sha256), sha256)
    else:
        return own
    await _record_outcome(request, sha256, who, ok)
    own.complete = ok
    return own if ok else None


async def _record_outcome(request: Request, sha256: str, who: Uploader, ok: bool) -> None:
    """`_complete` as one of the few writers let onto a thread (waiting for the slot on the loop, holding nothing)."""
    async with request.app.state.writer_slots:
        await run_in_threadpool(_complete, request, sha256, who, ok)


def _complete(request: Request, sha256: str, who: Uploader, ok: bool) -> None:
    """Verified: the caller's upload is the blob, the other uploads of it are dropped, its records republished.
    Not verified: the caller's upload is dropped (the client starts over with POST). The caller holds the lock."""
    storage: BlobStorage = request.app.state.blobs
    others: list[tuple[str, str]] = []
    with request.app.state.write_lock, request.app.state.sessions() as session:
        row = session.get(BlobRow, (sha256, who.username, who.device_id))
        if not ok:
            if row is not None:
                session.delete(row)
        elif row is not None:  # None: another upload of it completed first and dropped this one; nothing to do
            not_mine = (BlobRow.sha256 == sha256) & ~(
                (BlobRow.username == who.username) & (BlobRow.device_id == who.device_id)
            )
            others = [tuple(r) for r in session.execute(select(BlobRow.username, BlobRow.device_id).where(not_mine))]
            session.execute(delete(BlobRow).where(not_mine))
            row.complete = True
            republish(session, sha256)  # its records are final now: every device pulls them again
        session.commit()
    for username, device_id in others:
        storage.discard(upload_key(sha256, username, device_id))
    storage.discard(who.key(sha256))


@router.head("/{sha256}")
async def head_blob(sha256: str, request: Request, who: UploaderDep) -> Response:
    _check_hash(sha256)
    view = await run_in_threadpool(_look, request, sha256, who)
    holds = {authz.Relation.OWN_UPLOAD: view.own is not None, authz.Relation.VISIBLE_RECORD: bool(view.refs)}
    if not authz.permits(who.actor, "blobs", authz.READ, lambda r: holds.get(r, False)):
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    own = view.own
    if view.done is None and own is not None and _stuck(request, sha256, who, own):
        async with _locked(request, sha256, refuse_when_busy=False) as held:  # never wait behind a running PATCH
            if held:
                own = await _settle(request, sha256, who, own)
    if view.done is not None or (own is not None and own.complete):
        size = view.done.size if view.done is not None else own.size
        offset = size
    elif own is not None:
        size, offset = own.size, request.app.state.blobs.offset(who.key(sha256))
    else:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    return Response(status_code=200, headers={"Upload-Offset": str(offset), "Upload-Length": str(size)})


def _mismatch(length: int, size: int) -> ApiError:
    return ApiError(
        409,
        "length_mismatch",
        f"声明的长度 {length} 与记录中的文件大小 {size} 不符 / the declared Upload-Length {length} differs from the "
        f"file's size on its record ({size})",
    )


def _may_declare(refs: list[BlobRef], who: Uploader, length: int) -> None:
    """The caller set the `sha256` of a visible record, and the length agrees with the size that record states."""
    mine = [r for r in refs if r.author == who.username]
    if not authz.permits(who.actor, "blobs", authz.DECLARE, lambda r: r is authz.Relation.RECORD_AUTHOR and bool(mine)):
        if refs:
            raise ApiError(
                403,
                "blob_not_yours",
                "只有提交该记录的人员可以上传此文件 / only the user who recorded this file may upload it",
            )
        raise ApiError(
            404,
            "blob_no_record",
            "没有引用此文件的记录，请先同步记录 / no record of yours references this file; push the record first",
        )
    sizes = {r.size for r in mine}
    if None not in sizes and length not in sizes:  # a signature states no size: the server's limit holds
        raise _mismatch(length, min(sizes))


def _create(request: Request, sha256: str, who: Uploader, size: int) -> tuple[BlobRow, bool]:
    with request.app.state.sessions() as session:
        row = BlobRow(
            sha256=sha256,
            username=who.username,
            device_id=who.device_id,
            size=size,
            complete=False,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        try:
            session.commit()
        except IntegrityError:  # the same device declared it twice at once: one upload
            session.rollback()
            return session.get(BlobRow, (sha256, who.username, who.device_id)), False
        return row, True


@router.post("/{sha256}", response_model=BlobStatus, status_code=201)
async def create_blob(
    sha256: str,
    request: Request,
    who: UploaderDep,
    upload_length: Annotated[int, Header(ge=1)],
) -> JSONResponse:
    _check_hash(sha256)
    view = await run_in_threadpool(_look, request, sha256, who)
    limit = _limit(request, view.refs)
    if upload_length > limit:
        raise ApiError(
            413, "blob_too_large", f"文件过大（上限 {limit} 字节）/ the file is too large (limit {limit} bytes)"
        )
    if view.done is not None:  # dedup: complete already, and in the caller's scope
        if view.done.size != upload_length:
            raise _mismatch(upload_length, view.done.size)
        return _answer(sha256, view.done.size, view.done.size)
    own = view.own
    if own is not None:
        if own.size != upload_length:
            raise _mismatch(upload_length, own.size)
        if _stuck(request, sha256, who, own):
            async with _locked(request, sha256, refuse_when_busy=False) as held:
                if held:
                    own = await _settle(request, sha256, who, own)
        if own is not None:
            offset = own.size if own.complete else request.app.state.blobs.offset(who.key(sha256))
            return _answer(sha256, own.size, offset)
    _may_declare(view.refs, who, upload_length)
    row, created = await run_in_threadpool(_create, request, sha256, who, upload_length)
    return _answer(sha256, row.size, request.app.state.blobs.offset(who.key(sha256)), 201 if created else 200)


def _limit(request: Request, refs: list[BlobRef]) -> int:
    """The largest file the server takes: a body-camera video's limit when a recording references it, else a photo's."""
    settings = request.app.state.settings
    recording = any(r.entity == "recordings" for r in refs)
    return settings.max_recording_bytes if recording else settings.max_blob_bytes


def _offset_mismatch(offset: int) -> ApiError:
    return ApiError(
        409,
        "offset_mismatch",
        f"偏移量应为 {offset} / the upload is at offset {offset}",
        {"Upload-Offset": str(offset)},
    )


def _when_done(done: BlobRow, upload_offset: int) -> JSONResponse:
    if upload_offset == done.size:  # nothing left to send: say it is done
        return _answer(done.sha256, done.size, done.size)
    raise _offset_mismatch(done.size)


@router.patch("/{sha256}", response_model=BlobStatus)
async def append_blob(
    sha256: str,
    request: Request,
    who: UploaderDep,
    upload_offset: Annotated[int, Header(ge=0)],
) -> Response:
    _check_hash(sha256)
    storage: BlobStorage = request.app.state.blobs
    view = await run_in_threadpool(_look, request, sha256, who)
    if view.done is not None:
        return _when_done(view.done, upload_offset)
    own_upload = view.own is not None
    if not authz.permits(who.actor, "blobs", authz.APPEND, lambda r: r is authz.Relation.OWN_UPLOAD and own_upload):
        raise ApiError(404, "blob_unknown", "请先创建上传 / create the upload first (POST)")
    async with _locked(request, sha256):
        view = await run_in_threadpool(_look, request, sha256, who)  # as it is now that this request holds it
        if view.done is not None:
            return _when_done(view.done, upload_offset)
        own = await _settle(request, sha256, who, view.own) if view.own is not None else None
        if own is None:
            raise ApiError(404, "blob_unknown", "请先创建上传 / create the upload first (POST)")
        if own.complete:
            return _when_done(own, upload_offset)
        held = storage.offset(who.key(sha256))
        if upload_offset != held:
            raise _offset_mismatch(held)
        try:
            offset = await storage.append(who.key(sha256), request.stream(), own.size - held)
        except TooLong as exc:
            raise ApiError(
                413, "blob_too_long", "数据超过声明的长度 / more bytes than the declared Upload-Length"
            ) from exc
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening; the bytes that arrived are kept
        if offset == own.size:
            ok = await run_in_threadpool(storage.finish, who.key(sha256), sha256)
            await _record_outcome(request, sha256, who, ok)
            if not ok:
                raise ApiError(
                    422,
                    "hash_mismatch",
                    "文件内容与哈希不符，已丢弃 / the bytes do not match the SHA-256; the upload was discarded",
                )
    return _answer(sha256, own.size, offset)
