"""Domain models: validation refuses bad records with messages in Chinese and English."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pydantic import ValidationError

from app.models import ENTITY_MODELS, Plan, Target, Task, TaskCategory, TaskStatus
from app.models.domain import Evidence

CODE = "91110000600037341L"


def _target(**changes: object) -> Target:
    fields = {"credit_code": CODE, "name": "上海天山口腔门诊部", "industry": "dental", "street": "天山路街道",
              "address": "长宁区天山路100号"} | changes  # fmt: skip
    return Target(**fields)


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(exc.value)


def test_a_valid_target_normalizes_its_credit_code() -> None:
    target = _target(credit_code=" 91110000600037341l")
    assert target.credit_code == CODE
    assert target.grade == "B" and target.district == "310105"


def test_a_bad_credit_code_is_refused_in_both_languages() -> None:
    with pytest.raises(ValidationError) as exc:
        _target(credit_code="91310115MA1H8R7C6D")
    assert "校验位错误" in _message(exc) and "check character is wrong" in _message(exc)


def test_an_early_pilot_code_is_accepted_with_a_recorded_override() -> None:
    target = _target(credit_code="91310115ma1h8r7c6d", credit_code_override="早期试点代码，工商登记原件核实")
    assert target.credit_code == "91310115MA1H8R7C6D"


def test_unknown_industry_and_extra_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        _target(industry="casino")
    with pytest.raises(ValidationError):
        _target(owner="someone")


def test_a_closed_task_needs_a_reason() -> None:
    with pytest.raises(ValidationError) as exc:
        Task(plan_id="p", target_id="t", category=TaskCategory.DISTRICT_RANDOM, status=TaskStatus.CLOSED, team="x")
    assert "关闭任务须说明原因" in _message(exc) and "a closed task needs a reason" in _message(exc)
    closed = Task(plan_id="p", target_id="t", category="district_random", status="closed", team="x",
                  close_reason="经营场所已关闭")  # fmt: skip
    assert closed.status == "closed"


def test_a_plan_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as exc:
        Plan(plan_no="1", name="n", category="campaign", year=2026, team="t", period_start=date(2026, 5, 1),
             period_end=date(2026, 4, 1))  # fmt: skip
    assert "计划结束日期早于开始日期" in _message(exc) and "the plan ends before it starts" in _message(exc)


def test_evidence_hash_must_be_sha256_hex() -> None:
    with pytest.raises(ValidationError) as exc:
        Evidence(inspection_id="i", code_id="c", sha256="ABC", size=1, taken_at="2026-01-01T00:00:00Z")
    assert "SHA-256" in _message(exc) and "照片哈希" in _message(exc)


def test_records_round_trip_through_json_with_uuid7_ids() -> None:
    first, second = _target(), _target()
    again = Target.model_validate(first.model_dump(mode="json"))
    assert again == first
    assert uuid.UUID(first.id).version == 7 and first.id != second.id
    assert first.id[:13] <= second.id[:13]  # the millisecond prefix never goes back
    assert set(ENTITY_MODELS) >= {"targets", "tasks", "inspections", "item_results", "evidence"}
