"""Every error is an `ErrorBody` {code, message}: stable codes, bilingual messages, never an HTML page.

An unexpected exception is answered by `CatchAll`, a plain ASGI middleware, rather than by an exception handler:
Starlette's outermost middleware answers with the handler and then raises the exception again, and uvicorn closes
the connection when an exception escapes after the answer began, so a client's next request on its keep-alive
connection failed as if the server were offline.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.models.wire import MAX_PUSH_BATCH, ErrorBody
from server.refusal import Refusal

log = logging.getLogger("server.errors")

# Declared on every router: what a refusal looks like (413, 422 and the rest), in place of FastAPI's default 422.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "拒绝，说明原因 / refused, with the reason"},
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(status: int, code: str, message: str, detail: Any = None, headers: dict[str, str] | None = None):
    body = ErrorBody(code=code, message=message, detail=detail).model_dump(exclude_none=True)
    return JSONResponse(status_code=status, content=jsonable_encoder(body), headers=headers)


_HTTP_CODES = {
    400: ("malformed_body", "请求内容无法解析 / the request body cannot be parsed"),
    404: ("not_found", "没有此资源 / not found"),
    405: ("method_not_allowed", "不支持此方法 / method not allowed"),
}


def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
    if any(e["type"] == "json_invalid" for e in errors):
        return error_response(400, "malformed_json", "请求不是有效的 JSON / the request body is not valid JSON", errors)
    if any(e["type"] == "too_long" and e["loc"][-1:] == ["mutations"] for e in errors):
        message = f"一批最多 {MAX_PUSH_BATCH} 条修改 / at most {MAX_PUSH_BATCH} mutations per batch"
        return error_response(413, "batch_too_large", message, errors)
    fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors[:5])
    return error_response(422, "invalid_request", f"请求内容无效 / invalid request: {fields}", errors)


def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, headers=exc.headers)


def _refusal(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refusal)
    return error_response(exc.status, exc.code, exc.message)


def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _HTTP_CODES.get(exc.status_code, ("http_error", str(exc.detail)))
    return error_response(exc.status_code, code, message, headers=exc.headers)


class CatchAll:
    """Answer an unexpected exception with a 500 `ErrorBody` and keep the connection open.

    When the answer had already begun, nothing can be said any more: the exception goes on to the server, which
    drops the connection (the client then sees a cut-off answer, not a wrong one)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:
            log.error("unhandled error", exc_info=exc, extra={"fields": {"path": scope.get("path", "")}})
            if started:
                raise
            answer = error_response(500, "internal_error", "服务器内部错误 / internal server error")
            await answer(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(Refusal, _refusal)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(CatchAll)
