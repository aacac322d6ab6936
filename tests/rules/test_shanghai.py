"""Shanghai time: UTC+8 all year, and a naive moment read as UTC (as the store keeps times)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.rules.shanghai import SHANGHAI, shanghai_date


def test_the_local_day_turns_at_16_00_utc_summer_and_winter() -> None:
    for month in (1, 7):  # no daylight saving: the same hour in January and July
        assert shanghai_date(datetime(2025, month, 10, 15, 59, tzinfo=UTC)) == date(2025, month, 10)
        assert shanghai_date(datetime(2025, month, 10, 16, 0, tzinfo=UTC)) == date(2025, month, 11)
    assert SHANGHAI.utcoffset(None) == timedelta(hours=8)


def test_a_naive_moment_is_taken_as_utc() -> None:
    assert shanghai_date(datetime(2025, 3, 1, 20, 0)) == date(2025, 3, 2)
    assert shanghai_date(datetime(2025, 3, 1, 20, 0, tzinfo=SHANGHAI)) == date(2025, 3, 1)
