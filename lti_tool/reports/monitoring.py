"""The monitoring page and its CSV for L&D: participation and pass rate per exam, department and period
(``assessments.monitoring``). Counts come grouped from the database (``queries.monitoring_counts``); the people
required come from the coverage derivation; aggregate audiences get the small-group rule of the coverage report
(completed quarters only, decided across the calendar: ``reports.published``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessments.coverage import ALL, required_ranks
from assessments.monitoring import (
    MonitoringRow,
    Needed,
    PeriodKey,
    Started,
    mask_series,
    masked,
    monitoring_rows,
    period_on,
    periods_between,
    quarter_ending,
)

from ..permissions import Scope
from ..services import services
from . import queries
from .data import ReportInput, load_scoped, reading
from .published import calendar


@dataclass(frozen=True)
class MonitoringInput:
    data: ReportInput
    exams: dict[str, str]  # key → level, lowest level first
    titles: dict[str, Any]  # key → localized title
    platform_id: int


def load(platform_id: int, kind: Scope, person_id: int) -> MonitoringInput:
    with reading() as db:
        data = load_scoped(db, platform_id, kind, person_id, with_persons=False)
        blueprints = services().catalogue.blueprints(db)
    return MonitoringInput(data, {b.key: b.level for b in blueprints}, {b.key: b.title for b in blueprints},
                           platform_id)


def choosable(read: MonitoringInput, kind: Scope, grain: str, today: dt.date) -> list[PeriodKey]:
    """The periods a reader may choose, oldest first: completed quarters of the calendar for aggregate audiences,
    else every month or quarter from the first role matrix (at most five years back, at least one year) to now."""
    if kind is Scope.AGGREGATE:
        return [quarter_ending(day) for day in calendar(read.data, today)]
    first = min([m.effective_from for m in read.data.matrices] + [today - dt.timedelta(days=365)])
    return periods_between(grain, max(first, today - dt.timedelta(days=5 * 366)), today)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _required(read: MonitoringInput, periods: Sequence[PeriodKey], today: dt.date
              ) -> dict[PeriodKey, dict[int, tuple[str | None, str]]]:
    """Per period, each person required (on its last day, or today while it runs): department and level."""
    levels = {rank: key for key, rank in read.data.level_ranks.items()}
    out = {}
    for period in periods:
        day = min(period.last_day, today)
        out[period] = {person.id: (person.department, levels[rank]) for person, rank in
                       required_ranks(read.data.people, read.data.matrices, read.data.held, day,
                                      read.data.level_ranks) if rank in levels}
    return out


def _counts(read: MonitoringInput, grain: str,
            periods: Sequence[PeriodKey]) -> dict[tuple[str, str, str | None], tuple[int, int, int]]:
    with reading() as db:
        found = queries.monitoring_counts(db, read.platform_id, grain, _midnight(periods[0].first_day),
                                          _midnight(periods[-1].last_day + dt.timedelta(days=1)))
    return {(PeriodKey(grain, y, i).key, exam, dept): (n, f, p) for y, i, exam, dept, n, f, p in found}


def table(read: MonitoringInput, kind: Scope, grain: str, shown: Sequence[PeriodKey], min_n: int,
          today: dt.date) -> list[MonitoringRow]:
    """The rows of the ``shown`` periods as ``kind`` sees them."""
    required = _required(read, shown, today)
    needed: dict[tuple[str, str, str | None], int] = defaultdict(int)
    for period, people in required.items():
        for dept, level in people.values():
            needed[(period.key, level, dept)] += 1
    rows = monitoring_rows(shown, read.exams, _counts(read, grain, shown), needed)
    if kind is not Scope.AGGREGATE:
        return rows
    return _masked(read, rows, shown, min_n, today)


def _masked(read: MonitoringInput, rows: list[MonitoringRow], shown: Sequence[PeriodKey], min_n: int,
            today: dt.date) -> list[MonitoringRow]:
    """Each exam's quarters decided from the calendar's first quarter to the last one shown."""
    series = [p for p in choosable(read, Scope.AGGREGATE, "quarter", today) if p <= shown[-1]]
    required = _required(read, series, today)
    with reading() as db:
        people = queries.monitoring_people(db, read.platform_id, _midnight(series[0].first_day),
                                           _midnight(series[-1].last_day + dt.timedelta(days=1)))
    started: dict[tuple[str, str], dict[Hashable, tuple[str | None, str]]] = defaultdict(dict)
    for pid, dept, exam, year, quarter, finished, passed in people:
        part = "passed" if passed else ("failed" if finished else "unfinished")
        started[(exam, PeriodKey("quarter", year, quarter).key)][pid] = (dept, part)
    decided = {}
    for exam, level in read.exams.items():
        s: list[Started] = [started.get((exam, p.key), {}) for p in series]
        n: list[Needed] = [_needed(required[p], level) for p in series]
        for period, suppression in zip(series, mask_series(s, n, min_n), strict=True):
            decided[(exam, period.key)] = suppression
    return [masked(row, decided[(row.exam, row.period)]) for row in rows]


def _needed(required: Mapping[int, tuple[str | None, str]], level: str) -> dict[Hashable, str | None]:
    return {pid: dept for pid, (dept, lv) in required.items() if lv == level}


def default_range(periods: Sequence[PeriodKey], grain: str, today: dt.date) -> tuple[str, str]:
    """The last four quarters (twelve months) up to now, or all there are."""
    last = periods[-1] if periods else period_on(grain, today)
    count = 4 if grain == "quarter" else 12
    return periods[max(0, len(periods) - count)].key if periods else last.key, last.key


def csv_rows(rows: Sequence[MonitoringRow], titles: Mapping[str, str], level_names: Mapping[str, str],
             everybody: str, unknown: str) -> list[list[Any]]:
    """The table as CSV rows: hidden figures are empty, shares in per cent with one decimal."""
    def pct(value: float | None) -> Any:
        return "" if value is None else round(value * 100, 1)

    def num(value: int | None) -> Any:
        return "" if value is None else value

    def dept(value: str | None) -> str:
        return everybody if value == ALL else (unknown if value is None else value)

    return [[r.period, titles.get(r.exam, r.exam), level_names.get(r.level, r.level), dept(r.department),
             num(r.required), num(r.started), num(r.finished), num(r.passed), pct(r.participation),
             pct(r.pass_rate)] for r in rows]
