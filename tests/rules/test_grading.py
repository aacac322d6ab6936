"""信用+风险 grading: grades at each threshold, explanations that add up, the configuration's validation."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.models.enums import Grade, Industry
from app.resources import grading_config_path, load_grading_config
from app.rules.grading import GradingConfig, GradingConfigError, Signals, grade, licence_status, moved, rule_exempt

CONFIG = load_grading_config()


def test_the_filed_configuration_loads_with_its_version() -> None:
    assert CONFIG.version == "2026.2"
    assert CONFIG.thresholds == {Grade.A: 90, Grade.B: 75, Grade.C: 60}


def test_a_clean_hotel_is_a_and_its_explanation_adds_up() -> None:
    result = grade(Signals(industry=Industry.HOTEL), CONFIG)
    assert result.score == 98 and result.grade == Grade.A
    assert sum(c.points for c in result.explanation) == result.score
    assert result.config_version == "2026.2"
    assert {c.signal for c in result.explanation} >= {"base", "industry", "penalties_serious", "licence"}
    assert result.reasons() == ["行业风险：hotel（-2 分） / industry risk: hotel (-2)"]


# Boundaries: a school (industry 0) with findings at −2 each lands exactly on and just below each threshold.
@pytest.mark.parametrize(
    ("findings", "penalties_minor", "score", "expected"),
    [
        (5, 0, 90, Grade.A),  # 100 − 10: exactly A's threshold
        (0, 2, 90, Grade.A),
        (5, 1, 85, Grade.B),
        (8, 1, 79, Grade.B),
        (10, 1, 75, Grade.B),  # exactly B's threshold
        (10, 2, 70, Grade.C),
        (10, 3, 65, Grade.C),
        (10, 5, 65, Grade.C),  # minor penalties capped at −15
    ],
)
def test_grades_at_the_thresholds(findings: int, penalties_minor: int, score: int, expected: Grade) -> None:
    result = grade(Signals(industry=Industry.SCHOOL, findings=findings, penalties_minor=penalties_minor), CONFIG)
    assert (result.score, result.grade) == (score, expected)
    assert sum(c.points for c in result.explanation) == result.score


def test_one_point_below_each_threshold_is_the_next_grade() -> None:
    # 100 − 11 = 89 (B), 100 − 26 = 74 (C), 100 − 41 = 59 (D): bad-practice points are −1 each (capped at 24)
    def at(points: int, findings: int = 0) -> tuple[int, Grade]:
        r = grade(Signals(industry=Industry.SCHOOL, bad_practice_points=points, findings=findings), CONFIG)
        return r.score, r.grade

    assert at(10) == (90, Grade.A) and at(11) == (89, Grade.B)
    assert at(24, findings=0) == (76, Grade.B)
    assert at(24, findings=1) == (74, Grade.C)
    assert at(20, findings=10) == (60, Grade.C)  # exactly C's threshold
    assert at(21, findings=10) == (59, Grade.D)


def test_caps_bound_a_signal_and_repairs_never_exceed_the_penalties() -> None:
    many = grade(Signals(industry=Industry.SCHOOL, penalties_serious=10), CONFIG)
    line = next(c for c in many.explanation if c.signal == "penalties_serious")
    assert (line.value, line.points) == (10, -45)
    repaired = grade(Signals(industry=Industry.SCHOOL, penalties_serious=1, credit_repairs=3), CONFIG)
    assert next(c for c in repaired.explanation if c.signal == "credit_repairs").points == 5  # one penalty: one repair
    assert repaired.score == 90


def test_risky_industries_and_an_expired_licence_lower_the_grade() -> None:
    aesthetics = grade(Signals(industry=Industry.MEDICAL_AESTHETICS, licence="expired"), CONFIG)
    assert aesthetics.score == 70 and aesthetics.grade == Grade.C
    worst = grade(
        Signals(
            industry=Industry.NURSING_HOME,
            penalties_serious=2,
            complaints_substantiated=2,
            open_correction_orders=1,
            hygiene_score=55,
        ),
        CONFIG,
    )
    assert worst.grade == Grade.D
    assert sum(c.points for c in worst.explanation) == worst.score
    assert worst.reasons()[0].startswith("较重处罚")  # the most decisive first


@pytest.mark.parametrize(("score", "points"), [(None, 0), (0, -10), (59, -10), (60, -5), (70, 0), (89, 0), (90, 5)])
def test_hygiene_bands(score: int | None, points: int) -> None:
    result = grade(Signals(industry=Industry.SCHOOL, hygiene_score=score), CONFIG)
    assert next(c for c in result.explanation if c.signal == "hygiene_score").points == points


def test_a_configuration_change_regrades_with_its_version_and_says_why_it_moved() -> None:
    data = json.loads(grading_config_path().read_text(encoding="utf-8"))
    data["version"] = "2026.3"
    data["industry_points"]["hotel"] = -12
    stricter = GradingConfig.parse(json.dumps(data))
    before = grade(Signals(industry=Industry.HOTEL), CONFIG)
    after = grade(Signals(industry=Industry.HOTEL), stricter)
    assert (before.grade, after.grade) == (Grade.A, Grade.B)
    assert after.config_version == "2026.3"
    why = moved(before, after)
    assert why[0].startswith("行业风险：hotel → hotel（-10 分）")
    assert why[-1].startswith("分级配置 2026.2 → 2026.3")


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"thresholds": {"A": 70, "B": 75, "C": 60}}, "thresholds"),
        ({"thresholds": {"A": 90, "B": 75}}, "thresholds"),
        ({"version": ""}, "version"),
        ({"defaults": {}}, "defaults"),
        ({"licence_points": {"valid": 0}}, "licence_points"),
        ({"hygiene_score": [{"at_least": 60, "points": 0}, {"at_least": 0, "points": -5}]}, "hygiene"),
        ({"penalties_minor": {"points": -5, "cap": -1}}, "penalties_minor"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_configuration_is_refused_with_a_reason(change: dict, needle: str) -> None:
    data = json.loads(grading_config_path().read_text(encoding="utf-8"))
    data.update(change)
    with pytest.raises(GradingConfigError) as err:
        GradingConfig.parse(json.dumps(data))
    assert "分级配置无效" in err.value.zh and needle in str(err.value).lower()


def test_signals_refuse_impossible_values() -> None:
    with pytest.raises(ValueError):
        Signals(industry=Industry.HOTEL, findings=-1)
    with pytest.raises(ValueError):
        Signals(industry=Industry.HOTEL, hygiene_score=101)


def test_the_exemption_rule_and_licence_status() -> None:
    a = grade(Signals(industry=Industry.HOTEL), CONFIG)
    b = grade(Signals(industry=Industry.HOTEL, findings=5), CONFIG)
    assert rule_exempt(a, 2, CONFIG) and not rule_exempt(a, 1, CONFIG) and not rule_exempt(b, 5, CONFIG)
    today = date(2026, 6, 1)
    assert licence_status(None, today) == "missing"
    assert licence_status(date(2026, 5, 31), today) == "expired"
    assert licence_status(date(2026, 6, 1), today) == "expiring"
    assert licence_status(date(2026, 8, 30), today) == "expiring"
    assert licence_status(date(2026, 8, 31), today) == "valid"
