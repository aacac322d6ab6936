"""The hash chain of the full-process record (执法全过程记录), the same on the laptop and on the server.

An inspection's events are the code shown (its signed payload and signature), each result, each photo by its record
(which names the file's SHA-256), each signature by its record (likewise), the finish and the amendments after it, in a
fixed order. Each event is (kind, record id, SHA-256 of the record's content, bookkeeping left out); each link hashes
the previous link with the event, so the last link (the head) commits to every event and their order. The device
signs the head together with how the start and the seal were timed (Ed25519). Pure functions of records: the laptop
(app/onsite/record_seal.py) seals and checks its store, the server (server/sync/seal_rule.py) checks what it holds.

A printed record carries `FI-SEAL1:<inspection>:<head>:<signature>` (text and QR), checked against the server by
`python -m server verify-record` and the public page.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.models.domain import Amendment, Evidence, Inspection, InspectionCode, ItemResult, Record, Signature
from app.rules.codes import canonical_payload

GENESIS = "0" * 64
# Change as a record syncs, or is the seal itself: not part of what was recorded.
BOOKKEEPING = frozenset({"version", "updated_at", "seal"})
PRINTED = "FI-SEAL1"  # the prefix of a printed seal
_PRINTED = re.compile(r"^FI-SEAL1:([^:\s]{1,64}):([0-9a-f]{64}):([A-Za-z0-9+/=]{20,200})$")


@dataclass(frozen=True)
class Event:
    kind: str  # code, result, photo, signature, finish, amendment
    record_id: str
    digest: str  # SHA-256 of the record's content

    def as_list(self) -> list[str]:
        return [self.kind, self.record_id, self.digest]


@dataclass(frozen=True)
class Printed:
    """What a printed record carries: the inspection, the head of its chain and the device's signature."""

    inspection_id: str
    head: str
    signature: str


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(record: Record) -> str:
    return hashlib.sha256(canonical(record.model_dump(mode="json", exclude=set(BOOKKEEPING)))).hexdigest()


def code_digest(code: InspectionCode) -> str:
    return hashlib.sha256(canonical_payload(code) + code.signature.encode()).hexdigest()


def link(previous: str, event: Event) -> str:
    return hashlib.sha256(canonical([previous, *event.as_list()])).hexdigest()


def head_of(events: Iterable[Event]) -> str:
    head = GENESIS
    for event in events:
        head = link(head, event)
    return head


def heads(events: Iterable[Event]) -> list[str]:
    """The head after each event: a printed head equal to one of them matches the record up to that event."""
    found, head = [], GENESIS
    for event in events:
        head = link(head, event)
        found.append(head)
    return found


def events_of(
    inspection: Inspection,
    code: InspectionCode | None,
    results: Iterable[ItemResult],
    photos: Iterable[Evidence],
    signatures: Iterable[Signature],
    amendments: Iterable[Amendment],
) -> list[Event]:
    """The inspection's events in the fixed order, from its records (deleted ones left out by the caller)."""
    found: list[Event] = []
    if code is not None:
        found.append(Event("code", code.id, code_digest(code)))
    found += [Event("result", r.id, digest(r)) for r in sorted(results, key=lambda r: (r.item_id, r.id))]
    found += [Event("photo", p.id, digest(p)) for p in sorted(photos, key=lambda e: (e.taken_at, e.id))]
    found += [Event("signature", s.id, digest(s)) for s in sorted(signatures, key=lambda s: (s.signed_at, s.id))]
    if inspection.completed_at is not None:
        found.append(Event("finish", inspection.id, digest(inspection)))
    return found + [Event("amendment", a.id, digest(a)) for a in sorted(amendments, key=lambda a: (a.made_at, a.id))]


def signed_bytes(head: str, timing: dict[str, Any]) -> bytes:
    """What the device signs: the head of the chain and the timing together."""
    return hashlib.sha256(canonical([head, timing])).digest()


def signature_ok(seal: dict[str, Any], public_key: str | None = None) -> bool:
    """Whether the seal's signature verifies with `public_key` (base64 raw Ed25519; by default the seal's own)."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key or seal["public_key"], validate=True))
        key.verify(base64.b64decode(seal["signature"], validate=True), signed_bytes(seal["head"], seal["timing"]))
    except (InvalidSignature, ValueError, KeyError, TypeError, binascii.Error):
        return False
    return True


def differences(sealed: list[Event], now: list[Event]) -> list[str]:
    """Every difference between the sealed events and the events now, in words (bilingual); empty when equal."""
    if sealed == now:
        return []
    if sorted(e.as_list() for e in sealed) == sorted(e.as_list() for e in now):
        return ["事件顺序与封存时不同 / the events are in another order than when sealed"]
    was = {(e.kind, e.record_id): e.digest for e in sealed}
    found = []
    for event in now:
        before = was.pop((event.kind, event.record_id), None)
        if before is None:
            found.append(f"封存后新增了记录 {event.kind} {event.record_id} / added after sealing: {event.kind}")
        elif before != event.digest:
            found.append(f"记录被改动：{event.kind} {event.record_id} / changed since sealing: {event.kind}")
    found += [f"封存的记录已缺失：{kind} {rid} / missing since sealing: {kind}" for kind, rid in was]
    return found


def sealed_events(seal: dict[str, Any]) -> list[Event]:
    return [Event(*(str(part) for part in e)) for e in seal.get("events") or [] if isinstance(e, list) and len(e) == 3]


def printed_text(seal: dict[str, Any]) -> str:
    """The line printed under the QR, and the QR's content."""
    return f"{PRINTED}:{seal['inspection_id']}:{seal['head']}:{seal['signature']}"


def parse_printed(text: str) -> Printed | None:
    """The printed seal in `text` (the QR's content or the typed line, spaces and line breaks ignored); None if it is
    not one."""
    found = _PRINTED.match("".join(text.split()))
    return Printed(*found.groups()) if found else None
