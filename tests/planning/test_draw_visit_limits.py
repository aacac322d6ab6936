"""Draws apply the grade's yearly cap and repeat-visit guard (issue 16): a target a routine visit could not be coded
for is left out of the draw's pool, with the refusal the preview shows; complaint and remote visits count for
neither; the draw's record still re-runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app import planning
from app.models.domain import Inspection, Plan, Target, Task
from app.models.enums import TaskCategory
from app.rules.sampling import SamplingConfig
from app.store import Store
from tests.planning.helpers import TODAY, draft_plan

EVERYTHING = SamplingConfig(ratios={g: 1.0 for g in "ABCD"}, exclude_do_not_disturb=False)


def _plan(store: Store) -> Plan:
    plan = draft_plan(store)
    planning.set_sampling_rules(store, plan.id, EVERYTHING)
    return planning.file_plan(store, plan.id)


def _graded(store: Store, target_id: str, grade: str) -> Target:
    target = store.get(Target, target_id)
    assert target is not None
    return store.save(target.model_copy(update={"grade": grade}))


def _visited(store: Store, target: Target, days_ago: int, category: str = "district_random", **task: object) -> None:
    plan = store.find(Plan, category="district_random")[0]
    done = Task(plan_id=plan.id, target_id=target.id, category=category, team=plan.team, status="completed", **task)
    started = datetime(TODAY.year, TODAY.month, TODAY.day, 2, tzinfo=UTC) - timedelta(days=days_ago)
    inspection = Inspection(
        code_id="code-past",
        target_id=target.id,
        task_ids=[done.id],
        inspector_ids=["i-1", "i-2"],
        status="completed",
        started_at=started,
        completed_at=started + timedelta(hours=1),
        remote=bool(task.get("remote")),
    )
    store.save_many([done, inspection], synced=True)


def _fresh(store: Store, plan: Plan) -> list[str]:
    """Pool targets the demo data has not visited lately (no visit limit holds them yet)."""
    return [e.id for e in planning.load_pool(store, plan, TODAY)]


def _draw(store: Store, plan: Plan) -> planning.DrawResult:
    return planning.prepare_draw(store, plan.id, EVERYTHING, 7, today=TODAY)


def test_capped_and_recently_visited_targets_are_left_out_with_the_reason(store: Store) -> None:
    plan = _plan(store)
    pool = _fresh(store, plan)
    capped = _graded(store, pool[0], "B")  # one routine visit a year
    _visited(store, capped, (TODAY - TODAY.replace(month=1, day=1)).days)  # 1 January: the year's one visit
    guarded = _graded(store, pool[1], "D")  # four a year, 30 days apart
    _visited(store, guarded, 10)
    complained = _graded(store, pool[2], "D")
    _visited(store, complained, 10, TaskCategory.COMPLAINT.value)  # no routine visit
    checked = _graded(store, pool[3], "A")
    _visited(store, checked, 10, remote=True)  # a remote check is no visit
    result = _draw(store, plan)
    codes = {k: v.code for k, v in result.left_out.items()}
    assert (codes[capped.id], codes[guarded.id]) == ("visit_cap_reached", "repeat_visit")
    assert complained.id not in codes and checked.id not in codes
    assert "撮合" in result.left_out[guarded.id].zh and "override" in result.left_out[capped.id].en
    drawn = set(result.draw.selected_ids)
    assert capped.id not in drawn and guarded.id not in drawn
    assert {complained.id, checked.id} <= drawn
    assert capped.id not in result.draw.pool_ids  # left out of the pool itself, so the record re-runs
    assert {capped.id, guarded.id}.isdisjoint(e.id for e in planning.load_pool(store, plan, TODAY))
    record = planning.create_tasks_from_draw(store, result, drawn_by="lead")
    assert planning.verify_draw(store, record.id) == planning.DrawCheck(True, ())


def test_the_guard_ends_with_its_interval(store: Store) -> None:
    plan = _plan(store)
    guarded = _graded(store, _fresh(store, plan)[0], "D")
    _visited(store, guarded, 30)  # 30 days ago: the interval has passed
    assert guarded.id in _draw(store, plan).draw.selected_ids


def test_a_capped_target_with_an_open_complaint_is_not_drawn_into_a_routine_task(store: Store) -> None:
    plan = _plan(store)
    capped = _graded(store, _fresh(store, plan)[0], "B")
    _visited(store, capped, 5)
    # (under another plan: a task under the drawn plan would keep it out of the pool anyway)
    other = next(p for p in store.find(Plan, category="district_random") if p.id != plan.id)
    store.save(Task(plan_id=other.id, target_id=capped.id, category="complaint", team=other.team))
    assert capped.id in planning.complaint_target_ids(store)
    result = _draw(store, plan)
    assert capped.id not in result.draw.selected_ids and capped.id in result.left_out
