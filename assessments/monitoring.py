"""Monitoring of the exams for L&D: participation and pass rate per exam, department and period.

- **Required**: the people of a department the role matrix requires the exam's level of, on the period's last day
  (``coverage.required_ranks``, the coverage derivation).
- **Started / finished / passed**: the people of the department with an attempt at the exam that started in the
  period / of which one was finished (submitted or timed out) / of which one passed (counted once per person and
  period, grouped in the database).
- **Participation** = started ÷ required; **pass rate** = passed ÷ finished. Anyone may take an exam, so
  participation can pass 100 % when people take it who are not required to.

For aggregate audiences (``mask_series``) the small-group rule is applied as on the coverage report
(``reports.published``): completed quarters only, each figure decided by ``suppression.suppress_periods`` across
the whole calendar from its first quarter, the total row decided once (``overall``). Two tables per exam: the
people who started, split into passed / failed / not finished (their total is "started"), and the people
required. A figure derived from a hidden count (finished, participation, pass rate) is hidden with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from .coverage import ALL, is_quarter_end
from .suppression import TOTAL, Period, Suppression, suppress_periods

GRAINS = ("quarter", "month")
PARTS = ("passed", "failed", "unfinished")  # a partition of the people who started
REQUIRED = ("required",)


@dataclass(frozen=True, order=True)
class PeriodKey:
    """A calendar month or quarter."""

    grain: str
    year: int
    index: int  # month 1-12 or quarter 1-4

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.index}" if self.grain == "quarter" else f"{self.year}-{self.index:02d}"

    @property
    def first_day(self) -> dt.date:
        month = (self.index - 1) * 3 + 1 if self.grain == "quarter" else self.index
        return dt.date(self.year, month, 1)

    @property
    def last_day(self) -> dt.date:
        months = 3 if self.grain == "quarter" else 1
        month0 = self.first_day.month - 1 + months
        return dt.date(self.year + month0 // 12, month0 % 12 + 1, 1) - dt.timedelta(days=1)


def period_on(grain: str, day: dt.date) -> PeriodKey:
    return PeriodKey(grain, day.year, (day.month - 1) // 3 + 1 if grain == "quarter" else day.month)


def periods_between(grain: str, first: dt.date, last: dt.date) -> list[PeriodKey]:
    """Every month or quarter from the one holding ``first`` to the one holding ``last``, oldest first."""
    out, period = [], period_on(grain, first)
    while period.first_day <= last:
        out.append(period)
        period = period_on(grain, period.last_day + dt.timedelta(days=1))
    return out


def quarter_ending(day: dt.date) -> PeriodKey:
    """The quarter that ends on the quarter end ``day``."""
    if not is_quarter_end(day):
        raise ValueError(f"{day} is not a quarter end")
    return period_on("quarter", day)


@dataclass(frozen=True)
class MonitoringRow:
    """One exam in one department (``ALL``: every department) in one period; ``None`` = hidden."""

    period: str
    exam: str
    level: str
    department: str | None
    required: int | None
    started: int | None
    finished: int | None
    passed: int | None
    hidden: frozenset[str] = field(default_factory=frozenset)

    @property
    def participation(self) -> float | None:
        if self.required is None or self.started is None or not self.required:
            return None
        return self.started / self.required

    @property
    def pass_rate(self) -> float | None:
        if self.finished is None or self.passed is None or not self.finished:
            return None
        return self.passed / self.finished


#: ``(period key, exam, department) → (started, finished, passed)``
Counts = Mapping[tuple[str, str, str | None], tuple[int, int, int]]
#: ``(period key, level, department) → people required``
Required = Mapping[tuple[str, str, str | None], int]


def _dept_key(department: str | None) -> tuple[int, str]:
    return (1, "") if department is None else (0, department.casefold())


def monitoring_rows(periods: Sequence[PeriodKey], exams: Mapping[str, str], counts: Counts,
                    required: Required) -> list[MonitoringRow]:
    """Rows per period, exam (``exams``: key → level) and department, each period and exam closed by its
    ``ALL`` row; departments with people required or attempts only."""
    out: list[MonitoringRow] = []
    for period in periods:
        for exam, level in exams.items():
            departments = {d for (p, e, d) in counts if p == period.key and e == exam} | {
                d for (p, lv, d) in required if p == period.key and lv == level and required[(p, lv, d)]}
            total = [0, 0, 0, 0]
            for dept in sorted(departments, key=_dept_key):
                started, finished, passed = counts.get((period.key, exam, dept), (0, 0, 0))
                need = required.get((period.key, level, dept), 0)
                out.append(MonitoringRow(period.key, exam, level, dept, need, started, finished, passed))
                total = [total[0] + need, total[1] + started, total[2] + finished, total[3] + passed]
            out.append(MonitoringRow(period.key, exam, level, ALL, total[0], total[1], total[2], total[3]))
    return out


# --- aggregate audiences -------------------------------------------------------------------------------------

#: per person, the department and the part (``PARTS``) they are counted in
Started = Mapping[Hashable, tuple[str | None, str]]
#: per person required, the department
Needed = Mapping[Hashable, str | None]


@dataclass(frozen=True)
class PeriodSuppression:
    started: Suppression
    required: Suppression


def _ordered(groups: set[str | None]) -> list[str | None]:
    return sorted(groups, key=_dept_key)


def _series(members: Sequence[Mapping[Hashable, tuple[str | None, str]]], cols: tuple[str, ...],
            groups: Sequence[set[str | None]], min_n: int) -> list[Suppression]:
    periods = [Period.of(_ordered(g), cols, m) for m, g in zip(members, groups, strict=True)]
    overall = [Period.of((ALL,), cols, {who: (ALL, cell[1]) for who, cell in m.items()}) for m in members]
    return suppress_periods(periods, min_n, overall=suppress_periods(overall, min_n))


def mask_series(started: Sequence[Started], needed: Sequence[Needed], min_n: int) -> list[PeriodSuppression]:
    """The suppressions of one exam's quarters (oldest first, always from the calendar's first quarter). Both
    tables have a row for every department with someone required or someone who started, so a 0 is decided
    by the rule like any other count."""
    required = [{who: (dept, "required") for who, dept in m.items()} for m in needed]
    groups = [{d for d, _p in s.values()} | set(n.values()) for s, n in zip(started, needed, strict=True)]
    return [PeriodSuppression(s, r) for s, r in zip(_series(started, PARTS, groups, min_n),
                                                    _series(required, REQUIRED, groups, min_n), strict=True)]


def masked(row: MonitoringRow, s: PeriodSuppression) -> MonitoringRow:
    """``row`` as an aggregate audience sees it under ``s``."""
    dept = TOTAL if row.department == ALL else row.department
    required = s.required.shown(dept, TOTAL)
    if required is None:  # a group too small to publish anything about (zeros included)
        return MonitoringRow(row.period, row.exam, row.level, row.department, None, None, None, None,
                             frozenset({"required", "started", "finished", "passed"}))
    passed, failed = s.started.shown(dept, "passed"), s.started.shown(dept, "failed")
    started = s.started.shown(dept, TOTAL)
    finished = passed + failed if passed is not None and failed is not None else None
    shown = {"required": required, "started": started, "finished": finished, "passed": passed}
    hidden = frozenset(name for name, value in shown.items() if value is None)
    return MonitoringRow(row.period, row.exam, row.level, row.department, required, started, finished, passed,
                         hidden)
