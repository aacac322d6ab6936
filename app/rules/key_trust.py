"""Which server signing keys a client trusts: pinned at enrolment, extended only along endorsements.

At rotation the server signs the new public key with the key that was current before (an endorsement). A client
accepts a key it has not pinned only when a key it already trusts endorsed it, so a rotation needs no re-enrolment
while a key swapped in by anyone else is refused loudly.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.models.wire import SigningKey
from app.rules.codes import key_id_for, public_key_from_b64

_DOMAIN = b"field-inspector key endorsement v1\n"  # never the bytes of a code payload: a code can't pass as one


class UntrustedKeyError(ValueError):
    """The server's current key is neither pinned nor endorsed by a pinned key."""

    def __init__(self, key_id: str) -> None:
        super().__init__(
            f"服务器签名密钥 {key_id} 未经已信任密钥背书，已拒绝；请联系管理员核实后重新登记本机 / "
            f"the server's signing key {key_id} is not endorsed by a trusted key and was refused; "
            f"ask the administrator, then enrol this device again"
        )
        self.key_id = key_id


def endorse(endorser: Ed25519PrivateKey, public_key_b64: str) -> str:
    """The endorser's signature over the new public key, base64."""
    raw = base64.b64decode(public_key_b64)
    return base64.b64encode(endorser.sign(_DOMAIN + raw)).decode("ascii")


def _endorsed(key: SigningKey, trusted: Mapping[str, str]) -> bool:
    if key.endorsed_by not in trusted or not key.endorsement:
        return False
    try:
        endorser = public_key_from_b64(trusted[key.endorsed_by])
        endorser.verify(base64.b64decode(key.endorsement), _DOMAIN + base64.b64decode(key.public_key))
    except (ValueError, InvalidSignature):
        return False
    return True


def _genuine(key: SigningKey) -> bool:
    """The key id really names this public key (ids are derived from the key, so a mismatch is a forgery)."""
    try:
        return key_id_for(public_key_from_b64(key.public_key)) == key.key_id
    except ValueError:
        return False


def extend_trust(trusted: Mapping[str, str], offered: Iterable[SigningKey]) -> dict[str, str]:
    """Trusted keys (key id → base64) after accepting every offered key that is pinned or endorsed along a chain.

    With nothing trusted yet (first enrolment) every genuine offered key is pinned. Raises UntrustedKeyError when the
    server's current key cannot be trusted. A key whose id is not derived from it is ignored (ids name keys).
    """
    keys = [k for k in offered if _genuine(k)]
    result = dict(trusted)
    if not result:
        return {k.key_id: k.public_key for k in keys}
    grew = True
    while grew:  # a chain of several rotations since the last sync is accepted link by link
        grew = False
        for key in keys:
            if key.key_id not in result and _endorsed(key, result):
                result[key.key_id] = key.public_key
                grew = True
    current = next((k for k in keys if k.current), None)
    if current is None or current.key_id not in result:
        raise UntrustedKeyError(current.key_id if current else "?")
    return result
