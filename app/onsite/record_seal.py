"""The full-process record (执法全过程记录) on the laptop: an inspection's events as a hash chain, sealed with its key.

The chain itself (which events, in which order, how each is hashed, what the device signs) is app/rules/seal_chain.py,
the same rules the server checks with. Finishing seals the head with this device's Ed25519 key (app/sync/keys.py),
together with how the start and the seal were timed (both clocks, and whether the trusted time was known:
app/store/trusted_time.py); each amendment after renews the seal. The seal travels with the inspection record
(`Inspection.seal`) to the server, which recomputes the chain from the records it holds and checks the signature with
the key this device registered at login (server/sync/seal_rule.py). `verify` recomputes everything from the store and
the photo files: a changed byte in a result, a photo, a signature, or events in another order break it, and it says
which.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from app.models.domain import Amendment, Evidence, Inspection, InspectionCode, ItemResult, Signature
from app.rules import seal_chain
from app.rules.seal_chain import GENESIS, Event, head_of, link  # noqa: F401  (re-exported for the tests)
from app.store import Store, StoreError, trusted_time
from app.store.db import SEAL
from app.sync.keys import DEVICE_SEAL_KEY as DEVICE_KEY  # noqa: F401
from app.sync.keys import device_public_key, device_seal_key


@dataclass(frozen=True)
class Check:
    problems: list[str]  # bilingual, one per finding; empty when the record is intact

    @property
    def ok(self) -> bool:
        return not self.problems


def events(store: Store, inspection: Inspection) -> list[Event]:
    """The inspection's events as the store holds them now (with `inspection` as given), in the fixed order."""
    return seal_chain.events_of(
        inspection,
        store.get(InspectionCode, inspection.code_id),
        store.find(ItemResult, inspection_id=inspection.id),
        store.find(Evidence, inspection_id=inspection.id),
        store.find(Signature, inspection_id=inspection.id),
        store.find(Amendment, inspection_id=inspection.id),
    )


def public_key(store: Store) -> str:
    return device_public_key(store)


def make_seal(store: Store, inspection: Inspection) -> dict[str, Any]:
    """The seal of the inspection's events with `inspection` as given (unsaved: finishing puts it in the record it
    saves, then `keep`s it)."""
    chain = events(store, inspection)
    head = head_of(chain)
    timing = {  # how the start and the seal were timed (app/store/trusted_time.py): both clocks, and if sure
        "started": trusted_time.judgement(store, inspection.id),
        "sealed": json.loads(trusted_time.read(store).as_json()),
    }
    made = {
        "inspection_id": inspection.id,
        "events": [e.as_list() for e in chain],
        "head": head,
        "timing": timing,
        "public_key": public_key(store),
        "signature": base64.b64encode(device_seal_key(store).sign(seal_chain.signed_bytes(head, timing))).decode(),
    }
    return made


def keep(store: Store, made: dict[str, Any]) -> None:
    """Keep the seal in this store's meta too: the copy `verify` checks the record against."""
    store.set_meta(SEAL + made["inspection_id"], json.dumps(made))


def as_field(made: dict[str, Any]) -> str:
    """The seal as `Inspection.seal` holds it."""
    return json.dumps(made, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal(store: Store, inspection_id: str) -> dict[str, Any]:
    """Seal the inspection's events as they are now (after each amendment) and save the seal with the inspection."""
    inspection = _inspection(store, inspection_id)
    made = make_seal(store, inspection)
    store.save(inspection.model_copy(update={"seal": as_field(made)}))
    keep(store, made)
    return made


def seal_of(store: Store, inspection_id: str) -> dict[str, Any] | None:
    """The seal this device made (its meta copy), or else the one the inspection record carries (pulled: sealed on
    another device)."""
    kept = store.meta(SEAL + inspection_id)
    if kept is None:
        inspection = store.get(Inspection, inspection_id)
        kept = inspection.seal if inspection is not None else None
    return None if kept is None else json.loads(kept)


_BAD_SIGNATURE = "封存签名无效 / the seal's device signature does not verify"


def verify(store: Store, inspection_id: str) -> Check:
    """Check the sealed record against the store and the files; every problem found, in words."""
    sealed = seal_of(store, inspection_id)
    if sealed is None:
        return Check(["检查记录尚未封存 / the inspection's record is not sealed"])
    problems = [] if seal_chain.signature_ok(sealed) else [_BAD_SIGNATURE]
    chain = seal_chain.sealed_events(sealed)
    if head_of(chain) != sealed["head"]:
        problems.append("封存的事件链被改动（内容或顺序） / the sealed chain of events was changed (content or order)")
    now = events(store, _inspection(store, inspection_id))
    problems += seal_chain.differences(chain, now)
    for event in now:
        problems += _file_problems(store, event)
    return Check(problems)


def _file_problems(store: Store, event: Event) -> list[str]:
    if event.kind not in ("photo", "signature"):
        return []
    record = store.get(Evidence if event.kind == "photo" else Signature, event.record_id)
    if record is None or not store.blobs.has(record.sha256):
        return []  # not on this device: the server holds the file, checked against the same hash
    try:
        store.blobs.read(record.sha256)
    except StoreError:
        return [f"文件被改动：{event.kind} {event.record_id} / the file was changed: {event.kind}"]
    return []


def _inspection(store: Store, inspection_id: str) -> Inspection:
    inspection = store.get(Inspection, inspection_id)
    if inspection is None:
        raise StoreError(f"找不到检查记录 {inspection_id}", f"inspection {inspection_id} does not exist")
    return inspection
