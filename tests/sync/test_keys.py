"""app/sync/keys.py: the store's trusted server keys grow only along endorsements (a swapped key is refused and
nothing is written), and the device's own sealing key is made once and kept."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from app.models.wire import SigningKey
from app.rules.codes import generate_key
from app.rules.key_trust import endorse
from app.store import Store
from app.sync.errors import KeyChangedError
from app.sync.keys import DEVICE_SEAL_KEY, device_public_key, device_seal_key, trust_signing_keys


def _key(current: bool = False, endorser=None, endorser_id: str | None = None):
    private, public, key_id = generate_key()
    endorsement = endorse(endorser, public) if endorser is not None else None
    key = SigningKey(
        key_id=key_id, public_key=public, current=current, endorsed_by=endorser_id, endorsement=endorsement
    )
    return private, key


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "store.sqlite3") as opened:
        yield opened


def test_the_first_login_pins_the_keys_and_a_rotation_is_followed(store: Store) -> None:
    first_private, first = _key(current=True)
    assert trust_signing_keys(store, [first]) == {first.key_id: first.public_key}
    assert store.signing_keys() == {first.key_id: first.public_key}
    _, second = _key(current=True, endorser=first_private, endorser_id=first.key_id)
    trust_signing_keys(store, [first.model_copy(update={"current": False}), second])
    assert set(store.signing_keys()) == {first.key_id, second.key_id}


def test_a_swapped_key_is_refused_and_the_trusted_keys_stay(store: Store) -> None:
    _, pinned = _key(current=True)
    trust_signing_keys(store, [pinned])
    _, stranger = _key(current=True)
    with pytest.raises(KeyChangedError):
        trust_signing_keys(store, [stranger])
    assert store.signing_keys() == {pinned.key_id: pinned.public_key}


def test_the_same_offer_again_writes_nothing(store: Store) -> None:
    _, pinned = _key(current=True)
    trust_signing_keys(store, [pinned])
    told: list[object] = []
    store.changes.subscribe(told.append)
    trust_signing_keys(store, [pinned])
    assert told == []


def test_the_device_sealing_key_is_made_once_and_its_public_half_matches(store: Store) -> None:
    assert store.meta(DEVICE_SEAL_KEY) is None
    key = device_seal_key(store)
    again = device_seal_key(store)
    raw = serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    assert key.private_bytes(*raw) == again.private_bytes(*raw)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert device_public_key(store) == base64.b64encode(public).decode()


def test_a_name_is_kept_with_the_keys_it_gave_and_forgotten_when_they_change_without_one(store: Store) -> None:
    first_private, first = _key(current=True)
    trust_signing_keys(store, [first], version="v1")
    assert store.signing_keys_version() == "v1"
    trust_signing_keys(store, [first])  # the login's offer, the same keys: the name still holds
    assert store.signing_keys_version() == "v1"
    _, second = _key(current=True, endorser=first_private, endorser_id=first.key_id)
    trust_signing_keys(store, [first.model_copy(update={"current": False}), second])  # changed, unnamed
    assert store.signing_keys_version() is None, "the next sync fetches the keys again"
    _, stranger = _key(current=True)
    trust_signing_keys(store, [first, second.model_copy(update={"current": False})], version="v2")
    with pytest.raises(KeyChangedError):
        trust_signing_keys(store, [stranger], version="v3")
    assert store.signing_keys_version() == "v2", "a refused set's name is never kept"
