"""检查码 (inspection code): the signed payload, Ed25519 keys, issuing, and the offline check behind the code gate.

The server issues and signs a code; the client verifies it offline against the server's pinned public key(s), so no
network is needed on site. `require_valid` is what the store layer calls before every gated write (无码不检查).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.models.domain import InspectionCode
from app.models.ids import new_id
from app.rules.shanghai import SHANGHAI

# The fields the signature covers. Sync bookkeeping (version, updated_at) and revocation (a later, separate act)
# are left out, so they can change without invalidating the code.
SIGNED_FIELDS = (
    "id",
    "short_code",
    "target_id",
    "target_credit_code",
    "task_ids",
    "inspector_ids",
    "checklist_item_ids",
    "valid_from",
    "valid_until",
    "issuer",
    "key_id",
)
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0/O, no 1/I, read aloud without doubt
SHORT_CODE_LENGTH = 8  # 40 random bits, shown as two groups of four: K7QM-3XPA
DEFAULT_SKEW = timedelta(minutes=10)
MIN_INSPECTORS = 2  # on-site enforcement needs at least two certified inspectors
_SIGNATURE_BYTES = 64


# --- canonical payload -------------------------------------------------------------------------------------------


def _utc_text(value: datetime) -> str:
    """ISO 8601 in UTC with a Z. Naive values are UTC by the project's convention (stored times are UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


def canonical_payload(code: InspectionCode) -> bytes:
    """The bytes that are signed: compact JSON, sorted keys, exactly SIGNED_FIELDS, times as UTC ISO text."""
    fields = {name: getattr(code, name) for name in SIGNED_FIELDS}
    fields["valid_from"] = _utc_text(fields["valid_from"])
    fields["valid_until"] = _utc_text(fields["valid_until"])
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- keys --------------------------------------------------------------------------------------------------------


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_for(public_key: Ed25519PublicKey) -> str:
    """The key's name inside codes: the first 16 hex digits of SHA-256 of the raw 32-byte public key."""
    return hashlib.sha256(_raw(public_key)).hexdigest()[:16]


def public_key_b64(public_key: Ed25519PublicKey) -> str:
    """The raw public key as base64: what the server publishes and the client pins at enrolment."""
    return base64.b64encode(_raw(public_key)).decode("ascii")


def public_key_from_b64(text: str) -> Ed25519PublicKey:
    """Read a pinned public key; raise ValueError (bilingual) if it is not a base64 32-byte Ed25519 key."""
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:  # binascii.Error is a ValueError
        raise ValueError("服务器公钥格式错误 / the server's public key is not a base64 Ed25519 key") from exc


def generate_key() -> tuple[Ed25519PrivateKey, str, str]:
    """A new signing key: (private key, public key as base64, key id)."""
    private = Ed25519PrivateKey.generate()
    public = private.public_key()
    return private, public_key_b64(public), key_id_for(public)


def private_key_to_pem(private_key: Ed25519PrivateKey, password: bytes | None = None) -> bytes:
    """PKCS#8 PEM for the server's key file, encrypted when a password is given."""
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def private_key_from_pem(data: bytes, password: bytes | None = None) -> Ed25519PrivateKey:
    """Read a key file written by private_key_to_pem; raise ValueError (bilingual) for anything else."""
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            "签名密钥文件无法读取（格式或口令错误） / the signing key file cannot be read (wrong format or password)"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("签名密钥不是 Ed25519 密钥 / the signing key is not an Ed25519 key")
    return key


# --- issuing -----------------------------------------------------------------------------------------------------


def new_short_code() -> str:
    """A random short code such as "K7QM-3XPA"; the server keeps drawing while one is already taken."""
    chars = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalize_short_code(text: str) -> str | None:
    """A typed short code in its canonical form ("K7QM-3XPA"), or None if it cannot be one (case and spacing free)."""
    chars = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(chars) != SHORT_CODE_LENGTH or any(ch not in SHORT_CODE_ALPHABET for ch in chars):
        return None
    return f"{chars[:4]}-{chars[4:]}"


def code_url(base_url: str, short_code: str) -> str:
    """The address the QR code carries: the server's public page for the code."""
    return f"{base_url.rstrip('/')}/c/{quote(short_code, safe='-')}"


def _sign(code: InspectionCode, private_key: Ed25519PrivateKey) -> str:
    return base64.b64encode(private_key.sign(canonical_payload(code))).decode("ascii")


def issue(
    *,
    target_id: str,
    target_credit_code: str,
    task_ids: Sequence[str],
    inspector_ids: Sequence[str],
    checklist_item_ids: Sequence[str],
    valid_from: datetime,
    valid_until: datetime,
    issuer: str,
    private_key: Ed25519PrivateKey,
    code_id: str | None = None,
    short_code: str | None = None,
) -> InspectionCode:
    """A new code signed with `private_key`; its key id is derived from the key, so the two cannot disagree.

    Times must carry a time zone; they are stored in UTC, whole seconds (so any database keeps them exactly).
    Raises ValueError (bilingual) for fewer than two distinct inspectors or an empty validity window.
    """
    if len(set(inspector_ids)) < MIN_INSPECTORS:
        raise ValueError("检查码须有两名以上检查人员 / a code needs at least two distinct inspectors")
    if valid_from.tzinfo is None or valid_until.tzinfo is None:
        raise ValueError("有效期须带时区 / the validity times need a time zone")
    start, end = (t.astimezone(UTC).replace(microsecond=0) for t in (valid_from, valid_until))
    if end <= start:
        raise ValueError("有效期结束时间须晚于开始时间 / the validity window must end after it starts")
    code = InspectionCode(
        id=code_id or new_id(),
        short_code=short_code or new_short_code(),
        target_id=target_id,
        target_credit_code=target_credit_code,
        task_ids=list(task_ids),
        inspector_ids=list(inspector_ids),
        checklist_item_ids=list(checklist_item_ids),
        valid_from=start,
        valid_until=end,
        issuer=issuer,
        key_id=key_id_for(private_key.public_key()),
        signature="",
    )
    code.signature = _sign(code, private_key)
    return code


# --- verification ------------------------------------------------------------------------------------------------


class Reason(StrEnum):
    """Stable reason codes of a verdict; the store, the UI, the server and the logs key on these."""

    OK = "ok"
    NO_CODE = "no_code"
    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    REVOKED = "revoked"
    TOO_FEW_INSPECTORS = "too_few_inspectors"
    WRONG_TARGET = "wrong_target"
    WRONG_INSPECTOR = "wrong_inspector"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a code; `zh` and `en` tell the inspector what to do next."""

    reason: Reason
    zh: str
    en: str

    @property
    def ok(self) -> bool:
        return self.reason is Reason.OK

    @property
    def message(self) -> str:
        return f"{self.zh} / {self.en}"


class GateError(Exception):
    """A gated write refused for want of a valid code; carries the verdict for the UI."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.message)
        self.verdict = verdict


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _local(value: datetime) -> str:
    return _as_utc(value).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M (UTC+8)")


def _verdict(reason: Reason, **facts: str) -> Verdict:
    zh, en = _MESSAGES[reason]
    return Verdict(reason, zh.format(**facts), en.format(**facts))


_MESSAGES: dict[Reason, tuple[str, str]] = {
    Reason.OK: ("检查码有效", "the code is valid"),
    Reason.NO_CODE: (
        "没有检查码，不得检查（无码不检查）；请在出发前申请检查码",
        "there is no inspection code, so no inspection; request the code before going",
    ),
    Reason.MALFORMED: (
        "检查码数据不完整或格式错误（{detail}）；请联网同步，或重新申请检查码",
        "the code's data is incomplete or malformed ({detail}); sync again or request a new code",
    ),
    Reason.UNKNOWN_KEY: (
        "检查码由本机不认识的密钥（{key_id}）签发；请联网同步以获取服务器公钥，或联系管理员",
        "the code was signed with a key this computer does not know ({key_id}); "
        "connect and sync to get the server's key, or contact the administrator",
    ),
    Reason.BAD_SIGNATURE: (
        "检查码签名无效，可能被伪造或篡改；不得凭此码检查，请联网同步或重新申请检查码",
        "the code's signature does not verify: it may be forged or altered; "
        "do not inspect with it, sync again or request a new code",
    ),
    Reason.REVOKED: (
        "检查码已被撤销（{why}）；不得凭此码检查，请联系科室负责人",
        "the code has been revoked ({why}); do not inspect with it, contact your team lead",
    ),
    Reason.TOO_FEW_INSPECTORS: (
        "检查码的检查人员少于两名；现场检查须两名以上持证监督员，请补充人员后重新申请检查码",
        "the code names fewer than two inspectors; an on-site inspection needs at least two certified "
        "inspectors, add one and request a new code",
    ),
    Reason.WRONG_TARGET: (
        "该检查码不是为此检查对象签发的；请为此对象申请检查码",
        "this code was not issued for this target; request a code for this target",
    ),
    Reason.WRONG_INSPECTOR: (
        "您不在该检查码的检查人员名单中；请由名单内的监督员检查，或请科室负责人将您加入后重新申请检查码",
        "you are not one of this code's inspectors; let a listed inspector inspect, "
        "or ask your team lead to add you and request the code again",
    ),
    Reason.NOT_YET_VALID: (
        "检查码尚未生效（{start} 起有效）；请在有效期内检查，若本机时间有误请先校准时钟",
        "the code is not valid yet (valid from {start}); inspect within its validity, "
        "and correct this computer's clock first if it is wrong",
    ),
    Reason.EXPIRED: (
        "检查码已过期（有效期至 {end}）；请重新申请检查码，若本机时间有误请先校准时钟",
        "the code expired ({end}); request a new code, and correct this computer's clock first if it is wrong",
    ),
}


def _malformation(code: InspectionCode) -> str | None:
    """What is structurally wrong with a code (e.g. a damaged row), in a few words, or None."""
    try:
        canonical_payload(code)
        signature = base64.b64decode(code.signature, validate=True)
        window_empty = _as_utc(code.valid_until) <= _as_utc(code.valid_from)
    except (AttributeError, TypeError, ValueError):  # binascii.Error is a ValueError
        return "fields"
    if len(signature) != _SIGNATURE_BYTES:
        return "signature"
    if window_empty:
        return "validity"
    return None


def _signature_ok(code: InspectionCode, key: bytes | Ed25519PublicKey) -> bool:
    try:
        public = key if isinstance(key, Ed25519PublicKey) else Ed25519PublicKey.from_public_bytes(key)
        public.verify(base64.b64decode(code.signature), canonical_payload(code))
    except (InvalidSignature, ValueError):
        return False
    return True


def verify(
    code: InspectionCode | None,
    *,
    public_keys: Mapping[str, bytes | Ed25519PublicKey],
    now: datetime,
    target_id: str | None,
    inspector_id: str | None,
    revoked: Mapping[str, str],
    skew: timedelta = DEFAULT_SKEW,
) -> Verdict:
    """Check a code offline. The first failing check decides the reason; checks run from "is this our code at all"
    to "is it for here, me and now".

    public_keys: key id → raw 32-byte key or key object; several during a key rotation.
    target_id / inspector_id: where and who; None skips that check (the public page checks genuineness only).
    revoked: code id → reason, from the synced revocation list (a revoked_at on the code counts as well).
    skew: how far this clock may be off; the validity window is widened by it at both ends, and no further.
    """
    if now.tzinfo is None:
        raise ValueError("now 须带时区 / now needs a time zone")
    if code is None:
        return _verdict(Reason.NO_CODE)
    detail = _malformation(code)
    if detail:
        return _verdict(Reason.MALFORMED, detail=detail)
    key = public_keys.get(code.key_id)
    if key is None:
        return _verdict(Reason.UNKNOWN_KEY, key_id=code.key_id)
    if not _signature_ok(code, key):
        return _verdict(Reason.BAD_SIGNATURE)
    if code.id in revoked or code.revoked_at is not None:
        why = revoked.get(code.id) or code.revoke_reason or "未说明原因 / no reason given"
        return _verdict(Reason.REVOKED, why=why)
    if len(set(code.inspector_ids)) < MIN_INSPECTORS:
        return _verdict(Reason.TOO_FEW_INSPECTORS)
    if target_id is not None and code.target_id != target_id:
        return _verdict(Reason.WRONG_TARGET)
    if inspector_id is not None and inspector_id not in code.inspector_ids:
        return _verdict(Reason.WRONG_INSPECTOR)
    if now < _as_utc(code.valid_from) - skew:
        return _verdict(Reason.NOT_YET_VALID, start=_local(code.valid_from))
    if now > _as_utc(code.valid_until) + skew:
        return _verdict(Reason.EXPIRED, end=_local(code.valid_until))
    return _verdict(Reason.OK)


def require_valid(
    code: InspectionCode | None,
    *,
    public_keys: Mapping[str, bytes | Ed25519PublicKey],
    now: datetime,
    target_id: str | None,
    inspector_id: str | None,
    revoked: Mapping[str, str],
    skew: timedelta = DEFAULT_SKEW,
) -> InspectionCode:
    """The gate: return the code if it is valid here and now, else raise GateError with the verdict."""
    verdict = verify(
        code,
        public_keys=public_keys,
        now=now,
        target_id=target_id,
        inspector_id=inspector_id,
        revoked=revoked,
        skew=skew,
    )
    if code is None or not verdict.ok:
        raise GateError(verdict)
    return code
