"""Date helpers: calendar days are UTC days."""

from datetime import UTC, date, datetime, time


def day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)
