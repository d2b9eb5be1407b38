"""The board's one-page summary, "where are we vulnerable": overall coverage, the units, critical processes and
risk classes with the lowest coverage, the trend per quarter end, and what is due in the quarter after.

It is an aggregate view for every audience: figures are published for completed quarter ends only and every
number goes through the same small-group rule as the aggregate reports (``reports.published``): each grouping
decided across the whole quarter-end calendar, the total row decided once and shared. The forecast for the
next quarter is a table of its own (required people at the quarter end × what happens to them next quarter),
decided across the calendar too, and shown only while the total it splits is shown.

"Most vulnerable" ranks the groups whose share is published by lowest share, then most people late; groups
whose figures are hidden are counted, not ranked (their position would tell what is hidden). Risk classes are
listed highest risk first. The forecast counts, at the quarter end, only certificates issued by then: a renewal
made later does not change a published quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from assessments.coverage import ALL, held_from_intervals, people_in_scope, quarter_end_on_or_after
from assessments.role_matrix import matrix_as_of, requirement
from assessments.rollout import Phase, RolloutPlan
from assessments.suppression import MaskedCoverageRow, MaskedTrendPoint, Period, suppress_periods
from assessments.suppression_table import Cell

from .data import ReportInput, Spans
from .published import overall_suppression, published_coverage, published_trend

UNITS = ("department", "location", "critical_process")
MOST = 5  # groups listed per dimension
TREND_POINTS = 4  # quarter ends in the trend
#: risk classes people use, highest first (others follow in alphabetical order)
RISK_ORDER = ("hoog", "high", "midden", "medium", "middel", "laag", "low")
FORECAST_PARTS = ("expiring", "staying", "due", "other")


@dataclass(frozen=True)
class Ranked:
    rows: list[MaskedCoverageRow]  # the most vulnerable published groups, most vulnerable first
    hidden: int  # groups whose share is not published


@dataclass(frozen=True)
class BoardSummary:
    day: dt.date
    min_n: int
    total: MaskedCoverageRow
    units: dict[str, Ranked]
    risk: list[MaskedCoverageRow]
    trend: list[MaskedTrendPoint]
    next_start: dt.date
    next_end: dt.date
    expiring: int | None  # covered at the quarter end, no longer by the end of the next quarter
    due: int | None  # not covered at the quarter end, deadline in the next quarter
    phases: list[Phase]  # rollout phases ending in the next quarter


def next_quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    """The quarter after the quarter end ``day``: its first and last day."""
    start = day + dt.timedelta(days=1)
    return start, quarter_end_on_or_after(start)


def ranked(rows: Sequence[MaskedCoverageRow], most: int = MOST) -> Ranked:
    shown = [r for r in rows if r.share is not None]
    shown.sort(key=lambda r: (r.share, -(r.late or 0), str(r.group)))
    return Ranked(shown[:most], len(rows) - len(shown))


def _risk_key(row: MaskedCoverageRow) -> tuple[int, str]:
    name = str(row.group or "").lower()
    return (RISK_ORDER.index(name) if name in RISK_ORDER else len(RISK_ORDER), name)


def board_summary(data: ReportInput, spans: Spans, plan: RolloutPlan, ends: Sequence[dt.date], day: dt.date,
                  min_n: int) -> BoardSummary:
    """Everything the summary shows on quarter end ``day`` (one of ``ends``), every figure suppressed."""
    days = [d for d in ends if d <= day]
    overall = overall_suppression(data, days, min_n)
    units = {by: ranked(published_coverage(data, days, by, min_n, overall).rows) for by in UNITS}
    risk = published_coverage(data, days, "risk_class", min_n, overall)
    trend = published_trend(days, overall, dt.date(2000, 1, 1))[-TREND_POINTS:]
    start, end = next_quarter(day)
    forecast = suppress_periods([forecast_period(data, spans, d) for d in days], min_n)[-1]
    total = risk.total
    expiring, due = (forecast.shown(ALL, "expiring"), forecast.shown(ALL, "due")) if total.required is not None \
        else (None, None)
    phases = [p for p in plan.phases if start <= p.end <= end]
    return BoardSummary(day, min_n, total, units, sorted(risk.rows, key=_risk_key), trend, start, end,
                        expiring, due, phases)


def forecast_period(data: ReportInput, spans: Spans, day: dt.date) -> Period:
    """Everyone required on quarter end ``day``, by what the next quarter brings: a diploma ``expiring``
    (covered now, not by the next quarter end with the certificates issued so far), ``staying`` covered, a
    deadline ``due`` in the next quarter (not covered now), or ``other`` (late, or due later)."""
    _start, end = next_quarter(day)
    known = held_from_intervals({pid: [s for s in own if s[1] <= day] for pid, own in spans.items()})
    matrix = matrix_as_of(data.matrices, day) if data.matrices else None
    members: dict[Hashable, Cell] = {}
    for person in people_in_scope(data.people, day):
        need = requirement(matrix, person, data.level_ranks) if matrix else None
        if need is None:
            continue
        if known(person.id, day) >= need.rank:
            part = "staying" if known(person.id, end) >= need.rank else "expiring"
        else:
            part = "due" if day < need.deadline <= end else "other"
        members[person.id] = (ALL, part)
    return Period.of((ALL,), FORECAST_PARTS, members)


