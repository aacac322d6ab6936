"""Login throttling: failed sign-ins counted per user name and per client address, with a lockout.

A user name with `user_limit` failures within `window` is locked for `lockout` (whatever the password, so a guesser
learns nothing more); an address with `address_limit` failures within `window` is locked the same way, so one
machine cannot spray passwords over many names. A correct password clears the user name's failures. The lockout is
answered before the password is checked, so it costs the server no password hash.

The loopback address is not counted per address (see `_keys`): behind a reverse proxy, uvicorn must trust its
X-Forwarded-For (`--forwarded-allow-ips`, 127.0.0.1 by default) for the per-address limit to see clients. Counted in
this process (a deployment with several worker processes counts per process: the limits are then per
worker; a shared counter in the database is not built yet).
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

USER_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = 15 * 60.0  # seconds in which failures are counted
LOCKOUT = 15 * 60.0  # seconds a name or an address stays locked
_MAX_KEYS = 100_000  # bound on the names and addresses remembered (the oldest go first)


@dataclass
class _Failures:
    times: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0


class LoginThrottle:
    def __init__(
        self,
        user_limit: int = USER_LIMIT,
        address_limit: int = ADDRESS_LIMIT,
        window: float = WINDOW,
        lockout: float = LOCKOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = {"user": user_limit, "address": address_limit}
        self.window, self.lockout, self.clock = window, lockout, clock
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], _Failures] = {}

    def locked_for(self, username: str, address: str) -> float:
        """Seconds until this name and address may try again; 0 when they may now."""
        now = self.clock()
        with self._lock:
            waits = [self._failures.get(key, _Failures()).locked_until - now for key in _keys(username, address)]
        return max(0.0, *waits)

    def failed(self, username: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in _keys(username, address):
                entry = self._failures.pop(key, None) or _Failures()
                self._failures[key] = entry  # re-inserted: most recent last, the oldest evicted first
                entry.times.append(now)
                while entry.times and entry.times[0] <= now - self.window:
                    entry.times.popleft()
                if len(entry.times) >= self.limits[key[0]]:
                    entry.locked_until, entry.times = now + self.lockout, deque()
            while len(self._failures) > _MAX_KEYS:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(("user", username.casefold()), None)


def _keys(username: str, address: str) -> list[tuple[str, str]]:
    """The counters a login attempt touches. The loopback is not counted as an address: it is the reverse proxy
    when the proxy's X-Forwarded-For is not trusted, and locking it would lock everyone out."""
    keys = [("user", username.casefold())]
    return keys if _loopback(address) else [*keys, ("address", address)]


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def locked_message(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return (
        f"登录失败次数过多，账号或本机已暂时锁定，请 {minutes} 分钟后再试 / "
        f"too many failed sign-ins: this account or this computer is locked; try again in {minutes} minutes"
    )
