"""Times a candidate reads, in words and whole minutes ("over 6 uur en 48 minuten", "7 december 2026, 06:48"):
seconds ("06:48:14") say nothing to someone waiting for a retake."""

from __future__ import annotations

import datetime as dt
import math

from babel.lists import format_list
from babel.units import format_unit
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _

from ..db.models import utcnow

#: a moment as the pages show it: the day and the time in hours and minutes, in the tool's time zone, named
MOMENT = "d MMMM y, HH:mm z"


def duration_words(seconds: float, locale: str) -> str:
    """A duration in its two largest units, rounded up to the minute: "6 hours and 48 minutes", "2 days and
    3 hours", "1 minute"."""
    minutes = max(1, math.ceil(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "duration-day"), (hours, "duration-hour"), (minutes, "duration-minute")]
    first = next(i for i, (n, _unit) in enumerate(parts) if n)
    shown = [format_unit(n, unit, length="long", locale=locale) for n, unit in parts[first:first + 2] if n]
    return format_list(shown, locale=locale)


def moment(when: dt.datetime) -> str:
    return format_datetime(when, MOMENT)


def clock(when: dt.datetime) -> str:
    """A time in a staff table or log line: "2026-12-09 02:47 CET", in the tool's time zone, named."""
    return format_datetime(when, "yyyy-MM-dd HH:mm z")


def from_now(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """"in 6 hours and 48 minutes" (the catalogue words it in Dutch: "over …")."""
    seconds = (when - (now or utcnow())).total_seconds()
    return _("in %(duration)s", duration=duration_words(seconds, str(get_locale())))
