"""The server's blob bytes (server/blobs.py): an upload written as it streams in and hashed as it is written; the
running hash trusted only for the partial file exactly as this process left it (another writer, a restart, a refused
request: the file is hashed from disk at the end), so a body-camera video is verified without being read again and
never verified wrongly."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from server.blobs import LocalBlobStorage, TooLong

DATA = os.urandom(300_000)
SHA = hashlib.sha256(DATA).hexdigest()
UPLOAD = f"{SHA}.owner"


async def _pieces(data: bytes, size: int = 65_536) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _append(storage: LocalBlobStorage, data: bytes, limit: int | None = None) -> int:
    return asyncio.run(storage.append(UPLOAD, _pieces(data), len(DATA) if limit is None else limit))


def test_an_upload_in_several_requests_is_verified_and_kept(tmp_path: Path) -> None:
    storage = LocalBlobStorage(tmp_path)
    assert _append(storage, DATA[:100_000]) == 100_000
    assert _append(storage, DATA[100_000:], len(DATA) - 100_000) == len(DATA)
    assert storage.finish(UPLOAD, SHA) and storage.path(SHA).read_bytes() == DATA
    assert storage.offset(UPLOAD) == 0


def test_bytes_changed_by_another_writer_between_requests_are_not_verified(tmp_path: Path) -> None:
    storage = LocalBlobStorage(tmp_path)
    _append(storage, DATA[:100_000])
    partial = tmp_path / "partial" / UPLOAD
    forged = bytearray(partial.read_bytes())
    forged[5] ^= 1
    partial.write_bytes(bytes(forged))  # another process discarded and rewrote it (same size)
    os.utime(partial, ns=(1, 1))  # whatever the clock's grain: the file is not as this process left it
    _append(storage, DATA[100_000:], len(DATA) - 100_000)
    assert not storage.finish(UPLOAD, SHA)  # hashed from disk: the forged byte is seen
    assert not storage.has(SHA) and storage.offset(UPLOAD) == 0


def test_a_refused_request_and_a_restart_still_verify_from_disk(tmp_path: Path) -> None:
    storage = LocalBlobStorage(tmp_path)
    _append(storage, DATA[:100_000])
    with pytest.raises(TooLong):
        _append(storage, DATA[100_000:], 1000)  # more than it may send: taken back whole
    assert storage.offset(UPLOAD) == 100_000
    restarted = LocalBlobStorage(tmp_path)  # a new process: no running hash
    _append(restarted, DATA[100_000:], len(DATA) - 100_000)
    assert restarted.finish(UPLOAD, SHA) and restarted.path(SHA).read_bytes() == DATA


def test_wrong_bytes_hashed_as_they_came_are_discarded(tmp_path: Path) -> None:
    storage = LocalBlobStorage(tmp_path)
    wrong = DATA[:-1] + bytes([DATA[-1] ^ 1])
    _append(storage, wrong)
    assert not storage.finish(UPLOAD, SHA) and not storage.has(SHA) and storage.offset(UPLOAD) == 0
    _append(storage, DATA)  # the client starts over
    assert storage.finish(UPLOAD, SHA)


MIB = 1 << 20
BIG = os.urandom(5 * MIB // 2)  # a request of several write blocks: the client's 8 MiB chunks hold a photo whole
BIG_SHA = hashlib.sha256(BIG).hexdigest()


class _Cut(Exception):
    """The client's connection dropped (as Starlette's ClientDisconnect) after the bytes already yielded."""


async def _cut_after(data: bytes, sent: int) -> AsyncIterator[bytes]:
    async for piece in _pieces(data[:sent]):
        yield piece
    raise _Cut


def test_a_request_of_several_blocks_is_written_hashed_and_verified(tmp_path: Path) -> None:
    storage = LocalBlobStorage(tmp_path)
    assert asyncio.run(storage.append(UPLOAD, _pieces(BIG), len(BIG))) == len(BIG)
    assert storage.finish(UPLOAD, BIG_SHA) and storage.path(BIG_SHA).read_bytes() == BIG


def test_a_request_refused_after_several_blocks_leaves_nothing_written(tmp_path: Path) -> None:
    storage = LocalBlobStorage(tmp_path)
    _append(storage, BIG[:100_000], len(BIG))
    with pytest.raises(TooLong):  # two blocks written before the excess shows: all of this request taken back
        asyncio.run(storage.append(UPLOAD, _pieces(BIG[100_000:] + b"x"), len(BIG) - 100_000))
    assert storage.offset(UPLOAD) == 100_000
    assert (tmp_path / "partial" / UPLOAD).read_bytes() == BIG[:100_000]
    assert asyncio.run(storage.append(UPLOAD, _pieces(BIG[100_000:]), len(BIG) - 100_000)) == len(BIG)
    assert storage.finish(UPLOAD, BIG_SHA)


def test_a_cut_request_keeps_every_byte_that_arrived_and_resumes_from_there(tmp_path: Path) -> None:
    storage = LocalBlobStorage(tmp_path)
    sent = MIB + 300_000  # one whole block written, the next one half gathered when the connection drops
    with pytest.raises(_Cut):
        asyncio.run(storage.append(UPLOAD, _cut_after(BIG, sent), len(BIG)))
    assert storage.offset(UPLOAD) == sent
    assert asyncio.run(storage.append(UPLOAD, _pieces(BIG[sent:]), len(BIG) - sent)) == len(BIG)
    assert storage.finish(UPLOAD, BIG_SHA) and storage.path(BIG_SHA).read_bytes() == BIG
