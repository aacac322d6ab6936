"""The draw's quotas are taken over the targets it can take (issue 16): a target exempt today (无事不扰) or held by the
grade's yearly cap or repeat-visit guard is not in its grade's quota base; the recorded draw keeps every target it
left out with why, and the lead's reason when the plan's ratios are not the grades'."""

from __future__ import annotations

from datetime import timedelta

from app import planning
from app.models.domain import Plan, SamplingDraw, Target
from app.models.enums import Grade
from app.rules.sampling import SamplingConfig, quota
from app.store import Store
from tests.planning.helpers import TODAY, draft_plan
from tests.planning.test_draw_visit_limits import _fresh, _graded, _visited

HALF = SamplingConfig(ratios={g: 0.5 for g in "ABCD"}, exclude_do_not_disturb=True)


def _plan(store: Store) -> Plan:
    plan = draft_plan(store)
    planning.set_sampling_rules(store, plan.id, HALF)
    return planning.file_plan(store, plan.id)


def _exempt(store: Store, target_id: str, reason: str, until_days: int | None = 30) -> Target:
    target = store.get(Target, target_id)
    assert target is not None
    until = None if until_days is None else TODAY + timedelta(days=until_days)
    update = {
        "grade": "D",
        "do_not_disturb": True,
        "do_not_disturb_by": "decision",
        "do_not_disturb_reason": reason,
        "do_not_disturb_until": until,
    }
    return store.save(target.model_copy(update=update))


def test_the_quotas_count_only_the_targets_a_draw_can_take(store: Store) -> None:
    plan = _plan(store)
    fresh = _fresh(store, plan)
    capped = _graded(store, fresh[0], "D")
    _visited(store, capped, 10)  # D: 30 days between routine visits
    exempt = _exempt(store, fresh[1], "企业停业装修")
    ended = _exempt(store, fresh[2], "上月停业", until_days=-1)  # its exemption ended: drawn like any other
    counts = planning.pool_counts(store, plan, TODAY)
    d = Grade.D
    assert counts.capped[d] == 1 and counts.exempt[d] == 1  # the ended exemption is not counted
    assert counts.drawable(d, True) == counts.total[d] - 2
    assert counts.drawable(d, False) == counts.total[d] - 1  # a plan that may visit exempt targets
    result = planning.prepare_draw(store, plan.id, HALF, 7, today=TODAY)
    assert result.draw.quotas[d] == quota(0.5, counts.drawable(d, True))  # what the dialog shows is what is drawn
    assert {capped.id, exempt.id}.isdisjoint(result.draw.selected_ids)
    assert ended.id not in result.not_taken()


def test_the_recorded_draw_keeps_the_left_out_targets_with_why(store: Store) -> None:
    plan = _plan(store)
    fresh = _fresh(store, plan)
    capped = _graded(store, fresh[0], "D")
    _visited(store, capped, 10)
    exempt = _exempt(store, fresh[1], "企业停业装修")
    rule = "等级 A 且连续 2 次检查未发现问题 / grade A with 2 clean inspections in a row"
    ruled = _exempt(store, fresh[2], rule, None)
    result = planning.prepare_draw(store, plan.id, HALF, 7, today=TODAY)
    record = planning.create_tasks_from_draw(store, result, drawn_by="lead")
    stored = store.get(SamplingDraw, record.id)
    assert stored is not None and {capped.id, exempt.id, ruled.id} <= set(stored.left_out)
    assert set(stored.left_out) == set(result.not_taken())  # and the demo data's own exempt and capped targets
    until = (TODAY + timedelta(days=30)).isoformat()
    assert (
        stored.left_out[exempt.id]
        == f"无事不扰：企业停业装修，至 {until} / do not disturb: 企业停业装修, until {until}"
    )
    assert stored.left_out[ruled.id] == (
        "无事不扰：等级 A 且连续 2 次检查未发现问题 / do not disturb: grade A with 2 clean inspections in a row"
    )
    assert stored.left_out[capped.id].startswith("距上次例行检查") and " / " in stored.left_out[capped.id]
    assert stored.grade_override_reason is None
    assert planning.verify_draw(store, record.id) == planning.DrawCheck(True, ())  # the record still re-runs
    assert any(o["record_id"] == record.id for o in store.outbox())  # it syncs with what it left out
