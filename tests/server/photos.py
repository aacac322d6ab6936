"""A photo on a record, as the client makes one: an inspection under an issued code, then its evidence record
pushed before the bytes (docs/ARCHITECTURE.md, "Records before their files")."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from app.models import Evidence, Inspection
from tests.server.codes_world import issued, ready
from tests.server.world import PASSWORD, Api, World, mutation


def blob_headers(api: Api, **headers: str) -> dict[str, str]:
    return {**api.headers, **headers}


def on_site(world: World, *inspectors: str) -> Inspection:
    """An inspection in progress under a code issued for the public-places task, pushed by its first inspector."""
    task, _ = ready(world, *inspectors)
    code = issued(world["lead"], [task.id])
    inspection = Inspection(
        code_id=code["id"], target_id=code["target_id"], task_ids=code["task_ids"], inspector_ids=code["inspector_ids"]
    )
    assert world[inspectors[0]].push(mutation(inspection))[0]["status"] == "accepted"
    return inspection


def evidence(api: Api, inspection: Inspection, data: bytes, size: int | None = None) -> Evidence:
    """An evidence record for `data` pushed by `api` (its record says `size`, the length of `data` by default)."""
    photo = Evidence(
        inspection_id=inspection.id,
        code_id=inspection.code_id,
        sha256=hashlib.sha256(data).hexdigest(),
        size=size or len(data),
        taken_at=datetime.now(UTC),
    )
    assert api.push(mutation(photo))[0]["status"] == "accepted"
    return photo


def declare(api: Api, sha256: str, length: int) -> Any:
    return api.client.post(f"/api/blobs/{sha256}", headers=blob_headers(api, **{"Upload-Length": str(length)}))


def append(api: Api, sha256: str, offset: int, chunk: bytes) -> Any:
    headers = blob_headers(api, **{"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})
    return api.client.patch(f"/api/blobs/{sha256}", content=chunk, headers=headers)


def head(api: Api, sha256: str) -> Any:
    return api.client.head(f"/api/blobs/{sha256}", headers=api.headers)


def upload(api: Api, data: bytes) -> dict[str, Any]:
    """Declare and send `data` in one request; the server's final status."""
    sha256 = hashlib.sha256(data).hexdigest()
    assert declare(api, sha256, len(data)).is_success
    done = append(api, sha256, 0, data)
    assert done.status_code == 200, done.text
    return done.json()


def other_device(world: World, username: str, device_id: str = "dev-2") -> Api:
    """The same user signed in on another laptop."""
    response = world.client.post(
        "/api/auth/login", json={"username": username, "password": PASSWORD, "device_id": device_id}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    return Api(world.client, body["token"], body["user"])


def pulled_inspection(api: Api) -> Inspection:
    """The one inspection `api` sees, as a co-inspector's laptop has it after a pull."""
    records, _ = api.pull_all()
    [data] = [c["data"] for key, c in records.items() if key[0] == "inspections"]
    return Inspection.model_validate(data)
