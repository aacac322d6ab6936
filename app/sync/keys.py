"""The device's keys: the server's signing keys it trusts, kept current at login and at every sync (fetched after the
pull when the server's name of them changed); and its own sealing key (Ed25519), whose public half the login
registers with the server."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterable

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.models.wire import SigningKey
from app.rules.key_trust import UntrustedKeyError, extend_trust
from app.store import Store
from app.sync.errors import KeyChangedError
from app.sync.http import SyncClient

log = logging.getLogger("app.sync.keys")


def trust_signing_keys(store: Store, offered: Iterable[SigningKey], version: str | None = None) -> dict[str, str]:
    """Extend the store's trusted keys with the offered ones along endorsements; refuse a key that is not endorsed.
    `version`: the server's name of the offered set (`X-Keys-Version`), kept with the keys it gave; when the keys
    change without one (the login's offer), the name kept is forgotten."""
    trusted = store.signing_keys()
    offered = list(offered)
    try:
        keys = extend_trust(trusted, offered)
    except UntrustedKeyError as exc:
        log.error("server key refused: trusted %s, offered %s", sorted(trusted), [k.key_id for k in offered])
        raise KeyChangedError(", ".join(sorted(trusted)) or "?", exc.key_id) from exc
    if keys != trusted:
        log.info("trusted server keys now %s", sorted(keys))
        store.set_signing_keys(keys, version)
    elif version is not None and version != store.signing_keys_version():
        store.set_signing_keys(keys, version)
    return keys


def refresh_signing_keys(store: Store, client: SyncClient, told: str | None) -> None:
    """At each sync, after the pull: the server's keys fetched and trusted along endorsements (codes signed after a
    rotation verify at once), unless `told` (the pull answer's `X-Keys-Version`) names the set last trusted. Nothing
    is trusted without `trust_signing_keys`: the name only spares the request when the server publishes what it
    published then; a key changed or swapped on the server changes the name, so it is fetched and judged (and a
    refused one is fetched and refused again at every sync, as nothing new is kept). A server that names nothing
    (older) and a pull that failed have the keys fetched, as before the name existed."""
    if told is not None and told == store.signing_keys_version():
        return
    offered = client.signing_keys()
    trust_signing_keys(store, offered, client.keys_version)


# --- this device's own key: it seals the full-process record (app/onsite/record_seal.py) ---------------------------

DEVICE_SEAL_KEY = "device.seal_key"  # sync_meta: this device's Ed25519 private key (raw, base64), in the store


def device_seal_key(store: Store) -> Ed25519PrivateKey:
    """This device's sealing key, made on first use; its public half is registered with the server at each login."""
    kept = store.meta(DEVICE_SEAL_KEY)
    if kept is not None:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(kept))
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    store.set_meta(DEVICE_SEAL_KEY, base64.b64encode(raw).decode())
    return key


def device_public_key(store: Store) -> str:
    """The public half of this device's sealing key, base64 raw Ed25519: what the login registers."""
    raw = device_seal_key(store).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()
