"""The profile shows the grade with its score and configuration, its explanation line by line (adding up to the score),
the do-not-disturb reason and end date, and the grade's history with why it moved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.models.domain import Target
from app.models.enums import Grade, Industry
from app.resources import load_grading_config
from app.rules.grading import Signals, grade, moved
from app.store import Store
from app.ui.target_profile import TargetProfileView
from tests.store.conftest import target


def graded_target() -> Target:
    config = load_grading_config()
    before = grade(Signals(industry=Industry.HOTEL), config)
    after = grade(
        Signals(industry=Industry.HOTEL, penalties_serious=1, findings=3, penalty_rules_serious={"kind": 1}), config
    )
    steps = [
        {"grade": after.grade, "score": after.score, "config_version": after.config_version,
         "graded_at": "2026-03-02T01:00:00Z", "reason": "signals", "moved": moved(before, after)},
        {"grade": before.grade, "score": before.score, "config_version": before.config_version,
         "graded_at": "2025-12-30T17:00:00Z", "reason": "on_demand", "moved": []},
    ]  # fmt: skip
    return Target.model_validate(
        target(name="长宁宾馆").model_dump()
        | {
            "industry": Industry.HOTEL,
            "grade": after.grade,
            "grade_score": after.score,
            "grade_version": after.config_version,
            "graded_at": "2026-03-02T01:00:00Z",
            "grade_explanation": [c.model_dump() for c in after.explanation],
            "grade_reasons": after.reasons(),
            "grade_history": steps,
            "do_not_disturb": True,
            "do_not_disturb_by": "decision",
            "do_not_disturb_reason": "连续三年信用良好 / good credit three years running",
            "do_not_disturb_until": date(2026, 12, 31),
        }
    )


def test_the_profile_explains_the_grade_and_its_history(qtbot, app, tmp_path: Path, make_runner) -> None:
    record = graded_target()
    assert record.grade == Grade.B and record.grade_score == 77
    with Store.open(tmp_path / "store.sqlite3") as store:
        store.save_many([record], synced=True)
        view = TargetProfileView(make_runner(store))
        qtbot.add_widget(view)
        with qtbot.waitSignal(view.shown):
            view.show_target(record.id)
        assert view.grade_title.text() == "信用风险分级：B 级（77 分，分级配置 2026.2）"
        body = view.grade_body.text()
        for text in ("基础分", "+100", "行业风险", "宾馆旅馆", "-2", "较重处罚（罚款及以上）", "-15", "既往检查",
                     "-6", "合计", "<b>77</b>", "评定于 2026-03-02"):  # fmt: skip
            assert text in body, text
        assert "信用修复" not in body  # signals that added nothing are left out
        assert "1（判定依据：处罚种类（没收、吊销、责令停产停业等） ×1）" in body  # the severity rule that decided
        assert "decided by" not in body
        assert "连续三年信用良好" in body and "good credit" not in body and "截止 2026-12-31" in body
        history = view.grade_history_body.text()
        assert view.grade_history_title.text() == "分级历史（2）"
        assert history.index("2026-03-02") < history.index("2025-12-31")  # newest first, in Shanghai days
        assert "较重处罚（罚款及以上）：0 → 1（-15 分）" in history and "信号变化" in history
        assert "77 分" in history and "98 分" in history and "配置 2026.2" in history


def test_an_ungraded_target_shows_its_stored_reasons(qtbot, app, tmp_path: Path, make_runner) -> None:
    record = Target.model_validate(target(name="未评定宾馆").model_dump() | {"grade_reasons": ["演示分级依据"]})
    with Store.open(tmp_path / "store.sqlite3") as store:
        store.save_many([record], synced=True)
        view = TargetProfileView(make_runner(store))
        qtbot.add_widget(view)
        with qtbot.waitSignal(view.shown):
            view.show_target(record.id)
        assert view.grade_title.text() == "信用风险分级：B 级"
        assert "演示分级依据" in view.grade_body.text()
        assert view.grade_history_title.text() == "分级历史（0）" and "尚无分级记录" in view.grade_history_body.text()
