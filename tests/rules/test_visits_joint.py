"""A joint visit (撮合) with one remote task and one on-site task is a visit: the cap and the guard still apply, and a
remote task still needs a grade that allows remote checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.resources import load_grading_config
from app.rules.visits import PastVisit, VisitRefusal, check_visit
from tests.store.conftest import target

DEFAULTS = load_grading_config().defaults
TODAY = date(2026, 6, 15)
MIXED = [{"category": "district_random", "remote": True}, {"category": "campaign", "remote": False}]


def _refusal(grade: str, tasks: list[dict], days_ago: list[int]) -> str | None:
    t = target().model_dump(mode="json") | {"grade": grade}
    try:
        check_visit(t, tasks, DEFAULTS, [PastVisit(TODAY - timedelta(days=d)) for d in days_ago], TODAY)
    except VisitRefusal as refusal:
        return refusal.code
    return None


@pytest.mark.parametrize(
    ("grade", "days_ago", "code"), [("B", [170], "repeat_visit"), ("B", [100], "visit_cap_reached")]
)
def test_one_on_site_task_makes_the_joint_visit_count(grade: str, days_ago: list[int], code: str) -> None:
    assert _refusal(grade, MIXED, days_ago) == code
    all_remote = [{**t, "remote": True} for t in MIXED]
    assert _refusal(grade, all_remote, days_ago) is None  # remote checks only: no visit, neither cap nor guard


def test_a_remote_task_in_a_joint_visit_still_needs_a_grade_that_allows_it() -> None:
    assert _refusal("C", MIXED, []) == "remote_not_allowed"
    assert _refusal("B", MIXED, []) is None
