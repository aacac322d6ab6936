"""The full-process record (执法全过程记录): finishing seals the inspection's events with the device key; a changed
byte in a result, a photo, a signature, or the events in another order is detected, and says which."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.models import Inspection, ResultValue
from app.onsite import amendments, record_seal
from app.onsite import inspection as onsite
from app.onsite.evidence import import_photo
from app.onsite.signatures import sign, signers_of
from app.store import Store
from app.store.errors import LockedError
from tests.helpers.sql import one, sql
from tests.onsite.evidence_helpers import jpeg
from tests.onsite.world import site_world


def _png() -> bytes:
    image = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 80), (120, 30), (260, 90)], fill="black", width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def sealed(tmp_path: Path) -> Iterator[tuple[Store, Inspection]]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        world = site_world(store)
        code = world.code_for(world.task)
        sections = onsite.checklist(store, code)
        inspection = onsite.start(store, code.id)
        for item in world.items:
            onsite.answer(store, inspection, item.id, ResultValue.COMPLIANT)
        import_photo(store, inspection, jpeg(tmp_path / "IMG_1.JPG"), item_id=world.items[0].id)
        for signer in signers_of(store, inspection):
            sign(store, inspection, replace(signer, name=signer.name or "王店长"), _png())
        yield store, onsite.finish(store, inspection, sections)


def test_finishing_seals_every_event_and_the_untouched_record_verifies(sealed) -> None:
    store, inspection = sealed
    seal = record_seal.seal_of(store, inspection.id)
    assert seal is not None
    kinds = [kind for kind, _, _ in seal["events"]]
    assert kinds[0] == "code" and kinds[-1] == "finish"
    assert {"result", "photo", "signature"} <= set(kinds)
    assert record_seal.verify(store, inspection.id).ok


def test_a_changed_byte_in_a_result_is_detected(sealed) -> None:
    store, inspection = sealed
    sql(store, "UPDATE item_results SET result = 'non_compliant' WHERE rowid = (SELECT min(rowid) FROM item_results)")
    check = record_seal.verify(store, inspection.id)
    assert not check.ok and any("changed since sealing: result" in p for p in check.problems)


@pytest.mark.parametrize("kind", ["photo", "signature"])
def test_a_changed_byte_in_a_file_is_detected(sealed, kind: str) -> None:
    store, inspection = sealed
    table = "evidence" if kind == "photo" else "signatures"
    path = store.blobs.path(one(store, f"SELECT sha256 FROM {table} LIMIT 1"))
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 1
    path.write_bytes(bytes(raw))
    check = record_seal.verify(store, inspection.id)
    assert not check.ok and any(f"the file was changed: {kind}" in p for p in check.problems)


def test_a_changed_signature_record_is_detected(sealed) -> None:
    store, inspection = sealed
    sql(store, "UPDATE signatures SET signer_name = '王五' WHERE rowid = (SELECT min(rowid) FROM signatures)")
    assert any("changed since sealing: signature" in p for p in record_seal.verify(store, inspection.id).problems)


def test_events_in_another_order_are_detected(sealed) -> None:
    store, inspection = sealed
    seal = record_seal.seal_of(store, inspection.id)
    assert seal is not None
    seal["events"][1], seal["events"][2] = seal["events"][2], seal["events"][1]
    store.set_meta(record_seal.SEAL + inspection.id, json.dumps(seal))
    problems = record_seal.verify(store, inspection.id).problems
    assert any("content or order" in p for p in problems) and any("another order" in p for p in problems)


def test_the_timing_is_sealed_with_the_chain(sealed) -> None:
    store, inspection = sealed
    seal = record_seal.seal_of(store, inspection.id)
    assert seal is not None and seal["timing"]["started"]["sure"] is False  # no contact in this world
    assert seal["timing"]["sealed"]["wall"]
    seal["timing"]["sealed"]["sure"] = True  # claiming a trusted time after the fact
    store.set_meta(record_seal.SEAL + inspection.id, json.dumps(seal))
    assert "the seal's device signature does not verify" in record_seal.verify(store, inspection.id).problems[0]


def test_a_resealed_head_without_the_device_key_is_refused(sealed) -> None:
    store, inspection = sealed
    sql(store, "UPDATE item_results SET note = '改过' WHERE rowid = (SELECT min(rowid) FROM item_results)")
    seal = record_seal.seal_of(store, inspection.id)
    assert seal is not None
    chain = record_seal.events(store, store.get(Inspection, inspection.id))
    seal |= {"events": [e.as_list() for e in chain], "head": record_seal.head_of(chain)}  # forged, not re-signed
    store.set_meta(record_seal.SEAL + inspection.id, json.dumps(seal))
    assert record_seal.verify(store, inspection.id).problems == [
        "封存签名无效 / the seal's device signature does not verify"
    ]


def test_an_amendment_extends_the_sealed_record(sealed) -> None:
    store, inspection = sealed
    item = one(store, "SELECT item_id FROM item_results LIMIT 1")
    amendments.amend_result(store, inspection, item, reason="笔误", note="补记")
    seal = record_seal.seal_of(store, inspection.id)
    assert seal is not None and seal["events"][-1][0] == "amendment"
    assert record_seal.verify(store, inspection.id).ok


def test_the_seal_travels_with_the_inspection_and_is_renewed_with_an_amendment(sealed) -> None:
    """The finishing save carries the seal (so it is pushed with the finish); an amendment renews it on the record,
    the one change a completed inspection still takes; nothing else of it may change."""
    store, inspection = sealed
    stored = store.get(Inspection, inspection.id)
    assert stored.seal is not None and json.loads(stored.seal) == record_seal.seal_of(store, inspection.id)
    queued = [m for m in store.outbox() if m["entity"] == "inspections" and "status" in m["fields"]]
    assert queued and queued[-1]["fields"]["seal"] == stored.seal  # one mutation: completed and sealed together
    item = one(store, "SELECT item_id FROM item_results LIMIT 1")
    amendments.amend_result(store, inspection, item, reason="笔误", note="补记")
    renewed = store.get(Inspection, inspection.id)
    assert renewed.seal != stored.seal and json.loads(renewed.seal)["events"][-1][0] == "amendment"
    with pytest.raises(LockedError):
        store.save(renewed.model_copy(update={"findings": "改写", "seal": stored.seal}))


def test_the_shared_chain_rules_give_the_same_head_from_the_records(sealed) -> None:
    """app/rules/seal_chain.py (what the server recomputes) and the laptop's seal agree."""
    from app.rules import seal_chain

    store, inspection = sealed
    seal = record_seal.seal_of(store, inspection.id)
    now = record_seal.events(store, store.get(Inspection, inspection.id))
    assert seal_chain.head_of(now) == seal["head"] and seal_chain.signature_ok(seal)
    printed = seal_chain.parse_printed(seal_chain.printed_text(seal))
    assert printed is not None and (printed.inspection_id, printed.head) == (inspection.id, seal["head"])
