"""Shanghai time, the one local time of the app and the server: China keeps UTC+8 all year (no daylight saving)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "UTC+8")


def shanghai_date(moment: datetime) -> date:
    """The local day of a moment in Shanghai (a naive moment is taken as UTC, as the store keeps times)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI).date()
