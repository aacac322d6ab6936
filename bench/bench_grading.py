"""信用+风险 grading of 200,000 targets, beside a plain SQL aggregate of the same signals in the same run.

- Python: `app.rules.grading.grade` per target (validated `Signals`, the explanation built line by line), and the
  same with the signals made by `model_construct` (the cost of validation shown apart).
- SQL: one SELECT over a table of the same signals in SQLite (in memory) computing each target's score with the same
  weights, caps, bands and thresholds as CASE/MIN/MAX expressions, and the grade; no explanation. The grade counts
  of both are compared, and every score.

Run: `.venv/bin/python bench/bench_grading.py`. Prints best-of-N wall times; asserts only that both agree.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable

from app.models.enums import Industry
from app.resources import load_grading_config
from app.rules.grading import GradingConfig, PerUnit, Signals, grade

TARGETS = 200_000
REPEATS = 2
COLUMNS = (
    "penalties_minor",
    "penalties_serious",
    "credit_repairs",
    "bad_practice_points",
    "complaints_substantiated",
    "findings",
    "open_correction_orders",
)


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def row(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<58} {seconds * 1000:9.1f} ms  {note}")


def make_signals(rng: random.Random) -> list[dict]:
    industries = [i.value for i in Industry]
    out = []
    for _ in range(TARGETS):
        out.append(
            {
                "industry": rng.choice(industries),
                "penalties_minor": rng.choices([0, 1, 2, 4], [80, 12, 6, 2])[0],
                "penalties_serious": rng.choices([0, 1, 2, 5], [88, 8, 3, 1])[0],
                "credit_repairs": rng.choices([0, 1, 2], [92, 6, 2])[0],
                "bad_practice_points": rng.choices([0, 3, 12, 30], [85, 8, 5, 2])[0],
                "hygiene_score": rng.choice([None, None, rng.randint(40, 100)]),
                "complaints_substantiated": rng.choices([0, 1, 3], [90, 8, 2])[0],
                "findings": rng.choices([0, 1, 3, 8, 15], [50, 20, 15, 10, 5])[0],
                "open_correction_orders": rng.choices([0, 1, 4], [85, 12, 3])[0],
                "licence": rng.choices(["valid", "expiring", "expired", "missing"], [85, 8, 5, 2])[0],
            }
        )
    return out


def _per_unit(column: str, rule: PerUnit, value: str | None = None) -> str:
    total = f"({rule.points} * {value or column})"
    return total if rule.cap is None else f"MAX(-{rule.cap}, MIN({rule.cap}, {total}))"


def score_sql(c: GradingConfig) -> str:
    """The score as one SQL expression with the configuration's numbers (the aggregate the rules are measured
    against)."""
    industry = " ".join(f"WHEN '{k}' THEN {v}" for k, v in c.industry_points.items())
    licence = " ".join(f"WHEN '{k}' THEN {v}" for k, v in c.licence_points.items())
    bands = " ".join(f"WHEN hygiene_score >= {b.at_least} THEN {b.points}" for b in reversed(c.hygiene_score))
    repairs = "MIN(credit_repairs, penalties_minor + penalties_serious)"
    parts = [
        str(c.base),
        f"(CASE industry {industry} ELSE 0 END)",
        _per_unit("penalties_minor", c.penalties_minor),
        _per_unit("penalties_serious", c.penalties_serious),
        _per_unit("credit_repairs", c.credit_repairs, repairs),
        _per_unit("bad_practice_points", c.bad_practice_points),
        f"(CASE WHEN hygiene_score IS NULL THEN 0 {bands} ELSE 0 END)",
        _per_unit("complaints_substantiated", c.complaints_substantiated),
        _per_unit("findings", c.findings),
        _per_unit("open_correction_orders", c.open_correction_orders),
        f"(CASE licence {licence} ELSE 0 END)",
    ]
    return " + ".join(parts)


def grade_sql(c: GradingConfig) -> str:
    t = c.thresholds
    return (
        f"SELECT id, score, CASE WHEN score >= {t['A']} THEN 'A' WHEN score >= {t['B']} THEN 'B' "
        f"WHEN score >= {t['C']} THEN 'C' ELSE 'D' END FROM (SELECT id, {score_sql(c)} AS score FROM signals) "
        "ORDER BY id"
    )


def main() -> None:
    config = load_grading_config()
    rng = random.Random(16)
    raw = make_signals(rng)
    print(f"grading {TARGETS:,} targets (configuration {config.version}), best of {REPEATS}")

    t_validate, signals = best_of(lambda: [Signals.model_validate(s) for s in raw])
    row("validate the signals (Signals.model_validate)", t_validate)
    t_rules, results = best_of(lambda: [grade(s, config) for s in signals])
    row("grade in Python with explanations (app.rules.grading)", t_rules, f"{t_rules / TARGETS * 1e6:.1f} µs each")
    constructed = [Signals.model_construct(**s) for s in raw]
    t_constructed, _ = best_of(lambda: [grade(s, config) for s in constructed])
    row("the same over model_construct signals", t_constructed)

    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE signals (id INTEGER PRIMARY KEY, industry TEXT, hygiene_score INTEGER, licence TEXT, "
        + ", ".join(f"{c} INTEGER" for c in COLUMNS)
        + ")"
    )
    db.executemany(
        f"INSERT INTO signals VALUES (?, ?, ?, ?, {', '.join('?' for _ in COLUMNS)})",
        [(n, s["industry"], s["hygiene_score"], s["licence"], *(s[c] for c in COLUMNS)) for n, s in enumerate(raw)],
    )
    query = grade_sql(config)
    t_sql, rows = best_of(lambda: db.execute(query).fetchall())
    row(
        "plain SQL aggregate of the same signals (SQLite, no explanation)",
        t_sql,
        f"rules / SQL = {t_rules / t_sql:.1f}×",
    )
    counts = f"SELECT g, COUNT(*) FROM ({query.replace('END FROM (', 'END AS g FROM (')}) GROUP BY g"
    t_count, _ = best_of(lambda: db.execute(counts).fetchall())
    row("SQL grade counts only (GROUP BY)", t_count)

    by_rules = Counter(r.grade.value for r in results)
    by_sql = Counter(g for _, _, g in rows)
    same_scores = all(r.score == s for r, (_, s, _) in zip(results, rows, strict=True))
    explained = all(sum(c.points for c in r.explanation) == r.score for r in results)
    print(f"  grades (rules) {dict(sorted(by_rules.items()))}")
    print(f"  grades (SQL)   {dict(sorted(by_sql.items()))}")
    print(f"  every score equal: {same_scores}; every explanation adds up: {explained}")
    assert by_rules == by_sql and same_scores and explained


if __name__ == "__main__":
    main()
