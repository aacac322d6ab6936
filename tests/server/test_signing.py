"""The server's signing keys: created once, kept in the data folder, rotated without losing old keys."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

from server.signing import KeyRing


def test_key_is_created_once_and_reloaded(tmp_path: Path) -> None:
    first = KeyRing.load_or_create(tmp_path / "keys")
    again = KeyRing.load_or_create(tmp_path / "keys")
    assert again.current_id == first.current_id
    assert again.current_public_b64 == first.current_public_b64
    assert len(base64.b64decode(first.current_public_b64)) == 32
    pem = tmp_path / "keys" / f"{first.current_id}.pem"
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600


def test_rotation_makes_a_new_current_key_and_keeps_the_old_for_verification(tmp_path: Path) -> None:
    ring = KeyRing.load_or_create(tmp_path / "keys")
    old_id = ring.current_id
    signature = ring.current_key.sign(b"payload")
    new_id = ring.rotate()
    reloaded = KeyRing.load_or_create(tmp_path / "keys")
    assert reloaded.current_id == new_id != old_id
    reloaded.public_keys()[old_id].verify(signature, b"payload")  # raises if the old key were lost
