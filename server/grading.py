"""信用+风险 grading on the server: signals read from the records, grades written to the targets, history kept.

The server grades a target when one of its signals changes (a push that touches its penalties, inspections, item
results, correction orders, tasks or the target itself; a filed signal) and on demand (`field-inspector-server
grade`, e.g. from a scheduler). A grade is written into the target record (grade, score, explanation, configuration
version, the newest history steps), so it reaches the clients by pull; every step is also kept in `grade_history`,
never rewritten, so a configuration change re-grades with the new version and keeps the old history.

Signals the records do not hold (credit repairs, bad-practice points, the quantified hygiene rating, complaints
found true, licence status, or a penalty count from the credit platform) are filed in `grading_signals`; the newest
filing of a signal wins over what the records say.

Also here: the visit rules of 申码 (`check_code_request`), called by server/codes.py.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.models.domain import GRADE_STEPS, Target
from app.models.enums import InspectionStatus, ResultValue, TaskStatus
from app.resources import load_grading_config
from app.rules import grading as rules
from app.rules.shanghai import SHANGHAI
from app.rules.visits import EXEMPT_REASON_RULE, PastVisit, VisitRefusal, check_visit, is_triggered
from server.db.json_fields import record_field
from server.db.tables import Base, RecordRow
from server.refusal import Refusal
from server.sync.records import RecordCache, lock_change_log, write_records

GRADER = "grading"  # the username of the server's grading writes
FILEABLE = frozenset(
    {
        "penalties_minor",
        "penalties_serious",
        "credit_repairs",
        "bad_practice_points",
        "hygiene_score",
        "complaints_substantiated",
        "findings",
        "open_correction_orders",
        "licence",
    }
)
# Entities whose change may move a target's grade, and how to find the target from the record.
# A target's own edits (industry) and tasks other than follow-ups wait for the scheduled run: re-grading on every pushed
# target or task would move the target's version under the client that just wrote it.
SIGNAL_ENTITIES = frozenset({"penalties", "cases", "inspections", "item_results", "correction_orders", "tasks"})
CASE_PENALTIES = frozenset({"warning", "fine", "revocation"})  # a case's decisions that are penalties (issue 17)
ENDED = frozenset({TaskStatus.COMPLETED.value, TaskStatus.CLOSED.value})


class GradeHistoryRow(Base):
    """One step of a target's grade: never rewritten, so a lead sees why a grade moved, under which configuration."""

    __tablename__ = "grade_history"
    __table_args__ = (Index("ix_grade_history_target", "target_id", "graded_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(20))
    grade: Mapped[str] = mapped_column(String(1))
    score: Mapped[int] = mapped_column(Integer)
    config_version: Mapped[str] = mapped_column(String(64))
    explanation: Mapped[list[Any]] = mapped_column(JSON)  # [{signal, value, points}], adding up to the score
    signals: Mapped[dict[str, Any]] = mapped_column(JSON)
    moved: Mapped[list[Any]] = mapped_column(JSON)  # why it moved from the previous step, in words
    reason: Mapped[str] = mapped_column(String(40))  # signals, on_demand, config
    graded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    graded_by: Mapped[str] = mapped_column(String(100))


class FiledSignalRow(Base):
    """A signal filed for a target (from the credit platform, a licence register, a lead): the newest one counts."""

    __tablename__ = "grading_signals"
    __table_args__ = (Index("ix_grading_signals_target", "target_id", "filed_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(40))
    value: Mapped[Any] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(500))
    filed_by: Mapped[str] = mapped_column(String(100))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class VisitRuleRefusal(Refusal):
    """申码 refused by the grade's visit rules (无事不扰, 无感, the yearly cap, the repeat-visit guard)."""


def find_records(session: Session, entity: str, field: str, values: Sequence[str]) -> list[dict[str, Any]]:
    """Live records of `entity` whose `field` (the record id, or a JSON field with an index of migration 0009) is one
    of `values`, chunked under SQLite's parameter limit."""
    found: list[dict[str, Any]] = []
    values = list(dict.fromkeys(values))
    column = RecordRow.id if field == "id" else record_field(field)
    for start in range(0, len(values), 900):
        found.extend(
            session.scalars(
                select(RecordRow.data).where(
                    RecordRow.entity == entity,
                    RecordRow.deleted.is_(False),
                    column.in_(values[start : start + 900]),
                )
            )
        )
    return found


def config_from_env() -> rules.GradingConfig:
    """`FI_GRADING_CONFIG` (a JSON file) or the filed resources/grading.json."""
    path = os.environ.get("FI_GRADING_CONFIG")
    return load_grading_config(Path(path) if path else None)


# --- signals -------------------------------------------------------------------------------------------------------


@dataclass
class _Facts:
    signals: rules.Signals
    clean_in_a_row: int
    filed: dict[str, Any]


def _day(text: str | None) -> date | None:
    if not text:
        return None
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(SHANGHAI).date()


def collect(session: Session, targets: Sequence[dict[str, Any]], config: rules.GradingConfig, today: date) -> dict:
    """Each target's signals as the records and filings say, and its clean inspections in a row (newest first)."""
    ids = [t["id"] for t in targets]
    since = today - timedelta(days=config.lookback_days)
    minor: dict[str, int] = defaultdict(int)
    serious: dict[str, int] = defaultdict(int)
    decided_by: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))  # (severity, target)
    for p in find_records(session, "penalties", "target_id", ids):
        decided = _day(p.get("decided_on"))
        if decided is not None and decided >= since:
            severity, rule = rules.penalty_severity(p.get("fine_yuan"), p.get("summary", ""), config.penalty_severity)
            (minor if severity == "minor" else serious)[p["target_id"]] += 1
            decided_by[(severity, p["target_id"])][rule] += 1
    for c in find_records(session, "cases", "target_id", ids):  # 立案 decided with a penalty: as a penalty
        decided = _day(c.get("decided_on"))
        if c.get("status") == "open" or c.get("outcome") not in CASE_PENALTIES or decided is None or decided < since:
            continue
        severity = {"warning": "minor", "revocation": "serious"}.get(c["outcome"])  # a fine: by its amount
        rule = f"case_{c['outcome']}"
        if severity is None:
            severity, rule = rules.penalty_severity(c.get("fine_yuan"), c.get("facts", ""), config.penalty_severity)
        (minor if severity == "minor" else serious)[c["target_id"]] += 1
        decided_by[(severity, c["target_id"])][rule] += 1
    inspections = [i for i in find_records(session, "inspections", "target_id", ids)]
    bad: dict[str, int] = defaultdict(int)
    for r in find_records(session, "item_results", "inspection_id", [i["id"] for i in inspections]):
        if r.get("result") == ResultValue.NON_COMPLIANT:
            bad[r["inspection_id"]] += 1
    findings: dict[str, int] = defaultdict(int)
    done: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for i in inspections:
        if i.get("status") != InspectionStatus.COMPLETED:
            continue
        ended = i.get("completed_at") or i.get("started_at")
        done[i["target_id"]].append((ended, bad[i["id"]]))
        if (_day(ended) or today) >= since:
            findings[i["target_id"]] += bad[i["id"]]
    orders = find_records(session, "correction_orders", "target_id", ids)
    follow_ups = {
        t["id"]: t["status"]
        for t in find_records(
            session, "tasks", "id", [o["follow_up_task_id"] for o in orders if o.get("follow_up_task_id")]
        )
    }
    open_orders: dict[str, int] = defaultdict(int)
    for o in orders:
        if follow_ups.get(o.get("follow_up_task_id") or "") not in ENDED:
            open_orders[o["target_id"]] += 1
    filed = _filed(session, ids)
    facts = {}
    for t in targets:
        tid = t["id"]
        clean = 0
        for _, n in sorted(done[tid], reverse=True):
            if n:
                break
            clean += 1
        values: dict[str, Any] = {
            "industry": t["industry"],
            "penalties_minor": minor[tid],
            "penalties_serious": serious[tid],
            "findings": findings[tid],
            "open_correction_orders": open_orders[tid],
            "penalty_rules_minor": dict(decided_by.get(("minor", tid), {})),  # the rules that decided each penalty
            "penalty_rules_serious": dict(decided_by.get(("serious", tid), {})),
        }
        for severity in ("minor", "serious"):  # a count filed from the credit platform wins, and says so
            if f"penalties_{severity}" in filed.get(tid, {}):
                values[f"penalty_rules_{severity}"] = {"filed": filed[tid][f"penalties_{severity}"]}
        values.update(filed.get(tid, {}))
        facts[tid] = _Facts(rules.Signals.model_validate(values), clean, filed.get(tid, {}))
    return facts


def _filed(session: Session, target_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = defaultdict(dict)
    for start in range(0, len(target_ids), 900):
        rows = session.scalars(
            select(FiledSignalRow)
            .where(FiledSignalRow.target_id.in_(list(target_ids[start : start + 900])))
            .order_by(FiledSignalRow.filed_at, FiledSignalRow.id)
        )
        for row in rows:
            found[row.target_id][row.name] = row.value  # the newest last
    return found


def file_signal(
    session: Session,
    target_id: str,
    name: str,
    value: Any,
    *,
    note: str = "",
    by: str,
    config: rules.GradingConfig | None = None,
    now: datetime | None = None,
) -> list[GradeChange]:
    """File a signal for a target and re-grade it (the caller commits). ValueError for an unknown signal or value."""
    if name not in FILEABLE:
        raise ValueError(f"未知的分级信号 {name} / unknown grading signal {name}; known: {', '.join(sorted(FILEABLE))}")
    rules.Signals.model_validate({"industry": "hotel", name: value})  # the value's type and bounds
    moment = now or datetime.now(UTC)
    session.add(
        FiledSignalRow(
            id=str(uuid.uuid4()),
            target_id=target_id,
            name=name,
            value=value,
            note=note[:500],
            filed_by=by,
            filed_at=moment,
        )
    )
    session.flush()
    return regrade(session, [target_id], config=config, reason="signals", by=by, now=moment)


# --- grading -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeChange:
    target_id: str
    before: str | None
    after: str
    score: int
    config_version: str
    moved: list[str]


def _previous(data: dict[str, Any]) -> rules.GradeResult | None:
    if not data.get("grade_version") or data.get("grade_score") is None:
        return None
    return rules.GradeResult(
        rules.Grade(data["grade"]),
        data["grade_score"],
        data["grade_version"],
        [rules.Contribution.model_validate(line) for line in data.get("grade_explanation") or []],
    )


def _exemption_fields(
    data: dict[str, Any], result: rules.GradeResult, clean: int, config: rules.GradingConfig, today: date
) -> dict[str, Any]:
    """无事不扰 by rule: set for a grade and a clean record the rule names, lifted when they no longer hold; an
    exemption by decision (or one set before grading existed) is the lead's and stays as it is."""
    by = data.get("do_not_disturb_by")
    if by == "decision" or (data.get("do_not_disturb") and by is None):
        return {}
    if rules.rule_exempt(result, clean, config):
        until = data.get("do_not_disturb_until") if by == "rule" else None
        return {
            "do_not_disturb": True,
            "do_not_disturb_by": "rule",
            "do_not_disturb_reason": EXEMPT_REASON_RULE.format(
                grade=result.grade, n=config.exemption.clean_inspections
            ),
            "do_not_disturb_until": until or (today + timedelta(days=config.exemption.days)).isoformat(),
        }
    if by == "rule":
        return {
            "do_not_disturb": False,
            "do_not_disturb_by": None,
            "do_not_disturb_reason": None,
            "do_not_disturb_until": None,
        }
    return {}


def regrade(
    session: Session,
    target_ids: Iterable[str],
    *,
    config: rules.GradingConfig | None = None,
    reason: str = "on_demand",
    by: str = GRADER,
    now: datetime | None = None,
) -> list[GradeChange]:
    """Grade the targets; write those whose grade, score, explanation, version or exemption changed, each with a
    history step. Returns the changes. The caller commits."""
    config = config or config_from_env()
    moment = now or datetime.now(UTC)
    today = moment.astimezone(SHANGHAI).date()
    lock_change_log(session)
    ids = list(dict.fromkeys(target_ids))
    changes: list[GradeChange] = []
    for start in range(0, len(ids), 2000):
        cache = RecordCache(session)
        chunk = ids[start : start + 2000]
        cache.load(("targets", i) for i in chunk)
        targets = [s.data for i in chunk if (s := cache.states.get(("targets", i))) is not None and not s.deleted]
        facts = collect(session, targets, config, today)
        history, records = [], []
        for data in targets:
            fact = facts[data["id"]]
            result = rules.grade(fact.signals, config)
            lines = [c.model_dump(mode="json") for c in result.explanation]
            exempt = _exemption_fields(data, result, fact.clean_in_a_row, config, today)
            unchanged = (
                data.get("grade") == result.grade
                and data.get("grade_score") == result.score
                and data.get("grade_version") == result.config_version
                and data.get("grade_explanation") == lines
                and all(data.get(k) == v for k, v in exempt.items())
            )
            if unchanged:
                continue
            before = _previous(data)
            why = rules.moved(before, result)
            step = {
                "grade": result.grade.value,
                "score": result.score,
                "config_version": result.config_version,
                "graded_at": moment.isoformat().replace("+00:00", "Z"),
                "reason": reason,
                "moved": why[:20],
            }
            update = {
                "grade": result.grade.value,
                "grade_score": result.score,
                "grade_version": result.config_version,
                "graded_at": step["graded_at"],
                "grade_explanation": lines,
                "grade_reasons": result.reasons()[:20],
                "grade_history": [step, *(data.get("grade_history") or [])][:GRADE_STEPS],
                **exempt,
            }
            records.append(Target.model_validate({**data, **update, "updated_at": step["graded_at"]}))
            history.append(
                GradeHistoryRow(
                    id=str(uuid.uuid4()),
                    target_id=data["id"],
                    district=data.get("district"),
                    grade=result.grade.value,
                    score=result.score,
                    config_version=result.config_version,
                    explanation=lines,
                    signals=fact.signals.model_dump(mode="json"),
                    moved=why,
                    reason=reason,
                    graded_at=moment,
                    graded_by=by,
                )
            )
            changes.append(
                GradeChange(
                    data["id"],
                    data.get("grade") if before else None,
                    result.grade,
                    result.score,
                    result.config_version,
                    why,
                )
            )
        write_records(cache, records, username=by)
        cache.flush()
        session.add_all(history)
        session.flush()
    return changes


def regrade_all(session: Session, **kwargs: Any) -> list[GradeChange]:
    """Grade every live target (the scheduled and on-demand run, and after a configuration change)."""
    ids = list(
        session.scalars(
            select(RecordRow.id)
            .where(RecordRow.entity == "targets", RecordRow.deleted.is_(False))
            .order_by(RecordRow.id)
        )
    )
    return regrade(session, ids, **kwargs)


def history(session: Session, target_id: str) -> list[GradeHistoryRow]:
    """Every step of a target's grade, newest first."""
    return list(
        session.scalars(
            select(GradeHistoryRow)
            .where(GradeHistoryRow.target_id == target_id)
            .order_by(GradeHistoryRow.graded_at.desc(), GradeHistoryRow.id)
        )
    )


def touched_targets(cache: RecordCache) -> list[str]:
    """The targets whose signals a push's records may have moved (a target over-included is graded unchanged)."""
    found: dict[str, None] = {}
    for (entity, _), state in list(cache.states.items()):
        if entity not in SIGNAL_ENTITIES:
            continue
        data = state.data
        if entity == "tasks" and data.get("category") != "follow_up":
            continue
        if entity == "item_results":
            parent = cache.states.get(("inspections", data.get("inspection_id", "")))
            if parent is not None and parent.data.get("target_id"):
                found[parent.data["target_id"]] = None
        elif data.get("target_id"):
            found[data["target_id"]] = None
    return list(found)


def after_push(session: Session, cache: RecordCache) -> None:
    """The push's hook: re-grade the targets whose signals its records touch (inside the push's transaction)."""
    ids = touched_targets(cache)
    if ids:
        regrade(session, ids, reason="signals")


# --- the visit rules of 申码 ----------------------------------------------------------------------------------------


def past_routine_visits(session: Session, target_id: str, exclude_task_ids: Iterable[str]) -> list[PastVisit]:
    """The target's routine on-site visits: its inspections whose tasks are routine and not remote, by start day."""
    excluded = set(exclude_task_ids)
    inspections = find_records(session, "inspections", "target_id", [target_id])
    task_ids = sorted({t for i in inspections for t in i.get("task_ids", [])})
    tasks = {t["id"]: t for t in find_records(session, "tasks", "id", task_ids)}
    visits = []
    for i in inspections:
        own = [tasks[t] for t in i.get("task_ids", []) if t in tasks]
        if not own or excluded & set(i.get("task_ids", [])):
            continue
        if is_triggered(t["category"] for t in own) or all(t.get("remote") for t in own):
            continue
        day = _day(i.get("started_at"))
        if day is not None:
            visits.append(PastVisit(day))
    return visits


def check_code_request(session: Session, tasks: list[dict[str, Any]], target: dict[str, Any], now: datetime) -> None:
    """申码's visit rules (无事不扰, 无感, the yearly cap, the repeat-visit guard); a 422 refusal when refused."""
    config = config_from_env()
    past = past_routine_visits(session, target["id"], [t["id"] for t in tasks])
    try:
        check_visit(target, tasks, config.defaults, past, now.astimezone(SHANGHAI).date())
    except VisitRefusal as exc:
        raise VisitRuleRefusal(422, exc.code, str(exc)) from exc
