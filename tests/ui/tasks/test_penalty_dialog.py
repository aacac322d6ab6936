"""A penalty decision recorded on a finished inspection from the dialog, on the publication list with its 7-working-day
deadline, then marked published; the planning service refuses an unfinished inspection or a missing legal basis."""

from __future__ import annotations

from datetime import date

import pytest

from app import planning
from app.models import Inspection, Inspector
from app.models.domain import Penalty
from app.planning.penalties import penalty_publications, record_penalty_on_inspection
from app.rules.deadlines import penalty_publication_due
from app.store import Store
from app.ui.tasks.penalty_dialog import PenaltyDialog


def test_a_penalty_recorded_and_on_the_publication_list(qtbot, demo_store: Store, make_runner) -> None:
    lead = demo_store.find(Inspector, username="lead.public")[0]
    today = date.today()
    dialog = PenaltyDialog(make_runner(demo_store), lead, today)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.inspections.count() > 0, timeout=10_000)
    before = dialog.publications.count()
    dialog.inspections.setCurrentRow(0)
    inspection = demo_store.get(Inspection, dialog.inspection_id())
    dialog.decision_no.setText("长卫罚〔2026〕901号")
    dialog.legal_basis.setText("《公共场所卫生管理条例》第十四条")
    dialog.fine.setValue(2000)
    assert not dialog.record_button.isEnabled()  # the facts first
    dialog.summary.setPlainText("未按规定对顾客用品进行清洗消毒，给予警告并处罚款二千元")
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as recorded:
        dialog.record_button.click()
    penalty: Penalty = recorded.args[0]
    assert (penalty.inspection_id, penalty.target_id, penalty.fine_yuan) == (inspection.id, inspection.target_id, 2000)
    qtbot.waitUntil(lambda: dialog.publications.count() == before + 1, timeout=10_000)
    due = penalty_publication_due(today).due
    [line] = [
        dialog.publications.item(n).text() for n in range(before + 1) if "901号" in dialog.publications.item(n).text()
    ]
    assert f"应于 {due.isoformat()} 前公示" in line and "待公示" in line and "罚款 2,000 元" in line
    listed = {p.penalty.id: p for p in penalty_publications(demo_store, None, today)}
    assert listed[penalty.id].deadline.due == due

    dialog.publications.setCurrentRow(next(n for n, (p, _) in enumerate(dialog.listed) if p.penalty.id == penalty.id))
    dialog.publish_button.click()
    qtbot.waitUntil(lambda: demo_store.get(Penalty, penalty.id).published_on == today, timeout=10_000)


def test_a_penalty_needs_a_finished_inspection_and_its_basis(demo_store: Store) -> None:
    [open_one, *_] = demo_store.find(Inspection, status="in_progress") or [None]
    done = demo_store.find(Inspection, status="completed")[0]
    fields = {"decision_no": "长卫罚〔2026〕1号", "decided_on": date.today(), "summary": "警告", "team": "公共场所科"}
    with pytest.raises(planning.PlanningError, match="legal basis"):
        record_penalty_on_inspection(demo_store, done.id, legal_basis=" ", **fields)
    with pytest.raises(planning.PlanningError, match="no such inspection"):
        record_penalty_on_inspection(demo_store, "nope", legal_basis="第十四条", **fields)
    if open_one is not None:
        with pytest.raises(planning.PlanningError, match="finished inspection"):
            record_penalty_on_inspection(demo_store, open_one.id, legal_basis="第十四条", **fields)


def test_the_chosen_inspection_s_cases_open_from_the_dialog(qtbot, demo_store: Store, make_runner) -> None:
    lead = demo_store.find(Inspector, username="lead.public")[0]
    dialog = PenaltyDialog(make_runner(demo_store), lead, date.today())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.inspections.count() > 0, timeout=10_000)
    assert not dialog.case_button.isEnabled()  # an inspection first
    dialog.inspections.setCurrentRow(0)
    chosen = dialog.inspection_id()
    dialog.case_button.click()
    cases = dialog.case_dialog
    assert cases is not None
    qtbot.waitUntil(lambda: cases.draft is not None, timeout=10_000)
    assert cases.draft.inspection.id == chosen and cases._lead()  # the lead reviews and decides there


def test_cases_in_progress_are_listed_reviews_first_and_open_on_a_double_click(qtbot, tmp_path, make_runner) -> None:
    from app import cases as service
    from app.models.enums import Outcome
    from app.resources import load_enforcement_config
    from tests.helpers.cases import TEAM, hotel_cases

    config, day = load_enforcement_config(), date(2026, 11, 20)
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        hotel = hotel_cases(store)
        opened = {"opened_on": day, "facts": "违法事实", "config": config}
        plain = service.open_case(
            store, hotel.inspection.id, item_ids=[hotel.items["HTL-04"].id], case_no="立1", **opened
        )
        major = service.open_case(
            store, hotel.inspection.id, item_ids=[hotel.items["HTL-01"].id], case_no="立2", **opened
        )
        service.propose_outcome(
            store, major.id, outcome=Outcome.FINE, fine_yuan=20_000, config=config, deviation_reason="拒不改正"
        )
        lead = Inspector(name="王科长", username="lead.public", role="team_lead", team=TEAM)
        dialog = PenaltyDialog(make_runner(store), lead, day)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.cases.count() == 2, timeout=10_000)
        assert "立2" in dialog.cases.item(0).text() and "待法制审核" in dialog.cases.item(0).text()
        assert "立1" in dialog.cases.item(1).text() and "待提出处理意见" in dialog.cases.item(1).text()
        assert [c.case.id for c in dialog.in_progress] == [major.id, plain.id]
        dialog.cases.setCurrentRow(0)
        dialog.open_chosen_case()
        opened_dialog = dialog.case_dialog
        assert opened_dialog is not None
        qtbot.waitUntil(lambda: opened_dialog.draft is not None, timeout=10_000)
        assert opened_dialog.draft.inspection.id == hotel.inspection.id
        opened_dialog.close()
