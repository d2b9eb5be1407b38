"""Today's date for tests, read when a test runs, never when its module is imported: a full run collects
before midnight and runs after it (UTC, as the tool counts days)."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def iso_today(days: int = 0) -> str:
    """Today (or ``days`` from today) as year-month-day."""
    return (today() + dt.timedelta(days=days)).isoformat()
