"""The server checks the seal of the full-process record (server/sync/seal_rule.py) on SQLite and PostgreSQL.

A device registers its sealing key at login; the test seals an inspection as the laptop does (app/rules/seal_chain.py,
the same rules app/onsite/record_seal.py uses) and pushes it. A changed byte in a result, a photo (its hash), a
signature, or events in another order than sealed is refused with its reason; so is a bad signature, a key the
server does not know for the caller, and a completion without a seal from a sealing device.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from app.models.domain import Amendment, Evidence, Inspection, InspectionCode, ItemResult, Signature
from app.rules import seal_chain
from server.sync import seal_rule
from tests.server.world import PASSWORD, Api, World, mutation

TIMING = {"started": {"sure": True}, "sealed": {"sure": True, "wall": "2026-11-28T08:00:00+00:00"}}


def _public(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def _login(client: TestClient, username: str, key: Ed25519PrivateKey | None, device: str = "dev-1") -> Api:
    body = {"username": username, "password": PASSWORD, "device_id": device}
    if key is not None:
        body["seal_key"] = _public(key)
    response = client.post("/api/auth/login", json=body)
    assert response.status_code == 200, response.text
    return Api(client, response.json()["token"], response.json()["user"])


def _seal(
    key: Ed25519PrivateKey, inspection: Inspection, code: InspectionCode, *records: Any, events: list | None = None
) -> str:
    chain = events or seal_chain.events_of(
        inspection,
        code,
        [r for r in records if isinstance(r, ItemResult)],
        [r for r in records if isinstance(r, Evidence)],
        [r for r in records if isinstance(r, Signature)],
        [r for r in records if isinstance(r, Amendment)],
    )
    head = seal_chain.head_of(chain)
    made = {
        "inspection_id": inspection.id,
        "events": [e.as_list() for e in chain],
        "head": head,
        "timing": TIMING,
        "public_key": _public(key),
        "signature": base64.b64encode(key.sign(seal_chain.signed_bytes(head, TIMING))).decode(),
    }
    return json.dumps(made)


class Visit:
    """An inspection with a result, a photo and a signature, as the laptop records it."""

    def __init__(self, world: World) -> None:
        self.code = world.code("zhang", "li")
        self.started = world.inspection("zhang", "li", code=self.code)
        now = datetime.now(UTC)
        ids = {"inspection_id": self.started.id, "code_id": self.code.id}
        self.result = ItemResult(**ids, item_id="item-1", result="non_compliant", note="灭火器过期")
        photo = hashlib.sha256(b"photo").hexdigest()
        self.photo = Evidence(**ids, item_id="item-1", sha256=photo, size=5, taken_at=now - timedelta(minutes=5))
        ink = hashlib.sha256(b"ink").hexdigest()
        self.signature = Signature(**ids, signer_role="party", signer_name="王经理", sha256=ink, signed_at=now)
        self.finished = self.started.model_copy(update={"status": "completed", "completed_at": now})

    @property
    def records(self) -> tuple[Any, ...]:
        return (self.result, self.photo, self.signature)

    def push_work(self, api: Api, *records: Any) -> None:
        results = api.push(mutation(self.started), *(mutation(r) for r in (records or self.records)))
        assert all(r["status"] == "accepted" for r in results), results

    def finish(self, api: Api, seal: str | None) -> dict[str, Any]:
        fields = {"status": "completed", "completed_at": self.finished.completed_at.isoformat(), "seal": seal}
        return api.push(mutation(entity="inspections", record_id=self.started.id, base_version=1, fields=fields))[0]


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def zhang(world: World, key: Ed25519PrivateKey) -> Api:
    return _login(world.client, "zhang", key)


def test_an_intact_sealed_record_is_accepted(world: World, zhang: Api, key: Ed25519PrivateKey) -> None:
    visit = Visit(world)
    visit.push_work(zhang)
    answer = visit.finish(zhang, _seal(key, visit.finished, visit.code, *visit.records))
    assert answer["status"] == "accepted", answer


def test_in_one_batch_with_its_work_too(world: World, zhang: Api, key: Ed25519PrivateKey) -> None:
    visit = Visit(world)
    finished = visit.finished.model_copy(update={"seal": _seal(key, visit.finished, visit.code, *visit.records)})
    answers = zhang.push(mutation(visit.started), *(mutation(r) for r in visit.records), mutation(finished))
    assert [a["status"] for a in answers] == ["accepted"] * 5, answers


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda v: {"result": v.result.model_copy(update={"note": "灭火器有效"})}, id="result"),
        pytest.param(lambda v: {"photo": v.photo.model_copy(update={"sha256": "1" * 64})}, id="photo-bytes"),
        pytest.param(lambda v: {"signature": v.signature.model_copy(update={"sha256": "2" * 64})}, id="signature"),
        pytest.param(lambda v: {"signature": v.signature.model_copy(update={"signer_name": "王经埋"})}, id="signer"),
    ],
)
def test_a_changed_byte_after_sealing_is_refused(world: World, zhang: Api, key: Ed25519PrivateKey, tamper) -> None:
    """Sealed as recorded; what reaches the server differs by one record: the finish is refused and says which."""
    visit = Visit(world)
    seal = _seal(key, visit.finished, visit.code, *visit.records)
    changed = tamper(visit)
    records = [changed.get(name, getattr(visit, name)) for name in ("result", "photo", "signature")]
    visit.push_work(zhang, *records)
    answer = visit.finish(zhang, seal)
    assert answer["status"] == "rejected" and answer["error"] == "seal_chain_broken", answer
    kind = {"result": "result", "photo": "photo", "signature": "signature"}[next(iter(changed))]
    assert f"changed since sealing: {kind}" in answer["message"]


def test_events_in_another_order_are_refused(world: World, zhang: Api, key: Ed25519PrivateKey) -> None:
    """A seal over the same events in another order (the photo before the result) does not match the record."""
    visit = Visit(world)
    chain = seal_chain.events_of(visit.finished, visit.code, [visit.result], [visit.photo], [visit.signature], [])
    chain[1], chain[2] = chain[2], chain[1]
    visit.push_work(zhang)
    answer = visit.finish(zhang, _seal(key, visit.finished, visit.code, events=chain))
    assert answer["error"] == "seal_chain_broken" and "another order" in answer["message"], answer


def test_a_record_added_after_sealing_is_refused(world: World, zhang: Api, key: Ed25519PrivateKey) -> None:
    visit = Visit(world)
    seal = _seal(key, visit.finished, visit.code, visit.result, visit.photo)  # the signature came later
    visit.push_work(zhang)
    answer = visit.finish(zhang, seal)
    assert answer["error"] == "seal_chain_broken" and "added after sealing: signature" in answer["message"]


def test_a_bad_signature_is_refused(world: World, zhang: Api, key: Ed25519PrivateKey) -> None:
    visit = Visit(world)
    seal = json.loads(_seal(key, visit.finished, visit.code, *visit.records))
    seal["timing"]["sealed"]["wall"] = "2026-11-27T08:00:00+00:00"  # the time changed after signing
    visit.push_work(zhang)
    answer = visit.finish(zhang, json.dumps(seal))
    assert answer["error"] == "seal_signature_bad", answer


def test_a_key_not_registered_by_the_caller_is_refused(world: World, zhang: Api) -> None:
    """A seal made with another key (a copied store on another computer, a forged seal) is refused."""
    visit = Visit(world)
    visit.push_work(zhang)
    answer = visit.finish(zhang, _seal(Ed25519PrivateKey.generate(), visit.finished, visit.code, *visit.records))
    assert answer["error"] == "seal_key_unknown", answer


def test_another_users_key_is_not_the_callers(world: World, key: Ed25519PrivateKey) -> None:
    _login(world.client, "zhang", key)  # zhang's key
    li = _login(world.client, "li", Ed25519PrivateKey.generate())
    visit = Visit(world)
    visit.push_work(li)
    answer = visit.finish(li, _seal(key, visit.finished, visit.code, *visit.records))
    assert answer["error"] == "seal_key_unknown", answer


def test_a_sealing_device_must_seal_the_finish(world: World, zhang: Api) -> None:
    visit = Visit(world)
    visit.push_work(zhang)
    assert visit.finish(zhang, None)["error"] == "seal_missing"


def test_a_caller_without_a_registered_key_is_not_asked_for_one(world: World) -> None:
    """Scripts and older clients that never registered a key complete as before (the printed record can still be
    checked only once sealed)."""
    visit = Visit(world)
    api = _login(world.client, "zhang", None)
    visit.push_work(api)
    assert visit.finish(api, None)["status"] == "accepted"


def test_an_invalid_key_at_login_is_refused(world: World) -> None:
    body = {"username": "zhang", "password": PASSWORD, "device_id": "dev-1", "seal_key": "bm90IGEga2V5"}
    response = world.client.post("/api/auth/login", json=body)
    assert response.status_code == 422 and response.json()["code"] == "invalid_seal_key"


def test_an_amendment_renews_the_seal_and_a_broken_renewal_is_refused(
    world: World, zhang: Api, key: Ed25519PrivateKey
) -> None:
    visit = Visit(world)
    visit.push_work(zhang)
    assert visit.finish(zhang, _seal(key, visit.finished, visit.code, *visit.records))["status"] == "accepted"
    amendment = Amendment(
        inspection_id=visit.started.id,
        code_id=visit.code.id,
        record_entity="item_results",
        record_id=visit.result.id,
        field="note",
        old_value="灭火器过期",
        new_value="灭火器过期两个月",
        reason="笔误",
        made_at=datetime.now(UTC),
    )
    assert zhang.push(mutation(amendment))[0]["status"] == "accepted"
    other = amendment.model_copy(update={"new_value": "灭火器有效"})  # sealed as another correction than pushed
    reseal = {"seal": _seal(key, visit.finished, visit.code, *visit.records, other)}
    answer = zhang.push(mutation(entity="inspections", record_id=visit.started.id, base_version=2, fields=reseal))[0]
    assert answer["error"] == "seal_chain_broken" and "changed since sealing: amendment" in answer["message"]
    reseal = {"seal": _seal(key, visit.finished, visit.code, *visit.records, amendment)}
    answer = zhang.push(mutation(entity="inspections", record_id=visit.started.id, base_version=2, fields=reseal))[0]
    assert answer["status"] == "accepted", answer
    locked = {"findings": "改写", "seal": _seal(key, visit.finished, visit.code, *visit.records, amendment)}
    answer = zhang.push(mutation(entity="inspections", record_id=visit.started.id, base_version=3, fields=locked))[0]
    assert answer["error"] == "inspection_locked"  # a renewed seal carries nothing else


def test_a_printed_record_is_checked_against_the_server(world: World, zhang: Api, key: Ed25519PrivateKey) -> None:
    visit = Visit(world)
    visit.push_work(zhang)
    sealed = _seal(key, visit.finished, visit.code, *visit.records)
    printed = seal_chain.printed_text(json.loads(sealed))
    with world.client.app.state.sessions() as session:
        assert seal_rule.check_printed(session, printed).status == seal_rule.UNKNOWN  # not finished on the server
    assert visit.finish(zhang, sealed)["status"] == "accepted"
    other = json.loads(_seal(key, visit.finished, visit.code, visit.result))
    with world.client.app.state.sessions() as session:
        verdict = seal_rule.check_printed(session, printed)
        assert verdict.status == seal_rule.VALID and "一致" in verdict.headline
        assert seal_rule.check_printed(session, seal_chain.printed_text(other)).status == seal_rule.INVALID
        assert seal_rule.check_printed(session, "FI-SEAL1:nope").status == seal_rule.UNKNOWN
        wrapped = printed[:40] + "\n" + printed[40:]  # typed from the paper over two lines
        assert seal_rule.check_printed(session, wrapped).status == seal_rule.VALID


def test_the_verify_record_command(
    world: World, zhang: Api, key: Ed25519PrivateKey, settings, monkeypatch, capsys
) -> None:
    """`field-inspector-server verify-record <seal>`: says it in plain Chinese; 0 valid, 1 not valid, 3 unknown."""
    from server.__main__ import main

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    visit = Visit(world)
    visit.push_work(zhang)
    sealed = _seal(key, visit.finished, visit.code, *visit.records)
    assert visit.finish(zhang, sealed)["status"] == "accepted"
    printed = seal_chain.printed_text(json.loads(sealed))
    assert main(["verify-record", printed]) == 0
    assert "核验通过" in capsys.readouterr().out
    forged = printed[:-60] + ("A" if printed[-60] != "A" else "B") + printed[-59:]  # the head kept, the signature not
    head = json.loads(sealed)["head"]
    other = printed.replace(head, hashlib.sha256(b"another record").hexdigest())
    assert main(["verify-record", other]) == 1
    assert "核验未通过" in capsys.readouterr().out
    assert main(["verify-record", forged]) == 1
    assert "设备签名" in capsys.readouterr().out
    assert main(["verify-record", printed[:50], printed[50:]]) == 0  # typed from the paper in two pieces
    capsys.readouterr()
    assert main(["verify-record", "FI-SEAL1:x"]) == 3
    assert "无法识别" in capsys.readouterr().out


def test_the_public_page_says_it_in_words(world: World, zhang: Api, key: Ed25519PrivateKey) -> None:
    """`GET /r`: the form, then the verdict for a typed seal; what was typed comes back escaped."""
    visit = Visit(world)
    visit.push_work(zhang)
    sealed = _seal(key, visit.finished, visit.code, *visit.records)
    assert visit.finish(zhang, sealed)["status"] == "accepted"
    form = world.client.get("/r")
    assert form.status_code == 200 and 'name="seal"' in form.text
    valid = world.client.get("/r", params={"seal": seal_chain.printed_text(json.loads(sealed))})
    assert valid.status_code == 200 and "核验通过" in valid.text and 'class="status ok"' in valid.text
    typed = world.client.get("/r", params={"seal": "<img src=x>"})
    assert "无法识别的封存码" in typed.text and "<img src=x>" not in typed.text and "&lt;img src=x&gt;" in typed.text


def test_a_seal_is_never_taken_away(world: World, zhang: Api, key: Ed25519PrivateKey) -> None:
    """A completed, sealed inspection: the other inspector, signed in without a sealing key (a script with a token),
    cannot strip or replace its seal."""
    visit = Visit(world)
    visit.push_work(zhang)
    assert visit.finish(zhang, _seal(key, visit.finished, visit.code, *visit.records))["status"] == "accepted"
    script = _login(world.client, "li", None, device="script")
    for seal in (None, ""):
        stripped = mutation(entity="inspections", record_id=visit.started.id, base_version=2, fields={"seal": seal})
        assert script.push(stripped)[0]["error"] == "seal_missing"
    other = _seal(Ed25519PrivateKey.generate(), visit.finished, visit.code, *visit.records)
    replaced = mutation(entity="inspections", record_id=visit.started.id, base_version=2, fields={"seal": other})
    assert script.push(replaced)[0]["error"] == "seal_key_unknown"


def test_a_keyless_caller_cannot_finish_unsealed_what_a_sealing_colleague_inspects(world: World, zhang: Api) -> None:
    """zhang signs in from a sealing laptop; li, on the same inspection, pushes its finish from a script without a
    key and without a seal: refused."""
    visit = Visit(world)
    visit.push_work(zhang)
    li = _login(world.client, "li", None, device="script")
    assert visit.finish(li, None)["error"] == "seal_missing"
