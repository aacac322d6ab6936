"""Blob files: named by their SHA-256, written whole or not at all."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from app.store import BlobStore, StoreError


def test_bytes_are_stored_under_their_hash(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    data = b"\xff\xd8\xff\xe0 a photo"
    sha = blobs.put_bytes(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert blobs.has(sha) and blobs.path(sha).read_bytes() == data
    assert blobs.path(sha).name == sha
    assert blobs.put_bytes(data) == sha  # the same content twice is one file
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == [blobs.path(sha)]


def test_a_big_file_is_streamed_in_and_no_temporary_file_stays(tmp_path: Path) -> None:
    source = tmp_path / "video.bin"
    data = os.urandom(3 * 1024 * 1024 + 17)
    source.write_bytes(data)
    blobs = BlobStore(tmp_path / "blobs")
    sha = blobs.put_file(source)
    assert sha == hashlib.sha256(data).hexdigest() and blobs.path(sha).read_bytes() == data
    assert not list((tmp_path / "blobs").glob(".incoming-*"))


def test_a_failed_copy_leaves_no_file(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    with pytest.raises(FileNotFoundError):
        blobs.put_file(tmp_path / "missing.jpg")
    assert not (tmp_path / "blobs").exists() or not any((tmp_path / "blobs").rglob("*"))


@pytest.mark.parametrize("name", ["../../etc/passwd", "ABC", "0" * 63, "g" * 64])
def test_names_that_are_not_hashes_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(StoreError) as err:
        BlobStore(tmp_path).has(name)
    assert "十六进制" in err.value.zh
    assert "64 lower-case hex digits" in err.value.en
