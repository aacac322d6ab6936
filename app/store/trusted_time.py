"""Trusted time on the laptop: the server's time as last seen, plus the time since on a clock the user cannot set.

At every contact (login, each sync) the client notes the server's time (its HTTP `Date`), the computer's uptime then
(CLOCK_BOOTTIME on Linux: it counts suspend and cannot be set) and the boot it belongs to. Until the next reboot,
"now" is that server time plus the uptime since: moving the laptop's clock changes nothing. After a reboot, or
before any contact, the gate can only take the laptop's clock and records that it was not sure; a clock earlier than
the last server time seen was set back for certain, so that server time stands in for it (time never runs backwards
past a contact). A clock moved ahead after a reboot without contact cannot be told from the truth offline.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.db import Store

CONTACT = "time.last_contact"  # sync_meta: {"server": ISO UTC, "uptime": seconds, "boot": id}
JUDGED = "time.inspection."  # sync_meta prefix: how the start of an inspection was timed (+ its id)
_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def uptime() -> float:
    """Seconds since boot on a clock that cannot be set (and that counts suspend where the system offers one)."""
    return time.clock_gettime(time.CLOCK_BOOTTIME) if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic()


def boot_id() -> str:
    """This boot's identity (Linux); elsewhere empty, and a reboot shows only as an uptime that went down."""
    try:
        return _BOOT_ID.read_text().strip()
    except OSError:
        return ""


@dataclass(frozen=True)
class Reading:
    """The laptop's clock, and the trusted time when there is one (`sure`)."""

    wall: datetime
    trusted: datetime | None
    last_contact: datetime | None = None  # the server's time when last seen

    @property
    def sure(self) -> bool:
        return self.trusted is not None

    @property
    def set_back(self) -> bool:
        return self.trusted is None and self.last_contact is not None and self.wall < self.last_contact

    @property
    def now(self) -> datetime:
        """What the gate judges by: the trusted time when known, else the laptop's clock, never before the last
        server time seen."""
        if self.trusted is not None:
            return self.trusted
        return max(self.wall, self.last_contact) if self.last_contact else self.wall

    def as_json(self) -> str:
        trusted = self.trusted.isoformat() if self.trusted else None
        return json.dumps(
            {"wall": self.wall.isoformat(), "trusted": trusted, "sure": self.sure, "set_back": self.set_back}
        )


def note_contact(store: Store, server_time: datetime | None) -> None:
    """Remember the server's time as seen now (nothing when the answer carried none)."""
    if contact := contact_meta(store, server_time):
        store.set_metas(contact)


def contact_meta(store: Store, server_time: datetime | None) -> dict[str, str]:
    """What `note_contact` writes, for a caller that writes it with other sync_meta keys in one transaction."""
    if server_time is None:
        return {}
    contact = {"server": server_time.astimezone(UTC).isoformat(), "uptime": store.uptime(), "boot": store.boot_id()}
    return {CONTACT: json.dumps(contact)}


def read(store: Store) -> Reading:
    """Now, as well as this store can tell."""
    wall = store.clock()
    kept = store.meta(CONTACT)
    if kept is None:
        return Reading(wall, None)
    contact = json.loads(kept)
    server = datetime.fromisoformat(contact["server"])
    since = store.uptime() - float(contact["uptime"])
    if since >= 0 and contact["boot"] == store.boot_id():
        return Reading(wall, server + timedelta(seconds=since), server)
    return Reading(wall, None, server)  # rebooted since: the uptime no longer counts from that contact


def note_judgement(store: Store, inspection_id: str, reading: Reading) -> None:
    """Keep both times an inspection was started by, and whether the trusted one was known."""
    if store.meta(JUDGED + inspection_id) is None:
        store.set_meta(JUDGED + inspection_id, reading.as_json())


def judgement(store: Store, inspection_id: str) -> dict | None:
    kept = store.meta(JUDGED + inspection_id)
    return None if kept is None else json.loads(kept)
