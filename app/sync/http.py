"""The sync client's HTTP side: one requests.Session, a timeout on every call, errors mapped to typed exceptions."""

from __future__ import annotations

from typing import Any

import requests

from app.models.wire import (
    BlobStatus,
    LoginResponse,
    Mutation,
    PullResponse,
    PushRequest,
    PushResponse,
    SigningKey,
)
from app.sync.errors import AuthError, BadRequestError, OfflineError, OffsetMismatchError, ServerError

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds: a corridor with one bar still answers within these


class SyncClient:
    """Calls the server's API (docs/ARCHITECTURE.md). Thread-confined: one client per sync thread."""

    def __init__(self, base_url: str, token: str | None = None, timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "field-inspector-sync"

    def close(self) -> None:
        self.session.close()

    # --- API ----------------------------------------------------------------------------------------------------

    def healthz(self) -> bool:
        """Whether the server answers at all; never raises (it is the network probe)."""
        try:
            return self._send("GET", "/healthz", auth=False).status_code == 200
        except (OfflineError, ServerError):
            return False

    def login(self, username: str, password: str, device_id: str) -> LoginResponse:
        body = {"username": username, "password": password, "device_id": device_id}
        response = self._send("POST", "/api/auth/login", json=body, auth=False)
        return LoginResponse.model_validate(self._json(response))

    def logout(self) -> None:
        self._send("POST", "/api/auth/logout")

    def signing_keys(self) -> list[SigningKey]:
        response = self._send("GET", "/api/keys")
        return [SigningKey.model_validate(key) for key in self._json(response)["keys"]]

    def request_code(self, task_ids: list[str]) -> dict[str, Any]:
        """申码 for one task or the tasks of one joint inspection: the server's {"code": ..., "url": ...}."""
        return self._json(self._send("POST", "/api/codes", json={"task_ids": task_ids}))

    def pull(self, since: int, limit: int) -> PullResponse:
        response = self._send("GET", "/api/sync/pull", params={"since": since, "limit": limit})
        return PullResponse.model_validate(self._json(response))

    def push(self, device_id: str, mutations: list[Mutation]) -> PushResponse:
        body = PushRequest(device_id=device_id, mutations=mutations).model_dump(mode="json")
        response = self._send("POST", "/api/sync/push", json=body)
        return PushResponse.model_validate(self._json(response))

    def blob_head(self, sha256: str) -> BlobStatus | None:
        """What the server holds of a blob; None when it has never heard of it."""
        response = self._send("HEAD", f"/api/blobs/{sha256}", allow_404=True)
        if response.status_code == 404:
            return None
        offset = int(response.headers["Upload-Offset"])
        size = int(response.headers["Upload-Length"])
        return BlobStatus(sha256=sha256, size=size, offset=offset, complete=offset == size)

    def blob_create(self, sha256: str, size: int) -> BlobStatus:
        response = self._send("POST", f"/api/blobs/{sha256}", headers={"Upload-Length": str(size)})
        return BlobStatus.model_validate(self._json(response))

    def blob_append(self, sha256: str, offset: int, data: bytes) -> BlobStatus:
        headers = {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
        response = self._send("PATCH", f"/api/blobs/{sha256}", headers=headers, data=data)
        return BlobStatus.model_validate(self._json(response))

    # --- plumbing -----------------------------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, auth: bool = True, allow_404: bool = False, **kw: Any):
        headers = dict(kw.pop("headers", {}))
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self.session.request(method, self.base_url + path, headers=headers, timeout=self.timeout, **kw)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise OfflineError("无法连接服务器", f"cannot reach the server ({type(exc).__name__})") from exc
        except requests.RequestException as exc:
            raise ServerError("与服务器通信失败", f"talking to the server failed: {exc}") from exc
        if response.ok or (allow_404 and response.status_code == 404):
            return response
        raise _error_for(response)

    @staticmethod
    def _json(response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise ServerError("服务器的回答不是 JSON", "the server's answer is not JSON") from exc


def _error_for(response: requests.Response) -> Exception:
    """The typed error for a refused request, carrying the server's bilingual message when it sent one."""
    status = response.status_code
    try:
        body = response.json()
        code, message = str(body.get("code", "")), str(body.get("message", ""))
    except (ValueError, AttributeError):
        code, message = "", ""
    zh, _, en = message.partition(" / ")
    if status == 409 and code == "offset_mismatch":
        header = response.headers.get("Upload-Offset")
        return OffsetMismatchError(int(header) if header and header.isdigit() else None)
    if status == 401:
        return AuthError(zh or "登录凭证被拒绝，请重新登录", en or f"the server refused the credentials ({status})")
    if status >= 500 or status in (408, 429):
        return ServerError(zh or f"服务器暂时出错（{status}）", en or f"the server failed ({status})")
    return BadRequestError(zh or f"请求被拒绝（{status}）", en or f"the request was refused ({status})", code, status)
