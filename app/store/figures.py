"""The rows a period's figures are counted from (app/reports/figures.py counts them; the SQL stays here).

Only the columns the figures need are read, as small frozen rows rather than full records: a year of a district is
thousands of tasks and inspections, and validating each as a record costs more than the query (bench/bench_figures.py).

A day is a day in Shanghai: an inspection's `completed_at` (UTC) is moved by +8 hours before its date is taken
(Shanghai keeps no summer time). A task ended on its `completed_on`, or else on the day its last inspection finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.models import TaskCategory
from app.models.enums import TaskStatus

if TYPE_CHECKING:
    from app.store.db import Store

RANDOM_CATEGORIES = (TaskCategory.NATIONAL_RANDOM, TaskCategory.DISTRICT_RANDOM, TaskCategory.JOINT_RANDOM)

_SHANGHAI_DAY = "date({column}, '+8 hours')"

# The day each task ended by an inspection naming it (for tasks without completed_on).
_ENDED = f"""WITH by_inspection AS (
    SELECT j.value AS task_id, MAX({_SHANGHAI_DAY.format(column="i.completed_at")}) AS day
    FROM inspections AS i, json_each(i.task_ids) AS j
    WHERE i.completed_at IS NOT NULL GROUP BY j.value)"""


@dataclass(frozen=True)
class TaskRow:
    """What the figures read of a task, with the day it ended (None while open, or closed without a day) and its
    plan's period."""

    id: str
    category: str
    status: str
    joint_inspection_id: str | None
    department: str
    remote: bool
    industry: str  # its target's ('' when the target is not on this device)
    ended_on: date | None
    plan_start: date
    plan_end: date


@dataclass(frozen=True)
class PeriodRecords:
    """What a period's figures are counted from, for [start, end] (both days included)."""

    start: date
    end: date
    # tasks that ended (completed or closed) in the period, and random tasks of plans running in it (any status)
    tasks: list[TaskRow]
    inspections: int  # finished in the period (every inspection runs under a code)
    fines: list[int | None]  # of the penalty decisions made in the period: the fine in yuan, None for a warning
    scores: list[int]  # the evaluations of the codes of the period's inspections
    # cases (立案, issue 17): opened in the period; of the decisions made in it, no-penalty ones and revocations (the
    # warnings and fines among them are in `fines`, beside the penalties recorded without a case)
    cases_opened: int = 0
    no_penalty: int = 0
    revocations: int = 0
    # referrals (移送, 协查) sent to and received from other departments, dated in the period
    referrals_sent: int = 0
    referrals_received: int = 0


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def period_records(store: Store, start: date, end: date) -> PeriodRecords:
    """The rows of [start, end], read in seven queries."""
    db = store._db  # the store package's own connection: the SQL stays in app/store
    days = [start.isoformat(), end.isoformat()]
    random = [c.value for c in RANDOM_CATEGORIES]
    marks = ", ".join("?" for _ in random)
    ended_statuses = [TaskStatus.COMPLETED.value, TaskStatus.CLOSED.value]
    rows = db.execute(
        f"""{_ENDED}
        SELECT t.id, t.category, t.status, t.joint_inspection_id, t.department, t.remote, COALESCE(g.industry, ''),
               COALESCE(t.completed_on, b.day), p.period_start, p.period_end
        FROM tasks AS t JOIN plans AS p ON p.id = t.plan_id LEFT JOIN by_inspection AS b ON b.task_id = t.id
        LEFT JOIN targets AS g ON g.id = t.target_id
        WHERE (t.category IN ({marks}) AND p.period_start <= ? AND p.period_end >= ?)
           OR (t.status IN (?, ?) AND COALESCE(t.completed_on, b.day) BETWEEN ? AND ?)
        ORDER BY t.id""",
        [*random, days[1], days[0], *ended_statuses, *days],
    )
    tasks = [
        TaskRow(i, c, s, j, d, bool(r), g, _day(e), date.fromisoformat(ps), date.fromisoformat(pe))
        for i, c, s, j, d, r, g, e, ps, pe in rows
    ]
    finished_in = f"completed_at IS NOT NULL AND {_SHANGHAI_DAY.format(column='completed_at')} BETWEEN ? AND ?"
    inspections = db.execute(f"SELECT COUNT(*) FROM inspections WHERE {finished_in}", days).fetchone()[0]
    fines = [r[0] for r in db.execute("SELECT fine_yuan FROM penalties WHERE decided_on BETWEEN ? AND ?", days)]
    scores = [
        r[0]
        for r in db.execute(
            f"SELECT score FROM evaluations WHERE code_id IN (SELECT code_id FROM inspections WHERE {finished_in})",
            days,
        )
    ]
    opened = db.execute("SELECT COUNT(*) FROM cases WHERE opened_on BETWEEN ? AND ?", days).fetchone()[0]
    decided = list(
        db.execute(
            "SELECT outcome, fine_yuan FROM cases WHERE status IN ('decided', 'closed') AND decided_on BETWEEN ? AND ?",
            days,
        )
    )
    fines += [fine if outcome == "fine" else None for outcome, fine in decided if outcome in ("warning", "fine")]
    no_penalty = sum(outcome == "no_penalty" for outcome, _ in decided)
    revocations = sum(outcome == "revocation" for outcome, _ in decided)
    letters = dict(
        db.execute("SELECT direction, COUNT(*) FROM referrals WHERE dated_on BETWEEN ? AND ? GROUP BY direction", days)
    )
    return PeriodRecords(
        start,
        end,
        tasks,
        inspections,
        fines,
        scores,
        opened,
        no_penalty,
        revocations,
        letters.get("sent", 0),
        letters.get("received", 0),
    )
