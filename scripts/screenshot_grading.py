"""Screenshots of a target's profile with its 信用+风险 grade, the explanation and the grade's history, seen by an
admin (the profile's actions: visit decisions, filing a grading signal): docs/profile-grade.png; the grading signal
dialog opened from it (docs/profile-signal.png), the visit decision dialog opened from it
(docs/profile-visit-decisions.png), and a lead's override of the grades' sampling ratios on a draft plan
(docs/grade-override.png).

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/screenshot_grading.py
It works in a temporary folder with a fresh demo store; the grades are made by the grading rules with the filed
configuration and a stricter one, as the server's `grade` command would after a configuration change.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shots import ROOT, save_png

import demo
from app.models.domain import Inspector, Plan, Target
from app.models.enums import Industry, PlanStatus, Role
from app.resources import grading_config_path, load_grading_config
from app.rules.grading import GradingConfig, Signals, grade, moved
from app.store import Store
from app.sync.signals import SignalClient
from app.ui.application import create_application
from app.ui.planning.grade_override_dialog import GradeOverrideDialog
from app.ui.runner import Runner
from app.ui.target_profile import TargetProfileView

SIZE = (720, 1230)


def _steps(industry: Industry) -> tuple[list[dict], object]:
    """Three gradings of one target: first on demand, then after a penalty, then under a stricter configuration."""
    filed = load_grading_config()
    data = json.loads(grading_config_path().read_text(encoding="utf-8"))
    data["version"] = "2026.3"
    data["findings"]["points"] = -3
    stricter = GradingConfig.parse(json.dumps(data))
    quiet = Signals(industry=industry, findings=2, hygiene_score=92)
    penalised = Signals(industry=industry, findings=5, penalties_serious=1, open_correction_orders=1, hygiene_score=85)
    results = [grade(quiet, filed), grade(penalised, filed), grade(penalised, stricter)]
    start = datetime(2026, 1, 5, 1, tzinfo=UTC)
    steps = []
    for n, (result, reason) in enumerate(zip(results, ("on_demand", "signals", "config"), strict=True)):
        steps.append(
            {
                "grade": result.grade,
                "score": result.score,
                "config_version": result.config_version,
                "graded_at": (start + timedelta(days=70 * n)).isoformat(),
                "reason": reason,
                "moved": moved(results[n - 1], result) if n else [],
            }
        )
    return steps[::-1], results[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-grading-shots-"))
    app = create_application(sys.argv)
    with Store.open(work / "store.sqlite3") as store:
        store.save_many(demo.generate(targets=120, seed=1).all_records(), synced=True)
        chosen = next(t for t in store.list(Target) if t.industry == Industry.DENTAL)
        steps, latest = _steps(Industry(chosen.industry))
        graded = Target.model_validate(
            chosen.model_dump()
            | {
                "grade": latest.grade,
                "grade_score": latest.score,
                "grade_version": latest.config_version,
                "graded_at": steps[0]["graded_at"],
                "grade_explanation": [c.model_dump() for c in latest.explanation],
                "grade_reasons": latest.reasons(),
                "grade_history": steps,
                "do_not_disturb": False,
            }
        )
        store.save_many([graded], synced=True)
        admin = store.find(Inspector, role=Role.ADMIN.value)[0]
        lead = store.find(Inspector, role=Role.TEAM_LEAD.value)[0]
        base = store.find(Plan, team=lead.team, category="district_random")[0]
        fields = {"plan_no": "长卫监计〔2026〕031号", "name": "医疗美容专项检查", "status": PlanStatus.DRAFT}
        draft = store.save(Plan(**{**base.model_dump(exclude={"id", "version", "updated_at"}), **fields}))
        runner = Runner(store.path)
        view = TargetProfileView(runner)
        view.set_user(admin, SignalClient("http://127.0.0.1:9", None))  # never called: the dialog is only shown
        view.show_target(graded.id)
        while view.loading:  # read on the runner's worker
            app.processEvents()
        view.resize(*SIZE)
        view.show()
        app.processEvents()
        save_png(view, args.docs / "profile-grade.png")
        _shoot_dialogs(app, runner, view, lead, draft.id, args.docs)
        view.close()
        runner.close()
    return 0


def _settle(app: object, dialog: object) -> None:
    while dialog.busy:  # type: ignore[attr-defined]  # read on the runner's worker
        app.processEvents()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]


def _shoot_dialogs(app: object, runner: Runner, view: TargetProfileView, lead: Inspector, plan_id: str, docs: Path):
    """The profile's two actions and the plans page's override dialog, filled in as a user would before saving."""
    signal = view.open_signal_dialog()
    assert signal is not None
    signal.choose("complaints_substantiated")
    signal.count.setValue(2)
    signal.note.setText("12345 热线投诉处理结果：查实 2 件")
    _settle(app, signal)
    save_png(signal, docs / "profile-signal.png")
    signal.close()
    visits = view.open_visit_decisions()
    assert visits is not None
    _settle(app, visits)
    visits.exemption_reason.setText("诊所停业装修至年底")
    app.processEvents()  # type: ignore[attr-defined]
    save_png(visits, docs / "profile-visit-decisions.png")
    visits.close()
    override = GradeOverrideDialog(runner, lead, plan_id)
    override.show()
    _settle(app, override)
    override.spins["A"].setValue(30)
    override.spins["B"].setValue(50)
    override.reason.setText("医疗美容专项整治：A、B 级也须多抽")
    app.processEvents()  # type: ignore[attr-defined]
    save_png(override, docs / "grade-override.png")
    override.close()


if __name__ == "__main__":
    sys.exit(main())
