"""Publication deadlines (公示时限) in Chinese working days, with the State Council's make-up workdays (调休).

Working days come from `chinese_calendar`, whose data covers the years the State Council has published (it raises
NotImplementedError for any other year). Outside that data there are two ways, chosen by the caller:
`add_working_days` refuses with CalendarRangeError; `working_day_deadline` (and the publication helpers built on it)
falls back to Monday–Friday for the unknown days and flags the result `estimated`, so a progress view still shows a
date and can mark it until the library's next yearly update.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import chinese_calendar

from app.errors import BilingualError
from app.models.domain import Penalty, Task

RESULTS_WORKING_DAYS = 20  # random-inspection results: within 20 working days after the task ends (seed 002)
PENALTY_WORKING_DAYS = 7  # penalty decisions: within 7 working days of the decision (seed 002)


class CalendarRangeError(BilingualError, ValueError):
    """A date outside the holiday data; `zh` and `en` say which, for the user."""

    def __init__(self, day: date) -> None:
        super().__init__(
            f"节假日数据未包含 {day.year} 年（{day.isoformat()}），无法准确计算工作日",
            f"the holiday data does not cover {day.year} ({day.isoformat()}); cannot count working days exactly",
        )
        self.day = day


@dataclass(frozen=True)
class Deadline:
    due: date
    estimated: bool  # True when some day was counted as Monday–Friday because the holiday data does not cover it


@functools.lru_cache(maxsize=4096)
def _official_workday(day: date) -> bool | None:
    """The library's answer, or None for a year it has no data for."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def is_workday(day: date) -> bool:
    """Whether `day` is a working day by the official schedule; CalendarRangeError outside the data."""
    official = _official_workday(day)
    if official is None:
        raise CalendarRangeError(day)
    return official


def working_day_deadline(start: date, n: int) -> Deadline:
    """The n-th working day after `start` (`start` itself is day 0, whatever it is); n = 0 gives `start`.

    Days outside the holiday data count as working days when Monday to Friday, and the deadline is then `estimated`.
    """
    return _count(start, n, strict=False)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` by the official schedule; CalendarRangeError if that needs unknown years."""
    return _count(start, n, strict=True).due


def _count(start: date, n: int, *, strict: bool) -> Deadline:
    if n < 0:
        raise ValueError(f"工作日数不能为负：{n} / the number of working days must not be negative: {n}")
    day, counted, estimated = start, 0, False
    while counted < n:
        day += timedelta(days=1)
        official = _official_workday(day)
        if official is None:
            if strict:
                raise CalendarRangeError(day)
            estimated = True
            official = day.weekday() < 5
        if official:
            counted += 1
    return Deadline(day, estimated)


def results_publication_due(task_ended_on: date) -> Deadline:
    """When a random inspection's results must be public: 20 working days after the task ends."""
    return working_day_deadline(task_ended_on, RESULTS_WORKING_DAYS)


def penalty_publication_due(decided_on: date) -> Deadline:
    """When a penalty decision must be public: 7 working days after the decision."""
    return working_day_deadline(decided_on, PENALTY_WORKING_DAYS)


class PublicationStatus(StrEnum):
    PENDING = "pending"  # 待公示: not yet published, not yet due
    ON_TIME = "on_time"  # 按时公示
    LATE = "late"  # 逾期公示: published, after the deadline
    OVERDUE = "overdue"  # 逾期未公示: past the deadline and still not published


def publication_status(due: date, published_on: date | None, today: date) -> PublicationStatus:
    """Publishing on the due day is on time; past it, unpublished is overdue and published is late."""
    if published_on is None:
        return PublicationStatus.OVERDUE if today > due else PublicationStatus.PENDING
    return PublicationStatus.ON_TIME if published_on <= due else PublicationStatus.LATE


@dataclass(frozen=True)
class Publication:
    """A random inspection's results to publish within 20 working days after the task ended."""

    task: Task
    ended_on: date
    deadline: Deadline
    status: PublicationStatus


@dataclass(frozen=True)
class PenaltyPublication:
    """A penalty decision to publish within 7 working days of the decision."""

    penalty: Penalty
    deadline: Deadline
    status: PublicationStatus
