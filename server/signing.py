"""The server's Ed25519 signing keys, kept as files in the data folder (never in the database).

`keys/<key_id>.pem` holds each private key (PKCS#8, owner-only); `keys/current` names the key that signs.
Rotation adds a key and makes it current; old keys stay so codes they signed still verify.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def public_key_b64(key: Ed25519PublicKey) -> str:
    return base64.b64encode(key.public_bytes(*_RAW)).decode()


def _key_id(key: Ed25519PublicKey) -> str:
    """Derived from the public key, so the id names exactly one key."""
    return "k" + hashlib.sha256(key.public_bytes(*_RAW)).hexdigest()[:15]


def _write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class KeyRing:
    folder: Path
    current_id: str
    private_keys: dict[str, Ed25519PrivateKey]

    @classmethod
    def load_or_create(cls, folder: Path) -> KeyRing:
        """Load every key in `folder`; create the first key when there is none."""
        folder.mkdir(parents=True, exist_ok=True)
        keys = {p.stem: _load(p) for p in sorted(folder.glob("*.pem"))}
        current_file = folder / "current"
        if current_file.exists() and current_file.read_text().strip() in keys:
            return cls(folder, current_file.read_text().strip(), keys)
        ring = cls(folder, "", keys)
        ring.rotate()
        return ring

    def rotate(self) -> str:
        """Make a new key current; returns its key id."""
        key = Ed25519PrivateKey.generate()
        key_id = _key_id(key.public_key())
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        _write_atomic(self.folder / f"{key_id}.pem", pem)
        _write_atomic(self.folder / "current", key_id.encode(), 0o644)
        self.private_keys[key_id] = key
        self.current_id = key_id
        return key_id

    @property
    def current_key(self) -> Ed25519PrivateKey:
        return self.private_keys[self.current_id]

    @property
    def current_public_b64(self) -> str:
        return public_key_b64(self.current_key.public_key())

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        """Every key id the server ever signed with → its public key, for verification."""
        return {key_id: key.public_key() for key_id, key in self.private_keys.items()}


def _load(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"签名密钥不是 Ed25519 / {path} is not an Ed25519 key")
    return key
