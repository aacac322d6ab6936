"""Encryption at rest: the store's key, the unlocked keys of this process, sealed blob files and wrapped keys.

A store folder (`<data root>/<user>/`) has one random 256-bit key. SQLCipher encrypts the database with it (a raw
key, no passphrase KDF: it is random already) and AES-256-GCM encrypts each blob file. The key itself never lies on
disk in the clear: app/sync/auth.py keeps it in the system keyring, or, without one, wrapped by a key derived from the
user's password (scrypt). Sign-in unlocks the folder (`unlock`); every Store and BlobStore of that folder in this
process then finds its key here, so the UI's runner, panels and the sync worker need no key passed around.
"""

from __future__ import annotations

import io
import os
import secrets
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.store.errors import StoreError

KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every plain SQLite file; SQLCipher's look random
BLOB_MAGIC = b"FIB1"  # sealed blob: magic, 7-byte nonce prefix, then chunks of ciphertext with their tags
CHUNK = 1 << 20  # plaintext bytes a sealed chunk holds (the last one fewer)
TAG = 16
PREFIX = 7
_HEADER = len(BLOB_MAGIC) + PREFIX
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1  # ~32 MiB and ~0.1 s per guess: sign-in pays it once

_lock = threading.Lock()
_unlocked: dict[Path, bytes] = {}


class StoreLockedError(StoreError):
    """The store folder is encrypted and not unlocked in this process (nobody signed in), or the key is wrong."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"本地数据已加密，请先登录解锁：{folder}", f"the local data is encrypted; sign in to unlock it: {folder}"
        )


class WrongPasswordError(StoreLockedError):
    """The password does not unwrap this device's store key (mistyped, or changed on the server since)."""

    def __init__(self, folder: Path) -> None:
        StoreError.__init__(
            self,
            "密码无法解开本机的加密数据；如服务器上的密码已更改，请用原密码登录一次",
            "the password does not open this computer's encrypted data; if it was changed on the server, sign in "
            "once with the old one",
        )
        self.folder = folder


class BlobTamperedError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"照片文件已损坏或被改动：{path.name}", f"a photo file is damaged or was changed: {path.name}")


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def unlock(folder: Path, key: bytes) -> None:
    """From now on, stores and blobs under `folder` in this process use `key`."""
    if len(key) != KEY_BYTES:
        raise ValueError("a store key is 32 bytes")
    with _lock:
        _unlocked[Path(folder).resolve()] = key


def lock(folder: Path) -> None:
    with _lock:
        _unlocked.pop(Path(folder).resolve(), None)


def key_for(folder: Path) -> bytes | None:
    with _lock:
        return _unlocked.get(Path(folder).resolve())


def is_plain_sqlite(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def sqlcipher_key_pragma(key: bytes) -> str:
    """`PRAGMA key` with a raw 256-bit key (hex digits only, so nothing else ever enters the statement)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


# --- sealed blob files ---------------------------------------------------------------------------------------------


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    # A per-file random prefix, the chunk's number and a last-chunk flag: chunks cannot be reordered, dropped or cut.
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def seal_chunks(key: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The sealed form of the plaintext `chunks`, re-cut to CHUNK bytes, as pieces to write in order."""
    aead, prefix = AESGCM(key), secrets.token_bytes(PREFIX)
    yield BLOB_MAGIC + prefix
    buffer, counter = b"", 0
    for chunk in chunks:
        buffer += chunk
        while len(buffer) > CHUNK:  # keep at least one byte back, so the last chunk is known when the input ends
            yield aead.encrypt(_nonce(prefix, counter, False), buffer[:CHUNK], None)
            buffer, counter = buffer[CHUNK:], counter + 1
    yield aead.encrypt(_nonce(prefix, counter, True), buffer, None)


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(BLOB_MAGIC)) == BLOB_MAGIC


def open_sealed(key: bytes, path: Path) -> bytes:
    """The plaintext of a sealed file; BlobTamperedError when any byte was changed, cut or reordered."""
    aead = AESGCM(key)
    with open(path, "rb") as f:
        head = f.read(len(BLOB_MAGIC) + PREFIX)
        if head[: len(BLOB_MAGIC)] != BLOB_MAGIC:
            raise BlobTamperedError(path)
        prefix, parts, counter = head[len(BLOB_MAGIC) :], [], 0
        piece = f.read(CHUNK + TAG)
        while True:
            following = f.read(CHUNK + TAG)
            try:
                parts.append(aead.decrypt(_nonce(prefix, counter, not following), piece, None))
            except InvalidTag as exc:
                raise BlobTamperedError(path) from exc
            if not following:
                return b"".join(parts)
            piece, counter = following, counter + 1


class SeekableReader(io.RawIOBase):
    """A read-only stream of known `size` whose position only moves on seek and read (the subclass reads from
    `_pos`): the seeking both blob streams share."""

    size: int
    _pos: int = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._pos = base + offset
        return self._pos


class SealedReader(SeekableReader):
    """A sealed file's plaintext as a seekable stream that decrypts one chunk at a time (a video of several GB is never
    read whole): at most one chunk's plaintext and its ciphertext are held. Every chunk read is authenticated at its
    place (its number and the last-chunk flag are in its nonce), so a changed, cut or reordered file raises
    BlobTamperedError on reading the chunk that shows it."""

    def __init__(self, key: bytes, path: Path) -> None:
        super().__init__()
        self._path, self._aead = Path(path), AESGCM(key)
        self._file = open(self._path, "rb")  # noqa: SIM115 (closed with the reader)
        try:
            head = self._file.read(_HEADER)
            if len(head) != _HEADER or head[: len(BLOB_MAGIC)] != BLOB_MAGIC:
                raise BlobTamperedError(self._path)
            body = os.fstat(self._file.fileno()).st_size - _HEADER
            self._prefix, self._chunks = head[len(BLOB_MAGIC) :], max(1, -(-body // (CHUNK + TAG)))
            self.size = body - self._chunks * TAG
            if self.size < 0:
                raise BlobTamperedError(self._path)
        except BaseException:
            self._file.close()
            raise
        self._pos, self._index, self._plain = 0, -1, b""

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` bytes from the position (all that is left for -1), across chunks."""
        end = self.size if size is None or size < 0 else min(self.size, self._pos + size)
        parts = []
        while self._pos < end:
            index = self._pos // CHUNK
            plain, start = self._chunk(index), self._pos - index * CHUNK
            part = plain[start : start + end - self._pos]
            parts.append(part)
            self._pos += len(part)
        return b"".join(parts)

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._file.close()
        self._plain = b""
        super().close()

    def _chunk(self, index: int) -> bytes:
        if index != self._index:
            self._file.seek(_HEADER + index * (CHUNK + TAG))
            piece = self._file.read(CHUNK + TAG)
            try:
                self._plain = self._aead.decrypt(_nonce(self._prefix, index, index == self._chunks - 1), piece, None)
            except InvalidTag as exc:
                raise BlobTamperedError(self._path) from exc
            if len(self._plain) != (CHUNK if index < self._chunks - 1 else self.size - index * CHUNK):
                raise BlobTamperedError(self._path)
            self._index = index
        return self._plain


# --- keys wrapped by a password ------------------------------------------------------------------------------------


def wrap_with_password(key: bytes, password: str) -> bytes:
    """`key` sealed under a key derived from `password` (scrypt, random salt): salt | nonce | ciphertext."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = _derive(password, salt)
    return salt + nonce + AESGCM(kek).encrypt(nonce, key, b"field-inspector store key")


def unwrap_with_password(wrapped: bytes, password: str) -> bytes | None:
    """The key, or None when the password is not the one it was wrapped with."""
    salt, nonce, sealed = wrapped[:16], wrapped[16:28], wrapped[28:]
    try:
        return AESGCM(_derive(password, salt)).decrypt(nonce, sealed, b"field-inspector store key")
    except InvalidTag:
        return None


def _derive(password: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P).derive(password.encode("utf-8"))


def seal_small(key: bytes, data: bytes, purpose: bytes) -> bytes:
    """A short secret (the fallback token file) sealed with the store key: nonce | ciphertext."""
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(key).encrypt(nonce, data, purpose)


def open_small(key: bytes, sealed: bytes, purpose: bytes) -> bytes | None:
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], purpose)
    except InvalidTag:
        return None


# --- private files and folders -------------------------------------------------------------------------------------


def private_folder(folder: Path, *, tighten: bool = True) -> Path:
    """Create `folder` (and missing parents) 0700; with `tighten`, also an existing one (only folders that are the
    app's own: a store opened in /tmp or ~/Documents must not change that folder's mode)."""
    existed = folder.is_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if tighten or not existed:
        os.chmod(folder, 0o700)
    return folder


def write_private(path: Path, data: bytes) -> None:
    """Write a 0600 file atomically (a temporary name in the same folder, fsync, rename)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
