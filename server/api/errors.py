"""Every error is an `ErrorBody` {code, message}: stable codes, bilingual messages, never an HTML page."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.models.wire import MAX_PUSH_BATCH, ErrorBody

log = logging.getLogger("server.errors")


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


def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _HTTP_CODES.get(exc.status_code, ("http_error", str(exc.detail)))
    return error_response(exc.status_code, code, message, headers=exc.headers)


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error", exc_info=exc, extra={"fields": {"path": request.url.path}})
    return error_response(500, "internal_error", "服务器内部错误 / internal server error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
