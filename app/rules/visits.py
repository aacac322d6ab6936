"""Visit rules set by the grade: 无事不扰 exemptions, 无感 remote checks, the yearly cap and the repeat-visit guard.

Pure (no I/O): the client's planning and the server's 申码 call the same checks with what they read. A refusal is a
`VisitRefusal` with a stable `code` and a bilingual message. Complaint and follow-up tasks always pass (they are
triggered by an event); a task a lead triggered with a recorded reason (`visit_override_reason`) passes the exemption,
the cap and the guard, and the reason stays on the task.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.errors import BilingualError
from app.models.enums import TRIGGERED_CATEGORIES, Grade, TaskCategory
from app.rules.grading import GradeDefaults

EXEMPT_REASON_RULE = "等级 {grade} 且连续 {n} 次检查未发现问题 / grade {grade} with {n} clean inspections in a row"


class VisitRefusal(BilingualError, ValueError):
    """A routine visit the grade's rules refuse; `code` is stable for the wire and the tests."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.code = code


@dataclass(frozen=True)
class PastVisit:
    """A routine on-site visit of the target: the day it began (Shanghai)."""

    day: date


def exemption(target: Mapping[str, Any], today: date) -> str | None:
    """The target's 无事不扰 reason when it is exempt today; None when it is not (or the exemption ended)."""
    if not target.get("do_not_disturb"):
        return None
    until = target.get("do_not_disturb_until")
    if until is not None and (date.fromisoformat(until) if isinstance(until, str) else until) < today:
        return None
    return target.get("do_not_disturb_reason") or "无事不扰清单 / on the do-not-disturb list"


def is_triggered(categories: Iterable[str]) -> bool:
    """Complaint and follow-up tasks are triggered by an event; every task of the visit must be."""
    cats = list(categories)
    return bool(cats) and all(TaskCategory(c) in TRIGGERED_CATEGORIES for c in cats)


def check_visit(
    target: Mapping[str, Any],
    tasks: list[Mapping[str, Any]],
    defaults: Mapping[Grade, GradeDefaults],
    past: Iterable[PastVisit],
    today: date,
) -> None:
    """Raise VisitRefusal when the grade's rules refuse this visit (one task, or the tasks of one joint inspection).

    Order: a remote check the grade does not allow; then, for routine visits without a lead's reason, the exemption,
    the yearly cap and the minimum interval since the last routine visit. Remote checks are no visit: they count
    neither toward the cap nor the guard.
    """
    grade = Grade(target.get("grade") or Grade.B)
    rules = defaults[grade]
    remote = bool(tasks) and all(t.get("remote") for t in tasks)  # one on-site task makes the visit a visit
    if any(t.get("remote") for t in tasks) and not rules.remote_allowed:
        raise VisitRefusal(
            "remote_not_allowed",
            f"等级 {grade} 的检查对象不能以无感方式（远程核查）检查，须现场检查",
            f"a grade {grade} target cannot be checked remotely (无感); it needs a site visit",
        )
    if is_triggered(t["category"] for t in tasks):
        return
    override = next(
        (t.get("visit_override_reason") for t in tasks if (t.get("visit_override_reason") or "").strip()), None
    )
    if override:
        return
    reason = exemption(target, today)
    if reason is not None:
        raise VisitRefusal(
            "do_not_disturb",
            f"该检查对象在“无事不扰”清单内（{reason}），只有投诉举报、复查或负责人说明理由的任务可以检查",
            f"the target is on the do-not-disturb list ({reason}); only complaint, follow-up or lead-triggered tasks "
            "(with a reason) may visit it",
        )
    if remote:
        return
    days = sorted(v.day for v in past)
    this_year = [d for d in days if d.year == today.year]
    if len(this_year) >= rules.yearly_cap:
        raise VisitRefusal(
            "visit_cap_reached",
            f"等级 {grade} 每年最多例行检查 {rules.yearly_cap} 次，今年已检查 {len(this_year)} 次；"
            "如确需检查，请由负责人说明理由",
            f"grade {grade} allows {rules.yearly_cap} routine visit(s) a year and there were {len(this_year)} this "
            "year; a lead may override with a reason",
        )
    if days and today - days[-1] < timedelta(days=rules.min_interval_days):
        raise VisitRefusal(
            "repeat_visit",
            f"距上次例行检查（{days[-1].isoformat()}）不足 {rules.min_interval_days} 天，不得重复检查；"
            "请先撮合合并任务，或由负责人说明理由",
            f"the last routine visit ({days[-1].isoformat()}) is less than {rules.min_interval_days} days ago; merge "
            "the tasks (撮合) first, or a lead may override with a reason",
        )
