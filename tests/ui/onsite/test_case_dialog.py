"""The case dialog (立案与处罚): the failed items with the repeat marked, a case opened with its photo, the suggestion,
a fine beyond the range refused without a reason, a major decision waiting for the lead's legal review, a decision
refused without its credit-repair notice (两书同达) and made with it, its publication deadline shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.models import Inspector, Role
from app.models.domain import Case
from app.models.enums import Outcome
from app.store import Store
from app.ui.onsite.case_dialog import CaseDialog
from tests.helpers.cases import ME, TEAM, HotelCases, hotel_cases

TODAY = date(2026, 11, 20)


@pytest.fixture
def hotel(tmp_path: Path) -> Iterator[HotelCases]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield hotel_cases(store)


def _dialog(qtbot, hotel: HotelCases, make_runner, user: Inspector) -> CaseDialog:
    dialog = CaseDialog(make_runner(hotel.store), hotel.inspection.id, user, TODAY)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.items.count() == 3, timeout=10_000)
    return dialog


def _untick(dialog: CaseDialog, code: str) -> None:
    from app.ui.qt import Qt

    row = next(
        dialog.items.item(n) for n in range(dialog.items.count()) if dialog.items.item(n).text().startswith(code)
    )
    row.setCheckState(Qt.CheckState.Unchecked)


def test_a_case_from_opening_to_decision(qtbot, hotel: HotelCases, make_runner, tmp_path: Path) -> None:
    folder = tmp_path / "printed"
    folder.mkdir()
    inspector = hotel.store.get(Inspector, ME)
    dialog = _dialog(qtbot, hotel, make_runner, inspector)
    texts = [dialog.items.item(n).text() for n in range(3)]
    assert any(t.startswith("HTL-04") and "再次违法" in t for t in texts)
    assert any(t.startswith("HTL-01") and "照片 1 张" in t for t in texts)
    _untick(dialog, "HTL-09")
    assert "1,000–10,000" in dialog.suggestion.text()
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.open_button.click()
    case: Case = saved.args[0]
    assert case.evidence_ids == [hotel.photo.id] and len(case.item_ids) == 2
    qtbot.waitUntil(lambda: dialog.case_id() == case.id, timeout=10_000)

    dialog.outcome.setCurrentIndex(2)  # 罚款
    dialog.fine.setValue(20_000)
    assert "法制审核" in dialog.review_flag.text()
    dialog.propose_button.click()
    qtbot.waitUntil(lambda: "须说明理由" in dialog.message.text(), timeout=10_000)  # beyond 10,000: no reason
    dialog.reason.setText("拒不改正，从重处罚")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.propose_button.click()
    stored = hotel.store.get(Case, case.id)
    assert (stored.outcome, stored.fine_yuan, stored.review_required) == (Outcome.FINE, 20_000, True)
    qtbot.waitUntil(lambda: dialog.case() is not None and dialog.case().review_required, timeout=10_000)
    assert not dialog.review_box.isEnabled()  # the inspector does not review
    dialog.decision_no.setText("长卫罚〔2026〕21号")
    assert not dialog.decide_button.isEnabled()  # nor make a general decision

    lead = Inspector(name="王科长", username="lead.public", role=Role.TEAM_LEAD, team=TEAM)
    hotel.store.save_many([lead], synced=True)
    boss = _dialog(qtbot, hotel, make_runner, lead)
    boss.cases.setCurrentRow(0)
    qtbot.waitUntil(boss.review_box.isEnabled, timeout=10_000)
    boss.opinion.setText("事实清楚，证据确凿，裁量适当")
    with qtbot.waitSignal(boss.saved, timeout=10_000):
        boss.approve_button.click()
    qtbot.waitUntil(lambda: boss.case() is not None and boss.case().review_result == "approved", timeout=10_000)
    boss.decision_no.setText("长卫罚〔2026〕21号")
    boss.decide_button.click()
    qtbot.waitUntil(lambda: "credit-repair" in boss.message.text() or "信用修复" in boss.message.text(), timeout=10_000)
    boss.notice_no.setText("长卫信提〔2026〕21号")
    with qtbot.waitSignal(boss.saved, timeout=10_000):
        boss.decide_button.click()
    decided = hotel.store.get(Case, case.id)
    assert (decided.status, decided.notice_no, decided.reviewed_by) == (
        "decided",
        "长卫信提〔2026〕21号",
        "lead.public",
    )
    qtbot.waitUntil(lambda: "2026-12-01" in boss.publication.text(), timeout=10_000)
    boss.close_button.click()
    qtbot.waitUntil(lambda: "not delivered" in boss.message.text() or "尚未送达" in boss.message.text(), timeout=10_000)
    for button in (boss.deliver_button, boss.publish_button):
        with qtbot.waitSignal(boss.saved, timeout=10_000):
            button.click()
        qtbot.waitUntil(lambda b=button: not b.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(boss.saved, timeout=10_000):
        boss.close_button.click()
    closed = hotel.store.get(Case, case.id)
    assert (closed.status, closed.delivered_on, closed.published_on) == ("closed", TODAY, TODAY)
    with qtbot.waitSignal(boss.documents_written, timeout=30_000) as written:
        boss.write_documents(folder)
    names = sorted(p.name for p in written.args[0])
    assert [n.split("-")[0] for n in names] == ["公共信用信息修复权益提示函", "行政处罚决定书"]  # the two together
    assert all((folder / n).read_bytes().startswith(b"%PDF") for n in names)


def test_the_no_penalty_list_shows_when_corrected(qtbot, hotel: HotelCases, make_runner) -> None:
    dialog = _dialog(qtbot, hotel, make_runner, hotel.store.get(Inspector, ME))
    _untick(dialog, "HTL-01")
    _untick(dialog, "HTL-04")
    assert "警告" in dialog.suggestion.text()
    dialog.corrected.setChecked(True)
    assert "不予处罚" in dialog.suggestion.text() and "第三十三条" in dialog.suggestion.text()
