"""The grade sets the draw's defaults (信用+风险 sampling ratios), a lead overrides them on one plan with a reason, and
无事不扰 keeps exempt targets out of routine tasks (complaints included), until the exemption's end date."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app import planning
from app.models.domain import Inspector, Plan, Target, Task
from app.models.enums import Grade, Role, TaskCategory
from app.planning.draws import default_config, override_grade_defaults, restore_grade_defaults
from app.resources import grading_config_path, load_grading_config
from app.rules.grading import GradingConfig
from app.store import Store
from tests.planning.helpers import TODAY, draft_plan, filed_plan

GRADING = load_grading_config()


def test_the_grades_set_the_sampling_ratios_of_a_random_plan(store: Store) -> None:
    plan = filed_plan(store)
    config = default_config(plan, GRADING)
    assert config.ratios == {g: GRADING.defaults[g].sampling_ratio for g in Grade}
    assert config.exclude_do_not_disturb  # a routine plan
    data = json.loads(grading_config_path().read_text(encoding="utf-8"))
    data["defaults"]["C"]["sampling_ratio"] = 0.3
    assert default_config(plan, GradingConfig.parse(json.dumps(data))).ratios[Grade.C] == 0.3


def lead_of(store: Store, plan: Plan) -> Inspector:
    return next(i for i in store.find(Inspector, role=Role.TEAM_LEAD.value) if i.team == plan.team)


def test_only_a_lead_of_the_plans_team_and_district_overrides_its_ratios(store: Store) -> None:
    plan = draft_plan(store)
    lead = lead_of(store, plan)
    inspector = next(i for i in store.find(Inspector, team=plan.team) if i.role == Role.INSPECTOR)
    other_lead = next(i for i in store.find(Inspector, role=Role.TEAM_LEAD.value) if i.team != plan.team)
    elsewhere = lead.model_copy(update={"district": "310104"})
    outbox = len(store.outbox())
    with pytest.raises(planning.PlanningError, match=r"只有科室负责人.*only a team lead"):
        override_grade_defaults(store, plan.id, {"A": 0.5}, "专项整治", by=inspector)
    for stranger in (other_lead, elsewhere):
        with pytest.raises(planning.PlanningError, match=r"不是本科室.*not your team"):
            override_grade_defaults(store, plan.id, {"A": 0.5}, "专项整治", by=stranger)
        with pytest.raises(planning.PlanningError, match=r"not your team"):
            restore_grade_defaults(store, plan.id, by=stranger)
    assert len(store.outbox()) == outbox and store.get(Plan, plan.id).grade_override_reason is None


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("  ", r"理由.*reason"),
        ("", r"理由.*reason"),
        ("专项\x00整治", r"控制字符.*NUL"),
        ("专项\n\x1b[31m整治", r"控制字符.*control"),
        ("理" * 501, r"过长.*too long"),
    ],
)
def test_an_override_reason_that_is_empty_nul_or_huge_is_refused(store: Store, reason: str, said: str) -> None:
    plan = draft_plan(store)
    with pytest.raises(planning.PlanningError, match=said):
        override_grade_defaults(store, plan.id, {"A": 0.5}, reason, by=lead_of(store, plan))
    assert store.get(Plan, plan.id).grade_override_reason is None


def test_a_lead_overrides_the_grades_ratios_on_one_plan_with_a_reason(store: Store) -> None:
    plan = draft_plan(store)
    lead = lead_of(store, plan)
    with pytest.raises(planning.PlanningError):
        override_grade_defaults(store, plan.id, {"A": 1.5}, "专项", by=lead)
    with pytest.raises(planning.PlanningError, match=r"未知的等级.*unknown grade: E"):
        override_grade_defaults(store, plan.id, {"E": 0.5}, "专项", by=lead)
    changed = override_grade_defaults(store, plan.id, {"A": 0.5}, " 医美专项整治：A 级也须多抽 ", by=lead)
    assert changed.grade_override_reason == "医美专项整治：A 级也须多抽"
    assert store.outbox()[-1]["entity"] == "plans"
    assert default_config(changed, GRADING).ratios[Grade.A] == 0.5
    restored = restore_grade_defaults(store, plan.id, by=lead)
    assert restored.grade_override_reason is None and restored.sampling_ratios == {}
    assert default_config(restored, GRADING).ratios[Grade.A] == GRADING.defaults[Grade.A].sampling_ratio
    override_grade_defaults(store, plan.id, {"A": 0.5}, "医美专项整治：A 级也须多抽", by=lead)
    filed = planning.file_plan(store, plan.id)
    config = default_config(filed, GRADING)
    assert config.ratios[Grade.A] == 0.5 and config.ratios[Grade.B] == GRADING.defaults[Grade.B].sampling_ratio
    other = filed_plan(store, plan_no="长卫监计〔2025〕901号", sampling_ratios={"A": 0.9})
    assert default_config(other, GRADING).ratios[Grade.A] == 0.05  # ratios without a reason do not override
    with pytest.raises(planning.PlanningError, match=r"已备案.*filed"):
        override_grade_defaults(store, filed.id, {"A": 0.1}, "再改", by=lead)
    with pytest.raises(planning.PlanningError, match=r"已备案.*filed"):
        restore_grade_defaults(store, filed.id, by=lead)


def _exempt_with_complaint(store: Store, plan: Plan) -> Target:
    """A do-not-disturb target of the plan's pool with an open complaint task (the bug of issue 16)."""
    pool = planning.load_pool(store, plan, TODAY)
    target = store.get(Target, next(e.id for e in pool if not e.do_not_disturb))
    target = store.save(
        target.model_copy(
            update={"do_not_disturb": True, "do_not_disturb_by": "decision", "do_not_disturb_reason": "信用良好"}
        )
    )
    other = next(p for p in store.list(Plan) if p.id != plan.id)  # the pool leaves out targets tasked under the plan
    complaint = Task(
        plan_id=other.id, target_id=target.id, category=TaskCategory.COMPLAINT, team=plan.team, district=plan.district
    )
    store.save(complaint)
    return target


def test_a_draw_never_puts_an_exempt_target_into_a_routine_task_even_with_a_complaint(store: Store) -> None:
    plan = filed_plan(store)
    target = _exempt_with_complaint(store, plan)
    everything = default_config(plan, GRADING).model_copy(update={"ratios": {g: 1.0 for g in Grade}})
    result = planning.prepare_draw(store, plan.id, everything, seed=5)
    assert target.id not in result.draw.selected_ids and target.id in result.draw.excluded_ids
    assert not any(store.get(Target, t).do_not_disturb for t in result.draw.selected_ids)


def test_an_ended_exemption_is_drawn_like_any_target(store: Store) -> None:
    plan = filed_plan(store)
    target = _exempt_with_complaint(store, plan)
    store.save(target.model_copy(update={"do_not_disturb_until": TODAY - timedelta(days=1)}))
    pool = {e.id: e for e in planning.load_pool(store, plan, TODAY)}
    assert not pool[target.id].do_not_disturb
    pool = {e.id: e for e in planning.load_pool(store, plan, TODAY - timedelta(days=2))}
    assert pool[target.id].do_not_disturb
