"""Resumable blob upload: create, append at the server's offset, resume after a drop, verify the hash."""

from __future__ import annotations

import hashlib
import os

import pytest

from app.models.wire import ErrorBody
from tests.server.world import World

DATA = os.urandom(100_000)
SHA = hashlib.sha256(DATA).hexdigest()


def _head(world: World, sha: str = SHA):
    return world.client.head(f"/api/blobs/{sha}", headers=world["zhang"].headers)


def _create(world: World, size: int = len(DATA), sha: str = SHA):
    return world.client.post(f"/api/blobs/{sha}", headers={**world["zhang"].headers, "Upload-Length": str(size)})


def _patch(world: World, offset: int, chunk: bytes, sha: str = SHA):
    headers = {
        **world["zhang"].headers,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
    }
    return world.client.patch(f"/api/blobs/{sha}", content=chunk, headers=headers)


def _code(response) -> str:
    return ErrorBody.model_validate(response.json()).code


def test_unknown_blob_is_404_then_uploads_in_chunks(world: World) -> None:
    assert _head(world).status_code == 404
    assert _create(world).status_code == 201
    assert _head(world).headers["Upload-Offset"] == "0"
    assert _patch(world, 0, DATA[:40_000]).json()["offset"] == 40_000
    done = _patch(world, 40_000, DATA[40_000:])
    assert done.json() == {"sha256": SHA, "size": len(DATA), "offset": len(DATA), "complete": True}
    head = _head(world)
    assert (head.headers["Upload-Offset"], head.headers["Upload-Length"]) == (str(len(DATA)), str(len(DATA)))
    assert world.client.app.state.blobs.path(SHA).read_bytes() == DATA
    assert _create(world).json()["complete"] is True  # dedup: a second upload finds it done


def test_upload_resumes_from_the_servers_offset(world: World) -> None:
    """A client that lost track asks HEAD and continues there (a real dropped connection: tests/server/test_e2e.py)."""
    _create(world)
    _patch(world, 0, DATA[:30_000])
    offset = int(_head(world).headers["Upload-Offset"])
    assert offset == 30_000
    assert _patch(world, offset, DATA[offset:]).json()["complete"] is True
    assert world.client.app.state.blobs.path(SHA).read_bytes() == DATA


def test_chunk_at_a_wrong_offset_is_409_and_changes_nothing(world: World) -> None:
    _create(world)
    _patch(world, 0, DATA[:10_000])
    response = _patch(world, 5_000, DATA[5_000:20_000])
    assert (response.status_code, _code(response)) == (409, "offset_mismatch")
    assert response.headers["Upload-Offset"] == "10000"
    assert _head(world).headers["Upload-Offset"] == "10000"


def test_wrong_hash_is_refused_and_the_bytes_discarded(world: World) -> None:
    forged = bytearray(DATA)
    forged[-1] ^= 0xFF
    _create(world)
    response = _patch(world, 0, bytes(forged))
    assert (response.status_code, _code(response)) == (422, "hash_mismatch")
    assert _head(world).status_code == 404
    assert not world.client.app.state.blobs.has(SHA)


def test_oversize_blob_is_refused_before_any_byte(world: World) -> None:
    limit = world.client.app.state.settings.max_blob_bytes
    response = _create(world, limit + 1)
    assert (response.status_code, _code(response)) == (413, "blob_too_large")
    assert str(limit) in response.json()["message"]
    assert _head(world).status_code == 404


def test_more_bytes_than_declared_are_refused(world: World) -> None:
    _create(world, 1_000)
    response = _patch(world, 0, DATA[:2_000])
    assert (response.status_code, _code(response)) == (413, "blob_too_long")
    assert _head(world).headers["Upload-Offset"] == "0"


def test_a_malformed_hash_is_refused(world: World) -> None:
    response = _create(world, 10, "not-a-hash")
    assert (response.status_code, _code(response)) == (422, "invalid_blob_hash")


def _killed_before_the_check(world: World, data: bytes = DATA) -> None:
    """Every byte arrived (fsynced in the partial file), but the process died before the hash check: row unfinished."""
    assert _create(world).status_code == 201
    (world.client.app.state.blobs.root / "partial" / SHA).write_bytes(data)


@pytest.mark.parametrize("retry", ["head", "post", "patch"])
def test_a_full_upload_whose_check_never_ran_is_finished_by_any_retry(world: World, retry: str) -> None:
    _killed_before_the_check(world)
    if retry == "head":
        assert _head(world).headers["Upload-Offset"] == str(len(DATA))
    elif retry == "post":
        assert _create(world).json()["complete"] is True
    else:
        assert _patch(world, len(DATA), b"").json()["complete"] is True
    assert _create(world).json() == {"sha256": SHA, "size": len(DATA), "offset": len(DATA), "complete": True}
    assert world.client.app.state.blobs.path(SHA).read_bytes() == DATA


def test_a_stuck_upload_with_wrong_bytes_starts_over(world: World) -> None:
    _killed_before_the_check(world, os.urandom(len(DATA)))
    assert _head(world).status_code == 404
    restarted = _create(world)
    assert (restarted.status_code, restarted.json()["offset"]) == (201, 0)
    assert _patch(world, 0, DATA).json()["complete"] is True


def test_a_blob_moved_into_place_but_never_marked_is_complete(world: World) -> None:
    assert _create(world).status_code == 201
    final = world.client.app.state.blobs.path(SHA)
    final.parent.mkdir(parents=True, exist_ok=True)
    final.write_bytes(DATA)
    assert _create(world).json()["complete"] is True
