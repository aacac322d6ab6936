"""Trusting server keys: pinned on first enrolment, extended only along endorsements, a swapped key refused."""

from __future__ import annotations

import pytest

from app.models.wire import SigningKey
from app.rules.codes import generate_key
from app.rules.key_trust import UntrustedKeyError, endorse, extend_trust


def _key(current: bool = False, endorser=None, endorser_id: str | None = None):
    private, public, key_id = generate_key()
    endorsement = endorse(endorser, public) if endorser is not None else None
    return private, SigningKey(
        key_id=key_id, public_key=public, current=current, endorsed_by=endorser_id, endorsement=endorsement
    )


def test_first_enrolment_pins_every_genuine_key() -> None:
    _, old = _key()
    _, new = _key(current=True)
    assert extend_trust({}, [old, new]) == {old.key_id: old.public_key, new.key_id: new.public_key}


def test_a_chain_of_rotations_is_followed_from_the_pinned_key() -> None:
    first_private, first = _key()
    second_private, second = _key(endorser=first_private, endorser_id=first.key_id)
    _, third = _key(current=True, endorser=second_private, endorser_id=second.key_id)
    trusted = extend_trust({first.key_id: first.public_key}, [third, second, first])
    assert set(trusted) == {first.key_id, second.key_id, third.key_id}


def test_an_unendorsed_current_key_is_refused() -> None:
    _, pinned = _key()
    _, stranger = _key(current=True)
    with pytest.raises(UntrustedKeyError, match="not endorsed"):
        extend_trust({pinned.key_id: pinned.public_key}, [stranger])


def test_an_endorsement_by_an_untrusted_key_is_refused() -> None:
    _, pinned = _key()
    rogue_private, rogue = _key()
    _, forged = _key(current=True, endorser=rogue_private, endorser_id=pinned.key_id)  # claims the pinned key signed
    with pytest.raises(UntrustedKeyError):
        extend_trust({pinned.key_id: pinned.public_key}, [rogue, forged])


def test_a_key_whose_id_does_not_match_it_is_ignored() -> None:
    _, real = _key(current=True)
    _, fake = _key()
    mislabelled = fake.model_copy(update={"key_id": real.key_id, "current": False})
    assert extend_trust({}, [real, mislabelled]) == {real.key_id: real.public_key}
    swapped = real.model_copy(update={"public_key": fake.public_key})  # a pinned id offered with other bytes
    with pytest.raises(UntrustedKeyError):
        extend_trust({real.key_id: real.public_key}, [swapped])
