"""The full-process record (执法全过程记录) end to end: laptops sign in (registering their sealing keys), inspect,
finish, amend and sync with the real server; the server holds the record as sealed and the printed seal checks out
against it. A result changed with a database tool after finishing is told by the laptop and refused by the server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.models import Inspection, InspectionCode, Task
from app.onsite import inspection as onsite
from app.onsite import record_seal
from app.onsite.amendments import amend_findings
from app.onsite.evidence import import_photo
from app.onsite.signatures import Signer, sign, signers_of
from app.rules import seal_chain
from app.sync.codes import request_codes
from server.db.engine import make_engine, make_sessionmaker
from server.sync import seal_rule
from tests.e2e.test_inspection_faults import _signature_png
from tests.helpers.devices import Device, enrol, server_record
from tests.helpers.live_server import LiveServer
from tests.onsite.evidence_helpers import jpeg
from tests.sync.test_no_false_conflicts import planned_tasks

pytestmark = pytest.mark.e2e


def _visit(device: Device, task: Task, folder: Path) -> tuple[Inspection, InspectionCode]:
    """A whole visit up to the finish: every item answered, a photo, every signature."""
    [answer] = request_codes(device.store, device.client, [task.id])
    assert answer.code is not None, answer.refusal
    code = answer.code
    inspection = onsite.start(device.store, code.id)
    items = [item for section in onsite.checklist(device.store, code) for item in section.items]
    for n, item in enumerate(items):
        onsite.answer(device.store, inspection, item.id, "compliant" if n else "non_compliant")
    onsite.set_note(device.store, inspection, items[0].id, "灭火器过期")
    import_photo(device.store, inspection, jpeg(folder / "IMG_1.JPG", color=(20, 80, 160)), items[0].id)
    for n, signer in enumerate(signers_of(device.store, inspection)):
        sign(device.store, inspection, signer if signer.name else Signer(signer.role, "王经理"), _signature_png(n))
    return inspection, code


def _check_printed(server: LiveServer, printed: str) -> seal_rule.Verdict:
    engine = make_engine(server.database_url or f"sqlite:///{server.db_path}")
    try:
        with make_sessionmaker(engine)() as session:
            return seal_rule.check_printed(session, printed)
    finally:
        engine.dispose()


def test_a_sealed_record_reaches_the_server_and_its_print_verifies(live_server: LiveServer, tmp_path: Path) -> None:
    task, _other = planned_tasks(live_server)
    zhang, li = (enrol(live_server.url, tmp_path / name, name) for name in ("zhang", "li"))
    try:
        zhang.engine.sync()
        inspection, code = _visit(zhang, task, tmp_path)
        done = onsite.finish(zhang.store, inspection, onsite.checklist(zhang.store, code))
        zhang.engine.sync()
        assert zhang.store.parked_changes() == [] and zhang.store.outbox() == []
        _version, held = server_record(live_server, "inspections", inspection.id)
        assert held["status"] == "completed" and json.loads(held["seal"]) == record_seal.seal_of(zhang.store, done.id)
        printed = seal_chain.printed_text(record_seal.seal_of(zhang.store, done.id))
        assert _check_printed(live_server, printed).status == seal_rule.VALID

        li.engine.sync()  # the second inspector's laptop amends the findings: it renews the seal with its own key
        amend_findings(li.store, li.store.get(Inspection, inspection.id), "补充：消毒记录缺页", reason="现场遗漏")
        assert record_seal.verify(li.store, inspection.id).ok
        li.engine.sync()
        assert li.store.parked_changes() == [] and li.store.outbox() == []
        later = _check_printed(live_server, printed)  # the first print still matches, with the amendment after it
        assert later.status == seal_rule.VALID and later.amendments_since == 1
        renewed = seal_chain.printed_text(record_seal.seal_of(li.store, inspection.id))
        assert _check_printed(live_server, renewed).status == seal_rule.VALID
    finally:
        zhang.close()
        li.close()


def test_a_result_changed_after_finishing_is_told_and_refused(live_server: LiveServer, tmp_path: Path) -> None:
    """The inspector edits a finished result with a SQLite tool (and the queued change, so it goes out as edited):
    the laptop's own check names it, and the server refuses the finish with the reason."""
    _task, task = planned_tasks(live_server)
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    try:
        zhang.engine.sync()
        inspection, code = _visit(zhang, task, tmp_path)
        onsite.finish(zhang.store, inspection, onsite.checklist(zhang.store, code))
        db = zhang.store._db  # what a database tool with the store key reaches
        [row] = list(db.query("SELECT id FROM item_results WHERE inspection_id = ? AND note != ''", [inspection.id]))
        db.execute("UPDATE item_results SET note = ? WHERE id = ?", ["灭火器有效", row["id"]])
        for queued in db.query("SELECT seq, fields FROM outbox WHERE record_id = ?", [row["id"]]):
            fields = json.loads(queued["fields"]) | {"note": "灭火器有效"}
            db.execute("UPDATE outbox SET fields = ? WHERE seq = ?", [json.dumps(fields), queued["seq"]])
        db.conn.commit()
        problems = record_seal.verify(zhang.store, inspection.id).problems
        assert any("changed since sealing: result" in p for p in problems), problems
        zhang.engine.sync()
        [parked] = zhang.store.parked_changes()
        assert parked["entity"] == "inspections" and "seal_chain_broken" in parked["last_error"]
        assert "changed since sealing: result" in parked["last_error"]
        assert server_record(live_server, "inspections", inspection.id)[1]["status"] == "in_progress"
    finally:
        zhang.close()
