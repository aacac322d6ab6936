"""The grade's visit rules, pure: exemption end dates, triggered tasks, remote checks, the cap and the guard at their
boundaries, and a lead's reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.models.domain import Target
from app.resources import load_grading_config
from app.rules.visits import PastVisit, VisitRefusal, check_visit, exemption
from tests.store.conftest import target

DEFAULTS = load_grading_config().defaults
TODAY = date(2026, 6, 15)


def _target(**fields: object) -> dict:
    return target().model_dump(mode="json") | fields


def _check(t: dict, past: list[int] = (), **task: object) -> None:
    tasks = [{"category": "district_random", **task}]
    check_visit(t, tasks, DEFAULTS, [PastVisit(TODAY - timedelta(days=d)) for d in past], TODAY)


def _code(t: dict, past: list[int] = (), **task: object) -> str:
    with pytest.raises(VisitRefusal) as err:
        _check(t, past, **task)
    assert " / " in str(err.value)
    return err.value.code


def test_an_exemption_holds_through_its_end_day_and_not_after() -> None:
    t = _target(do_not_disturb=True, do_not_disturb_reason="信用良好", do_not_disturb_until=TODAY.isoformat())
    assert exemption(t, TODAY) == "信用良好"
    assert exemption(t, TODAY + timedelta(days=1)) is None
    assert exemption(_target(do_not_disturb=True), TODAY)  # no end date: until lifted
    assert exemption(_target(), TODAY) is None
    assert _code(t) == "do_not_disturb"
    _check(t, category="complaint")
    _check(t, category="follow_up")
    _check(t, visit_override_reason="负责人交办")
    with pytest.raises(VisitRefusal):
        _check(t, visit_override_reason="   ")  # a blank reason is no reason


def test_remote_checks_by_grade() -> None:
    for grade, allowed in (("A", True), ("B", True), ("C", False), ("D", False)):
        if allowed:
            _check(_target(grade=grade), past=[1], remote=True)  # no visit: neither cap nor guard
        else:
            assert _code(_target(grade=grade), remote=True) == "remote_not_allowed"
            assert _code(_target(grade=grade), remote=True, category="complaint") == "remote_not_allowed"


def test_the_cap_counts_this_years_routine_visits() -> None:
    b = _target(grade="B")  # one a year, 180 days apart
    _check(b, past=[200])  # last year (2025-11-27)
    assert _code(b, past=[(TODAY - date(2026, 1, 1)).days]) == "visit_cap_reached"
    d = _target(grade="D")  # four a year
    assert _code(d, past=[40, 80, 120, 160]) == "visit_cap_reached"
    _check(d, past=[40, 80, 120])
    _check(d, past=[40, 80, 120, 160], visit_override_reason="专项")


@pytest.mark.parametrize(("days_ago", "refused"), [(0, True), (29, True), (30, False), (31, False)])
def test_the_guard_at_its_interval(days_ago: int, refused: bool) -> None:
    d = _target(grade="D")  # 30 days apart
    if refused:
        assert _code(d, past=[days_ago]) == "repeat_visit"
    else:
        _check(d, past=[days_ago])


def test_the_target_model_wants_a_reason_for_an_exemption() -> None:
    with pytest.raises(ValueError, match="needs a reason"):
        Target.model_validate(_target(do_not_disturb=True, do_not_disturb_by="decision"))
    Target.model_validate(_target(do_not_disturb=True))  # an exemption from before grading existed
