"""A data set whose figures are known by construction, for the period 2026-01-01 – 2026-11-30.

Every record is placed inside, outside or on the edge of the period on purpose; the comments say what each one adds.
Its figures: 13 visits (9 random, 1 remote check apart); 3 cases (1 warning, 2 fines, 653,300 yuan); 国抽 10 tasks
(6 completed, 2 closed), 区抽 4 (3, 0), 联合双随机 2 (2, 0); 4 inspections under codes; joint checks 3 initiated and 2
joined (the 3 cross-department visits at a hotel, the other 10 visits at a dental clinic); 3 evaluations, 2 satisfied.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from app.models import Evaluation, Inspection, Plan, Record, Target, Task, TaskCategory, TaskStatus
from app.models.domain import Penalty
from app.models.enums import InspectionStatus, PlanStatus
from app.rules.credit_code import make

START, END = date(2026, 1, 1), date(2026, 11, 30)
OTHER = "市场监督管理局"
_serial = itertools.count(1)


def _target(industry: str = "dental") -> Target:
    code = make(f"91310105MA2{next(_serial):06d}"[:17])
    fields = {"industry": industry, "street": "天山路街道", "address": "天山路1号"}
    return Target(credit_code=code, name=f"对象{code[-4:]}", **fields)


def _plan(category: TaskCategory, year: int = 2026) -> Plan:
    return Plan(
        plan_no=f"P-{category.value}-{year}",
        name=f"{year} {category.value}",
        category=category,
        year=year,
        team="一科",
        status=PlanStatus.REGISTERED,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
    )


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def crafted_records() -> list[Record]:
    """Every record of the data set, parents first (as `Store.save_many` needs them)."""
    target, hotel = _target(), _target("hotel")
    plans = {c: _plan(c) for c in TaskCategory}
    old_national = _plan(TaskCategory.NATIONAL_RANDOM, 2025)

    def task(category: TaskCategory, status: TaskStatus = TaskStatus.COMPLETED, **fields: object) -> Task:
        if status == TaskStatus.CLOSED:
            fields.setdefault("close_reason", "停业")
        fields.setdefault("target_id", target.id)
        return Task(plan_id=plans[category].id, category=category, status=status, team="一科", **fields)

    done_march = {"completed_on": date(2026, 3, 2)}
    national = [
        *(task(TaskCategory.NATIONAL_RANDOM, **done_march) for _ in range(4)),  # 4 visits
        *(task(TaskCategory.NATIONAL_RANDOM, joint_inspection_id="J1", **done_march) for _ in range(2)),  # 1 visit
        task(TaskCategory.NATIONAL_RANDOM, completed_on=date(2026, 12, 5)),  # ended after the period: still open
        task(TaskCategory.NATIONAL_RANDOM, TaskStatus.CLOSED),  # closed, no day: closed
        task(TaskCategory.NATIONAL_RANDOM, TaskStatus.CLOSED, completed_on=date(2026, 4, 1)),
        task(TaskCategory.NATIONAL_RANDOM, TaskStatus.PLANNED),
    ]  # 10 tasks, 6 completed, 2 closed; 5 visits
    district = [
        *(task(TaskCategory.DISTRICT_RANDOM, completed_on=date(2026, 11, 30)) for _ in range(2)),  # the last day
        task(TaskCategory.DISTRICT_RANDOM, completed_on=date(2026, 1, 1), remote=True),  # a remote check, no visit
        task(TaskCategory.DISTRICT_RANDOM, TaskStatus.CLOSED, completed_on=date(2026, 12, 10)),  # closed after
    ]  # 4 tasks, 3 completed, 0 closed; 2 visits
    joint_random = [task(TaskCategory.JOINT_RANDOM, **done_march) for _ in range(2)]  # ours: 2 initiated
    at_hotel = {"target_id": hotel.id, **done_march}
    cross = [
        task(TaskCategory.CROSS_DEPARTMENT, other_department=OTHER, **at_hotel),  # ours: initiated
        *(task(TaskCategory.CROSS_DEPARTMENT, department=OTHER, **at_hotel) for _ in range(2)),  # joined
        task(TaskCategory.CROSS_DEPARTMENT, completed_on=date(2025, 12, 31)),  # before the period
    ]
    complaint_in = task(TaskCategory.COMPLAINT)  # no completed_on: ends with its inspection, 2026-05-02 Shanghai
    complaint_out = task(TaskCategory.COMPLAINT)  # its inspection ends 2026-12-01 Shanghai: after the period
    last_year = Task(plan_id=old_national.id, target_id=target.id, category=TaskCategory.NATIONAL_RANDOM,
                     status=TaskStatus.COMPLETED, team="一科", completed_on=date(2025, 6, 1))  # fmt: skip
    tasks = [*national, *district, *joint_random, *cross, complaint_in, complaint_out, last_year]

    def inspection(code: str, task: Task, completed_at: str | None) -> Inspection:
        return Inspection(
            code_id=code,
            target_id=target.id,
            task_ids=[task.id],
            inspector_ids=["i1", "i2"],
            status=InspectionStatus.COMPLETED if completed_at else InspectionStatus.IN_PROGRESS,
            started_at=_at("2026-01-01T00:00:00") if completed_at is None else _at(completed_at),
            completed_at=None if completed_at is None else _at(completed_at),
        )

    inspections = [
        inspection("C1", complaint_in, "2026-05-01T20:00:00"),  # 2026-05-02 in Shanghai
        inspection("C2", complaint_out, "2026-11-30T17:00:00"),  # 2026-12-01 in Shanghai: out
        inspection("C3", national[0], "2025-12-31T16:30:00"),  # 2026-01-01 00:30 in Shanghai: in
        inspection("C4", national[1], "2026-03-02T02:00:00"),
        inspection("C5", national[2], "2026-03-02T03:00:00"),
        inspection("C6", national[3], None),  # not finished
    ]  # 4 inspections under codes in the period
    evaluations = [
        Evaluation(code_id="C1", score=5),
        Evaluation(code_id="C3", score=4),
        Evaluation(code_id="C4", score=2),
        Evaluation(code_id="C2", score=5),  # its inspection ended after the period
    ]  # 3 evaluations, 2 satisfied
    penalty = {"target_id": target.id, "summary": "违反《医疗机构管理条例》", "team": "一科"}
    penalties = [
        Penalty(decision_no="罚1", decided_on=date(2026, 1, 1), **penalty),  # warning
        Penalty(decision_no="罚2", decided_on=date(2026, 6, 1), fine_yuan=5000, **penalty),
        Penalty(decision_no="罚3", decided_on=date(2026, 11, 30), fine_yuan=648300, **penalty),
        Penalty(decision_no="罚4", decided_on=date(2025, 12, 31), fine_yuan=100, **penalty),  # before
        Penalty(decision_no="罚5", decided_on=date(2026, 12, 1), **penalty),  # after
    ]
    return [target, hotel, *plans.values(), old_national, *tasks, *inspections, *evaluations, *penalties]
