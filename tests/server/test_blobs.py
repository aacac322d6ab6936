"""Resumable blob upload: create, append at the server's offset, resume after a drop, verify the hash; and who may.

An upload belongs to the user and device that declared it, for a record of theirs already pushed (docs/ARCHITECTURE.md
"Blobs owned"): the attacks of issue 10 come first, then the upload itself.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime

import pytest

from app.models import Signature
from app.models.wire import ErrorBody
from server.api.routes.blobs import upload_locks
from server.blobs import upload_key
from tests.server.photos import append, declare, evidence, head, on_site, other_device, pulled_inspection, upload
from tests.server.world import World, mutation

DATA = os.urandom(100_000)
SHA = hashlib.sha256(DATA).hexdigest()


def _code(response) -> str:
    return ErrorBody.model_validate(response.json()).code


@pytest.fixture
def photo(world: World) -> World:
    """zhang's evidence record for DATA, pushed under a code naming zhang and li; no byte sent yet."""
    evidence(world["zhang"], on_site(world, "zhang", "li"), DATA)
    return world


# --- the attacks ---------------------------------------------------------------------------------------------------


def test_a_teammate_cannot_declare_someone_elses_photo_with_a_length_of_one(photo: World) -> None:
    """li sees zhang's pending evidence (and its hash) by pull; her declare is refused, zhang's upload is untouched."""
    refused = declare(photo["li"], SHA, 1)
    assert (refused.status_code, _code(refused)) == (403, "blob_not_yours")
    assert head(photo["li"], SHA).status_code == 404  # nothing of hers, nothing complete: nothing to say
    assert upload(photo["zhang"], DATA)["complete"] is True
    assert photo.client.app.state.blobs.path(SHA).read_bytes() == DATA


@pytest.mark.parametrize(
    ("username", "status", "code"),
    [("zhao", 404, "blob_no_record"), ("wang", 404, "blob_no_record"), ("admin", 403, "blob_not_yours")],
)
def test_a_caller_without_the_record_cannot_declare(photo: World, username: str, status: int, code: str) -> None:
    """Other district or other team: the hash means nothing to them; the admin sees the record but did not make it."""
    refused = declare(photo[username], SHA, len(DATA))
    assert (refused.status_code, _code(refused)) == (status, code)
    assert upload(photo["zhang"], DATA)["complete"] is True


def test_nobody_can_patch_into_someone_elses_upload(photo: World) -> None:
    zhang, li = photo["zhang"], photo["li"]
    declare(zhang, SHA, len(DATA))
    assert append(zhang, SHA, 0, DATA[:40_000]).json()["offset"] == 40_000
    for api in (li, photo["zhao"], other_device(photo, "li")):
        refused = append(api, SHA, 40_000, os.urandom(60_000))
        assert (refused.status_code, _code(refused)) == (404, "blob_unknown")
    assert head(zhang, SHA).headers["Upload-Offset"] == "40000"
    assert append(zhang, SHA, 40_000, DATA[40_000:]).json()["complete"] is True
    assert photo.client.app.state.blobs.path(SHA).read_bytes() == DATA


def test_head_says_nothing_outside_the_callers_scope(photo: World) -> None:
    declare(photo["zhang"], SHA, len(DATA))
    append(photo["zhang"], SHA, 0, DATA[:10_000])
    for username in ("zhao", "wang", "li", "lead"):  # someone else's upload in progress is nobody else's business
        assert head(photo[username], SHA).status_code == 404, username
    append(photo["zhang"], SHA, 10_000, DATA[10_000:])
    for username in ("zhao", "wang"):
        assert head(photo[username], SHA).status_code == 404, username
    for username in ("zhang", "li", "lead"):  # the record is theirs to see: so is its file's state
        assert head(photo[username], SHA).headers["Upload-Offset"] == str(len(DATA)), username


def test_a_length_that_disagrees_with_the_record_is_refused(photo: World) -> None:
    for length in (1, len(DATA) - 1, len(DATA) + 1):
        refused = declare(photo["zhang"], SHA, length)
        assert (refused.status_code, _code(refused)) == (409, "length_mismatch"), length
    assert head(photo["zhang"], SHA).status_code == 404  # nothing declared
    assert declare(photo["zhang"], SHA, len(DATA)).status_code == 201


def test_a_declare_without_any_record_is_refused(world: World) -> None:
    refused = declare(world["zhang"], SHA, len(DATA))
    assert (refused.status_code, _code(refused)) == (404, "blob_no_record")
    assert head(world["zhang"], SHA).status_code == 404


def test_a_co_inspectors_lying_record_cannot_block_the_owners_upload(photo: World) -> None:
    """li pushes her own evidence naming zhang's hash with size 1: she gets an upload of her own, which cannot
    verify, and zhang's upload goes on beside it."""
    li = photo["li"]
    evidence(li, pulled_inspection(li), DATA, size=1)
    assert declare(li, SHA, 1).status_code == 201
    declare(photo["zhang"], SHA, len(DATA))
    append(photo["zhang"], SHA, 0, DATA[:50_000])
    wrong = append(li, SHA, 0, b"x")
    assert (wrong.status_code, _code(wrong)) == (422, "hash_mismatch")
    assert head(photo["zhang"], SHA).headers["Upload-Offset"] == "50000"
    assert append(photo["zhang"], SHA, 50_000, DATA[50_000:]).json()["complete"] is True


# --- owners, devices and dedup -------------------------------------------------------------------------------------


def test_another_device_of_the_owner_has_an_upload_of_its_own(photo: World) -> None:
    """Uploads are per device: a second laptop neither resumes nor spoils the first one's bytes; the first to finish
    makes the blob complete for both."""
    laptop, tablet = photo["zhang"], other_device(photo, "zhang")
    declare(laptop, SHA, len(DATA))
    append(laptop, SHA, 0, DATA[:30_000])
    started = declare(tablet, SHA, len(DATA))
    assert (started.status_code, started.json()["offset"]) == (201, 0)
    assert append(tablet, SHA, 0, DATA).json()["complete"] is True
    late = append(laptop, SHA, 30_000, DATA[30_000:])
    assert (late.status_code, _code(late)) == (409, "offset_mismatch")
    assert late.headers["Upload-Offset"] == str(len(DATA))
    assert declare(laptop, SHA, len(DATA)).json()["complete"] is True
    assert not list((photo.client.app.state.blobs.root / "partial").iterdir())  # the laptop's bytes are gone


def test_a_complete_blob_is_deduplicated_for_anyone_in_scope(photo: World) -> None:
    upload(photo["zhang"], DATA)
    li = photo["li"]
    evidence(li, pulled_inspection(li), DATA)
    done = declare(li, SHA, len(DATA))
    assert (done.status_code, done.json()["complete"]) == (200, True)
    refused = declare(photo["zhao"], SHA, len(DATA))
    assert refused.status_code == 404


def test_a_signature_image_may_be_declared_up_to_the_servers_limit(world: World) -> None:
    inspection = on_site(world, "zhang", "li")
    image = os.urandom(5_000)
    signature = Signature(
        inspection_id=inspection.id,
        code_id=inspection.code_id,
        signer_role="inspector",
        signer_name="张伟",
        sha256=hashlib.sha256(image).hexdigest(),
        signed_at=datetime.now(UTC),
    )
    assert world["zhang"].push(mutation(signature))[0]["status"] == "accepted"
    limit = world.client.app.state.settings.max_blob_bytes
    too_big = declare(world["zhang"], signature.sha256, limit + 1)
    assert (too_big.status_code, _code(too_big)) == (413, "blob_too_large")
    assert upload(world["zhang"], image)["complete"] is True


def test_a_request_holding_the_upload_makes_another_wait_its_turn(photo: World) -> None:
    """One writer per blob (an advisory lock on PostgreSQL): a second PATCH while one runs is told to retry."""
    declare(photo["zhang"], SHA, len(DATA))
    release = upload_locks(photo.client.app.state.engine).try_acquire(SHA)
    assert release is not None
    try:
        busy = append(photo["zhang"], SHA, 0, DATA)
        assert (busy.status_code, _code(busy)) == (423, "upload_busy")
        assert head(photo["zhang"], SHA).headers["Upload-Offset"] == "0"
    finally:
        release()
    assert append(photo["zhang"], SHA, 0, DATA).json()["complete"] is True


# --- the upload itself ---------------------------------------------------------------------------------------------


def test_unknown_blob_is_404_then_uploads_in_chunks(photo: World) -> None:
    zhang = photo["zhang"]
    assert head(zhang, SHA).status_code == 404
    assert declare(zhang, SHA, len(DATA)).status_code == 201
    assert head(zhang, SHA).headers["Upload-Offset"] == "0"
    assert append(zhang, SHA, 0, DATA[:40_000]).json()["offset"] == 40_000
    done = append(zhang, SHA, 40_000, DATA[40_000:])
    assert done.json() == {"sha256": SHA, "size": len(DATA), "offset": len(DATA), "complete": True}
    answer = head(zhang, SHA)
    assert (answer.headers["Upload-Offset"], answer.headers["Upload-Length"]) == (str(len(DATA)), str(len(DATA)))
    assert photo.client.app.state.blobs.path(SHA).read_bytes() == DATA
    assert declare(zhang, SHA, len(DATA)).json()["complete"] is True  # dedup: a second upload finds it done


def test_upload_resumes_from_the_servers_offset(photo: World) -> None:
    """A client that lost track asks HEAD and continues there (a real dropped connection: test_blob_processes.py)."""
    zhang = photo["zhang"]
    declare(zhang, SHA, len(DATA))
    append(zhang, SHA, 0, DATA[:30_000])
    offset = int(head(zhang, SHA).headers["Upload-Offset"])
    assert offset == 30_000
    assert append(zhang, SHA, offset, DATA[offset:]).json()["complete"] is True
    assert photo.client.app.state.blobs.path(SHA).read_bytes() == DATA


def test_chunk_at_a_wrong_offset_is_409_and_changes_nothing(photo: World) -> None:
    zhang = photo["zhang"]
    declare(zhang, SHA, len(DATA))
    append(zhang, SHA, 0, DATA[:10_000])
    response = append(zhang, SHA, 5_000, DATA[5_000:20_000])
    assert (response.status_code, _code(response)) == (409, "offset_mismatch")
    assert response.headers["Upload-Offset"] == "10000"
    assert head(zhang, SHA).headers["Upload-Offset"] == "10000"


def test_wrong_hash_is_refused_and_the_bytes_discarded(photo: World) -> None:
    zhang = photo["zhang"]
    forged = bytearray(DATA)
    forged[-1] ^= 0xFF
    declare(zhang, SHA, len(DATA))
    response = append(zhang, SHA, 0, bytes(forged))
    assert (response.status_code, _code(response)) == (422, "hash_mismatch")
    assert head(zhang, SHA).status_code == 404  # the declare is gone: POST again
    assert append(zhang, SHA, 0, DATA).status_code == 404
    assert not photo.client.app.state.blobs.has(SHA)


def test_oversize_blob_is_refused_before_any_byte(world: World) -> None:
    limit = world.client.app.state.settings.max_blob_bytes
    big = os.urandom(limit + 1)
    evidence(world["zhang"], on_site(world, "zhang", "li"), big)
    response = declare(world["zhang"], hashlib.sha256(big).hexdigest(), limit + 1)
    assert (response.status_code, _code(response)) == (413, "blob_too_large")
    assert str(limit) in response.json()["message"]


def test_more_bytes_than_declared_are_refused(world: World) -> None:
    small = DATA[:1_000]
    evidence(world["zhang"], on_site(world, "zhang", "li"), small)
    sha = hashlib.sha256(small).hexdigest()
    declare(world["zhang"], sha, 1_000)
    response = append(world["zhang"], sha, 0, DATA[:2_000])
    assert (response.status_code, _code(response)) == (413, "blob_too_long")
    assert head(world["zhang"], sha).headers["Upload-Offset"] == "0"


def test_a_malformed_hash_is_refused(world: World) -> None:
    response = declare(world["zhang"], "not-a-hash", 10)
    assert (response.status_code, _code(response)) == (422, "invalid_blob_hash")


def _killed_before_the_check(world: World, data: bytes = DATA) -> None:
    """Every byte arrived (fsynced in the partial file), but the process died before the hash check: row unfinished."""
    assert declare(world["zhang"], SHA, len(DATA)).status_code == 201
    partial = world.client.app.state.blobs.root / "partial" / upload_key(SHA, "zhang", "dev-1")
    partial.write_bytes(data)


@pytest.mark.parametrize("retry", ["head", "post", "patch"])
def test_a_full_upload_whose_check_never_ran_is_finished_by_any_retry(photo: World, retry: str) -> None:
    zhang = photo["zhang"]
    _killed_before_the_check(photo)
    if retry == "head":
        assert head(zhang, SHA).headers["Upload-Offset"] == str(len(DATA))
    elif retry == "post":
        assert declare(zhang, SHA, len(DATA)).json()["complete"] is True
    else:
        assert append(zhang, SHA, len(DATA), b"").json()["complete"] is True
    assert declare(zhang, SHA, len(DATA)).json() == {
        "sha256": SHA,
        "size": len(DATA),
        "offset": len(DATA),
        "complete": True,
    }
    assert photo.client.app.state.blobs.path(SHA).read_bytes() == DATA


def test_a_stuck_upload_with_wrong_bytes_starts_over(photo: World) -> None:
    zhang = photo["zhang"]
    _killed_before_the_check(photo, os.urandom(len(DATA)))
    assert head(zhang, SHA).status_code == 404
    restarted = declare(zhang, SHA, len(DATA))
    assert (restarted.status_code, restarted.json()["offset"]) == (201, 0)
    assert append(zhang, SHA, 0, DATA).json()["complete"] is True


def test_a_blob_moved_into_place_but_never_marked_is_complete(photo: World) -> None:
    zhang = photo["zhang"]
    assert declare(zhang, SHA, len(DATA)).status_code == 201
    final = photo.client.app.state.blobs.path(SHA)
    final.parent.mkdir(parents=True, exist_ok=True)
    final.write_bytes(DATA)
    assert declare(zhang, SHA, len(DATA)).json()["complete"] is True
