"""The sync client's HTTP side: one requests.Session, a timeout on every call, errors mapped to typed exceptions."""

from __future__ import annotations

import http.client
import ipaddress
import os
import ssl
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from ssl import CertificateError
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
import urllib3
from pydantic import BaseModel, ValidationError

from app import __version__
from app.models.wire import (
    KEYS_VERSION_HEADER,
    BlobStatus,
    CodeAnswer,
    CodeRequest,
    ConflictChoice,
    ConflictEntry,
    ConflictInbox,
    LoginResponse,
    Mutation,
    PullResponse,
    PushRequest,
    PushResponse,
    SigningKey,
)
from app.sync.errors import (
    AuthError,
    BadRequestError,
    OfflineError,
    OffsetMismatchError,
    OutdatedClientError,
    ServerError,
)

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds: a corridor with one bar still answers within these
PINNED_CA_ENV = "FIELD_INSPECTOR_SERVER_CA"  # a PEM file: the district's own CA, or the server's own certificate
M = TypeVar("M", bound=BaseModel)


class InsecureServerError(BadRequestError):
    """A server address without https that is not this machine: tokens and records would cross the network bare."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"服务器地址必须以 https:// 开头（仅本机 127.0.0.1/localhost 可用 http）：{url}",
            f"the server address must start with https:// (plain http only for this machine, 127.0.0.1/localhost): "
            f"{url}",
            code="insecure_server",
        )


def require_secure(url: str) -> str:
    """`url` when it is https, or http on the loopback; InsecureServerError otherwise."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return url
    raise InsecureServerError(url)


def _date_of(response: requests.Response) -> datetime | None:
    try:
        return parsedate_to_datetime(response.headers["Date"]).astimezone(UTC)
    except (KeyError, TypeError, ValueError):
        return None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SyncClient:
    """Calls the server's API (docs/ARCHITECTURE.md). Thread-confined: one client per sync thread.

    `pinned_ca` (default: the file `$FIELD_INSPECTOR_SERVER_CA` names) is the only trust anchor for the server's
    certificate when set: a district's own CA, or the server's self-signed certificate itself.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        pinned_ca: str | None = None,
    ) -> None:
        self.base_url = require_secure(base_url.rstrip("/"))
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"field-inspector/{__version__}"
        self.session.headers["X-Client-Version"] = __version__  # an outdated client is told to update (426)
        # per request, not session.verify: requests lets REQUESTS_CA_BUNDLE override the session's setting
        self.verify: str | bool = pinned_ca or os.environ.get(PINNED_CA_ENV) or True
        self.server_time: datetime | None = None  # the `Date` of the last answer (app/store/trusted_time.py)
        self.keys_version: str | None = None  # the last answer's name of the server's signing keys (app/sync/keys.py)

    def close(self) -> None:
        self.session.close()

    # --- API ----------------------------------------------------------------------------------------------------

    def healthz(self) -> bool:
        """Whether the server answers at all; never raises (it is the network probe)."""
        try:
            return self._send("GET", "/healthz", auth=False).status_code == 200
        except (OfflineError, ServerError):
            return False

    def login(self, username: str, password: str, device_id: str, seal_key: str | None = None) -> LoginResponse:
        """`seal_key`: this device's sealing key (app/sync/keys.py), registered with the server with the password."""
        body = {"username": username, "password": password, "device_id": device_id}
        if seal_key is not None:  # only then: a server from before issue 14 refuses unknown fields
            body["seal_key"] = seal_key
        response = self._send("POST", "/api/auth/login", json=body, auth=False)
        return LoginResponse.model_validate(self._json(response))

    def logout(self) -> None:
        self._send("POST", "/api/auth/logout")

    def signing_keys(self) -> list[SigningKey]:
        response = self._send("GET", "/api/keys")
        return [SigningKey.model_validate(key) for key in self._json(response)["keys"]]

    def request_code(self, task_ids: list[str]) -> CodeAnswer:
        """申码 for one task or the tasks of one joint inspection: the issued code and its public page."""
        body = CodeRequest(task_ids=task_ids).model_dump(mode="json", exclude_none=True)
        return CodeAnswer.model_validate(self._json(self._send("POST", "/api/codes", json=body)))

    def pull(self, since: int, limit: int) -> PullResponse:
        return _page(self._send("GET", "/api/sync/pull", params={"since": since, "limit": limit}))

    def pull_pages(self, since: int, limit: int) -> Iterator[PullResponse]:
        """The pages from `since` on, each next one asked for before this one is handed over: the server cuts page
        n+1 while the caller writes page n (one connection, one request at a time on it; the request is sent, its
        answer read when the caller asks for the next page). Close the iterator to drop an unread answer."""
        sent = self._start("GET", "/api/sync/pull", {"since": since, "limit": limit})
        try:
            while sent is not None:
                page = _page(self._finish(sent))
                sent = None
                if page.has_more:
                    sent = self._start("GET", "/api/sync/pull", {"since": page.cursor, "limit": limit})
                yield page
        finally:
            if sent is not None:
                self.abandon(sent)

    def snapshot(self, schema: int, dest: Path) -> bool:
        """The server's snapshot for a first sync (`GET /api/sync/snapshot`, app/store/snapshot.py) written to `dest`
        (created 0600) as it comes, unpacked on the way; False when the server offers none (pull by pages)."""
        response = self._send("GET", "/api/sync/snapshot", params={"schema": schema}, stream=True)
        with response:
            if response.status_code == 204:
                return False
            with os.fdopen(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
                for chunk in _received(response.iter_content(1 << 20)):
                    out.write(chunk)  # a full disk is this laptop's failure, not an unreachable server
        return True

    def push(self, device_id: str, mutations: list[Mutation]) -> PushResponse:
        """The body written and the answer read by pydantic-core in one pass each (no dicts of Python's json)."""
        body = PushRequest(device_id=device_id, mutations=mutations).model_dump_json().encode()
        response = self._send("POST", "/api/sync/push", data=body, headers={"Content-Type": "application/json"})
        return _parsed(PushResponse, response)

    def conflicts(self, resolved: bool = False) -> list[ConflictEntry]:
        """The conflict inbox of the caller's team (a lead) or district (an admin): values the server did not keep."""
        response = self._send("GET", "/api/conflicts", params={"resolved": str(resolved).lower()})
        return ConflictInbox.model_validate(self._json(response)).conflicts

    def resolve_conflict(self, entry_id: str, choice: str) -> ConflictEntry:
        """Close an inbox entry: `kept` leaves the record, `other` puts the other value back."""
        body = ConflictChoice.model_validate({"choice": choice}).model_dump()
        response = self._send("POST", f"/api/conflicts/{entry_id}/resolve", json=body)
        return ConflictEntry.model_validate(self._json(response))

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

    def blob_append(self, sha256: str, offset: int, data: bytes | Iterable[bytes]) -> BlobStatus:
        """PATCH `data` at `offset`: bytes, or pieces with a len() (app/sync/blobs.ChunkBody), streamed as sent."""
        response = self._send("PATCH", f"/api/blobs/{sha256}", headers=_append_headers(offset), data=data)
        return BlobStatus.model_validate(self._json(response))

    def blob_append_start(self, sha256: str, offset: int, data: bytes | Iterable[bytes]) -> Sent:
        """`blob_append` sent, its body streamed, without waiting for the answer (`blob_append_finish` reads it, or
        `abandon` drops it): the next photo goes out while the server finishes this one."""
        return self._start("PATCH", f"/api/blobs/{sha256}", {}, data=data, headers=_append_headers(offset))

    def blob_append_finish(self, sent: Sent) -> BlobStatus:
        return BlobStatus.model_validate(self._json(self._finish(sent)))

    @staticmethod
    def abandon(sent: Sent) -> None:
        """A started request whose answer will not be read: its connection cannot serve another."""
        sent.connection.close()

    # --- plumbing -----------------------------------------------------------------------------------------------

    def _send(self, method: str, path: str, *, auth: bool = True, allow_404: bool = False, **kw: Any):
        headers = self._headers(auth, kw.pop("headers", {}))
        try:
            response = self.session.request(
                method, self.base_url + path, headers=headers, timeout=self.timeout, verify=self.verify, **kw
            )
        except requests.exceptions.SSLError as exc:  # before ConnectionError, its base: not a bad signal but a stranger
            raise _untrusted() from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _unreachable(exc) from exc
        except requests.RequestException as exc:
            raise ServerError("与服务器通信失败", f"talking to the server failed: {exc}") from exc
        return self._checked(response, allow_404)

    def _headers(self, auth: bool, extra: Mapping[str, str]) -> dict[str, str]:
        headers = dict(extra)
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _checked(self, response: requests.Response, allow_404: bool = False) -> requests.Response:
        self.server_time = _date_of(response) or self.server_time
        self.keys_version = response.headers.get(KEYS_VERSION_HEADER) or None
        if response.ok or (allow_404 and response.status_code == 404):
            return response
        raise _error_for(response)

    def _start(
        self,
        method: str,
        path: str,
        params: dict[str, Any],
        data: bytes | Iterable[bytes] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Sent:
        """Send a request (its body, if any, streamed whole) on a connection of the session's pool and return
        without reading the answer (`_finish` reads it). The same session headers, TLS verification and timeouts as
        `_send`; requests only offers send-and-read in one call, so the connection is taken from its adapter's
        urllib3 pool."""
        request = requests.Request(
            method, self.base_url + path, params=params, headers=self._headers(True, headers or {}), data=data
        )
        prepared = self.session.prepare_request(request)
        url = prepared.url or ""
        adapter = self.session.get_adapter(url)
        # what HTTPAdapter.send does before its urlopen: the environment's proxies, the pool for them and our
        # verification (a bad CA path raises as it does in _send), the URL as the proxy wants it
        proxies = self.session.merge_environment_settings(url, {}, False, self.verify, None)["proxies"]
        pool = adapter.get_connection_with_tls_context(prepared, self.verify, proxies=proxies)
        adapter.cert_verify(pool, url, self.verify, None)
        target = adapter.request_url(prepared, proxies)
        with _mapped_errors():
            connection = pool._get_conn()  # urllib3's own way to a pooled connection
            connection.timeout = self.timeout[0]
            try:  # the body streamed and decoded by requests, as its adapter asks urllib3 to
                connection.request(
                    method,
                    target,
                    body=prepared.body,
                    headers=prepared.headers,
                    preload_content=False,
                    decode_content=False,
                )
            except BaseException:
                connection.close()
                raise
        return Sent(prepared, adapter, pool, connection)

    def _finish(self, sent: Sent) -> requests.Response:
        """The answer to a `_start`ed request, read whole (gzip decoded), its connection back in the pool."""
        with _mapped_errors():
            try:
                sent.connection.timeout = self.timeout[1]
                response = sent.adapter.build_response(sent.request, sent.connection.getresponse())
                response.content  # noqa: B018  # read whole now: then the connection is free for the next request
            except BaseException:
                sent.connection.close()
                raise
        sent.pool._put_conn(sent.connection)
        return self._checked(response)

    @staticmethod
    def _json(response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise ServerError("服务器的回答不是 JSON", "the server's answer is not JSON") from exc


@dataclass(frozen=True)
class Sent:
    """A request sent by `SyncClient._start`, its answer not read yet."""

    request: requests.PreparedRequest
    adapter: Any  # requests' HTTPAdapter
    pool: Any  # its urllib3 connection pool
    connection: Any  # the urllib3 connection the answer comes on


@contextmanager
def _mapped_errors() -> Iterator[None]:
    """On a connection of the session's pool (`_start`, `_finish`): the failures `_send` maps through requests."""
    try:
        yield
    except (ssl.SSLError, urllib3.exceptions.SSLError, CertificateError) as exc:
        raise _untrusted() from exc
    except (
        OSError,  # refused, reset, timed out
        http.client.HTTPException,  # closed before the answer
        urllib3.exceptions.HTTPError,
        requests.ConnectionError,  # cut inside the body (requests' reading of it)
        requests.exceptions.ChunkedEncodingError,
    ) as exc:
        raise _unreachable(exc) from exc
    except requests.RequestException as exc:  # e.g. a body that does not decompress
        raise ServerError("与服务器通信失败", f"talking to the server failed: {exc}") from exc


def _append_headers(offset: int) -> dict[str, str]:
    return {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}


def _received(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """A streamed body's pieces, a failure of the network while they are read mapped as `_send`'s are."""
    with _mapped_errors():
        yield from pieces


def _untrusted() -> OfflineError:
    return OfflineError(
        "服务器证书不受信任（可能不是本单位的服务器），未发送任何数据",
        "the server's certificate is not trusted (it may not be our server); nothing was sent",
    )


def _unreachable(exc: Exception) -> OfflineError:
    return OfflineError("无法连接服务器", f"cannot reach the server ({type(exc).__name__})")


def _page(response: requests.Response) -> PullResponse:
    return _parsed(PullResponse, response)


def _parsed(model: type[M], response: requests.Response) -> M:
    try:  # parsed and checked in one pass of pydantic-core over the body, no dicts of Python's json between
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            raise ServerError("服务器的回答不是 JSON", "the server's answer is not JSON") from exc
        raise


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
    if status == 426:
        return OutdatedClientError(zh or "客户端版本过旧，请更新", en or "this client is outdated: update it")
    if status == 401:
        return AuthError(zh or "登录凭证被拒绝，请重新登录", en or f"the server refused the credentials ({status})")
    if status >= 500 or status in (408, 429):
        return ServerError(zh or f"服务器暂时出错（{status}）", en or f"the server failed ({status})")
    return BadRequestError(zh or f"请求被拒绝（{status}）", en or f"the request was refused ({status})", code, status)
