"""A period's figures as the annual rule-of-law reports give them, counted by pure functions over the period's rows
(app/store/figures.py reads them), and the Chinese summary paragraph in the reports' words.

Definitions (the seeds' figures, app/shared GLOSSARY.md):
- 户次 (`visits`): target-visits ended in the period: completed tasks, the tasks of one joint inspection counting once;
  remote checks (无感检查) are no visit and are counted apart (`remote_checks`); also per industry of the target.
- 立案处罚 (`cases`): penalty decisions made in the period, recorded as penalties or as cases' decisions (issue 17);
  a decision without a fine is a warning (警告), one with a fine a fine (罚款), and the fines are summed in yuan; a
  licence revocation is a case's decision that is neither (`revocations`).
- 立案 (`cases_opened`): cases opened in the period; 不予处罚 (`no_penalty`): no-penalty decisions made in it.
- 移送 / 协查 (`referrals_sent` / `referrals_received`): letters (leads, requests for help, cases) sent to and received
  from other departments, dated in the period.
- 双随机 rates per category: the random tasks of plans running in the period; a task completed (or closed) after the
  period's end counts as still open. 完成率 = completed ÷ total, 完结率 = (completed + closed) ÷ total.
- 通过检查码完成监督 (`code_inspections`): inspections finished in the period (each runs under its code).
- 联合检查 (`joint_initiated` / `joint_joined`): visits of cross-department and joint random tasks ended in the period;
  initiated when the task is our department's, joined when another department's.
- 评价 / 满意度: evaluations of the codes of the period's inspections; satisfied is a score of 4 or 5.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.models import TaskCategory
from app.models.enums import INDUSTRY_ZH, Industry, TaskStatus
from app.store import Store
from app.store.figures import RANDOM_CATEGORIES, PeriodRecords, TaskRow, period_records

OWN_DEPARTMENT = "卫生健康委员会"
JOINT_CATEGORIES = (TaskCategory.CROSS_DEPARTMENT, TaskCategory.JOINT_RANDOM)
SATISFIED_SCORE = 4
CATEGORY_ZH = {
    TaskCategory.NATIONAL_RANDOM: "国抽",
    TaskCategory.DISTRICT_RANDOM: "区抽",
    TaskCategory.JOINT_RANDOM: "联合双随机",
}


@dataclass(frozen=True)
class Rates:
    """Random tasks of one category: how many, how many ended, and the two rates (None without tasks)."""

    total: int
    completed: int
    closed: int

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.total if self.total else None

    @property
    def finish_rate(self) -> float | None:
        return (self.completed + self.closed) / self.total if self.total else None


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    visits: int  # 户次
    visits_by_industry: dict[str, int]  # 户次 per industry of the target ('' unknown), most first
    random_visits: int  # 双随机抽查户次
    remote_checks: int  # 无感检查
    cases: int  # 立案处罚
    warnings: int  # 警告
    fines: int  # 罚款
    fine_total_yuan: int
    random_rates: dict[str, Rates]  # per random category with tasks in the period, in the glossary's order
    code_inspections: int  # 通过检查码完成监督户次
    joint_initiated: int  # 主动发起联合检查
    joint_joined: int  # 配合其他部门联合检查
    evaluations: int
    satisfied: int
    mean_score: float | None
    cases_opened: int = 0  # 立案
    no_penalty: int = 0  # 不予处罚
    revocations: int = 0  # 吊销许可证
    referrals_sent: int = 0  # 向其他部门移送、发出协查
    referrals_received: int = 0  # 接收其他部门移送、协查

    @property
    def random_total(self) -> Rates:
        rates = self.random_rates.values()
        return Rates(sum(r.total for r in rates), sum(r.completed for r in rates), sum(r.closed for r in rates))

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.evaluations if self.evaluations else None


def _visit_keys(tasks: Iterable[TaskRow]) -> set[str]:
    """One key per visit: the joint inspection of merged tasks, else the task."""
    return {t.joint_inspection_id or f"task:{t.id}" for t in tasks}


def _by_industry(tasks: list[TaskRow]) -> dict[str, int]:
    """Visits per industry, most first (then in the industries' order); a joint visit counts at its target's."""
    keys: dict[str, set[str]] = {}
    for t in tasks:
        keys.setdefault(t.industry, set()).add(t.joint_inspection_id or f"task:{t.id}")
    order = {industry.value: n for n, industry in enumerate(Industry)}
    ranked = sorted(keys.items(), key=lambda kv: (-len(kv[1]), order.get(kv[0], len(order)), kv[0]))
    return {industry: len(visits) for industry, visits in ranked}


def industry_zh(industry: str) -> str:
    """The industry's Chinese name; 其他 for a target not on this device."""
    return INDUSTRY_ZH.get(industry, "其他")  # type: ignore[call-overload]  # a StrEnum key matches its value


def _rates(tasks: list[TaskRow], end: date) -> Rates:
    def ended(task: TaskRow, status: TaskStatus) -> bool:
        return task.status == status and (task.ended_on is None or task.ended_on <= end)

    return Rates(
        total=len(tasks),
        completed=sum(ended(t, TaskStatus.COMPLETED) for t in tasks),
        closed=sum(ended(t, TaskStatus.CLOSED) for t in tasks),
    )


def figures(records: PeriodRecords, own_department: str = OWN_DEPARTMENT) -> Figures:
    """The figures of `records`' period."""
    start, end = records.start, records.end
    done = [
        t
        for t in records.tasks
        if t.status == TaskStatus.COMPLETED and t.ended_on is not None and start <= t.ended_on <= end
    ]
    visited = [t for t in done if not t.remote]
    random_tasks = [
        t for t in records.tasks if t.category in RANDOM_CATEGORIES and t.plan_start <= end and t.plan_end >= start
    ]
    rates = {
        c.value: _rates([t for t in random_tasks if t.category == c], end)
        for c in RANDOM_CATEGORIES
        if any(t.category == c for t in random_tasks)
    }
    joint = [t for t in visited if t.category in JOINT_CATEGORIES]
    scores = records.scores
    fines = [fine for fine in records.fines if fine is not None]
    return Figures(
        start=start,
        end=end,
        visits=len(_visit_keys(visited)),
        visits_by_industry=_by_industry(visited),
        random_visits=len(_visit_keys(t for t in visited if t.category in RANDOM_CATEGORIES)),
        remote_checks=len(_visit_keys(t for t in done if t.remote)),
        cases=len(records.fines) + records.revocations,
        warnings=len(records.fines) - len(fines),
        fines=len(fines),
        fine_total_yuan=sum(fines),
        random_rates=rates,
        code_inspections=records.inspections,
        joint_initiated=len(_visit_keys(t for t in joint if t.department == own_department)),
        joint_joined=len(_visit_keys(t for t in joint if t.department != own_department)),
        evaluations=len(scores),
        satisfied=sum(s >= SATISFIED_SCORE for s in scores),
        mean_score=sum(scores) / len(scores) if scores else None,
        cases_opened=records.cases_opened,
        no_penalty=records.no_penalty,
        revocations=records.revocations,
        referrals_sent=records.referrals_sent,
        referrals_received=records.referrals_received,
    )


def figures_for(store: Store, start: date, end: date, own_department: str = OWN_DEPARTMENT) -> Figures:
    """Read [start, end]'s records through the store and count them (call on the database worker)."""
    return figures(period_records(store, start, end), own_department)


# --- the summary paragraph ------------------------------------------------------------------------------------------


def period_zh(start: date, end: date) -> str:
    """The period as the reports write it: 2026年, 2026年3月, 2026年1月至11月, 2025年12月至2026年2月, or by days."""
    whole_months = start.day == 1 and end.day == monthrange(end.year, end.month)[1]
    if whole_months:
        if (start.month, end.month, start.year) == (1, 12, end.year):
            return f"{start.year}年"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.year}年{start.month}月"
        tail = f"{end.month}月" if start.year == end.year else f"{end.year}年{end.month}月"
        return f"{start.year}年{start.month}月至{tail}"
    if start == end:
        return f"{start.year}年{start.month}月{start.day}日"
    tail = f"{end.month}月{end.day}日" if start.year == end.year else f"{end.year}年{end.month}月{end.day}日"
    return f"{start.year}年{start.month}月{start.day}日至{tail}"


def percent(rate: float | None) -> str:
    """96.1%, 100% (one decimal, half up, no trailing .0); a dash without a rate."""
    if rate is None:
        return "—"
    value = (Decimal(str(rate)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}%"


def amount_zh(yuan: int) -> str:
    """65.33万元 from 10,000 yuan up (two decimals, no trailing zeros), else 8000元."""
    if yuan < 10000:
        return f"{yuan}元"
    value = (Decimal(yuan) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f}万元"


def summary_zh(f: Figures) -> str:
    """The period's figures as one paragraph in the style of the annual rule-of-law reports."""
    parts = [f"{period_zh(f.start, f.end)}，共监督检查{f.visits}户次，其中双随机抽查{f.random_visits}户次"]
    if f.remote_checks:
        parts[-1] += f"，另开展无感检查{f.remote_checks}户次"
    parts[-1] += "。"
    if len(f.visits_by_industry) > 1:
        shares = "、".join(f"{industry_zh(i)}{n}户次" for i, n in f.visits_by_industry.items())
        parts.append(f"按行业分，{shares}。")
    for category, r in f.random_rates.items():
        parts.append(
            f"{CATEGORY_ZH[TaskCategory(category)]}任务{r.total}件，完成{r.completed}件，任务关闭{r.closed}件，"
            f"完成率{percent(r.completion_rate)}，完结率{percent(r.finish_rate)}。"
        )
    cases = f"对卫生违法行为立案处罚{f.cases}件"
    if f.cases:
        cases += f"，其中警告{f.warnings}件，罚款{f.fines}件"
        if f.fines:
            cases += f"，罚款金额合计{amount_zh(f.fine_total_yuan)}"
        if f.revocations:
            cases += f"，吊销许可证{f.revocations}件"
    parts.append(cases + "。")
    if f.cases_opened or f.no_penalty:
        opened = f"期内新立案{f.cases_opened}件"
        parts.append(opened + (f"，依法不予处罚{f.no_penalty}件。" if f.no_penalty else "。"))
    parts.append(
        f"通过检查码完成监督{f.code_inspections}户次，主动发起联合检查{f.joint_initiated}次，"
        f"配合其他部门联合检查{f.joint_joined}次。"
    )
    if f.referrals_sent or f.referrals_received:
        parts.append(
            f"向其他部门移送线索、案件及发出协查函{f.referrals_sent}件，接收其他部门移送及协查{f.referrals_received}件。"
        )
    if f.evaluations:
        parts.append(f"查后评价{f.evaluations}户，满意度为{percent(f.satisfaction_rate)}。")
    else:
        parts.append("期内暂无查后评价。")
    return "".join(parts)
