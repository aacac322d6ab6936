"""The admin's calls to the server, beside the sync client's: imports (with upload progress), catalogue edits,
signed-in devices and their revocation, a code's revocation and its use log. Used on the runner's network worker
only."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import requests
import urllib3

from app.models import Checklist, ChecklistItem
from app.models.imports import ImportReport
from app.models.wire import CodeAnswer, CodeUse, CodeUses
from app.sync.errors import BadRequestError, OfflineError, ServerError
from app.sync.http import SyncClient

Progress = Callable[[int, int], None]  # (bytes sent, bytes in all)
RowProgress = Callable[
    [str, int, int], None
]  # the server's (stage, rows done, rows in all): reading, checking, writing
CHUNK = 256 * 1024
# The server checks every row before it answers: 100,000 rows take minutes on a busy server (bench/bench_import.py),
# so an import waits far longer for its answer than a sync request does.
IMPORT_READ_TIMEOUT = 1800.0


class _Upload:
    """A body read in chunks by http.client, telling how much has gone; its length makes a Content-Length."""

    def __init__(self, data: bytes, progress: Progress) -> None:
        self._data = data
        self._sent = 0
        self._progress = progress

    def __len__(self) -> int:
        return len(self._data)

    def read(self, size: int = -1) -> bytes:
        size = CHUNK if size is None or size < 0 else min(size, CHUNK)
        chunk = self._data[self._sent : self._sent + size]
        self._sent += len(chunk)
        self._progress(self._sent, len(self._data))
        return chunk


def _streamed_report(lines: Iterator[bytes], rows: RowProgress) -> ImportReport:
    """Read the server's progress lines, telling `rows`, up to its report (or the refusal it ends with)."""
    try:
        for line in lines:
            if not line.strip():
                continue
            item = json.loads(line)
            if "progress" in item:
                step = item["progress"]
                rows(str(step["stage"]), int(step["done"]), int(step["total"]))
            elif "report" in item:
                return ImportReport.model_validate(item["report"])
            elif "error" in item:
                raise _refusal(item["error"])
    except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
        raise OfflineError(
            "与服务器的连接中断，导入结果未知", f"the connection broke off; the import's outcome is unknown ({exc})"
        ) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ServerError("服务器的回答不是导入进度", "the server's answer is not an import's progress") from exc
    raise ServerError("服务器未给出导入结果", "the server ended without the import's report")


def _refusal(error: dict[str, Any]) -> Exception:
    zh, _, en = str(error.get("message", "")).partition(" / ")
    status = int(error.get("status", 500))
    if status >= 500:
        return ServerError(zh or "服务器出错，导入未完成", en or "the server failed: nothing was imported")
    return BadRequestError(zh or "导入被拒绝", en or "the import was refused", str(error.get("code", "")), status)


@dataclass(frozen=True)
class ItemEdited:
    """The server's answer to a catalogue edit: the version that holds it (a new one when the edited was frozen)."""

    checklist: Checklist
    item: ChecklistItem
    new_version: bool
    frozen_id: str | None = None


@dataclass(frozen=True)
class Device:
    username: str
    device_id: str
    tokens: int
    expires_at: str


class AdminClient(SyncClient):
    """A signed-in admin's client (`SyncClient` plus the admin routes)."""

    def import_file(
        self,
        kind: str,
        data: bytes,
        *,
        dry_run: bool,
        progress: Progress = lambda sent, total: None,
        deactivate_missing: bool = False,
        rows: RowProgress | None = None,
    ) -> ImportReport:
        """Send an xlsx or CSV file to `POST /api/imports/{kind}` (targets, users); the preview when `dry_run`; users
        with `deactivate_missing`: the file is the whole staff list, the district's users it omits are deactivated.
        With `rows`, the server's progress through the file is told as it checks the rows (a stream of lines)."""
        params = {"dry_run": str(dry_run).lower()}
        if deactivate_missing:
            params["deactivate_missing"] = "true"
        if rows is not None:
            params["progress"] = "true"
        usual = self.timeout
        self.timeout = (usual[0], max(usual[1], IMPORT_READ_TIMEOUT))
        try:
            response = self._send(
                "POST",
                f"/api/imports/{kind}",
                params=params,
                headers={"Content-Type": "application/octet-stream"},
                data=_Upload(data, progress),
                stream=rows is not None,
            )
            if rows is None:
                return ImportReport.model_validate(self._json(response))
            with response:
                return _streamed_report(response.iter_lines(), rows)
        finally:
            self.timeout = usual

    def edit_item(
        self, checklist_id: str, item_id: str | None, *, code: str, title: str, legal_basis: str
    ) -> ItemEdited:
        """Change an item of the catalogue (`item_id`) or add one (None): `POST /api/catalogue/items`."""
        body = {"checklist_id": checklist_id, "item_id": item_id, "code": code, "title": title}
        body["legal_basis"] = legal_basis
        answer: dict[str, Any] = self._json(self._send("POST", "/api/catalogue/items", json=body))
        return ItemEdited(
            Checklist.model_validate(answer["checklist"]),
            ChecklistItem.model_validate(answer["item"]),
            bool(answer["new_version"]),
            answer.get("frozen_id"),
        )

    def devices(self) -> list[Device]:
        body: dict[str, Any] = self._json(self._send("GET", "/api/devices"))
        return [Device(**d) for d in body["devices"]]

    def revoke_device(self, username: str, device_id: str) -> int:
        """Sign the device out for good (its tokens deleted); how many tokens went."""
        response = self._send("POST", f"/api/devices/{username}/{device_id}/revoke")
        return int(self._json(response)["revoked_tokens"])

    def revoke_code(self, code_id: str, reason: str) -> CodeAnswer:
        response = self._send("POST", f"/api/codes/{code_id}/revoke", json={"reason": reason})
        return CodeAnswer.model_validate(self._json(response))

    def code_uses(self, code_id: str) -> list[CodeUse]:
        return CodeUses.model_validate(self._json(self._send("GET", f"/api/codes/{code_id}/uses"))).uses
