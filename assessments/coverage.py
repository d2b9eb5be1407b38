"""Company-level reporting on the AI diploma: coverage, level mix, lagging groups and quarterly trends.

Pure functions over plain records, so they are tested without a database or the LRS:

- ``people`` are ``PersonRecord``s from HR data, rosters and launches together: the **denominator** is everyone
  the role matrix gives a requirement, whether or not they ever launched an exam.
- ``matrices`` are the role-matrix versions (``assessments.role_matrix``); each day is judged against the
  version in force that day.
- ``held(person_id, day) -> int`` gives the rank of the highest level the person holds **VALID or EXPIRING** on
  ``day`` (0 = none). The certification derivation in ``xapi`` provides it; ``held_from_intervals`` builds one
  from validity intervals.

Definitions (``day`` is the reporting date):

- *in scope*: hired on or before ``day`` (or hire date unknown) and not left before ``day``;
- *required*: in scope and the matrix in force gives a requirement;
- *covered*: required and held rank ≥ required rank (a higher level counts for a lower one);
- *late*: required, not covered and ``day`` after the personal deadline; days late = ``(day − deadline).days``;
- *share* = covered / required, ``None`` when required is 0.

Groups are the person's value of the ``by`` attribute; ``None`` is the group of people whose value is unknown
(the caller labels it). Rows come sorted by group name, unknown last. The attributes are the current ones:
a person who moved department is reported in their present department for past quarters too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .role_matrix import DEFAULT_LEVEL_RANKS, RoleMatrix, add_months, matrix_as_of, requirement

Held = Callable[[int, dt.date], int]

GROUPINGS = ("department", "location", "business_unit", "function_group", "risk_class", "critical_process")
MIX_GROUPINGS = ("risk_class", "critical_process")
ALL = "*"  # the group of the single overall row (``by=None``)
NONE = "none"  # the level-mix column of people holding no level


class PersonRecord(NamedTuple):
    """One person as the reports see them (a tuple: reports build 10⁵ of these)."""

    id: int
    department: str | None = None
    location: str | None = None
    business_unit: str | None = None
    function_group: str | None = None
    risk_class: str | None = None
    critical_process: str | None = None
    manager_id: int | None = None
    hire_date: dt.date | None = None
    left_on: dt.date | None = None


@dataclass(frozen=True)
class CoverageRow:
    group: str | None
    required: int
    covered: int
    share: float | None
    late: int
    max_days_late: int | None  # None when nobody is late
    mean_days_late: float | None = None

    @property
    def on_track(self) -> int:
        """Required, not covered, deadline not yet passed."""
        return self.required - self.covered - self.late


@dataclass(frozen=True)
class MixRow:
    group: str | None
    counts: Mapping[str, int]  # NONE and every level key, in rank order
    total: int


@dataclass(frozen=True)
class LagRow:
    group: str | None
    required: int
    late: int
    mean_days_late: float
    max_days_late: int


@dataclass(frozen=True)
class TrendPoint:
    day: dt.date
    group: str | None
    required: int
    covered: int
    share: float | None


def held_from_intervals(intervals: Mapping[int, Iterable[tuple[int, dt.date, dt.date | None]]]) -> Held:
    """A ``held`` callable from ``{person_id: [(rank, valid_from, valid_until), ...]}``.

    A certificate counts on ``day`` when ``valid_from <= day < valid_until`` (``valid_until`` is the first day it
    no longer counts: its expiry or revocation date; ``None`` = open-ended).
    """
    frozen = {pid: tuple(spans) for pid, spans in intervals.items()}

    def held(person_id: int, day: dt.date) -> int:
        return max(
            (rank for rank, start, end in frozen.get(person_id, ()) if start <= day and (end is None or day < end)),
            default=0,
        )

    return held


def people_in_scope(people: Iterable[PersonRecord], day: dt.date) -> list[PersonRecord]:
    """Hired on or before ``day`` (or hire date unknown) and not left before ``day``."""
    return [
        p for p in people
        if (p.hire_date is None or p.hire_date <= day) and (p.left_on is None or p.left_on >= day)
    ]


def group_order(group: str | None) -> tuple[int, str, str]:
    """Group name order: any case together, "A" before "a" (not the order people came in), unknown last."""
    return (1, "", "") if group is None else (0, group.casefold(), group)


def _check_by(by: str | None, allowed: Sequence[str]) -> None:
    if by is not None and by not in allowed:
        raise ValueError(f"cannot group by {by!r}; use one of {list(allowed)}")


def _group_of(person: PersonRecord, by: str | None) -> str | None:
    return ALL if by is None else getattr(person, by)


class _Status(NamedTuple):
    person: PersonRecord
    required_rank: int
    held_rank: int
    days_late: int | None  # None when covered or deadline not passed
    covered: bool


def _statuses(
    people: Iterable[PersonRecord],
    matrices: Sequence[RoleMatrix] | RoleMatrix,
    held: Held,
    day: dt.date,
    level_ranks: Mapping[str, int],
) -> list[_Status]:
    matrix = matrix_as_of(matrices, day)
    statuses = []
    # The requirement depends on (function group, risk class) and, for recent hires only, on the
    # hire date: decide it once per pair and reuse it when the hire date cannot matter.
    decided: dict[tuple[str | None, str | None], tuple[Any, dt.date | None]] = {}
    for person in people_in_scope(people, day):
        pair = (person.function_group, person.risk_class)
        known = decided.get(pair)
        if known is None:
            base = requirement(matrix, PersonRecord(id=0, function_group=pair[0], risk_class=pair[1]), level_ranks)
            unique = base is not None and matrix is not None and sum(
                1 for r in matrix.rules if r.matches(person) and level_ranks[r.level] == base.rank) == 1
            # hires before this date have the rule's own deadline (their onboarding term ended earlier)
            safe_before = (add_months(base.deadline, -base.rule.onboarding_months)
                           if unique and base is not None and base.rule else None)
            known = decided[pair] = (base, safe_before)
        base, safe_before = known
        if base is None:
            continue
        need = base if safe_before is not None and (person.hire_date is None or person.hire_date <= safe_before) \
            else requirement(matrix, person, level_ranks)
        if need is None:
            continue
        rank = held(person.id, day)
        days_late = (day - need.deadline).days if rank < need.rank and day > need.deadline else None
        statuses.append(_Status(person, need.rank, rank, days_late, rank >= need.rank))
    return statuses


class PairRequirement(NamedTuple):
    """What the matrix requires of everybody with one (function group, risk class) pair: the rank, and per
    onboarding term the earliest rule deadline among the rules that decide it. A person's deadline is the
    earliest ``max(deadline, hire date + months)`` over ``terms`` (the rule deadline without a hire date), as
    ``role_matrix.requirement`` gives it."""

    rank: int
    terms: tuple[tuple[dt.date, int], ...]  # (rule deadline, onboarding months), one per distinct months


def pair_requirement(matrix: RoleMatrix | None, function_group: str | None, risk_class: str | None,
                     level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS) -> PairRequirement | None:
    """The requirement of a pair, decided once for every person in it (SQL applies the hire dates)."""
    if matrix is None:
        return None
    probe = PersonRecord(id=0, function_group=function_group, risk_class=risk_class)
    rules = [rule for rule in matrix.rules if rule.matches(probe)]
    if not rules:
        return None
    top = max(level_ranks[rule.level] for rule in rules)
    earliest: dict[int, dt.date] = {}
    for rule in rules:
        if level_ranks[rule.level] == top:
            months = rule.onboarding_months
            earliest[months] = min(earliest.get(months, rule.deadline), rule.deadline)
    return PairRequirement(top, tuple(sorted((day, months) for months, day in earliest.items())))


def required_ranks(
    people: Iterable[PersonRecord],
    matrices: Sequence[RoleMatrix] | RoleMatrix,
    held: Held,
    day: dt.date,
    level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS,
) -> list[tuple[PersonRecord, int]]:
    """Everyone in scope on ``day`` whom the matrix requires a level of, with the rank required (as ``coverage``)."""
    return [(s.person, s.required_rank) for s in _statuses(people, matrices, held, day, level_ranks)]


def _row(group: str | None, statuses: Sequence[_Status]) -> CoverageRow:
    covered = sum(1 for s in statuses if s.covered)
    late = [s.days_late for s in statuses if s.days_late is not None]
    return CoverageRow(
        group=group,
        required=len(statuses),
        covered=covered,
        share=covered / len(statuses) if statuses else None,
        late=len(late),
        max_days_late=max(late) if late else None,
        mean_days_late=sum(late) / len(late) if late else None,
    )


def coverage(
    people: Iterable[PersonRecord],
    matrices: Sequence[RoleMatrix] | RoleMatrix,
    held: Held,
    day: dt.date,
    by: str | None,
    *,
    level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS,
) -> list[CoverageRow]:
    """Coverage per group of ``by`` on ``day`` (``by=None``: one row for everybody, group ``ALL``).

    Every group with someone in scope gets a row, even when nobody in it has a requirement (share ``None``).
    """
    _check_by(by, GROUPINGS)
    people = list(people)
    groups: dict[str | None, list[_Status]] = {_group_of(p, by): [] for p in people_in_scope(people, day)}
    for status in _statuses(people, matrices, held, day, level_ranks):
        groups[_group_of(status.person, by)].append(status)
    return [_row(group, groups[group]) for group in sorted(groups, key=group_order)]


def coverage_total(rows: Sequence[CoverageRow]) -> CoverageRow:
    """The overall row over ``rows`` (group ``ALL``); mean days late weighted by the late counts."""
    required = sum(r.required for r in rows)
    covered = sum(r.covered for r in rows)
    late = sum(r.late for r in rows)
    late_rows = [r for r in rows if r.late]
    return CoverageRow(
        group=ALL,
        required=required,
        covered=covered,
        share=covered / required if required else None,
        late=late,
        max_days_late=max((r.max_days_late or 0 for r in late_rows), default=None),
        mean_days_late=sum((r.mean_days_late or 0) * r.late for r in late_rows) / late if late else None,
    )


def level_parts(level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS) -> list[str]:
    """The level-mix columns: ``NONE`` then the level keys from low to high."""
    return [NONE, *sorted(level_ranks, key=lambda key: level_ranks[key])]


def level_name(rank: int, ordered: Sequence[tuple[str, int]]) -> str:
    name = NONE
    for key, level_rank in ordered:
        if level_rank <= rank:
            name = key
    return name


def level_mix(
    people: Iterable[PersonRecord],
    held: Held,
    day: dt.date,
    by: str = "risk_class",
    *,
    level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS,
) -> list[MixRow]:
    """How many people in scope hold no level / basic / advanced / expert (their highest valid level) per group.

    Everybody in scope counts, whatever the matrix requires; people outside any critical process form the
    ``None`` group (drop it for a "critical processes only" view).
    """
    _check_by(by, MIX_GROUPINGS)
    ordered = sorted(level_ranks.items(), key=lambda item: item[1])
    parts = level_parts(level_ranks)
    counts: dict[str | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(parts, 0))
    for person in people_in_scope(people, day):
        counts[getattr(person, by)][level_name(held(person.id, day), ordered)] += 1
    return [MixRow(group, counts[group], sum(counts[group].values())) for group in sorted(counts, key=group_order)]


def lagging(
    people: Iterable[PersonRecord],
    matrices: Sequence[RoleMatrix] | RoleMatrix,
    held: Held,
    day: dt.date,
    by: str,
    *,
    level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS,
) -> list[LagRow]:
    """Groups with people past their deadline without the required level; most late people first.

    Ordered by number late (descending), then maximum days late (descending), then group name.
    """
    return lag_rows(coverage(people, matrices, held, day, by, level_ranks=level_ranks))


def lag_rows(rows: Iterable[CoverageRow]) -> list[LagRow]:
    """``lagging`` from coverage rows already computed."""
    lag = [LagRow(r.group, r.required, r.late, r.mean_days_late or 0.0, r.max_days_late or 0) for r in rows if r.late]
    return sorted(lag, key=lambda r: (-r.late, -r.max_days_late, group_order(r.group)))


def coverage_members(
    people: Iterable[PersonRecord],
    matrices: Sequence[RoleMatrix] | RoleMatrix,
    held: Held,
    day: dt.date,
    by: str | None,
    *,
    level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS,
) -> tuple[list[str | None], dict[int, tuple[str | None, str]]]:
    """Who is counted where in ``coverage(...)`` on ``day``: the groups (rows, in report order) and, per required
    person, ``(group, "covered" | "on_track" | "late")``. The cross-period small-group rule needs the people,
    not only the counts."""
    _check_by(by, GROUPINGS)
    people = list(people)
    groups = sorted({_group_of(p, by) for p in people_in_scope(people, day)}, key=group_order)
    members: dict[int, tuple[str | None, str]] = {}
    for s in _statuses(people, matrices, held, day, level_ranks):
        part = "covered" if s.covered else ("late" if s.days_late is not None else "on_track")
        members[s.person.id] = (_group_of(s.person, by), part)
    return groups, members


def mix_members(
    people: Iterable[PersonRecord],
    held: Held,
    day: dt.date,
    by: str = "risk_class",
    *,
    level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS,
) -> tuple[list[str | None], dict[int, tuple[str | None, str]]]:
    """Who is counted where in ``level_mix(...)``: the groups and, per person in scope, ``(group, level or NONE)``."""
    _check_by(by, MIX_GROUPINGS)
    ordered = sorted(level_ranks.items(), key=lambda item: item[1])
    scoped = people_in_scope(people, day)
    members = {p.id: (getattr(p, by), level_name(held(p.id, day), ordered)) for p in scoped}
    return sorted({getattr(p, by) for p in scoped}, key=group_order), members


def is_quarter_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1 and day.month % 3 == 0


def quarter_end_on_or_before(day: dt.date) -> dt.date:
    """The last quarter end on or before ``day``."""
    first_of_quarter = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day if is_quarter_end(day) else first_of_quarter - dt.timedelta(days=1)


def quarter_end_on_or_after(day: dt.date) -> dt.date:
    """The first quarter end on or after ``day``."""
    return day if is_quarter_end(day) else quarter_end_on_or_before(add_months(day, 3))


def quarter_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every quarter end (31 Mar, 30 Jun, 30 Sep, 31 Dec) from ``start`` to ``end``, both included."""
    days = []
    for year in range(start.year, end.year + 1):
        for month, last in ((3, 31), (6, 30), (9, 30), (12, 31)):
            day = dt.date(year, month, last)
            if start <= day <= end:
                days.append(day)
    return days


def trend(
    people: Iterable[PersonRecord],
    matrices: Sequence[RoleMatrix] | RoleMatrix,
    held: Held,
    start: dt.date,
    end: dt.date,
    by: str | None = None,
    *,
    level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS,
) -> list[TrendPoint]:
    """Coverage at each quarter end in ``[start, end]``: the state on that day (scope, matrix version, validity).

    With ``by``, one point per group present at that quarter end; ordered by day, then group.
    """
    people = list(people)
    return [
        TrendPoint(day, row.group, row.required, row.covered, row.share)
        for day in quarter_ends(start, end)
        for row in coverage(people, matrices, held, day, by, level_ranks=level_ranks)
    ]


def trend_series(points: Iterable[TrendPoint]) -> dict[str | None, list[tuple[dt.date, float | None]]]:
    """``{group: [(quarter end, share or None), ...]}`` over all days, ``None`` where a group had no point."""
    points = list(points)
    days = sorted({p.day for p in points})
    shares: dict[str | None, dict[dt.date, float | None]] = defaultdict(dict)
    for p in points:
        shares[p.group][p.day] = p.share
    return {group: [(day, shares[group].get(day)) for day in days] for group in sorted(shares, key=group_order)}
