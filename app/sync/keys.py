"""Keeping the device's trusted server signing keys current: at login and before every pull of codes."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from app.models.wire import SigningKey
from app.rules.key_trust import UntrustedKeyError, extend_trust
from app.store import Store
from app.sync.errors import KeyChangedError

log = logging.getLogger("app.sync.keys")


def trust_signing_keys(store: Store, offered: Iterable[SigningKey]) -> dict[str, str]:
    """Extend the store's trusted keys with the offered ones along endorsements; refuse a key that is not endorsed."""
    trusted = store.signing_keys()
    offered = list(offered)
    try:
        keys = extend_trust(trusted, offered)
    except UntrustedKeyError as exc:
        log.error("server key refused: trusted %s, offered %s", sorted(trusted), [k.key_id for k in offered])
        raise KeyChangedError(", ".join(sorted(trusted)) or "?", exc.key_id) from exc
    if keys != trusted:
        log.info("trusted server keys now %s", sorted(keys))
        store.set_signing_keys(keys)
    return keys
