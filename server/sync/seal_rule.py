"""The seal rule on the server (执法全过程记录): a finished inspection's record is accepted only as it was sealed.

The laptop seals an inspection's events when it finishes it, and again after each amendment (app/onsite/record_seal.py);
the seal travels in the inspection record (`Inspection.seal`). When a push completes an inspection, or renews its seal,
the server recomputes the chain (app/rules/seal_chain.py) from the records it holds — the code, the results, the
photos and signatures by their records (which name the files' SHA-256; the blob routes check each file against its
hash), the finish and the amendments — and checks the device signature with a key that the pushing user registered
at login (server/devices.py). A broken chain, a bad signature or a key the server does not know is refused with its
reason; a completion without a seal is refused once the caller or one of the inspection's inspectors signs in from a
sealing device (older clients and scripts of teams that never registered a key are not asked for one), and a seal is
never taken away.

`check_printed` answers for a printed record (its `FI-SEAL1:…` line or QR): valid, not valid, or unknown, in words,
for `python -m server verify-record` and the public page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.models import InspectionCode, InspectionStatus
from app.models.domain import Amendment, Evidence, Inspection, ItemResult, Record, Signature
from app.rules import seal_chain
from server import devices
from server.codes import find_records
from server.sync.code_rule import Refusal
from server.sync.records import RecordCache
from server.sync.scope import Actor

RESEALED = frozenset({"seal", "updated_at"})  # what a renewed seal changes of a completed inspection
_CHILDREN: tuple[tuple[str, type[Record]], ...] = (
    ("item_results", ItemResult),
    ("evidence", Evidence),
    ("signatures", Signature),
    ("amendments", Amendment),
)

_MISSING = Refusal(
    "seal_missing",
    "检查已完成但没有封存记录；请用本机的检查软件结束检查 / the inspection was completed without a seal; finish it "
    "with the inspection app on this device",
)
_MALFORMED = Refusal("seal_malformed", "封存记录格式无效 / the seal is not well formed")
_KEY_UNKNOWN = Refusal(
    "seal_key_unknown",
    "封存所用的设备密钥未在服务器登记（请在该设备上重新登录） / the seal's device key is not registered with the "
    "server for you (sign in again on that device)",
)
_BAD_SIGNATURE = Refusal(
    "seal_signature_bad", "封存的设备签名无效，记录可能被篡改 / the seal's device signature does not verify"
)


def completing(before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    was = before is not None and before.get("status") == InspectionStatus.COMPLETED
    return not was and after.get("status") == InspectionStatus.COMPLETED


def resealing(before: dict[str, Any], after: dict[str, Any], changed: list[str]) -> bool:
    """A completed inspection whose seal alone is renewed (after amendments)."""
    return "seal" in changed and set(changed) <= RESEALED and after.get("status") == InspectionStatus.COMPLETED


def check(cache: RecordCache, actor: Actor, inspection: dict[str, Any], required: bool) -> Refusal | None:
    """None when the inspection's seal matches the records the server holds (as this batch leaves them) and is
    signed by a device key the caller registered. A missing seal is refused when `required` (a renewal: a seal is
    never taken away), and otherwise when the caller or one of the inspection's inspectors registered a sealing
    key (their team runs sealing clients)."""
    text = inspection.get("seal")
    if not text:
        named = [i for i in inspection.get("inspector_ids") or [] if isinstance(i, str)]
        return _MISSING if required or devices.has_keys(cache.session, actor.username, named) else None
    seal = _parsed(text)
    if seal is None or seal.get("inspection_id") != inspection.get("id"):
        return _MALFORMED
    holders = {row.username for row in devices.key_holders(cache.session, seal["public_key"])}
    if actor.username not in holders:
        return _KEY_UNKNOWN
    if not seal_chain.signature_ok(seal):
        return _BAD_SIGNATURE
    try:
        held = events_held(cache, inspection)
    except ValidationError:
        return Refusal("seal_chain_broken", "服务器上的记录无法读取 / a record on the server cannot be read")
    if seal_chain.head_of(held) == seal["head"]:
        return None
    listed = seal_chain.sealed_events(seal)
    found = seal_chain.differences(listed, held) if seal_chain.head_of(listed) == seal["head"] else []
    named = "; ".join(found[:5]) or "封存值与记录不符 / the sealed head does not match the records"
    return Refusal(
        "seal_chain_broken",
        f"检查记录与封存不一致，记录可能被篡改 / the record does not match its seal: {named}",
    )


def events_held(cache: RecordCache, inspection: dict[str, Any]) -> list[seal_chain.Event]:
    """The inspection's events from the records the server holds, with this batch's writes (in `cache`) applied."""
    record = Inspection.model_validate(inspection)
    code_state = cache.get("inspection_codes", record.code_id)
    code = None if code_state is None or code_state.deleted else InspectionCode.model_validate(code_state.data)
    children = {
        entity: [model.model_validate(data) for data in _children(cache, entity, record.id)]
        for entity, model in _CHILDREN
    }
    return seal_chain.events_of(
        record,
        code,
        children["item_results"],  # type: ignore[arg-type]
        children["evidence"],  # type: ignore[arg-type]
        children["signatures"],  # type: ignore[arg-type]
        children["amendments"],  # type: ignore[arg-type]
    )


def _children(cache: RecordCache, entity: str, inspection_id: str) -> list[dict[str, Any]]:
    found = {data["id"]: data for data in find_records(cache.session, entity, "inspection_id", [inspection_id])}
    for (kind, record_id), state in cache.states.items():  # this batch's writes, not flushed yet
        if kind != entity:
            continue
        if state.deleted or state.data.get("inspection_id") != inspection_id:
            found.pop(record_id, None)
        else:
            found[record_id] = state.data
    return list(found.values())


def _parsed(text: str) -> dict[str, Any] | None:
    try:
        seal = json.loads(text)
    except ValueError:
        return None
    wanted = {"inspection_id": str, "head": str, "public_key": str, "signature": str, "timing": dict, "events": list}
    if not isinstance(seal, dict) or any(not isinstance(seal.get(k), t) for k, t in wanted.items()):
        return None
    return seal


# --- a printed record checked against the server ------------------------------------------------------------------

VALID, INVALID, UNKNOWN = "valid", "invalid", "unknown"


@dataclass(frozen=True)
class Verdict:
    status: str  # VALID, INVALID or UNKNOWN
    headline: str  # plain Chinese, one line
    detail: str  # plain Chinese, what it means for the reader
    inspection_id: str | None = None
    amendments_since: int = 0  # amendments added after the printed state (the record goes on, still sealed)


def check_printed(session: Session, text: str) -> Verdict:
    """Whether a printed record's seal (its `FI-SEAL1:…` line or QR content) matches the record the server holds."""
    printed = seal_chain.parse_printed(text)
    if printed is None:
        return Verdict(
            UNKNOWN, "无法识别的封存码", "这不是检查记录上的封存码（应以 FI-SEAL1: 开头）；请核对后重新输入。"
        )
    cache = RecordCache(session)
    state = cache.get("inspections", printed.inspection_id)
    if state is None or state.deleted:
        return Verdict(
            UNKNOWN,
            "服务器上没有这份检查记录",
            "可能是检查设备尚未联网上传；请稍后再查。若长期查不到，请向检查机关核实。",
            printed.inspection_id,
        )
    seal = _parsed(state.data.get("seal") or "")
    if seal is None:
        return Verdict(
            UNKNOWN,
            "这份检查记录在服务器上尚未封存",
            "检查尚未结束或封存尚未上传，暂时无法核验；请稍后再查。",
            printed.inspection_id,
        )
    holders = devices.key_holders(session, seal["public_key"])
    try:
        held = events_held(cache, state.data)
    except ValidationError:
        held = []
    chain_ok = bool(held) and seal_chain.head_of(held) == seal["head"]
    if not (holders and seal_chain.signature_ok(seal) and chain_ok):
        return Verdict(
            INVALID,
            "✗ 核验未通过：服务器上的记录与其封存不一致",
            "服务器保存的检查记录无法通过封存核验；请向检查机关反映。",
            printed.inspection_id,
        )
    heads = seal_chain.heads(held)
    if printed.head not in heads:
        return Verdict(
            INVALID,
            "✗ 核验未通过：打印的记录与服务器上的记录不一致",
            "这份纸面记录的封存值与服务器保存的检查记录不符，记录可能被改动或伪造；请向检查机关反映。",
            printed.inspection_id,
        )
    at = heads.index(printed.head)
    if held[at].kind not in ("finish", "amendment"):
        return Verdict(
            INVALID,
            "✗ 核验未通过：打印的封存值不是一次结束检查或更正时的封存",
            "封存值只在结束检查或更正时产生；这份纸面记录的封存值不符合，请向检查机关反映。",
            printed.inspection_id,
        )
    if printed.head == seal["head"] and printed.signature != seal["signature"]:
        return Verdict(
            INVALID,
            "✗ 核验未通过：打印的设备签名与服务器上的不一致",
            "这份纸面记录的设备签名与服务器保存的不符；请向检查机关反映。",
            printed.inspection_id,
        )
    since = sum(1 for event in held[at + 1 :] if event.kind == "amendment")
    later = f"打印之后，检查机关又作了 {since} 项更正（更正记录也已封存）。" if since else ""
    return Verdict(
        VALID,
        "✓ 核验通过：打印的记录与服务器上封存的检查记录一致",
        "检查结果、照片、签名和出示检查码的记录自封存以来未被改动。" + later,
        printed.inspection_id,
        since,
    )
