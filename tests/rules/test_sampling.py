"""双随机: target draws by grade, inspector draws by workload and recusal, reproducibility, publication rows."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections import Counter
from datetime import date

import pytest
from pydantic import ValidationError

from app.models.domain import Inspector, Target, Task
from app.models.enums import Grade, Industry, TaskCategory
from app.rules import credit_code as cc
from app.rules.sampling import (
    DEFAULT_RATIOS,
    DRAW_COLUMNS,
    Draw,
    InspectorDraw,
    SamplingConfig,
    SamplingError,
    assignments_to_rows,
    draw_inspectors,
    draw_targets,
    draw_to_rows,
    quota,
    redraw,
)


def make_target(n: int, grade: Grade = Grade.B, *, dnd: bool = False) -> Target:
    return Target(
        id=f"target-{n:06d}",
        credit_code=cc.make(f"91310105{n:09d}"),
        name=f"对象{n}",
        industry=Industry.HOTEL,
        street="华阳路街道",
        address=f"长宁路{n}号",
        grade=grade,
        do_not_disturb=dnd,
    )


def graded_pool(per_grade: int) -> list[Target]:
    return [make_target(g * per_grade + i, grade) for g, grade in enumerate(Grade) for i in range(per_grade)]


def make_inspector(n: int, *, certified: bool = True) -> Inspector:
    return Inspector(
        id=f"insp-{n:03d}",
        name=f"监督员{n}",
        username=f"user{n}",
        certificate_no=f"3101050{n:03d}" if certified else None,
        team="公共场所科",
    )


def make_task(n: int, target_id: str | None = None) -> Task:
    return Task(
        id=f"task-{n:05d}",
        plan_id="plan-1",
        target_id=target_id or f"target-{n:06d}",
        category=TaskCategory.DISTRICT_RANDOM,
        team="公共场所科",
        scheduled_on=date(2025, 6, 1),
    )


# --- target draws -------------------------------------------------------------------------------------------------


def test_each_grade_gets_its_quota_and_every_target_an_equal_chance() -> None:
    """Over 600 seeded draws each target's inclusion count lies within 5 standard deviations of n·ratio."""
    per_grade, draws = 100, 600
    pool = graded_pool(per_grade)
    config = SamplingConfig()
    expected = {g: quota(DEFAULT_RATIOS[g], per_grade) for g in Grade}
    hits: Counter[str] = Counter()
    for seed in range(draws):
        draw = draw_targets(pool, config, seed)
        assert {g: len(ids) for g, ids in draw.selected.items()} == expected
        hits.update(draw.selected_ids)
    for target in pool:
        p = DEFAULT_RATIOS[Grade(target.grade)]
        mean, sd = draws * p, math.sqrt(draws * p * (1 - p))
        assert abs(hits[target.id] - mean) <= 5 * sd + 1e-9, (target.id, target.grade, hits[target.id])
    # Grade A targets are drawn rarely but not never: the bounds above would also pass a sampler stuck on a few.
    assert sum(1 for t in pool if t.grade == Grade.A and hits[t.id] > 0) == per_grade


def test_quota_rounds_up_so_a_ratio_is_never_undershot() -> None:
    assert quota(0.05, 7) == 1
    assert quota(0.07, 100) == 7  # 0.07 × 100 is 7.000000000000001 in floating point: still 7
    assert quota(0.60, 7) == 5
    assert quota(0.0, 50) == 0
    assert quota(1.0, 50) == 50


def test_configured_ratios_replace_the_defaults() -> None:
    pool = graded_pool(40)
    config = SamplingConfig(ratios={Grade.A: 0.0, Grade.B: 0.1, Grade.C: 0.5, Grade.D: 0.25})
    draw = draw_targets(pool, config, seed=3)
    assert {g: len(ids) for g, ids in draw.selected.items()} == {Grade.A: 0, Grade.B: 4, Grade.C: 20, Grade.D: 10}


def test_routine_plans_leave_do_not_disturb_targets_out() -> None:
    pool = [make_target(i, Grade.D, dnd=i < 5) for i in range(20)]
    draw = draw_targets(pool, SamplingConfig.for_category(TaskCategory.DISTRICT_RANDOM), seed=1)
    assert draw.excluded_ids == [t.id for t in pool[:5]]
    assert not set(draw.selected_ids) & set(draw.excluded_ids)
    assert draw.quotas[Grade.D] == 15


def test_triggered_plans_may_visit_do_not_disturb_targets() -> None:
    pool = [make_target(i, Grade.D, dnd=i < 5) for i in range(20)]
    draw = draw_targets(pool, SamplingConfig.for_category(TaskCategory.COMPLAINT), seed=1)
    assert draw.excluded_ids == []
    assert len(draw.selected_ids) == 20


def test_targets_with_complaints_are_always_drawn_and_count_toward_the_quota() -> None:
    pool = [make_target(i, Grade.A, dnd=i == 0) for i in range(100)]
    complaints = [pool[0].id, pool[1].id, "target-not-in-pool"]
    for seed in range(20):
        draw = draw_targets(pool, SamplingConfig(), seed, complaint_target_ids=complaints)
        assert draw.complaint_ids == [pool[0].id, pool[1].id]
        assert {pool[0].id, pool[1].id} <= set(draw.selected_ids)
        assert len(draw.selected_ids) == draw.quotas[Grade.A] == 5  # ceil(5% of 100): two complaints plus three drawn


def test_complaints_beyond_the_quota_are_all_drawn() -> None:
    pool = [make_target(i, Grade.A) for i in range(20)]
    draw = draw_targets(pool, SamplingConfig(), 9, complaint_target_ids=[t.id for t in pool[:4]])
    assert draw.quotas[Grade.A] == 1
    assert draw.selected_ids == [t.id for t in pool[:4]]


def test_complaints_are_ignored_when_the_plan_does_not_ask() -> None:
    pool = [make_target(i, Grade.A, dnd=i == 0) for i in range(20)]
    draw = draw_targets(pool, SamplingConfig(include_complaints=False), 2, complaint_target_ids=[pool[0].id])
    assert draw.complaint_ids == []
    assert pool[0].id in draw.excluded_ids
    assert {row["reason"] for row in draw_to_rows(draw)} == {"random"}


def test_a_draw_is_reproduced_from_its_record_bit_for_bit() -> None:
    pool = graded_pool(50)
    draw = draw_targets(pool, SamplingConfig(), seed=20250601, complaint_target_ids=[pool[3].id])
    stored = draw.model_dump_json()
    again = redraw(Draw.model_validate_json(stored))
    assert again == draw
    assert again.model_dump_json() == stored


def test_a_published_draw_stays_reproducible_across_releases() -> None:
    """A golden draw: if this changes, records published earlier could no longer be re-run (bump the algorithm)."""
    draw = draw_targets(graded_pool(10), SamplingConfig(), seed=42)
    assert draw.algorithm == "grade-strata/fisher-yates/v1"
    assert {g.value: ids for g, ids in draw.selected.items()} == {
        "A": ["target-000006"],
        "B": ["target-000010", "target-000013"],
        "C": [f"target-0000{n}" for n in (20, 21, 22, 24, 27, 29)],
        "D": [f"target-0000{n}" for n in range(30, 40)],
    }
    assert draw.input_digest == "228874644849b34632bd675a39512e0a4500a43be3b3c8ff63deacd8a1cb5e92"


def test_input_order_does_not_matter_but_the_seed_does() -> None:
    pool = graded_pool(50)
    draw = draw_targets(pool, SamplingConfig(), seed=7)
    assert draw_targets(list(reversed(pool)), SamplingConfig(), seed=7) == draw
    assert draw_targets(pool, SamplingConfig(), seed=8).selected != draw.selected
    assert draw.pool_ids == sorted(t.id for t in pool)


def test_a_draw_does_not_depend_on_hash_randomisation() -> None:
    """The same record re-run in fresh interpreters with different hash seeds selects the same targets."""
    pool = graded_pool(30)
    draw = draw_targets(pool, SamplingConfig(), seed=11, complaint_target_ids=[pool[0].id, pool[45].id])
    script = (
        "import sys; from app.rules.sampling import Draw, redraw; "
        "print(redraw(Draw.model_validate_json(sys.stdin.read())).model_dump_json())"
    )
    for hash_seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", script],
            input=draw.model_dump_json(),
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            timeout=60,
        )
        assert json.loads(out.stdout)["selected"] == json.loads(draw.model_dump_json())["selected"]


def test_an_altered_record_is_refused() -> None:
    draw = draw_targets(graded_pool(10), SamplingConfig(), seed=5)
    data = json.loads(draw.model_dump_json())
    data["pool_grades"] = "D" + data["pool_grades"][1:]  # someone changes a target's grade after the fact
    with pytest.raises(SamplingError, match="altered"):
        redraw(Draw.model_validate(data))


def test_a_record_with_misaligned_pool_columns_is_refused() -> None:
    data = json.loads(draw_targets(graded_pool(3), SamplingConfig(), seed=5).model_dump_json())
    data["pool_do_not_disturb"] = data["pool_do_not_disturb"][1:]
    with pytest.raises(SamplingError, match="不完整 / the draw record's pool columns do not line up"):
        redraw(Draw.model_validate(data))


@pytest.mark.parametrize(
    ("pool", "message"),
    [([], "对象库为空 / the target pool is empty"), ([make_target(1), make_target(1)], "重复 / target target-000001")],
)
def test_bad_pools_are_refused(pool: list[Target], message: str) -> None:
    with pytest.raises(SamplingError, match=message):
        draw_targets(pool, SamplingConfig(), seed=1)


def test_bad_ratios_are_refused_in_both_languages() -> None:
    with pytest.raises(ValidationError, match="0 至 100% 之间 / the sampling ratio of grade C"):
        SamplingConfig(ratios={Grade.A: 0.05, Grade.B: 0.2, Grade.C: 1.5, Grade.D: 1.0})
    with pytest.raises(ValidationError, match="缺少等级 D 的抽查比例 / no sampling ratio for grade D"):
        SamplingConfig(ratios={Grade.A: 0.05, Grade.B: 0.2, Grade.C: 0.6})


def test_a_negative_seed_is_refused() -> None:
    with pytest.raises(SamplingError, match="negative"):
        draw_targets(graded_pool(2), SamplingConfig(), seed=-1)


def test_rows_for_publication() -> None:
    pool = graded_pool(10)
    draw = draw_targets(pool, SamplingConfig(), seed=4, complaint_target_ids=[pool[0].id])
    rows = draw_to_rows(draw, {t.id: t for t in pool})
    assert len(rows) == len(draw.selected_ids)
    assert all(set(row) == set(DRAW_COLUMNS) for row in rows)
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
    first = rows[0]
    assert (first["target_id"], first["name"], first["grade"], first["reason"]) == (
        pool[0].id,
        "对象0",
        "A",
        "complaint",
    )
    assert first["credit_code"] == pool[0].credit_code
    assert {row["reason"] for row in rows[1:]} == {"random"}


# --- inspector draws ----------------------------------------------------------------------------------------------


def test_every_task_gets_two_distinct_certified_inspectors() -> None:
    team = [make_inspector(i, certified=i != 0) for i in range(6)]
    tasks = [make_task(i) for i in range(30)]
    draw = draw_inspectors(tasks, team, seed=1)
    assert set(draw.assignments) == {t.id for t in tasks}
    for chosen in draw.assignments.values():
        assert len(chosen) == len(set(chosen)) == 2
        assert "insp-000" not in chosen  # no certificate, never drawn


def test_workload_is_balanced_least_loaded_first() -> None:
    team = [make_inspector(i) for i in range(10)]
    draw = draw_inspectors([make_task(i) for i in range(25)], team, seed=3)
    assert set(draw.load().values()) == {5}


def test_existing_load_is_counted() -> None:
    team = [make_inspector(i) for i in range(4)]
    existing = {"insp-000": 6, "insp-001": 2}
    draw = draw_inspectors([make_task(i) for i in range(5)], team, seed=3, existing_load=existing)
    assert draw.load() == {"insp-000": 6, "insp-001": 4, "insp-002": 4, "insp-003": 4}
    assert all("insp-000" not in chosen for chosen in draw.assignments.values())


def test_ties_are_broken_at_random() -> None:
    team = [make_inspector(i) for i in range(8)]
    task = [make_task(1)]
    pairs = {tuple(draw_inspectors(task, team, seed=s).assignments[task[0].id]) for s in range(30)}
    assert len(pairs) > 5


def test_recusal_by_target_id_and_by_credit_code() -> None:
    team = [make_inspector(i) for i in range(4)]
    target_a, target_b = make_target(1), make_target(2)
    tasks = [make_task(1, target_a.id), make_task(2, target_b.id)]
    recusals = {"insp-000": [target_a.id], "insp-001": target_b.credit_code}
    codes = {t.id: t.credit_code for t in (target_a, target_b)}
    for seed in range(20):
        draw = draw_inspectors(tasks, team, seed, recusals=recusals, target_credit_codes=codes)
        assert "insp-000" not in draw.assignments[tasks[0].id]
        assert "insp-001" not in draw.assignments[tasks[1].id]


def test_not_enough_eligible_inspectors_names_the_task_in_both_languages() -> None:
    team = [make_inspector(i) for i in range(3)] + [make_inspector(9, certified=False)]
    tasks = [make_task(1), make_task(2)]
    with pytest.raises(SamplingError) as caught:
        draw_inspectors(tasks, team, seed=1, recusals={"insp-000": [tasks[1].target_id], "insp-001": ["target-000002"]})
    assert "task-00002（1 名）" in caught.value.zh
    assert "1 task(s) fall short" in caught.value.en and "task-00002 (1)" in caught.value.en
    assert "task-00001" not in str(caught.value)


def test_fewer_than_two_inspectors_per_task_is_refused() -> None:
    with pytest.raises(SamplingError, match="至少需要 2 名监督员 / each task needs at least 2 inspectors"):
        draw_inspectors([make_task(1)], [make_inspector(i) for i in range(4)], seed=1, per_task=1)


def test_an_inspector_draw_is_reproduced_from_its_record() -> None:
    team = [make_inspector(i) for i in range(7)]
    tasks = [make_task(i) for i in range(12)]
    draw = draw_inspectors(
        tasks, team, seed=99, recusals={"insp-002": ["target-000003"]}, existing_load={"insp-004": 1}
    )
    stored = draw.model_dump_json()
    assert redraw(InspectorDraw.model_validate_json(stored)) == draw
    assert (
        draw_inspectors(
            list(reversed(tasks)),
            list(reversed(team)),
            seed=99,
            recusals={"insp-002": ["target-000003"]},
            existing_load={"insp-004": 1},
        )
        == draw
    )


def test_assignment_rows_name_the_inspectors_and_certificates() -> None:
    team = [make_inspector(i) for i in range(2)]
    draw = draw_inspectors([make_task(1)], team, seed=1)
    rows = assignments_to_rows(draw, {i.id: i for i in team})
    assert len(rows) == 1
    assert sorted(rows[0]["inspectors"].split("、")) == ["监督员0", "监督员1"]
    assert sorted(rows[0]["certificates"].split("、")) == ["3101050000", "3101050001"]
