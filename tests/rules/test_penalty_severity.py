"""Penalty severity is configuration (issue 16): a decision's kind, then its recorded fine against the summary
procedure's ceiling, then a fine named without an amount, a warning, and the configuration's `otherwise`; a change of
the rule is a new configuration version. And "evaluations" are the hygiene rating, never the parties' evaluations."""

from __future__ import annotations

import json

import pytest

from app.resources import grading_config_path, load_grading_config
from app.rules.grading import GradingConfig, GradingConfigError, Signals, penalty_severity
from server.grading import SIGNAL_ENTITIES

CONFIG = load_grading_config()
RULE = CONFIG.penalty_severity


@pytest.mark.parametrize(
    ("fine", "summary", "expected"),
    [
        (None, "警告", ("minor", "minor_kind")),
        (None, "通报批评", ("minor", "minor_kind")),
        (3000, "警告，并处罚款 3000 元", ("minor", "fine")),  # the summary procedure's ceiling for an organisation
        (3001, "罚款 3001 元", ("serious", "fine")),
        (500, "罚款 500 元，没收违法所得", ("serious", "kind")),  # the kind weighs more than a small fine
        (None, "吊销医疗机构执业许可证", ("serious", "kind")),
        (None, "责令停产停业整顿", ("serious", "kind")),
        (None, "警告并处罚款", ("serious", "unpriced_fine")),  # a fine without its amount counts as heavy
        (0, "警告", ("minor", "minor_kind")),  # a fine of 0 is no fine
        (None, "其他处理", ("serious", "otherwise")),
    ],
)
def test_the_filed_rule_says_how_a_penalty_counts(fine: int | None, summary: str, expected: tuple[str, str]) -> None:
    assert penalty_severity(fine, summary, RULE) == expected


def _changed(**rule: object) -> GradingConfig:
    data = json.loads(grading_config_path().read_text(encoding="utf-8"))
    data["version"] = "2026.9"
    data["penalty_severity"].update(rule)
    return GradingConfig.parse(json.dumps(data))


def test_a_change_of_the_rule_is_a_new_version() -> None:
    stricter = _changed(minor_fine_yuan_at_most=200, otherwise="minor")  # a citizen's ceiling, lenient otherwise
    assert stricter.version != CONFIG.version
    assert penalty_severity(1000, "罚款 1000 元", stricter.penalty_severity) == ("serious", "fine")
    assert penalty_severity(1000, "罚款 1000 元", RULE) == ("minor", "fine")
    assert penalty_severity(None, "其他处理", stricter.penalty_severity) == ("minor", "otherwise")


@pytest.mark.parametrize(
    "rule",
    [{"minor_fine_yuan_at_most": -1}, {"serious_kinds": ["吊销", " "]}, {"otherwise": "mild"}, {"colour": "red"}],
)
def test_a_bad_severity_rule_is_refused(rule: dict[str, object]) -> None:
    with pytest.raises(GradingConfigError, match="penalty_severity"):
        _changed(**rule)


def test_the_parties_evaluations_of_inspections_are_no_credit_signal() -> None:
    with pytest.raises(ValueError, match="evaluations"):
        Signals.model_validate({"industry": "hotel", "evaluations": 5})
    assert "evaluations" not in SIGNAL_ENTITIES  # a party's evaluation never re-grades its target
    assert "hygiene_score" in Signals.model_fields  # the business's own evaluation (量化分级评价) is


def test_the_explanation_names_the_rule_that_decided_each_penalty() -> None:
    from app.rules.grading import PENALTY_RULES, grade

    signals = Signals(
        industry="hotel",
        penalties_minor=3,
        penalties_serious=1,
        penalty_rules_minor={"fine": 2, "minor_kind": 1},
        penalty_rules_serious={"kind": 1},
    )
    result = grade(signals, CONFIG)
    lines = {c.signal: c for c in result.explanation}
    assert lines["penalties_minor"].note == (
        "判定依据：罚款不超过 3000 元 ×2；警告或通报批评 ×1 / "
        "decided by: a fine up to 3,000 yuan ×2; a warning or a notice of criticism ×1"
    )  # most first
    assert PENALTY_RULES["kind"][0] in lines["penalties_serious"].note
    assert lines["penalties_minor"].model_dump()["note"] == lines["penalties_minor"].note
    assert lines["findings"].model_dump()["note"] == ""  # other lines: no note
    reasons = " | ".join(result.reasons())
    assert "较重处罚（罚款及以上）：1（-15 分；判定依据：处罚种类" in reasons
    assert "(-15; decided by: the decision's kind" in reasons
    assert sum(c.points for c in result.explanation) == result.score  # the note changes no points


def test_a_stricter_fine_ceiling_is_named_in_the_note_and_no_penalty_no_note() -> None:
    from app.rules.grading import grade

    stricter = _changed(minor_fine_yuan_at_most=1000)
    result = grade(Signals(industry="hotel", penalties_serious=1, penalty_rules_serious={"fine": 1}), stricter)
    serious = next(c for c in result.explanation if c.signal == "penalties_serious")
    assert "罚款超过 1000 元 ×1" in serious.note and "a fine over 1,000 yuan ×1" in serious.note
    clean = grade(Signals(industry="hotel", penalty_rules_minor={"fine": 0}), CONFIG)
    assert all(not c.note for c in clean.explanation)
