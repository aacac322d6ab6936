"""The inspection code: canonical payload, signing, keys, short codes and every reason the offline check refuses."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from app.models.domain import InspectionCode
from app.rules import codes
from app.rules.codes import Reason

NOW = datetime(2025, 3, 3, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
START = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)
END = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
TARGET = "target-1"
ME = "inspector-zhang"
PARTNER = "inspector-li"
SERVER_KEY = Ed25519PrivateKey.generate()
SERVER_KEY_ID = codes.key_id_for(SERVER_KEY.public_key())
OTHER_KEY = Ed25519PrivateKey.generate()
OTHER_KEY_ID = codes.key_id_for(OTHER_KEY.public_key())
PINNED = {SERVER_KEY_ID: SERVER_KEY.public_key()}


def make_code(**overrides: Any) -> InspectionCode:
    fields: dict[str, Any] = {
        "target_id": TARGET,
        "target_credit_code": "91310105MA1FL0XX0B",
        "task_ids": ["task-1", "task-2"],
        "inspector_ids": [ME, PARTNER],
        "checklist_item_ids": ["item-1", "item-2"],
        "valid_from": START,
        "valid_until": END,
        "issuer": "长宁区卫生健康委员会",
        "private_key": SERVER_KEY,
    }
    return codes.issue(**(fields | overrides))


def resigned(code: InspectionCode, key: Ed25519PrivateKey = SERVER_KEY, **changes: Any) -> InspectionCode:
    """The code with `changes` applied (unvalidated, as a damaged row would be), then signed again by `key`."""
    changed = code.model_copy(update=changes)
    changed.__dict__["signature"] = base64.b64encode(key.sign(codes.canonical_payload(changed))).decode()
    return changed


def check(code: InspectionCode | None, **overrides: Any) -> codes.Verdict:
    kwargs: dict[str, Any] = {
        "public_keys": PINNED,
        "now": NOW,
        "target_id": TARGET,
        "inspector_id": ME,
        "revoked": {},
    }
    return codes.verify(code, **(kwargs | overrides))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the offline check opened a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# --- a valid code --------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_network")
def test_valid_code_opens_the_gate_offline() -> None:
    code = make_code()
    verdict = check(code)
    assert verdict.ok
    assert verdict.reason == Reason.OK
    assert codes.require_valid(code, **_gate_kwargs()) is code


def _gate_kwargs() -> dict[str, Any]:
    return {"public_keys": PINNED, "now": NOW, "target_id": TARGET, "inspector_id": ME, "revoked": {}}


def test_code_survives_the_sync_round_trip_and_bookkeeping_changes() -> None:
    code = make_code()
    wire = json.loads(json.dumps(code.model_dump(mode="json")))
    synced = InspectionCode.model_validate(wire).model_copy(
        update={"version": 42, "updated_at": NOW + timedelta(days=1)}
    )
    assert check(synced).ok


def test_raw_public_key_bytes_and_key_objects_both_verify() -> None:
    raw = base64.b64decode(codes.public_key_b64(SERVER_KEY.public_key()))
    assert check(make_code(), public_keys={SERVER_KEY_ID: raw}).ok


def test_a_retired_key_still_verifies_during_rotation() -> None:
    old_code = make_code()
    new_code = make_code(private_key=OTHER_KEY)
    both = {SERVER_KEY_ID: SERVER_KEY.public_key(), OTHER_KEY_ID: OTHER_KEY.public_key()}
    assert check(old_code, public_keys=both).ok
    assert check(new_code, public_keys=both).ok
    assert check(old_code, public_keys={OTHER_KEY_ID: OTHER_KEY.public_key()}).reason == Reason.UNKNOWN_KEY


# --- every refusal has its own reason -------------------------------------------------------------------------------

Case = Callable[[], codes.Verdict]


def _revoked_case() -> codes.Verdict:
    code = make_code()
    return check(code, revoked={"other-code": "other", code.id: "计划取消"})


REFUSALS: dict[str, tuple[Case, Reason]] = {
    "no code": (lambda: check(None), Reason.NO_CODE),
    "forged: another key claiming the server's key id": (
        lambda: check(resigned(make_code(), OTHER_KEY)),
        Reason.BAD_SIGNATURE,
    ),
    "unknown key id": (lambda: check(make_code(private_key=OTHER_KEY)), Reason.UNKNOWN_KEY),
    "expired": (lambda: check(make_code(), now=END + timedelta(hours=1)), Reason.EXPIRED),
    "not yet valid": (lambda: check(make_code(), now=START - timedelta(hours=1)), Reason.NOT_YET_VALID),
    "revoked by the synced list": (_revoked_case, Reason.REVOKED),
    "revoked on the record": (
        lambda: check(make_code().model_copy(update={"revoked_at": NOW, "revoke_reason": "重复申码"})),
        Reason.REVOKED,
    ),
    "wrong target": (lambda: check(make_code(), target_id="target-2"), Reason.WRONG_TARGET),
    "wrong inspector": (lambda: check(make_code(), inspector_id="inspector-wang"), Reason.WRONG_INSPECTOR),
    "one inspector": (lambda: check(resigned(make_code(), inspector_ids=[ME])), Reason.TOO_FEW_INSPECTORS),
    "one inspector listed twice": (
        lambda: check(resigned(make_code(), inspector_ids=[ME, ME])),
        Reason.TOO_FEW_INSPECTORS,
    ),
    "signature not base64": (
        lambda: check(make_code().model_copy(update={"signature": "not base64!"})),
        Reason.MALFORMED,
    ),
    "signature too short": (
        lambda: check(make_code().model_copy(update={"signature": base64.b64encode(b"short").decode()})),
        Reason.MALFORMED,
    ),
    "empty validity window": (lambda: check(resigned(make_code(), valid_until=START)), Reason.MALFORMED),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_each_refusal_has_its_own_reason_and_a_bilingual_instruction(case: str) -> None:
    run, expected = REFUSALS[case]
    verdict = run()
    assert not verdict.ok
    assert verdict.reason == expected
    assert re.search(r"[\u4e00-\u9fff]", verdict.zh) and re.search(r"[a-z]", verdict.en)
    assert verdict.message == f"{verdict.zh} / {verdict.en}"


def test_every_reason_is_reachable() -> None:
    reached = {reason for _, reason in REFUSALS.values()} | {Reason.OK}
    assert reached == set(Reason)


def test_the_gate_raises_with_the_verdict() -> None:
    with pytest.raises(codes.GateError) as caught:
        codes.require_valid(None, **_gate_kwargs())
    assert caught.value.verdict.reason == Reason.NO_CODE
    assert "请在出发前申请检查码" in str(caught.value)
    assert "request the code before going" in str(caught.value)


def test_refusal_messages_carry_the_facts() -> None:
    code = make_code(private_key=OTHER_KEY)
    assert OTHER_KEY_ID in check(code).en
    assert "计划取消" in _revoked_case().zh
    assert "2025-03-03 18:00 (UTC+8)" in check(make_code(), now=END + timedelta(hours=1)).zh


def test_a_naive_now_is_refused_as_a_programming_error() -> None:
    with pytest.raises(ValueError, match="time zone"):
        check(make_code(), now=NOW.replace(tzinfo=None))


# --- tampering with any signed field breaks the signature --------------------------------------------------------

TAMPERED: dict[str, Any] = {
    "id": "0190f000-0000-7000-8000-000000000000",
    "short_code": "ZZZZ-ZZZZ",
    "target_id": "target-2",
    "target_credit_code": "91310105MA1FL0XX1Y",
    "task_ids": ["task-1"],
    "inspector_ids": [ME, "inspector-wang"],
    "checklist_item_ids": ["item-1"],
    "valid_from": START - timedelta(days=1),
    "valid_until": END + timedelta(days=30),
    "issuer": "某某区卫生健康委员会",
    "key_id": OTHER_KEY_ID,  # points at another key the client also trusts (a rotation in progress)
}


def test_the_tampering_table_covers_every_signed_field() -> None:
    assert set(TAMPERED) == set(codes.SIGNED_FIELDS)


@pytest.mark.parametrize("field", codes.SIGNED_FIELDS)
def test_a_tampered_field_fails_the_signature(field: str) -> None:
    tampered = make_code().model_copy(update={field: TAMPERED[field]})
    both = {SERVER_KEY_ID: SERVER_KEY.public_key(), OTHER_KEY_ID: OTHER_KEY.public_key()}
    verdict = check(tampered, public_keys=both, target_id=None, inspector_id=None)
    assert verdict.reason == Reason.BAD_SIGNATURE


# --- clock skew --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "skew", "expected"),
    [
        (START - timedelta(minutes=9), codes.DEFAULT_SKEW, Reason.OK),
        (START - timedelta(minutes=10), codes.DEFAULT_SKEW, Reason.OK),
        (START - timedelta(minutes=11), codes.DEFAULT_SKEW, Reason.NOT_YET_VALID),
        (END + timedelta(minutes=9), codes.DEFAULT_SKEW, Reason.OK),
        (END + timedelta(minutes=10), codes.DEFAULT_SKEW, Reason.OK),
        (END + timedelta(minutes=11), codes.DEFAULT_SKEW, Reason.EXPIRED),
        (START - timedelta(seconds=1), timedelta(0), Reason.NOT_YET_VALID),
        (END + timedelta(seconds=1), timedelta(0), Reason.EXPIRED),
        (START - timedelta(minutes=50), timedelta(hours=1), Reason.OK),
        (END + timedelta(minutes=61), timedelta(hours=1), Reason.EXPIRED),
    ],
)
def test_clock_skew_is_tolerated_up_to_the_limit_at_both_ends(now: datetime, skew: timedelta, expected: Reason) -> None:
    assert check(make_code(), now=now, skew=skew).reason == expected


def test_now_in_another_time_zone_is_the_same_instant() -> None:
    shanghai = timezone(timedelta(hours=8))
    assert check(make_code(), now=(END + timedelta(minutes=11)).astimezone(shanghai)).reason == Reason.EXPIRED


# --- canonical payload -------------------------------------------------------------------------------------------


def test_payload_is_compact_sorted_json_of_exactly_the_signed_fields() -> None:
    payload = codes.canonical_payload(make_code())
    parsed = json.loads(payload)
    assert list(parsed) == sorted(codes.SIGNED_FIELDS)
    assert payload == json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert parsed["valid_from"] == "2025-03-03T00:00:00Z"


def test_payload_ignores_the_order_fields_were_given_in() -> None:
    data = make_code().model_dump()
    reordered = InspectionCode.model_validate(dict(reversed(list(data.items()))))
    assert codes.canonical_payload(reordered) == codes.canonical_payload(InspectionCode.model_validate(data))


@pytest.mark.parametrize(
    "start",
    [
        START,
        START.astimezone(timezone(timedelta(hours=8))),
        START.astimezone(timezone(timedelta(hours=-5))),
        START.replace(tzinfo=None),  # stored times without a zone are UTC
    ],
    ids=["utc", "plus8", "minus5", "naive-utc"],
)
def test_payload_ignores_how_the_time_zone_is_written(start: datetime) -> None:
    code = make_code()
    assert codes.canonical_payload(code.model_copy(update={"valid_from": start})) == codes.canonical_payload(code)


def test_payload_leaves_out_signature_sync_bookkeeping_and_revocation() -> None:
    code = make_code()
    changed = code.model_copy(
        update={"signature": "x", "version": 9, "updated_at": NOW, "revoked_at": NOW, "revoke_reason": "r"}
    )
    assert codes.canonical_payload(changed) == codes.canonical_payload(code)


# --- issuing -----------------------------------------------------------------------------------------------------


def test_issue_stores_utc_whole_seconds_and_the_key_id_of_its_key() -> None:
    local = timezone(timedelta(hours=8))
    code = make_code(valid_from=datetime(2025, 3, 3, 8, 0, 0, 123456, tzinfo=local))
    assert code.valid_from == START
    assert code.valid_from.utcoffset() == timedelta(0)
    assert code.key_id == SERVER_KEY_ID


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"inspector_ids": [ME, ME]}, "two distinct inspectors"),
        ({"valid_from": START.replace(tzinfo=None)}, "time zone"),
        ({"valid_until": START}, "end after it starts"),
    ],
)
def test_issue_refuses_a_code_that_could_never_pass(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_code(**overrides)


def test_issue_keeps_a_given_id_and_short_code() -> None:
    code = make_code(code_id="code-1", short_code="K7QM-3XPA")
    assert (code.id, code.short_code) == ("code-1", "K7QM-3XPA")
    assert check(code).ok


# --- short codes and the QR address ------------------------------------------------------------------------------


def test_short_codes_are_unambiguous_well_formed_and_unique() -> None:
    draws = [codes.new_short_code() for _ in range(5000)]
    assert all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", c) for c in draws)
    used = set("".join(draws).replace("-", ""))
    assert not used & set("0O1I")
    assert used == set(codes.SHORT_CODE_ALPHABET)
    assert len(set(draws)) == len(draws)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("K7QM-3XPA", "K7QM-3XPA"),
        (" k7qm 3xpa ", "K7QM-3XPA"),
        ("K7QM3XPA", "K7QM-3XPA"),
        ("K7QM-3XP0", None),  # 0 is never used
        ("K7QM-3XP", None),
        ("", None),
    ],
)
def test_typed_short_codes_are_normalized(typed: str, expected: str | None) -> None:
    assert codes.normalize_short_code(typed) == expected


@pytest.mark.parametrize("base", ["https://jc.example.gov.cn", "https://jc.example.gov.cn/"])
def test_code_url_points_at_the_public_page(base: str) -> None:
    assert codes.code_url(base, "K7QM-3XPA") == "https://jc.example.gov.cn/c/K7QM-3XPA"


# --- keys --------------------------------------------------------------------------------------------------------


def test_generated_key_id_is_the_head_of_the_public_key_hash() -> None:
    private, public_b64, key_id = codes.generate_key()
    raw = base64.b64decode(public_b64)
    assert len(raw) == 32
    assert key_id == hashlib.sha256(raw).hexdigest()[:16]
    assert codes.key_id_for(codes.public_key_from_b64(public_b64)) == key_id
    assert codes.key_id_for(private.public_key()) == key_id


@pytest.mark.parametrize("text", ["not base64!", base64.b64encode(b"too short").decode(), ""])
def test_a_bad_pinned_key_is_refused_clearly(text: str) -> None:
    with pytest.raises(ValueError, match=r"公钥.* / .*public key"):
        codes.public_key_from_b64(text)


@pytest.mark.parametrize("password", [None, b"correct horse"])
def test_private_key_pem_round_trip(password: bytes | None) -> None:
    private, _, key_id = codes.generate_key()
    pem = codes.private_key_to_pem(private, password)
    assert pem.startswith(b"-----BEGIN ")
    assert (b"ENCRYPTED" in pem) == (password is not None)
    assert codes.key_id_for(codes.private_key_from_pem(pem, password).public_key()) == key_id


def test_a_wrong_password_or_a_foreign_key_file_is_refused() -> None:
    pem = codes.private_key_to_pem(SERVER_KEY, b"right")
    with pytest.raises(ValueError, match="cannot be read"):
        codes.private_key_from_pem(pem, b"wrong")
    with pytest.raises(ValueError, match="cannot be read"):
        codes.private_key_from_pem(b"not a pem")
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    with pytest.raises(ValueError, match="not an Ed25519 key"):
        codes.private_key_from_pem(ec_pem)
