"""Calendar months, as validity periods and deadlines count them."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TypeVar

Day = TypeVar("Day", bound=dt.date)


def add_months(day: Day, months: int) -> Day:
    """``day`` (a date or a datetime) plus whole calendar months, clamped to the end of a shorter
    month (31 January + 1 month = 28/29 February); a datetime keeps its time and zone."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month0 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
