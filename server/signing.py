"""The server's Ed25519 signing keys, kept as files in the data folder (never in the database).

`keys/<key_id>.pem` holds each private key (PKCS#8, owner-only); `keys/current` names the key that signs.
Rotation adds a key and makes it current; old keys stay so codes they signed still verify.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.models.wire import SigningKey, SigningKeys
from app.rules.codes import key_id_for, private_key_from_pem, private_key_to_pem, public_key_b64
from app.rules.key_trust import endorse


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
    # What `published()` gives, made once per key set: every pull names it (X-Keys-Version). The ring's keys live in
    # this process (loaded at start, changed by `rotate`), so the endorsement files need not be read for each pull.
    _published: list[SigningKey] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load_or_create(cls, folder: Path) -> KeyRing:
        """Load every key in `folder`; create the first key when there is none."""
        folder.mkdir(parents=True, exist_ok=True)
        keys = {p.stem: private_key_from_pem(p.read_bytes()) for p in sorted(folder.glob("*.pem"))}
        current_file = folder / "current"
        if current_file.exists() and current_file.read_text().strip() in keys:
            return cls(folder, current_file.read_text().strip(), keys)
        ring = cls(folder, "", keys)
        ring.rotate()
        return ring

    def rotate(self) -> str:
        """Make a new key current, endorsed by the one it replaces (clients follow the chain); returns its key id."""
        key = Ed25519PrivateKey.generate()
        public = public_key_b64(key.public_key())
        key_id = key_id_for(key.public_key())
        _write_atomic(self.folder / f"{key_id}.pem", private_key_to_pem(key))
        if self.current_id:
            endorsement = {"endorsed_by": self.current_id, "endorsement": endorse(self.current_key, public)}
            _write_atomic(self.folder / f"{key_id}.endorsement", json.dumps(endorsement).encode(), 0o644)
        _write_atomic(self.folder / "current", key_id.encode(), 0o644)
        self.private_keys[key_id] = key
        self.current_id = key_id
        self._published = None
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

    def published(self) -> list[SigningKey]:
        """What clients are given: every public key, which one is current, and each rotation's endorsement."""
        if self._published is None:
            self._published = [
                SigningKey(
                    key_id=key_id,
                    public_key=public_key_b64(key.public_key()),
                    current=key_id == self.current_id,
                    **self._endorsement(key_id),
                )
                for key_id, key in sorted(self.private_keys.items())
            ]
        return list(self._published)

    def version(self) -> str:
        """The name of what `published()` gives now (the `X-Keys-Version` header)."""
        return keys_version(self.published())

    def _endorsement(self, key_id: str) -> dict[str, str]:
        path = self.folder / f"{key_id}.endorsement"
        return json.loads(path.read_text()) if path.exists() else {}


def keys_version(keys: list[SigningKey]) -> str:
    """A name for one published set of keys: the digest of its JSON, so any change to a key, an endorsement or the
    current one changes it (app/models/wire.py KEYS_VERSION_HEADER)."""
    return hashlib.sha256(SigningKeys(keys=keys).model_dump_json().encode()).hexdigest()[:32]
