"""Blobs read as streams (body-camera videos of several GB): a sealed file decrypted one chunk at a time, seekable,
checked against its name as it is read; a changed, cut or reordered file refused before its last byte is given."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from app.store import BlobStore, crypto

SIZE = 3 * crypto.CHUNK + 12_345  # four sealed chunks, the last one short


@pytest.fixture
def data() -> bytes:
    return os.urandom(SIZE)


def _sealed(tmp_path: Path, data: bytes) -> tuple[BlobStore, str]:
    source = tmp_path / "video.mp4"
    source.write_bytes(data)
    blobs = BlobStore(tmp_path / "blobs", crypto.new_key())
    told: list[int] = []
    sha = blobs.put_file(source, told.append)
    assert sum(told) == SIZE and len(told) == 4  # the import's progress, chunk by chunk
    return blobs, sha


def test_a_sealed_blob_streams_in_any_piece_size_and_seeks(tmp_path: Path, data: bytes) -> None:
    blobs, sha = _sealed(tmp_path, data)
    assert crypto.is_sealed(blobs.path(sha)) and blobs.size(sha) == SIZE

    with blobs.open(sha) as stream:
        pieces = iter(lambda: stream.read(777_777), b"")  # across chunk boundaries
        assert b"".join(pieces) == data
    with blobs.open(sha) as stream:
        stream.seek(2 * crypto.CHUNK - 5)  # a resumed upload: from the server's offset
        assert stream.read(10) == data[2 * crypto.CHUNK - 5 : 2 * crypto.CHUNK + 5]
        stream.seek(-3, os.SEEK_END)
        assert stream.read() == data[-3:] and stream.tell() == SIZE
        assert stream.read(5) == b""
        stream.seek(0)
        assert stream.read(4) == data[:4]  # back again after the end was checked


def test_a_changed_chunk_is_refused_when_it_is_read(tmp_path: Path, data: bytes) -> None:
    blobs, sha = _sealed(tmp_path, data)
    path = blobs.path(sha)
    sealed = bytearray(path.read_bytes())
    sealed[11 + 2 * (crypto.CHUNK + crypto.TAG) + 100] ^= 1  # a byte of the third chunk
    path.write_bytes(bytes(sealed))
    with blobs.open(sha) as stream:
        assert stream.read(crypto.CHUNK) == data[: crypto.CHUNK]  # the first chunks are whole
        with pytest.raises(crypto.BlobTamperedError):
            stream.read(2 * crypto.CHUNK)


def test_a_file_cut_at_a_chunk_boundary_is_refused(tmp_path: Path, data: bytes) -> None:
    blobs, sha = _sealed(tmp_path, data)
    path = blobs.path(sha)
    path.write_bytes(path.read_bytes()[: 11 + 3 * (crypto.CHUNK + crypto.TAG)])  # the last chunk dropped
    with blobs.open(sha) as stream, pytest.raises(crypto.BlobTamperedError):
        stream.seek(2 * crypto.CHUNK)
        stream.read()


def test_plain_bytes_that_differ_from_the_name_are_refused_before_the_last_read_returns(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")  # a store without a key keeps plain files
    data = os.urandom(SIZE)
    sha = blobs.put_bytes(data)
    changed = bytearray(data)
    changed[10] ^= 1  # before the offset a resumed upload starts from
    blobs.path(sha).write_bytes(bytes(changed))
    with blobs.open(sha) as stream:
        stream.seek(2 * crypto.CHUNK)  # the skipped bytes are hashed all the same
        assert stream.read(crypto.CHUNK) == data[2 * crypto.CHUNK : 3 * crypto.CHUNK]
        with pytest.raises(crypto.BlobTamperedError):
            stream.read(crypto.CHUNK)  # the read that reaches the end
    with blobs.open(sha) as stream:
        stream.seek(SIZE)
        with pytest.raises(crypto.BlobTamperedError):
            stream.read(1)


def test_streaming_a_sealed_blob_holds_a_chunk_or_two(tmp_path: Path) -> None:
    source = tmp_path / "video.mp4"
    with open(source, "wb") as out:
        for _ in range(24):
            out.write(os.urandom(crypto.CHUNK))
    blobs = BlobStore(tmp_path / "blobs", crypto.new_key())
    tracemalloc.start()
    try:
        sha = blobs.put_file(source)
        with blobs.open(sha) as stream:
            read = sum(len(piece) for piece in iter(lambda: stream.read(crypto.CHUNK), b""))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == 24 * crypto.CHUNK
    assert peak < 6 * crypto.CHUNK, peak  # of a 24 MiB file
