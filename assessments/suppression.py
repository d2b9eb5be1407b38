"""Small-group suppression for aggregate views (works council, board): no individual can be singled out.

A ``Table`` holds non-negative counts for rows × columns; its row totals, column totals and grand total are
cells too (keyed with ``TOTAL``). ``suppress(table, min_n)`` decides which cells are hidden:

Rows are the groups of people (departments, risk classes, …), columns the categories they are split into.

1. **Primary suppression.** Every cell — totals included — with a count from 1 to ``min_n − 1`` is hidden,
   and so is **every cell of a row whose total is 1 to min_n − 1**: nothing at all is published about a group
   smaller than ``min_n``, not even its zeros ("none of the 3 people in HR is late" is about each of them).
   Elsewhere a **0 stays visible**: "nobody" in a large enough group is not about a person, and hiding zeros
   would hide most of a sparse table. A 0 is then only hidden as a complement (rule 2), and only when no
   non-zero cell can serve.
2. **Complementary suppression.** Each row and each column (the totals row and column included) is a *line*:
   its cells add up to its total. For every line that contains a hidden cell:

   - at least **two** of its cells (counting the total) are hidden, so a single hidden cell can never be
     computed as ``total − sum(visible cells)``;
   - when the line's total is visible, the **hidden remainder** ``total − sum(visible cells)`` is at least
     ``min_n``. This also stops "two hidden cells that add up to 0 or 2", which would expose the group they
     share (a remainder of 0 would even pin every hidden cell at 0).

   Missing complements are taken from the line's visible cells, **smallest non-zero count first** (least
   information lost), then zeros; the line's total only when no other cell serves (totals are the most useful
   figures). Hiding a cell changes the lines that cross it, so the rules
   are applied again until nothing changes (the hidden set only grows, so this ends).
3. **Derived values** — shares, days late, anything computed from a hidden count — are hidden with it
   (``suppress_coverage``, ``suppress_mix``, ``suppress_trend``).
4. **Across periods** (``suppress_periods``, for the fixed quarter ends an aggregate audience may choose). Two
   published dates can be subtracted: a department of 40 that shows 39 the next quarter, with one known leaver,
   tells that leaver's status. So the people behind each count are compared, not only the counts:

   a. a cell is hidden when the people counted in it changed (joined, left or moved in or out) by 1 to
      ``min_n − 1`` since an earlier period in which that cell was published — or by 0 to ``min_n − 1`` when
      people joined or left its row (its group, or the whole organisation for the total row): "late stayed at
      7" while one known person left says that person was not late;
   b. when that happens to a total, every cell of its lines goes too: a group whose membership changed by fewer
      than ``min_n`` people publishes nothing that period (otherwise "late stayed at 7" would say the leaver was
      not late);
   c. a hidden remainder (rule 2) must also have changed by 0 or at least ``min_n`` people since every earlier
      period in which the same sum could be read, and a sum readable in an earlier period is not published now
      when it changed by 1 to ``min_n − 1`` people.

   Periods are decided oldest first against what was published before, so a period's result never depends on
   later ones, and the caller must always start the series at the same fixed date. With ``overall`` (the same
   series as a single row) the total row is decided once, so every breakdown and the trend hide the same totals.

After the line rules, an interval audit narrows every hidden cell with all lines at once (counts are ≥ 0) and
hides one more complement while any hidden cell is pinned exactly.

Limits: this is an audit by lines and intervals (rows, columns, and the same sums in other periods), not a full
linear program; cells shared by two different tables (the same people grouped two ways, overlapping rollout phases, a
level mix beside coverage) are not audited against each other. Which cells are hidden is itself a hint ("some
count changed by fewer than ``min_n``"), and a reader who knows the status of all but one of the people who
changed learns the last one. Keep ``min_n`` the same across the views an audience sees.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from .coverage import ALL, CoverageRow, MixRow, TrendPoint, coverage_total
from .suppression_periods import Period, suppress_periods
from .suppression_table import DEFAULT_MIN_N, TOTAL, Cell, RemainderCheck, Suppression, Table, suppress

# --- applied to the report rows ---------------------------------------------------------------------------

COVERAGE_PARTS = ("covered", "on_track", "late")  # a partition of "required"


@dataclass(frozen=True)
class MaskedCoverageRow:
    """A ``CoverageRow`` as published: hidden values are ``None`` and named in ``hidden``."""

    group: str | None
    required: int | None
    covered: int | None
    share: float | None
    late: int | None
    max_days_late: int | None
    mean_days_late: float | None
    hidden: frozenset[str] = field(default_factory=frozenset)

    @property
    def suppressed(self) -> bool:
        return bool(self.hidden)


@dataclass(frozen=True)
class SuppressedCoverage:
    rows: list[MaskedCoverageRow]
    total: MaskedCoverageRow
    min_n: int
    suppression: Suppression


def _mask_coverage(row: CoverageRow, key: Hashable, s: Suppression) -> MaskedCoverageRow:
    hidden = set()
    if s.is_hidden(key, TOTAL):
        hidden.add("required")
    if s.is_hidden(key, "covered"):
        hidden.add("covered")
    if s.is_hidden(key, "late"):
        hidden |= {"late", "max_days_late", "mean_days_late"}
    if hidden & {"required", "covered"}:
        hidden.add("share")

    def keep(name: str, value: Any) -> Any:
        return None if name in hidden else value

    return MaskedCoverageRow(
        group=row.group,
        required=keep("required", row.required),
        covered=keep("covered", row.covered),
        share=keep("share", row.share),
        late=keep("late", row.late),
        max_days_late=keep("max_days_late", row.max_days_late),
        mean_days_late=keep("mean_days_late", row.mean_days_late),
        hidden=frozenset(hidden),
    )


def coverage_table(rows: Sequence[CoverageRow]) -> Table:
    """Rows = groups, columns = covered / on track / late (adding up to the required count)."""
    cells: dict[Cell, int] = {}
    for row in rows:
        cells[(row.group, "covered")] = row.covered
        cells[(row.group, "on_track")] = row.on_track
        cells[(row.group, "late")] = row.late
    return Table(tuple(r.group for r in rows), COVERAGE_PARTS, cells)


def suppress_coverage(rows: Sequence[CoverageRow], min_n: int = DEFAULT_MIN_N) -> SuppressedCoverage:
    """Suppress ``coverage()`` rows and their overall total together (required, covered, late, share, days)."""
    return mask_coverage(rows, suppress(coverage_table(rows), min_n))


def mask_coverage(rows: Sequence[CoverageRow], s: Suppression) -> SuppressedCoverage:
    """``coverage()`` rows as published under ``s`` (a suppression of their ``coverage_table``)."""
    min_n = s.min_n
    total = coverage_total(rows)
    return SuppressedCoverage(
        rows=[_mask_coverage(row, row.group, s) for row in rows],
        total=_mask_coverage(total, TOTAL, s),
        min_n=min_n,
        suppression=s,
    )


@dataclass(frozen=True)
class MaskedMixRow:
    group: str | None
    counts: Mapping[str, int | None]  # None = hidden
    total: int | None
    hidden: frozenset[str] = field(default_factory=frozenset)  # part names, and "total"


@dataclass(frozen=True)
class SuppressedMix:
    parts: tuple[str, ...]
    rows: list[MaskedMixRow]
    total: MaskedMixRow
    min_n: int
    suppression: Suppression


def suppress_mix(
    rows: Sequence[MixRow], min_n: int = DEFAULT_MIN_N, parts: Iterable[str] | None = None
) -> SuppressedMix:
    """Suppress a level-mix table (groups × none/basic/advanced/expert) with its totals."""
    part_list = tuple(parts) if parts is not None else tuple(dict.fromkeys(p for r in rows for p in r.counts))
    cells: dict[Cell, int] = {(r.group, p): r.counts.get(p, 0) for r in rows for p in part_list}
    return mask_mix(rows, suppress(Table(tuple(r.group for r in rows), part_list, cells), min_n))


def mask_mix(rows: Sequence[MixRow], s: Suppression) -> SuppressedMix:
    """``level_mix()`` rows as published under ``s`` (a suppression of groups × level parts)."""
    part_list, min_n = cast(tuple[str, ...], s.table.cols), s.min_n

    def masked(group: Any, key: Hashable) -> MaskedMixRow:
        hidden = {p for p in part_list if s.is_hidden(key, p)} | ({"total"} if s.is_hidden(key, TOTAL) else set())
        return MaskedMixRow(
            group=group,
            counts={p: s.shown(key, p) for p in part_list},
            total=s.shown(key, TOTAL),
            hidden=frozenset(hidden),
        )

    return SuppressedMix(part_list, [masked(r.group, r.group) for r in rows], masked(ALL, TOTAL), min_n, s)


@dataclass(frozen=True)
class MaskedTrendPoint:
    day: Any
    group: str | None
    required: int | None
    covered: int | None
    share: float | None
    hidden: bool


def suppress_trend(points: Iterable[TrendPoint], min_n: int = DEFAULT_MIN_N) -> list[MaskedTrendPoint]:
    """Suppress each quarter's table (groups × covered / not covered) separately; order is kept."""
    points = list(points)
    by_day: dict[Any, list[TrendPoint]] = {}
    for p in points:
        by_day.setdefault(p.day, []).append(p)
    results: dict[tuple[Any, Hashable], MaskedTrendPoint] = {}
    for day, day_points in by_day.items():
        cells: dict[Cell, int] = {}
        for p in day_points:
            cells[(p.group, "covered")] = p.covered
            cells[(p.group, "not_covered")] = p.required - p.covered
        s = suppress(Table(tuple(p.group for p in day_points), ("covered", "not_covered"), cells), min_n)
        for p in day_points:
            required, covered = s.shown(p.group, TOTAL), s.shown(p.group, "covered")
            hidden = required is None or covered is None
            results[(day, p.group)] = MaskedTrendPoint(
                day, p.group, required, covered, None if hidden else p.share, hidden
            )
    return [results[(p.day, p.group)] for p in points]


__all__ = [
    "COVERAGE_PARTS",
    "DEFAULT_MIN_N",
    "TOTAL",
    "Cell",
    "MaskedCoverageRow",
    "MaskedMixRow",
    "MaskedTrendPoint",
    "Period",
    "RemainderCheck",
    "SuppressedCoverage",
    "SuppressedMix",
    "Suppression",
    "Table",
    "coverage_table",
    "mask_coverage",
    "mask_mix",
    "suppress",
    "suppress_coverage",
    "suppress_mix",
    "suppress_periods",
    "suppress_trend",
]
