"""Encryption at rest: a copied data folder reveals none of its targets, findings, notes or photos; a wrong key opens
nothing; a plain store with unsent work is encrypted without losing any of it; files 0600, folders 0700."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.onsite.evidence import import_photo
from app.onsite.inspection import answer, set_findings, set_note
from app.store import Store, StoreError, crypto
from app.store.blobs import BlobStore
from app.store.paths import DATA_ENV
from tests.onsite.evidence_helpers import jpeg, on_site
from tests.store.conftest import target

SECRETS = ["上海天山口腔门诊部", "长宁区天山路100号", "器械消毒登记本缺失三天", "高压灭菌锅未做生物监测"]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    user = tmp_path / "user"
    yield user
    crypto.lock(user)


def _real_session(path: Path, tmp_path: Path) -> bytes:
    """Targets, an inspection with findings and a note, a photo; returns the photo's bytes."""
    with Store.open(path) as store:
        site = on_site(store)
        set_findings(store, site.inspection, SECRETS[2])
        answer(store, site.inspection, "item-1", "non_compliant")
        set_note(store, site.inspection, "item-1", SECRETS[3])
        photo = jpeg(tmp_path / "IMG_0001.JPG", color="blue")
        import_photo(store, site.inspection, photo)
        store.blobs.thumbnail(hashlib.sha256(photo.read_bytes()).hexdigest(), 64)  # the cache is sealed too
        return photo.read_bytes()


def _everything(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_a_copied_folder_reveals_nothing_and_a_wrong_key_opens_nothing(folder: Path, tmp_path: Path) -> None:
    key = crypto.new_key()
    crypto.unlock(folder, key)
    photo = _real_session(folder / "store.sqlite3", tmp_path)
    every_byte = _everything(folder)
    for secret in SECRETS:
        assert secret.encode() not in every_byte, secret
    assert photo[100:164] not in every_byte and b"JFIF" not in every_byte
    assert not crypto.is_plain_sqlite(folder / "store.sqlite3")

    crypto.lock(folder)
    with pytest.raises(StoreError, match="encrypted"):
        Store.open(folder / "store.sqlite3")  # nobody signed in
    with pytest.raises(crypto.StoreLockedError):
        Store.open(folder / "store.sqlite3", key=crypto.new_key())
    sha = hashlib.sha256(photo).hexdigest()
    with pytest.raises(crypto.StoreLockedError):
        BlobStore(folder / "blobs").read(sha)
    with pytest.raises(crypto.BlobTamperedError):
        BlobStore(folder / "blobs", crypto.new_key()).read(sha)

    with Store.open(folder / "store.sqlite3", key=key) as store:
        assert store.encrypted and store.blobs.read(sha) == photo
        assert store.blobs.size(sha) == len(photo)
        assert [t.name for t in store.find(type(target()))] == [SECRETS[0]]


def test_files_are_0600_and_folders_0700(folder: Path, tmp_path: Path) -> None:
    crypto.unlock(folder, crypto.new_key())
    _real_session(folder / "store.sqlite3", tmp_path)
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_a_plain_store_with_unsent_work_is_encrypted_without_losing_any(folder: Path, tmp_path: Path) -> None:
    photo = _real_session(folder / "store.sqlite3", tmp_path)  # plain: no key yet
    with Store.open(folder / "store.sqlite3") as store:
        unsent, uploads = store.outbox(), store.unverified_uploads()
        rows = {model: store.list(model) for model in (type(target()),)}
    assert len(unsent) >= 4 and SECRETS[2].encode() in _everything(folder)

    key = crypto.new_key()
    crypto.unlock(folder, key)
    with Store.open(folder / "store.sqlite3") as store:  # encrypts it, and its photos
        assert store.encrypted
        assert store.outbox() == unsent and store.unverified_uploads() == uploads
        assert {model: store.list(model) for model in rows} == rows
        sha = hashlib.sha256(photo).hexdigest()
        assert store.blobs.read(sha) == photo and crypto.is_sealed(store.blobs.path(sha))
    every_byte = _everything(folder)
    assert not any(secret.encode() in every_byte for secret in SECRETS)
    assert photo[100:164] not in every_byte
    assert not list(folder.rglob(".*encrypting*"))


@pytest.mark.parametrize("where", ["header", "middle", "tag"])
def test_a_changed_byte_in_a_sealed_photo_is_detected(tmp_path: Path, where: str) -> None:
    blobs = BlobStore(tmp_path / "blobs", crypto.new_key())
    data = bytes(range(256)) * 5000  # more than one sealed chunk
    sha = blobs.put_bytes(data)
    path = blobs.path(sha)
    raw = bytearray(path.read_bytes())
    at = {"header": 5, "middle": len(raw) // 2, "tag": len(raw) - 1}[where]
    raw[at] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(crypto.BlobTamperedError):
        blobs.read(sha)


def test_sealed_chunks_cannot_be_cut_or_reordered(tmp_path: Path) -> None:
    key = crypto.new_key()
    blobs = BlobStore(tmp_path / "blobs", key)
    data = b"a" * crypto.CHUNK + b"b" * crypto.CHUNK + b"c" * 10
    sha = blobs.put_bytes(data)
    path = blobs.path(sha)
    raw = path.read_bytes()
    head, piece = len(crypto.BLOB_MAGIC) + crypto.PREFIX, crypto.CHUNK + crypto.TAG
    first, second, rest = raw[head : head + piece], raw[head + piece : head + 2 * piece], raw[head + 2 * piece :]
    for forged in (raw[:head] + second + first + rest, raw[:head] + first + second):
        path.write_bytes(forged)
        with pytest.raises(crypto.BlobTamperedError):
            blobs.read(sha)


def test_a_plain_file_that_does_not_match_its_name_is_refused(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    sha = blobs.put_bytes(b"the original")
    blobs.path(sha).write_bytes(b"the forgery!")
    with pytest.raises(crypto.BlobTamperedError):
        blobs.read(sha)


def test_a_password_wrapped_key_opens_only_with_that_password() -> None:
    key = crypto.new_key()
    wrapped = crypto.wrap_with_password(key, "correct horse")
    assert key not in wrapped
    assert crypto.unwrap_with_password(wrapped, "correct horse") == key
    assert crypto.unwrap_with_password(wrapped, "correct hors") is None


def test_only_the_apps_own_folder_is_tightened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "Documents"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    Store.open(shared / "store.sqlite3").close()  # a store the user put in a folder of his own
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "store.sqlite3").stat().st_mode) == 0o600

    monkeypatch.setenv(DATA_ENV, str(tmp_path / "data"))
    own = tmp_path / "data" / "zhang"
    own.mkdir(parents=True, mode=0o755)
    own.chmod(0o755)
    Store.open(own / "store.sqlite3").close()
    assert stat.S_IMODE(own.stat().st_mode) == 0o700
