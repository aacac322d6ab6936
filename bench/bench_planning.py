"""Planning rules at district scale and beyond, each beside a raw limit measured in the same run.

- Target draw over 200,000 targets vs plain `random.sample` over the same ids (and sort + sample, the floor for a
  draw over a canonical order); the record's JSON size and the time to redraw from it.
- Inspector draw: 5,000 tasks over an 82-strong team (the district's enforcement staff in the seeds).
- Merge proposals over 50,000 tasks vs a plain sort + groupby over the same tasks.

Run: `.venv/bin/python bench/bench_planning.py`. Prints best-of-N wall times; asserts nothing.
"""

from __future__ import annotations

import itertools
import os
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from app.models.domain import Inspector, Target, Task
from app.models.enums import Grade, TaskCategory
from app.rules.merging import propose_merges
from app.rules.sampling import Draw, SamplingConfig, draw_inspectors, draw_targets, redraw

TARGETS = 200_000
TASKS_TO_MERGE = 50_000
TASKS_TO_STAFF = 5_000
TEAM = 82
REPEATS = 3


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def row(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<52} {seconds * 1000:9.1f} ms  {note}")


def make_targets(rng: random.Random) -> list[Target]:
    """Targets in an order unrelated to their ids, as a store lists them by name; made in list order, as loaded."""
    # model_construct skips credit-code validation (building the input is not what is measured); grades are plain
    # strings, as validated Targets hold them (use_enum_values).
    grades = rng.choices([g.value for g in Grade], weights=[30, 40, 20, 10], k=TARGETS)
    numbers = rng.sample(range(TARGETS), TARGETS)
    return [
        Target.model_construct(id=f"target-{n:07d}", grade=g, do_not_disturb=rng.random() < 0.05)
        for n, g in zip(numbers, grades, strict=True)
    ]


def bench_sampling(rng: random.Random) -> None:
    targets = make_targets(rng)
    complaints = [t.id for t in rng.sample(targets, 200)]
    config = SamplingConfig()
    ids = [t.id for t in targets]
    print(f"Target draw over {TARGETS:,} targets (grades A/B/C/D 30/40/20/10%, 5% do-not-disturb, 200 complaints)")
    t_draw, draw = best_of(lambda: draw_targets(targets, config, seed=1, complaint_target_ids=complaints))
    assert isinstance(draw, Draw)
    k = len(draw.selected_ids)
    t_sample, _ = best_of(lambda: random.Random(1).sample(ids, k))
    t_sorted_sample, _ = best_of(lambda: random.Random(1).sample(sorted(ids), k))
    t_read, _ = best_of(lambda: [(t.id, t.grade, t.do_not_disturb) for t in targets])
    row("draw_targets (snapshot, strata, sample, digest)", t_draw, f"{k:,} drawn")
    row("raw: random.sample(ids, k)", t_sample)
    row("raw: random.sample(sorted(ids), k)", t_sorted_sample)
    row("raw: read id, grade, flag of every Target object", t_read)
    t_dump, stored = best_of(draw.model_dump_json)
    assert isinstance(stored, str)
    t_redraw, again = best_of(lambda: redraw(Draw.model_validate_json(stored)))
    row("record to JSON", t_dump, f"{len(stored) / 1e6:.1f} MB")
    row("redraw from the JSON record (parse + re-run)", t_redraw, f"identical: {again == draw}")


def bench_inspectors(rng: random.Random) -> None:
    team = [
        Inspector.model_construct(id=f"insp-{i:03d}", certificate_no=f"C{i:04d}" if i % 10 else None)
        for i in range(TEAM)
    ]
    tasks = [Task.model_construct(id=f"task-{i:06d}", target_id=f"target-{i:07d}") for i in range(TASKS_TO_STAFF)]
    recusals = {f"insp-{i:03d}": [f"target-{rng.randrange(TASKS_TO_STAFF):07d}" for _ in range(5)] for i in range(TEAM)}
    print(f"Inspector draw: {TASKS_TO_STAFF:,} tasks, {TEAM} inspectors (every tenth without a certificate), recusals")
    t_assign, _ = best_of(lambda: draw_inspectors(tasks, team, seed=1, recusals=recusals))
    t_raw, _ = best_of(lambda: [random.Random(1).sample(team, 2) for _ in tasks])
    row("draw_inspectors (2 per task, least loaded first)", t_assign)
    row("raw: random.sample(team, 2) per task", t_raw)


def make_tasks(rng: random.Random) -> list[Task]:
    """50,000 open tasks on 20,000 targets from five lines over one year: many targets have several."""
    lines = [
        ("plan-national", TaskCategory.NATIONAL_RANDOM, "卫生健康委员会"),
        ("plan-district", TaskCategory.DISTRICT_RANDOM, "卫生健康委员会"),
        ("plan-campaign", TaskCategory.CAMPAIGN, "卫生健康委员会"),
        ("plan-joint", TaskCategory.JOINT_RANDOM, "市场监督管理局"),
        ("plan-cross", TaskCategory.CROSS_DEPARTMENT, "消防救援局"),
    ]
    start = date(2025, 1, 1)
    tasks = []
    for i in range(TASKS_TO_MERGE):
        plan_id, category, department = rng.choice(lines)
        tasks.append(
            Task(
                id=f"task-{i:06d}",
                plan_id=plan_id,
                target_id=f"target-{rng.randrange(20_000):07d}",
                category=category,
                team="公共场所科",
                department=department,
                inspector_ids=[f"insp-{rng.randrange(TEAM):03d}", f"insp-{rng.randrange(TEAM):03d}"],
                scheduled_on=start + timedelta(days=rng.randrange(365)),
            )
        )
    return tasks


def bench_merging(rng: random.Random) -> None:
    tasks = make_tasks(rng)
    recent = {f"target-{i:07d}": date(2025, 1, 1) + timedelta(days=rng.randrange(365)) for i in range(0, 20_000, 3)}
    print(f"Merge proposals over {TASKS_TO_MERGE:,} tasks on 20,000 targets, five lines, one year, 14-day window")
    t_merge, proposals = best_of(lambda: propose_merges(tasks, 14, recent))
    assert isinstance(proposals, list)

    def sort_groupby() -> int:
        ordered = sorted(tasks, key=lambda t: (t.target_id, t.scheduled_on))
        return sum(1 for _, group in itertools.groupby(ordered, key=lambda t: t.target_id) if len(list(group)) > 1)

    t_raw, _ = best_of(sort_groupby)
    warned = sum(1 for p in proposals if p.repeat_warning)
    row("propose_merges", t_merge, f"{len(proposals):,} proposals, {warned:,} with a repeat warning")
    row("raw: sorted(tasks) + groupby(target)", t_raw)


def main() -> None:
    # The machine is shared: the load says how far apart figures from different runs may be.
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; best of {REPEATS}")
    rng = random.Random(20250601)
    bench_sampling(rng)
    bench_inspectors(rng)
    bench_merging(rng)


if __name__ == "__main__":
    main()
