"""Case handling's rules at each boundary: the no-penalty list, the discretion range, the legal-review flag, the
summary procedure, and the decision's needs (app/rules/enforcement.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.models.enums import Outcome
from app.resources import load_catalogue, load_enforcement_config
from app.rules.enforcement import (
    EnforcementConfig,
    EnforcementConfigError,
    judge_decision,
    needs_legal_review,
    suggest,
    summary_allowed,
    within_range,
)

CONFIG: dict[str, Any] = {
    "version": "test.1",
    "summary_procedure": {"outcomes": ["warning", "fine"], "fine_max_yuan": 3000},
    "legal_review": {"fine_at_least_yuan": 20000, "outcomes": ["revocation"]},
    "no_penalty_list": [{"id": "NP", "items": ["SIGN"], "conditions": "首违并改正", "basis": "处罚法第三十三条"}],
    "benchmarks": [
        {
            "id": "B-SIGN",
            "items": ["SIGN"],
            "penalty_basis": "细则第三十七条",
            "first": {"outcome": "warning"},
            "repeat": {"outcome": "fine", "fine_min_yuan": 1000, "fine_max_yuan": 10000},
        },
        {
            "id": "B-STAFF",
            "items": ["STAFF"],
            "penalty_basis": "细则第三十八条",
            "first": {"outcome": "fine", "fine_min_yuan": 500, "fine_max_yuan": 5000},
            "repeat": {"outcome": "revocation"},
        },
    ],
    "default": {"first": {"outcome": "warning"}, "repeat": {"outcome": "fine", "fine_max_yuan": 3000}},
}


@pytest.fixture
def config() -> EnforcementConfig:
    return EnforcementConfig.parse(json.dumps(CONFIG))


# --- the no-penalty list (轻微违法不予处罚清单) ---------------------------------------------------------------------


def test_a_listed_item_failed_first_and_corrected_gets_no_penalty(config: EnforcementConfig) -> None:
    found = suggest(config, ["SIGN"], corrected=True)
    assert found.outcome == Outcome.NO_PENALTY and found.items[0].source == "NP"
    assert found.penalty_basis == "处罚法第三十三条"


def test_the_no_penalty_list_needs_both_first_failure_and_correction(config: EnforcementConfig) -> None:
    assert suggest(config, ["SIGN"], corrected=False).outcome == Outcome.WARNING  # not corrected: the benchmark
    repeat = suggest(config, ["SIGN"], repeat_codes=["SIGN"], corrected=True)  # failed before: the repeat tier
    assert (repeat.outcome, repeat.fine_min_yuan, repeat.fine_max_yuan) == (Outcome.FINE, 1000, 10000)


def test_an_unlisted_item_is_not_spared_by_correction(config: EnforcementConfig) -> None:
    assert suggest(config, ["STAFF"], corrected=True).outcome == Outcome.FINE


# --- the discretion benchmark (裁量基准) ----------------------------------------------------------------------------


def test_the_heaviest_outcome_wins_and_fined_ranges_add_up(config: EnforcementConfig) -> None:
    found = suggest(config, ["SIGN", "STAFF"], repeat_codes=["SIGN"])
    assert (found.outcome, found.fine_min_yuan, found.fine_max_yuan) == (Outcome.FINE, 1500, 15000)
    assert found.penalty_basis == "细则第三十七条；细则第三十八条"
    assert suggest(config, ["SIGN", "STAFF"], repeat_codes=["STAFF"]).outcome == Outcome.REVOCATION
    # a warning beside a fine: the fine's range alone
    mixed = suggest(config, ["SIGN", "STAFF"])
    assert (mixed.outcome, mixed.fine_min_yuan, mixed.fine_max_yuan) == (Outcome.FINE, 500, 5000)


def test_an_item_without_a_benchmark_takes_the_default(config: EnforcementConfig) -> None:
    found = suggest(config, ["OTHER"], repeat_codes=["OTHER"])
    assert (found.outcome, found.fine_max_yuan, found.items[0].source) == (Outcome.FINE, 3000, "default")


def test_the_range_includes_both_ends_and_nothing_beyond(config: EnforcementConfig) -> None:
    found = suggest(config, ["STAFF"])  # 500–5000
    assert within_range(found, Outcome.FINE, 500) and within_range(found, Outcome.FINE, 5000)
    assert not within_range(found, Outcome.FINE, 499) and not within_range(found, Outcome.FINE, 5001)
    assert not within_range(found, Outcome.WARNING, None)  # another outcome is not within the range


def test_a_case_needs_an_item(config: EnforcementConfig) -> None:
    with pytest.raises(ValueError, match="at least one"):
        suggest(config, [])


def test_a_configuration_that_does_not_hold_is_refused() -> None:
    bad = {**CONFIG, "benchmarks": [*CONFIG["benchmarks"], {**CONFIG["benchmarks"][0], "id": "again"}]}
    with pytest.raises(EnforcementConfigError, match="two benchmarks"):
        EnforcementConfig.parse(json.dumps(bad))
    inverted = {**CONFIG, "default": {"first": {"outcome": "fine", "fine_min_yuan": 9, "fine_max_yuan": 1}}}
    with pytest.raises(EnforcementConfigError):
        EnforcementConfig.parse(json.dumps(inverted))
    warning_with_fine = {
        **CONFIG,
        "default": {**CONFIG["default"], "first": {"outcome": "warning", "fine_max_yuan": 5}},
    }
    with pytest.raises(EnforcementConfigError):
        EnforcementConfig.parse(json.dumps(warning_with_fine))


def test_the_filed_configuration_loads_and_names_only_catalogue_items() -> None:
    filed = load_enforcement_config()
    assert filed.version
    codes = {item.code for item in load_catalogue()[1]}
    named = {c for b in filed.benchmarks for c in b.items} | {c for e in filed.no_penalty_list for c in e.items}
    assert named <= codes, named - codes
    assert suggest(filed, ["HTL-09"], corrected=True).outcome == Outcome.NO_PENALTY
    assert suggest(filed, ["HTL-04"]).outcome == Outcome.WARNING


# --- the legal-review flag (重大执法决定法制审核) and the summary procedure (简易程序) ---------------------------


def test_legal_review_from_the_configured_fine_up_and_for_named_outcomes(config: EnforcementConfig) -> None:
    assert not needs_legal_review(config, Outcome.FINE, 19_999)
    assert needs_legal_review(config, Outcome.FINE, 20_000)
    assert needs_legal_review(config, Outcome.REVOCATION, None)
    assert not needs_legal_review(config, Outcome.WARNING, None)
    assert not needs_legal_review(config, None, None)


def test_the_summary_procedure_up_to_its_threshold_only(config: EnforcementConfig) -> None:
    assert summary_allowed(config, Outcome.WARNING, None)
    assert summary_allowed(config, Outcome.FINE, 3000)
    assert not summary_allowed(config, Outcome.FINE, 3001)
    assert not summary_allowed(config, Outcome.REVOCATION, None)
    assert not summary_allowed(config, Outcome.NO_PENALTY, None)


# --- judging a decision -----------------------------------------------------------------------------------------


def _codes(config: EnforcementConfig, case: dict[str, Any], **suggestion: Any) -> list[str]:
    return [r.code for r in judge_decision(config, case, suggest(config, ["STAFF"], **suggestion))]


def test_a_fine_outside_the_range_needs_a_reason(config: EnforcementConfig) -> None:
    case = {"outcome": "fine", "fine_yuan": 6000, "status": "open"}
    assert _codes(config, case) == ["fine_outside_range"]
    assert _codes(config, {**case, "deviation_reason": "   "}) == ["fine_outside_range"]
    assert _codes(config, {**case, "deviation_reason": "违法所得较大，从重"}) == []
    assert _codes(config, {**case, "fine_yuan": 5000}) == []


def test_another_outcome_than_suggested_needs_a_reason(config: EnforcementConfig) -> None:
    assert _codes(config, {"outcome": "warning", "status": "open"}) == ["outcome_differs"]
    assert _codes(config, {"outcome": "warning", "status": "open", "deviation_reason": "初次且情节轻微"}) == []


def test_the_review_flag_must_be_the_rules_and_a_flagged_decision_needs_approval(config: EnforcementConfig) -> None:
    big = {"outcome": "fine", "fine_yuan": 20_000, "deviation_reason": "情节严重", "status": "open"}
    assert _codes(config, big) == ["review_flag_mismatch"]  # the flag cleared by the caller
    flagged = {**big, "review_required": True}
    assert _codes(config, flagged) == []  # open: the review comes before the decision
    assert _codes(config, {**flagged, "status": "decided"}) == ["legal_review_required"]
    assert _codes(config, {**flagged, "status": "decided", "review_result": "returned"}) == ["legal_review_required"]
    assert _codes(config, {**flagged, "status": "decided", "review_result": "approved"}) == []
    small = {"outcome": "fine", "fine_yuan": 600, "status": "open", "review_required": True}
    assert _codes(config, small) == ["review_flag_mismatch"]  # flagged without cause


def test_a_summary_decision_beyond_its_threshold_is_refused(config: EnforcementConfig) -> None:
    case = {"outcome": "fine", "fine_yuan": 3000, "procedure": "summary", "status": "decided"}
    assert _codes(config, case) == []
    assert _codes(config, {**case, "fine_yuan": 3001}) == ["summary_not_allowed"]


def test_a_decision_without_an_outcome_is_refused(config: EnforcementConfig) -> None:
    assert _codes(config, {"status": "decided"}) == ["outcome_missing"]
    assert _codes(config, {"status": "open"}) == []


def test_a_summary_decision_only_on_the_day_of_the_inspection(config: EnforcementConfig) -> None:
    from datetime import date

    case = {"outcome": "fine", "fine_yuan": 600, "procedure": "summary", "status": "decided"}
    day = date(2026, 11, 20)
    assert _codes_on(config, {**case, "decided_on": "2026-11-20"}, day) == []
    assert _codes_on(config, {**case, "decided_on": "2026-11-21"}, day) == ["summary_not_on_site"]
    general = {**case, "procedure": "general", "decided_on": "2026-11-21"}
    assert _codes_on(config, general, day) == []  # the general procedure takes its time
    assert _codes_on(config, {**case, "status": "open", "decided_on": None}, day) == []


def _codes_on(config: EnforcementConfig, case: dict[str, Any], day: object) -> list[str]:
    return [r.code for r in judge_decision(config, case, suggest(config, ["STAFF"]), day)]  # type: ignore[arg-type]
