"""Publication deadlines in Chinese working days, across National Day 2025 and Spring Festival 2026.

The official schedules (国务院办公厅 holiday notices), which chinese_calendar 1.11 holds exactly:
- National Day and Mid-Autumn 2025: off Oct 1–8; make-up workdays Sun Sep 28 and Sat Oct 11.
- Spring Festival 2026: off Feb 15–23; make-up workdays Sat Feb 14 and Sat Feb 28.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.rules.deadlines import (
    CalendarRangeError,
    Deadline,
    PublicationStatus,
    add_working_days,
    is_workday,
    penalty_publication_due,
    publication_status,
    results_publication_due,
    working_day_deadline,
)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.mark.parametrize(
    ("holidays", "make_up"),
    [
        (days(date(2025, 10, 1), date(2025, 10, 8)), [date(2025, 9, 28), date(2025, 10, 11)]),
        (days(date(2026, 2, 15), date(2026, 2, 23)), [date(2026, 2, 14), date(2026, 2, 28)]),
    ],
    ids=["national-day-2025", "spring-festival-2026"],
)
def test_the_library_holds_the_official_schedule(holidays: list[date], make_up: list[date]) -> None:
    assert not any(is_workday(d) for d in holidays)
    assert all(d.weekday() >= 5 and is_workday(d) for d in make_up)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # Friday → the Sunday make-up workday
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # over the whole National Day holiday
        (date(2025, 10, 10), 1, date(2025, 10, 11)),  # Friday → the Saturday make-up workday
        (date(2025, 10, 3), 2, date(2025, 10, 10)),  # counting starts after a holiday start date
        (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Friday → the Saturday make-up workday
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # over the whole Spring Festival holiday
        (date(2026, 2, 27), 1, date(2026, 2, 28)),  # Friday → the Saturday make-up workday
        (date(2025, 9, 26), 0, date(2025, 9, 26)),
    ],
)
def test_add_working_days_across_holidays_and_make_up_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_random_inspection_results_are_due_20_working_days_after_the_task_ends() -> None:
    # Ends Thu Sep 25 2025: Sep 26, 28, 29, 30; Oct 9, 10, 11, 13–17, 20–24, 27, 28, 29 → the 20th is Oct 29.
    assert results_publication_due(date(2025, 9, 25)) == Deadline(date(2025, 10, 29), estimated=False)


def test_penalty_decisions_are_due_7_working_days_after_the_decision() -> None:
    # Decided Thu Feb 12 2026: Feb 13, 14 (make-up), 24, 25, 26, 27, 28 (make-up) → due on Saturday Feb 28.
    assert penalty_publication_due(date(2026, 2, 12)) == Deadline(date(2026, 2, 28), estimated=False)


def test_years_without_holiday_data_are_refused_by_the_strict_count() -> None:
    with pytest.raises(CalendarRangeError) as caught:
        add_working_days(date(2026, 12, 20), 20)
    assert caught.value.day == date(2027, 1, 1)
    assert "未包含 2027 年" in caught.value.zh and "does not cover 2027" in caught.value.en
    with pytest.raises(CalendarRangeError, match="2003"):
        is_workday(date(2003, 6, 2))


def test_years_without_holiday_data_get_a_flagged_weekday_estimate() -> None:
    # From Sun Dec 20 2026: 9 known working days to Dec 31, then 11 estimated weekdays Jan 1–15 2027.
    deadline = results_publication_due(date(2026, 12, 20))
    assert deadline == Deadline(date(2027, 1, 15), estimated=True)
    assert not working_day_deadline(date(2026, 12, 1), 5).estimated


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="不能为负：-1 / the number of working days must not be negative"):
        add_working_days(date(2025, 1, 6), -1)


@pytest.mark.parametrize(
    ("published_on", "today", "expected"),
    [
        (None, date(2025, 10, 28), PublicationStatus.PENDING),
        (None, date(2025, 10, 29), PublicationStatus.PENDING),  # the due day itself is still in time
        (None, date(2025, 10, 30), PublicationStatus.OVERDUE),
        (date(2025, 10, 29), date(2025, 12, 1), PublicationStatus.ON_TIME),
        (date(2025, 10, 30), date(2025, 12, 1), PublicationStatus.LATE),
    ],
)
def test_publication_status(published_on: date | None, today: date, expected: PublicationStatus) -> None:
    assert publication_status(date(2025, 10, 29), published_on, today) == expected
