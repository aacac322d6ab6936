"""A case (立案) end to end: the inspector finishes a visit, opens a case on its failed item and decides it on the
spot by the summary procedure, with its credit-repair notice; it syncs to the real server, the lead's laptop pulls it
and records the delivery. A general-procedure decision made on the inspector's laptop is refused by the server
(`decision_not_allowed`) and parked with its reason; nothing of it is held there."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import cases
from app.models.domain import Case
from app.models.enums import Outcome, Procedure
from app.onsite import inspection as onsite
from app.resources import load_enforcement_config
from app.rules.shanghai import shanghai_date
from tests.e2e.test_record_seal_e2e import _visit
from tests.helpers.devices import enrol, server_record
from tests.helpers.live_server import LiveServer
from tests.sync.test_no_false_conflicts import planned_tasks

pytestmark = pytest.mark.e2e
CONFIG = load_enforcement_config()


def test_a_case_decided_on_the_spot_reaches_the_server_and_the_lead(live_server: LiveServer, tmp_path: Path) -> None:
    task, _other = planned_tasks(live_server)
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    try:
        zhang.engine.sync()
        inspection, code = _visit(zhang, task, tmp_path)
        onsite.finish(zhang.store, inspection, onsite.checklist(zhang.store, code))
        today = shanghai_date(inspection.started_at)  # a summary decision is made on the inspection's day
        draft = cases.case_draft(zhang.store, inspection.id, CONFIG)
        [failed] = draft.items
        opened = {"item_ids": [failed.item.id], "opened_on": today, "facts": "灭火器过期", "config": CONFIG}
        case = cases.open_case(
            zhang.store, inspection.id, case_no="长卫立〔2026〕E1号", procedure=Procedure.SUMMARY, **opened
        )
        assert case.evidence_ids and case.suggested_outcome == Outcome.WARNING  # no benchmark names it: the default
        cases.propose_outcome(zhang.store, case.id, outcome=Outcome.WARNING, fine_yuan=None, config=CONFIG)
        numbers = {"decision_no": "长卫简罚〔2026〕E1号", "notice_no": "长卫信提〔2026〕E1号"}
        cases.decide_case(zhang.store, case.id, decided_on=today, config=CONFIG, **numbers)
        zhang.engine.sync()
        assert zhang.store.parked_changes() == [] and zhang.store.outbox() == []
        _version, held = server_record(live_server, "cases", case.id)
        assert (held["status"], held["procedure"], held["notice_no"]) == ("decided", "summary", "长卫信提〔2026〕E1号")

        lead.engine.sync()  # the lead's laptop pulls it and records the delivery of both documents
        assert lead.store.get(Case, case.id) is not None
        cases.deliver_case(lead.store, case.id, today)
        lead.engine.sync()
        assert lead.store.parked_changes() == []
        assert server_record(live_server, "cases", case.id)[1]["delivered_on"] == today.isoformat()

        general = cases.open_case(zhang.store, inspection.id, case_no="长卫立〔2026〕E2号", **opened)
        cases.propose_outcome(zhang.store, general.id, outcome=Outcome.WARNING, fine_yuan=None, config=CONFIG)
        zhang.engine.sync()  # opened and proposed: the inspector may
        cases.decide_case(
            zhang.store, general.id, decision_no="长卫罚〔2026〕E2号", notice_no="N-E2", decided_on=today, config=CONFIG
        )
        zhang.engine.sync()
        [parked] = zhang.store.parked_changes()
        assert parked["record_id"] == general.id and parked["last_error"].startswith("decision_not_allowed")
        assert server_record(live_server, "cases", general.id)[1]["status"] == "open"
    finally:
        zhang.close()
        lead.close()


def test_a_case_number_taken_meanwhile_is_refused_on_the_lead_s_laptop_with_what_to_do(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """The laptop suggests a number from the cases it holds; the server keeps each number the district's alone. The
    lead, not yet synced, opens a case with the number zhang used: parked with `case_no_taken`, which says to pick
    another."""
    task, _other = planned_tasks(live_server)
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    try:
        zhang.engine.sync()
        inspection, code = _visit(zhang, task, tmp_path)
        onsite.finish(zhang.store, inspection, onsite.checklist(zhang.store, code))
        zhang.engine.sync()
        lead.engine.sync()  # the lead's laptop holds the finished visit, no case yet
        today = shanghai_date(inspection.started_at)
        [failed] = cases.case_draft(zhang.store, inspection.id, CONFIG).items
        opened = {"item_ids": [failed.item.id], "opened_on": today, "facts": "灭火器过期", "config": CONFIG}
        number = cases.next_case_no(zhang.store, today.year)
        first = cases.open_case(zhang.store, inspection.id, case_no=number, **opened)
        zhang.engine.sync()
        assert server_record(live_server, "cases", first.id)[1]["case_no"] == number

        assert cases.next_case_no(lead.store, today.year) == number  # the lead's laptop saw no case: the same number
        second = cases.open_case(lead.store, inspection.id, case_no=number, **opened)
        lead.engine.sync()
        [parked] = lead.store.parked_changes()
        assert parked["record_id"] == second.id and parked["last_error"].startswith("case_no_taken")
        assert "另选" in parked["last_error"] and number in parked["last_error"]
        assert server_record(live_server, "cases", second.id) is None
    finally:
        zhang.close()
        lead.close()
