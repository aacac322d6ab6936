"""The draw: only under filed plans, reproducible, recorded, with the plan's rules and declared recusals."""

from __future__ import annotations

import pytest

from app import planning
from app.models.domain import Inspector, Plan, SamplingDraw, Target, Task
from app.rules.sampling import SamplingConfig, SamplingError
from app.store import Store
from tests.planning.helpers import count, draft_plan, filed_plan


def test_no_draw_under_an_unfiled_plan(store: Store) -> None:
    plan = draft_plan(store)
    before = count(store, Task)
    with pytest.raises(planning.PlanningError, match=r"尚未备案.*not filed"):
        planning.prepare_draw(store, plan.id, SamplingConfig(), seed=1)
    assert count(store, Task) == before


def test_a_filed_plan_draws_reproducibly_and_creates_synced_tasks(store: Store) -> None:
    plan = draft_plan(store)
    planning.file_plan(store, plan.id)
    first = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=42)
    again = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=42)
    assert first.draw.selected_ids == again.draw.selected_ids
    staffed = [{t.target_id: t.inspector_ids for t in r.tasks} for r in (first, again)]
    assert staffed[0] == staffed[1]
    assert first.draw.selected_ids, "the demo pool yields a non-empty draw"
    outbox_before = len(store.outbox())
    record = planning.create_tasks_from_draw(store, first, drawn_by="lead")
    saved = [store.get(Task, i) for i in record.task_ids.values()]
    assert {t.target_id for t in saved} == set(first.draw.selected_ids) == set(record.target_ids)
    assert all(len(t.inspector_ids) >= 2 and t.plan_id == plan.id for t in saved)
    assert {t.target_id: t.inspector_ids for t in saved} == record.assignments
    sent = store.outbox()[outbox_before:]
    assert [m["entity"] for m in sent] == ["tasks"] * len(saved) + ["sampling_draws"]  # the draw syncs too
    assert store.get(SamplingDraw, record.id).seed == 42
    # drawn targets now hold a task under the plan: the next pool leaves them out
    assert set(first.draw.selected_ids).isdisjoint(e.id for e in planning.load_pool(store, store.get(Plan, plan.id)))


def test_a_draw_needing_more_inspectors_than_the_team_has_changes_nothing(store: Store) -> None:
    plan = draft_plan(store)
    planning.file_plan(store, plan.id)
    before = count(store, Task)
    with pytest.raises(SamplingError, match=r"不足.*not enough"):
        planning.prepare_draw(store, plan.id, SamplingConfig(), seed=1, per_task=9)
    assert count(store, Task) == before


def test_a_recorded_draw_verifies_identical_and_a_tampered_one_does_not(store: Store) -> None:
    record = planning.create_tasks_from_draw(
        store, planning.prepare_draw(store, filed_plan(store).id, SamplingConfig(), 7)
    )
    assert planning.verify_draw(store, record.id) == planning.DrawCheck(True, ())
    others = [t for t in store.list(Target) if t.id not in record.target_ids][:1]
    swapped = planning.check_draw(record.model_copy(update={"target_ids": [*record.target_ids[1:], others[0].id]}))
    assert not swapped.identical and any("other targets" in d for d in swapped.differences)
    reseeded = planning.check_draw(record.model_copy(update={"seed": 8}))
    assert not reseeded.identical and any("seeds differ" in d for d in reseeded.differences)
    inputs = {**record.inputs, "targets": {**record.inputs["targets"], "seed": 8}}
    altered = planning.check_draw(record.model_copy(update={"inputs": inputs}))
    assert not altered.identical


def test_the_plans_filed_sampling_rules_drive_the_draw(store: Store) -> None:
    plan = draft_plan(store)
    everything = SamplingConfig(ratios={g: 1.0 for g in "ABCD"}, exclude_do_not_disturb=False)
    planning.set_sampling_rules(store, plan.id, everything)
    filed = planning.file_plan(store, plan.id)
    config = SamplingConfig.for_plan(filed)
    assert config == everything
    result = planning.prepare_draw(store, plan.id, config, seed=1)
    assert set(result.draw.selected_ids) == {e.id for e in planning.load_pool(store, filed)}  # 100% of each grade
    with pytest.raises(planning.PlanningError, match=r"已备案.*filed"):
        planning.set_sampling_rules(store, plan.id, SamplingConfig())
    assert SamplingConfig.for_plan(store.get(Plan, plan.id)) == everything


def test_declared_recusals_keep_the_inspector_off_that_target(store: Store) -> None:
    plan = filed_plan(store)
    pool = planning.load_pool(store, plan)
    team = [i for i in store.find(Inspector, team=plan.team, role="inspector") if i.certificate_no]
    conflicted = pool[0].id
    outbox = len(store.outbox())
    for inspector in team[:-2]:  # all but two declare a conflict: the two left must staff that target
        planning.declare_recusal(store, inspector.id, conflicted, "亲属在该单位任职")
    assert {m["entity"] for m in store.outbox()[outbox:]} == {"recusals"}
    with pytest.raises(planning.PlanningError, match=r"已.*声明回避.*already"):
        planning.declare_recusal(store, team[0].id, conflicted, "重复声明")
    everything = SamplingConfig(ratios={g: 1.0 for g in "ABCD"}, exclude_do_not_disturb=False)
    for seed in range(5):
        result = planning.prepare_draw(store, plan.id, everything, seed=seed)
        staffed = next(t for t in result.tasks if t.target_id == conflicted)
        assert set(staffed.inspector_ids) == {i.id for i in team[-2:]}
        assert all(len(t.inspector_ids) >= 2 for t in result.tasks)
    planning.declare_recusal(store, team[-1].id, conflicted, "曾为该单位提供咨询")
    with pytest.raises(SamplingError, match=r"不足.*not enough"):
        planning.prepare_draw(store, plan.id, everything, seed=1)
