"""Screenshots of a case (立案与处罚): docs/case.png, and its two documents delivered together (两书同达):
docs/penalty-decision.png and docs/credit-repair-notice.png (first pages, made with pdftoppm).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshot_case.py
It works in a temporary folder on the tests' hotel (tests/helpers/cases.py): a case opened on two failed items with
the photo attached, a fine above the legal-review threshold proposed with its reason and approved by the lead, the
decision made with its credit-repair notice (两书同达), and its publication deadline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from shots import ROOT, save_pdf_page, save_png

from app import cases
from app.documents.penalty_decision import make_decision_documents
from app.models import Inspector, Role
from app.models.enums import Outcome
from app.resources import load_enforcement_config
from app.store import Store
from app.ui.application import create_application
from app.ui.onsite.case_dialog import CaseDialog
from app.ui.runner import Runner
from tests.helpers.cases import TEAM, hotel_cases

TODAY = date(2026, 11, 20)
SIZE = (1240, 900)


def _case(store: Store) -> str:
    hotel = hotel_cases(store)
    config = load_enforcement_config()
    case = cases.open_case(
        store,
        hotel.inspection.id,
        item_ids=[hotel.items["HTL-01"].id, hotel.items["HTL-04"].id],
        case_no="长卫立〔2026〕118号",
        opened_on=TODAY,
        facts="经现场检查发现：卫生许可证已过期仍在营业；一名服务员未取得有效健康合格证明上岗，且该项曾于2026年5月检查中被发现。",
        config=config,
    )
    cases.propose_outcome(
        store,
        case.id,
        outcome=Outcome.FINE,
        fine_yuan=20_000,
        config=config,
        deviation_reason="许可证过期逾三个月且再次违法，从重处罚",
    )
    cases.review_case(
        store, case.id, approved=True, opinion="事实清楚，证据确凿，裁量适当", reviewer="lead.public", reviewed_on=TODAY
    )
    cases.decide_case(
        store,
        case.id,
        decision_no="长卫罚〔2026〕118号",
        notice_no="长卫信提〔2026〕118号",
        decided_on=TODAY,
        config=config,
    )
    return hotel.inspection.id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-case-shots-"))
    app = create_application(sys.argv)
    with Store.open(work / "store.sqlite3") as store:
        inspection_id = _case(store)
        lead = Inspector(name="王科长", username="lead.public", role=Role.TEAM_LEAD, team=TEAM)
        runner = Runner(store.path)
        dialog = CaseDialog(runner, inspection_id, lead, TODAY)
        dialog.resize(*SIZE)
        dialog.show()
        while dialog.cases.count() == 0:  # read on the runner's worker
            app.processEvents()
        dialog.cases.setCurrentRow(0)
        app.processEvents()
        case_id = dialog.case_id()
        save_png(dialog, args.docs / "case.png")
        dialog.close()
        runner.close()
        made = make_decision_documents(store, case_id)
        for (_title, pdf), name in zip(
            made.documents, ("penalty-decision.png", "credit-repair-notice.png"), strict=True
        ):
            save_pdf_page(pdf, args.docs / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
