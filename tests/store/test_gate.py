"""The code gate in the store: writes of inspection work through the store API are refused without a valid code.

Each refusal names its own reason and leaves the store unchanged (no row, no outbox entry).
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.models import InspectionStatus, ResultValue
from app.models.domain import Amendment, Evidence, Inspection, ItemResult
from app.models.ids import new_id
from app.rules.codes import GateError, Reason, canonical_payload, generate_key
from app.store import LockedError, Store, StoreError
from app.store.gate import CLOCK_SKEW
from tests.helpers.gate import ME, PARTNER, CodeWorld, code_world
from tests.store.conftest import target


@pytest.fixture
def world(store: Store) -> CodeWorld:
    return code_world(store, target())


def _counts(store: Store) -> tuple[int, int, int]:
    one = lambda sql: store._db.execute(sql).fetchone()[0]  # noqa: E731
    return (
        one("SELECT count(*) FROM inspections"),
        one("SELECT count(*) FROM item_results"),
        one("SELECT count(*) FROM outbox"),
    )


def _refused(world: CodeWorld, record, reason: Reason) -> GateError:
    before = _counts(world.store)
    with pytest.raises(GateError) as refused:
        world.store.save(record)
    assert refused.value.verdict.reason is reason
    assert _counts(world.store) == before, "a refused write changes nothing"
    return refused.value


def _opening(code) -> Inspection:
    return Inspection(code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=[ME, PARTNER])


def test_a_valid_code_opens_the_gate_offline(world: CodeWorld) -> None:
    code = world.code()
    inspection = world.inspection(code)
    world.store.save(ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i1", result="compliant"))
    assert _counts(world.store) == (1, 1, 2)


def test_no_code_no_inspection(world: CodeWorld) -> None:
    error = _refused(world, _opening(world.code()).model_copy(update={"code_id": "never-issued"}), Reason.NO_CODE)
    assert "无码不检查" in str(error) and "request the code before going" in str(error)


def test_forged_signature_is_refused(world: CodeWorld) -> None:
    code = world.code()
    forged = base64.b64encode(bytes(64)).decode()
    world.store.save_many([code.model_copy(update={"signature": forged})], synced=True)
    _refused(world, _opening(code), Reason.BAD_SIGNATURE)


def test_tampered_payload_is_refused(world: CodeWorld) -> None:
    code = world.code()
    stretched = code.model_copy(update={"valid_until": code.valid_until + timedelta(days=30)})
    world.store.save_many([stretched], synced=True)
    _refused(world, _opening(code), Reason.BAD_SIGNATURE)


def test_a_code_signed_by_a_key_this_device_does_not_trust_is_refused(world: CodeWorld) -> None:
    stranger, _, _ = generate_key()
    code = world.code(private_key=stranger)
    _refused(world, _opening(code), Reason.UNKNOWN_KEY)


def test_expired_and_not_yet_valid(world: CodeWorld) -> None:
    _refused(world, _opening(world.code(starts_in=-10, hours=2)), Reason.EXPIRED)
    _refused(world, _opening(world.code(starts_in=5)), Reason.NOT_YET_VALID)


def test_revoked_code_is_refused(world: CodeWorld) -> None:
    code = world.code()
    revoked = code.model_copy(update={"revoked_at": datetime.now(UTC), "revoke_reason": "任务取消"})
    world.store.save_many([revoked], synced=True)
    error = _refused(world, _opening(code), Reason.REVOKED)
    assert "任务取消" in str(error)


def test_wrong_target_and_wrong_inspector(world: CodeWorld) -> None:
    code = world.code()
    other = target(name="另一家诊所")
    world.store.save_many([other], synced=True)
    _refused(world, _opening(code).model_copy(update={"target_id": other.id}), Reason.WRONG_TARGET)
    _refused(world, _opening(world.code(inspector_ids=[PARTNER, "inspector-wang"])), Reason.WRONG_INSPECTOR)


def test_nobody_logged_in_is_not_on_any_code(world: CodeWorld) -> None:
    code = world.code()
    world.store._db.execute("DELETE FROM sync_meta WHERE key = 'user.inspector_id'")
    _refused(world, _opening(code), Reason.WRONG_INSPECTOR)


def test_fewer_than_two_inspectors(world: CodeWorld) -> None:
    code = world.code()
    # The server never issues such a code: this one is signed by hand over a single-inspector payload.
    alone = code.model_copy(update={"inspector_ids": [ME]})
    alone.signature = base64.b64encode(world.key.sign(canonical_payload(alone))).decode()
    world.store.save_many([alone], synced=True)
    _refused(world, _opening(alone), Reason.TOO_FEW_INSPECTORS)


def test_clock_skew_within_and_beyond_tolerance(store: Store, tmp_path: Path) -> None:
    world = code_world(store, target())
    code = world.code(starts_in=0.5)  # starts in 30 minutes: this clock may be slow
    store.set_meta(CLOCK_SKEW, str(45 * 60))
    world.inspection(code)  # within 45 minutes of tolerance
    store.set_meta(CLOCK_SKEW, str(10 * 60))
    _refused(world, _opening(world.code(starts_in=0.5)), Reason.NOT_YET_VALID)


def test_the_stores_clock_decides(tmp_path: Path) -> None:
    later = datetime.now(UTC) + timedelta(days=2)
    with Store.open(tmp_path / "store.sqlite3", clock=lambda: later) as store:
        world = code_world(store, target())
        _refused(world, _opening(world.code()), Reason.EXPIRED)


def test_results_are_locked_once_the_inspection_is_completed(world: CodeWorld) -> None:
    code = world.code()
    inspection = world.inspection(code)
    result = world.store.save(
        ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i1", result=ResultValue.COMPLIANT)
    )
    world.store.save(inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    before = _counts(world.store)
    with pytest.raises(LockedError, match="locked"):
        world.store.save(result.model_copy(update={"result": ResultValue.NON_COMPLIANT}))
    with pytest.raises(LockedError):
        world.store.save(inspection.model_copy(update={"findings": "补记"}))
    with pytest.raises(LockedError):
        world.store.delete(ItemResult, result.id)
    assert _counts(world.store) == before


def test_an_item_outside_the_code_is_refused(world: CodeWorld) -> None:
    code = world.code(checklist_item_ids=["i1", "i2"])
    inspection = world.inspection(code)
    with pytest.raises(StoreError, match="not covered by code"):
        world.store.save(ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i9", result="compliant"))


def test_evidence_needs_its_inspection_and_the_same_code(world: CodeWorld) -> None:
    code = world.code()
    photo = dict(sha256="a" * 64, size=10, taken_at=datetime.now(UTC))
    with pytest.raises(StoreError, match="start the inspection"):
        world.store.save(Evidence(inspection_id=new_id(), code_id=code.id, **photo))
    inspection = world.inspection(code)
    other = world.code()
    with pytest.raises(StoreError, match="not the code of its inspection"):
        world.store.save(Evidence(inspection_id=inspection.id, code_id=other.id, **photo))


def test_save_many_is_gated_too_but_not_records_from_the_server(world: CodeWorld) -> None:
    code = world.code(starts_in=-10, hours=2)  # expired
    with pytest.raises(GateError):
        world.store.save_many([_opening(code)])
    world.store.save_many([_opening(code)], synced=True)  # a past inspection, as the server holds it
    assert _counts(world.store)[0] == 1


def test_a_refused_record_rolls_back_the_whole_batch(world: CodeWorld) -> None:
    code = world.code(checklist_item_ids=["i1"])
    inspection = _opening(code)
    outside = ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i9", result=ResultValue.COMPLIANT)
    with pytest.raises(StoreError, match="not covered by code"):
        world.store.save_many([inspection, outside])  # the inspection is written first, in the same transaction
    assert _counts(world.store) == (0, 0, 0)


def test_photos_and_orders_of_a_completed_inspection_are_locked_too(world: CodeWorld) -> None:
    code = world.code()
    inspection = world.inspection(code)
    photo = world.store.save(
        Evidence(inspection_id=inspection.id, code_id=code.id, sha256="b" * 64, size=10, taken_at=datetime.now(UTC))
    )
    world.store.delete(Evidence, photo.id)  # while in progress a photo may be removed
    world.store.save(photo)
    world.store.save(inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    with pytest.raises(LockedError, match="amendment"):
        world.store.delete(Evidence, photo.id)
    with pytest.raises(LockedError):
        world.store.save(photo.model_copy(update={"id": new_id()}))
    assert world.store.get(Evidence, photo.id) is not None


def test_a_locked_inspection_says_so_even_when_its_code_has_expired(tmp_path: Path) -> None:
    now = [datetime.now(UTC)]
    with Store.open(tmp_path / "store.sqlite3", clock=lambda: now[0]) as store:
        world = code_world(store, target())
        code = world.code(hours=2)
        inspection = world.inspection(code)
        store.save(inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
        now[0] += timedelta(days=3)
        with pytest.raises(LockedError):  # what to do is an amendment, not a new code
            store.save(
                ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i1", result=ResultValue.COMPLIANT)
            )


def _completed_with_a_result(world: CodeWorld, code) -> tuple[Inspection, ItemResult]:
    inspection = world.inspection(code)
    result = world.store.save(
        ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i1", result=ResultValue.COMPLIANT)
    )
    completed = world.store.save(inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    return completed, result


def _amendment(inspection: Inspection, result: ItemResult, **changes: object) -> Amendment:
    fields = dict(
        inspection_id=inspection.id,
        code_id=inspection.code_id,
        record_entity="item_results",
        record_id=result.id,
        field="result",
        old_value="compliant",
        new_value="non_compliant",
        reason="复核照片后更正",
        made_by=ME,
    )
    return Amendment(**(fields | changes))


def test_an_amendment_is_allowed_after_completion_even_once_the_code_has_expired(tmp_path: Path) -> None:
    now = [datetime.now(UTC)]
    with Store.open(tmp_path / "store.sqlite3", clock=lambda: now[0]) as store:
        world = code_world(store, target())
        inspection, result = _completed_with_a_result(world, world.code(hours=2))
        now[0] += timedelta(days=5)  # the correction comes days later
        amendment = store.save(_amendment(inspection, result))
        assert store.get(Amendment, amendment.id) is not None
        assert store.get(ItemResult, result.id).result == ResultValue.COMPLIANT, "the locked result itself stays"
        assert store.outbox()[-1]["entity"] == "amendments"


def test_an_amendment_needs_a_completed_inspection_and_a_record_of_it(world: CodeWorld) -> None:
    code = world.code()
    inspection = world.inspection(code)
    result = world.store.save(
        ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i1", result=ResultValue.COMPLIANT)
    )
    with pytest.raises(StoreError, match="still in progress"):
        world.store.save(_amendment(inspection, result))
    completed = world.store.save(inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    with pytest.raises(StoreError, match="not part of this inspection"):
        world.store.save(_amendment(completed, result, record_id=new_id()))
    with pytest.raises(StoreError, match="not part of this inspection"):
        world.store.save(_amendment(completed, result, record_entity="inspections", field="findings"))
    assert world.store.list(Amendment) == []


def test_an_amendment_still_needs_a_genuine_code_for_this_inspector(world: CodeWorld) -> None:
    code = world.code()
    inspection, result = _completed_with_a_result(world, code)
    revoked = code.model_copy(update={"revoked_at": datetime.now(UTC), "revoke_reason": "冒用"})
    world.store.save_many([revoked], synced=True)
    with pytest.raises(GateError) as refused:
        world.store.save(_amendment(inspection, result))
    assert refused.value.verdict.reason is Reason.REVOKED
    world.store.save_many([code], synced=True)  # un-revoked, as the server would send it
    world.store.set_meta("user.inspector_id", "inspector-wang")
    with pytest.raises(GateError) as refused:
        world.store.save(_amendment(inspection, result))
    assert refused.value.verdict.reason is Reason.WRONG_INSPECTOR
    assert world.store.list(Amendment) == []


def test_clock_skew_at_the_end_of_the_window_on_the_stores_clock(tmp_path: Path) -> None:
    now = [datetime.now(UTC)]
    with Store.open(tmp_path / "store.sqlite3", clock=lambda: now[0]) as store:
        world = code_world(store, target())
        code = world.code(starts_in=-2, hours=2)  # ends now
        inspection = world.inspection(code)
        now[0] = code.valid_until + timedelta(minutes=9)  # within the default 10 minutes
        store.save(ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i1", result="compliant"))
        now[0] = code.valid_until + timedelta(minutes=11)
        late = ItemResult(inspection_id=inspection.id, code_id=code.id, item_id="i2", result="compliant")
        _refused(world, late, Reason.EXPIRED)


def test_an_inspection_outside_its_codes_tasks_or_inspectors_is_refused(world: CodeWorld) -> None:
    code = world.code()
    other_task = _opening(code).model_copy(update={"task_ids": ["another-task"]})
    stranger = _opening(code).model_copy(update={"inspector_ids": [ME, "somebody-else"]})
    for record in (other_task, stranger):
        before = _counts(world.store)
        with pytest.raises(StoreError, match="not on code"):
            world.store.save(record)
        assert _counts(world.store) == before
