"""What aggregate-only audiences (board, works council, CISO: ``VIEW_AGGREGATES`` without ``VIEW_REPORTS``) see.

- **Fixed quarter ends only.** The calendar runs from the first quarter end on or after the oldest role-matrix
  version's effective date to the last *completed* quarter end (strictly before today): a quarter still running
  would change from day to day, and two days around someone's last day differ by exactly that person. Another
  date is snapped to the quarter end before it, with a notice; a date before the calendar is refused (400).
- **Every figure is decided across the whole calendar** (``assessments.suppression.suppress_periods``): each
  quarter end against all the ones before it, always starting at the same first quarter end, so choosing
  another date or comparing two of them cannot isolate fewer than ``min_n`` people. The total row is decided
  once (``overall``) and shared by every grouping, the trend and the level mix's own total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from assessments.coverage import (
    ALL,
    CoverageRow,
    MixRow,
    coverage,
    coverage_members,
    level_mix,
    mix_members,
    quarter_end_on_or_after,
    quarter_end_on_or_before,
    quarter_ends,
)
from assessments.role_matrix import matrix_as_of
from assessments.rollout import PhaseProgress, RolloutPlan, phase_members
from assessments.suppression import (
    COVERAGE_PARTS,
    TOTAL,
    MaskedCoverageRow,
    MaskedTrendPoint,
    Period,
    SuppressedCoverage,
    SuppressedMix,
    Suppression,
    mask_coverage,
    mask_mix,
    suppress_periods,
)

from .data import ReportInput
from .params import BadParameter, date_arg


def calendar(data: ReportInput, today: dt.date) -> list[dt.date]:
    """The quarter ends an aggregate audience may choose, oldest first (never empty)."""
    last = quarter_end_on_or_before(today - dt.timedelta(days=1))
    if not data.matrices:
        return [last]
    first = quarter_end_on_or_after(min(m.effective_from for m in data.matrices))
    return quarter_ends(min(first, last), last)


def choose_day(ends: Sequence[dt.date]) -> tuple[dt.date, str | None]:
    """The ``as_of`` argument as one of ``ends``, and the notice to show when it was snapped to one."""
    asked = date_arg("as_of")
    if asked is None or asked in ends:
        return asked or ends[-1], None
    day = min(quarter_end_on_or_before(asked), ends[-1])
    if day < ends[0]:
        raise BadParameter("before_first_quarter", value=asked.isoformat(), first=ends[0].isoformat())
    if asked > ends[-1]:
        return day, _("Figures for aggregates are published per completed quarter. You asked for %(asked)s; "
                      "this shows %(day)s, the last completed quarter end.", asked=asked.isoformat(),
                      day=day.isoformat())
    return day, _("Figures for aggregates are published for quarter ends only. You asked for %(asked)s; this "
                  "shows %(day)s, the quarter end before it.", asked=asked.isoformat(), day=day.isoformat())


@dataclass(frozen=True)
class AggregateView:
    cov: SuppressedCoverage
    mix: SuppressedMix
    points: list[MaskedTrendPoint]
    rows: list[CoverageRow]


def _overall(periods: Sequence[Period]) -> list[Period]:
    return [Period.of((ALL,), p.table.cols, {who: (ALL, cell[1]) for who, cell in p.members.items()})
            for p in periods]


def _trend(days: Sequence[dt.date], overall: Sequence[Suppression], start: dt.date) -> list[MaskedTrendPoint]:
    out = []
    for day, s in zip(days, overall, strict=True):
        if day < start:
            continue
        required, covered = s.shown(ALL, TOTAL), s.shown(ALL, "covered")
        hidden = required is None or covered is None
        share = None if hidden or not required else covered / required  # type: ignore[operator]
        out.append(MaskedTrendPoint(day, ALL, required, covered, share, hidden))
    return out


def coverage_periods(data: ReportInput, days: Sequence[dt.date], by: str | None) -> list[Period]:
    """The coverage table per ``by`` at each of ``days`` with the people behind each cell."""
    out = []
    for d in days:
        groups, members = coverage_members(data.people, data.matrices, data.held, d, by, level_ranks=data.level_ranks)
        out.append(Period.of(groups, COVERAGE_PARTS, members))
    return out


def overall_suppression(data: ReportInput, days: Sequence[dt.date], min_n: int) -> list[Suppression]:
    """The total row decided once across ``days`` (shared by every grouping and the trend)."""
    return suppress_periods(_overall(coverage_periods(data, days, None)), min_n)


def published_coverage(data: ReportInput, days: Sequence[dt.date], by: str, min_n: int,
                       overall: Sequence[Suppression]) -> SuppressedCoverage:
    """Coverage per ``by`` on the last of ``days`` as an aggregate audience sees it (as ``aggregate_view``)."""
    cov_s = suppress_periods(coverage_periods(data, days, by), min_n, overall=overall)[-1]
    rows = coverage(data.people, data.matrices, data.held, days[-1], by, level_ranks=data.level_ranks)
    return mask_coverage(rows, cov_s)


def published_trend(days: Sequence[dt.date], overall: Sequence[Suppression],
                    start: dt.date) -> list[MaskedTrendPoint]:
    return _trend(days, overall, start)


def aggregate_view(data: ReportInput, ends: Sequence[dt.date], day: dt.date, by: str, mix_by: str,
                   parts: Sequence[str], min_n: int) -> AggregateView:
    """Coverage per ``by``, level mix per ``mix_by`` and the trend on ``day``, as an aggregate audience sees them."""
    days = [d for d in ends if d <= day]
    ranks = data.level_ranks
    cov_periods, mix_periods = coverage_periods(data, days, by), []
    for d in days:
        groups, members = mix_members(data.people, data.held, d, mix_by, level_ranks=ranks)
        mix_periods.append(Period.of(groups, tuple(parts), members))
    overall = suppress_periods(_overall(cov_periods), min_n)
    cov_s = suppress_periods(cov_periods, min_n, overall=overall)[-1]
    mix_s = suppress_periods(mix_periods, min_n, overall=suppress_periods(_overall(mix_periods), min_n))[-1]
    rows = coverage(data.people, data.matrices, data.held, day, by, level_ranks=ranks)
    mix_rows: list[MixRow] = level_mix(data.people, data.held, day, mix_by, level_ranks=ranks)
    start = dt.date(day.year - 2, day.month, 1)
    return AggregateView(mask_coverage(rows, cov_s), mask_mix(mix_rows, mix_s), _trend(days, overall, start), rows)


def phase_progress(plan: RolloutPlan, data: ReportInput, ends: Sequence[dt.date], day: dt.date,
                   rows: Sequence[PhaseProgress], min_n: int) -> dict[str, MaskedCoverageRow]:
    """Progress per phase on ``day`` as an aggregate audience sees it: each phase is one row (phases may
    overlap), decided across the quarter ends like the coverage table."""
    days = [d for d in ends if d <= day]
    series: dict[str, list[Period]] = {phase.key: [] for phase in plan.phases}
    for d in days:
        matrix = matrix_as_of(data.matrices, d) if data.matrices else None
        for phase in plan.phases:
            members = {}
            for person, target in phase_members(phase, data.people, matrix, d, data.level_ranks):
                part = "covered" if data.held(person.id, d) >= target else ("late" if d > phase.end else "on_track")
                members[person.id] = (phase.key, part)
            series[phase.key].append(Period.of((phase.key,), COVERAGE_PARTS, members))
    return {r.phase.key: mask_coverage([r.as_coverage_row()], suppress_periods(series[r.phase.key], min_n)[-1]
                                       ).rows[0] for r in rows}
