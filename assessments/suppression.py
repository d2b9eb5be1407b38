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

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from .coverage import ALL, CoverageRow, MixRow, TrendPoint, coverage_total

DEFAULT_MIN_N = 5


class _Total:
    """The key of a total: ``(row, TOTAL)`` is a row total, ``(TOTAL, col)`` a column total."""

    _instance: _Total | None = None

    def __new__(cls) -> _Total:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:
        return "TOTAL"


TOTAL: Any = _Total()

Cell = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class Table:
    """Counts for ``rows × cols``; missing cells are 0. Totals are computed, and addressed with ``TOTAL``."""

    rows: tuple[Hashable, ...]
    cols: tuple[Hashable, ...]
    cells: Mapping[Cell, int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))
        object.__setattr__(self, "cols", tuple(self.cols))
        for name, keys in (("rows", self.rows), ("cols", self.cols)):
            if len(set(keys)) != len(keys):
                raise ValueError(f"{name} repeat a key")
            if TOTAL in keys:
                raise ValueError(f"{name} may not contain TOTAL")
        for (r, c), value in self.cells.items():
            if r not in self.rows or c not in self.cols:
                raise ValueError(f"cell {(r, c)!r} is outside the table")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"cell {(r, c)!r}: counts are whole numbers ≥ 0, not {value!r}")

    def value(self, row: Hashable, col: Hashable) -> int:
        rows = self.rows if row is TOTAL else (row,)
        cols = self.cols if col is TOTAL else (col,)
        return sum(self.cells.get((r, c), 0) for r in rows for c in cols)

    def all_cells(self) -> list[Cell]:
        """Interior cells, then row totals, column totals and the grand total."""
        return [(r, c) for r in (*self.rows, TOTAL) for c in (*self.cols, TOTAL)]

    def lines(self) -> list[tuple[Cell, list[Cell]]]:
        """Every additive relation ``sum(members) == total``: ``(total cell, member cells)``."""
        rows = [((r, TOTAL), [(r, c) for c in self.cols]) for r in (*self.rows, TOTAL)]
        cols = [((TOTAL, c), [(r, c) for r in self.rows]) for c in (*self.cols, TOTAL)]
        return rows + cols


@dataclass(frozen=True)
class Suppression:
    table: Table
    min_n: int
    primary: frozenset[Cell]
    hidden: frozenset[Cell]  # primary and complementary

    def is_hidden(self, row: Hashable, col: Hashable) -> bool:
        return (row, col) in self.hidden

    def shown(self, row: Hashable, col: Hashable) -> int | None:
        """The count to publish, ``None`` when it is suppressed."""
        return None if (row, col) in self.hidden else self.table.value(row, col)


RemainderCheck = Callable[[Cell, Sequence[Cell]], bool]


def _line_safe(table: Table, total: Cell, members: Sequence[Cell], hidden: set[Cell], min_n: int,
               remainder_ok: RemainderCheck | None = None) -> bool:
    hidden_members = [m for m in members if m in hidden]
    count = len(hidden_members) + (total in hidden)
    if count == 0:
        return True
    if count < 2:
        return False
    if total in hidden:
        return True
    if sum(table.value(*m) for m in hidden_members) < min_n:
        return False
    return remainder_ok is None or len(hidden_members) == len(members) or remainder_ok(total, hidden_members)


def suppress(table: Table, min_n: int = DEFAULT_MIN_N, *, forced: Iterable[Cell] = (),
             fixed: Iterable[Cell] = (), remainder_ok: RemainderCheck | None = None) -> Suppression:
    """Primary and complementary suppression of ``table`` (rules: see the module docstring).

    ``forced`` cells are hidden as primaries too (the rule across periods); ``fixed`` cells are never taken as
    complements (the overall row, decided once for every breakdown); ``remainder_ok(total, hidden members)`` may
    refuse a hidden remainder that rule 2 would accept (the rule across periods)."""
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    order = {cell: i for i, cell in enumerate(table.all_cells())}
    values = {cell: table.value(*cell) for cell in order}
    primary = {cell for cell, value in values.items() if 0 < value < min_n}
    small_rows = {r for r in (*table.rows, TOTAL) if 0 < values[(r, TOTAL)] < min_n}
    primary |= {cell for cell in order if cell[0] in small_rows}  # zeros included: nothing about a small group
    primary |= {cell for cell in forced if cell in order}
    hidden = set(primary)
    keep = set(fixed) - hidden
    lines = table.lines()
    # under a published total of 0 (fixed: shown in every breakdown) every cell is known to be 0: hiding one
    # protects nothing, so such cells neither count as hidden nor serve as complements
    zeros = {m for total, members in lines if total in keep and values[total] == 0 for m in members}

    def preference(cell: Cell) -> tuple:
        return (cell[1] is TOTAL or cell[0] is TOTAL, values[cell] == 0, values[cell], order[cell])

    while True:
        _complete_lines(table, lines, hidden, keep | zeros, zeros, min_n, remainder_ok, preference)
        pinned = [c for c in _pinned(lines, values, hidden) if c not in zeros]
        if not pinned:
            break
        # several lines together pin a hidden cell (a row remainder of 9 over three cells each ≤ 3): hide one
        # more cell on a line through it, with the same preference as rule 2
        cell = min(pinned, key=order.__getitem__)
        candidates = [m for total, members in lines if cell == total or cell in members
                      for m in (*members, total) if m not in hidden and m not in keep and m not in zeros]
        if not candidates:
            break
        hidden.add(min(candidates, key=preference))
    return Suppression(table, min_n, frozenset(primary), frozenset(hidden))


def _complete_lines(table: Table, lines: list[tuple[Cell, list[Cell]]], hidden: set[Cell], barred: set[Cell],
                    zeros: set[Cell], min_n: int, remainder_ok: RemainderCheck | None,
                    preference: Callable[[Cell], tuple]) -> None:
    """Rule 2, line by line, until every line is safe (``hidden`` only grows, so this ends)."""
    changed = True
    while changed:
        changed = False
        for total, members in lines:
            while not _line_safe(table, total, members, hidden - zeros, min_n, remainder_ok):
                candidates = [m for m in (*members, total) if m not in hidden and m not in barred]
                if not candidates:  # only fixed cells left: they are published the same everywhere
                    break
                hidden.add(min(candidates, key=lambda m: (m == total, *preference(m)[1:])))
                changed = True


def _pinned(lines: list[tuple[Cell, list[Cell]]], values: Mapping[Cell, int], hidden: set[Cell],
            rounds: int = 100) -> list[Cell]:
    """The hidden cells a reader pins exactly by narrowing ``[low, high]`` of every hidden cell with every line
    at once, knowing counts are ≥ 0 (the interval attack)."""
    grand = values[(TOTAL, TOTAL)]
    low, high = dict.fromkeys(hidden, 0), dict.fromkeys(hidden, grand)
    relevant = [(total, members) for total, members in lines if total in hidden or any(m in hidden for m in members)]
    for _ in range(rounds):
        changed = False
        for total, members in relevant:
            sign = {m: 1 for m in members} | {total: -1}  # sum(sign · value) == 0 over the line
            known = sum(sign[c] * values[c] for c in sign if c not in hidden)
            unknown = [c for c in sign if c in hidden]
            least = sum(min(sign[o] * low[o], sign[o] * high[o]) for o in unknown)
            most = sum(max(sign[o] * low[o], sign[o] * high[o]) for o in unknown)
            for cell in unknown:
                own_least = min(sign[cell] * low[cell], sign[cell] * high[cell])
                own_most = max(sign[cell] * low[cell], sign[cell] * high[cell])
                lo, hi = -known - (most - own_most), -known - (least - own_least)
                if sign[cell] == -1:
                    lo, hi = -hi, -lo
                if lo > low[cell]:
                    low[cell], changed = lo, True
                if hi < high[cell]:
                    high[cell], changed = hi, True
        if not changed:
            break
    return [c for c in hidden if low[c] >= high[c]]


# --- across periods -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One published date: the table, and per person the interior cell they are counted in."""

    table: Table
    members: Mapping[Hashable, Cell]

    @classmethod
    def of(cls, rows: Iterable[Hashable], cols: Iterable[Hashable], members: Mapping[Hashable, Cell]) -> Period:
        cells: dict[Cell, int] = {}
        for cell in members.values():
            cells[cell] = cells.get(cell, 0) + 1
        return cls(Table(tuple(rows), tuple(cols), cells), members)


Moves = Mapping[tuple[Cell | None, Cell | None], int]


def _inside(cells: set[Cell], where: Cell | None) -> bool:
    """Is a person counted in ``where`` (an interior cell, ``None`` = not counted) part of one of ``cells``?"""
    return where is not None and (where in cells or (where[0], TOTAL) in cells or (TOTAL, where[1]) in cells
                                  or (TOTAL, TOTAL) in cells)


def _change(moves: Moves, cells: Iterable[Cell]) -> int:
    """How many people entered or left the union of ``cells`` between two periods."""
    wanted = set(cells)
    return sum(n for (a, b), n in moves.items() if _inside(wanted, a) != _inside(wanted, b))


def _cells_of(where: Cell | None) -> set[Cell]:
    return set() if where is None else {where, (where[0], TOTAL), (TOTAL, where[1]), (TOTAL, TOTAL)}


def _single_changes(moves: Moves) -> dict[Cell, int]:
    """``_change`` for every single cell (totals included) in one pass."""
    out: dict[Cell, int] = {}
    for (a, b), n in moves.items():
        for cell in _cells_of(a) ^ _cells_of(b):
            out[cell] = out.get(cell, 0) + n
    return out


def _small(change: int, min_n: int, strict: bool = False) -> bool:
    return change < min_n if strict else 0 < change < min_n


def _whole_lines(table: Table, cells: set[Cell]) -> set[Cell]:
    """Rule 4b: a total that changed by too few people takes every member of its lines along."""
    out, todo = set(cells), list(cells)
    lines = table.lines()
    while todo:
        cell = todo.pop()
        for total, members in lines:
            if total == cell:
                todo.extend(m for m in members if m not in out)
                out.update(members)
    return out


def _remainders(s: Suppression) -> set[frozenset[Cell]]:
    """The sums a reader can compute from one period: ``total − visible members`` of each line."""
    out = set()
    for total, members in s.table.lines():
        hidden = frozenset(m for m in members if m in s.hidden)
        if hidden and total not in s.hidden:
            out.add(hidden)
    return out


def _known(s: Suppression, remainders: set[frozenset[Cell]], cells: frozenset[Cell]) -> bool:
    return all(c not in s.hidden for c in cells) or cells in remainders


@dataclass
class _History:
    """The periods decided so far, and how people moved between each of them and the current one."""

    decided: list[Suppression]
    sums: list[set[frozenset[Cell]]]
    moves: list[Moves]
    singles: list[dict[Cell, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.singles = [_single_changes(m) for m in self.moves]

    def published_change_small(self, cells: frozenset[Cell], min_n: int, strict: bool = False) -> bool:
        """Could a reader see ``cells`` change by 1 to ``min_n − 1`` people (``strict``: by 0 too)?"""
        return any(_known(s, sums, cells) and _small(_change(m, cells), min_n, strict)
                   for s, sums, m in zip(self.decided, self.sums, self.moves, strict=True))


def _cell_changed(history: _History, cell: Cell, min_n: int) -> bool:
    """Rule 4a for one cell: changed by 1 to ``min_n − 1`` people since a period it was published in; in a group
    whose membership changed at all, by fewer than ``min_n`` (0 included: "late stayed at 7" is about a leaver)."""
    for s, sums, singles in zip(history.decided, history.sums, history.singles, strict=True):
        if not _known(s, sums, frozenset({cell})):
            continue
        change = singles.get(cell, 0)
        if _small(change, min_n, strict=cell[1] is not TOTAL and singles.get((cell[0], TOTAL), 0) > 0):
            return True
    return False


def _moves(trajectories: Mapping[tuple[Cell | None, ...], int], i: int, t: int) -> Moves:
    out: dict[tuple[Cell | None, Cell | None], int] = {}
    for path, n in trajectories.items():
        if path[i] != path[t]:
            out[(path[i], path[t])] = out.get((path[i], path[t]), 0) + n
    return out


def _decide_period(table: Table, history: _History, min_n: int, forced: set[Cell],
                   fixed: frozenset[Cell], extra: frozenset[Cell] = frozenset()) -> Suppression:
    """Rules 4a–4c for one period, given the periods before it. A sum that contains a cell hidden by 4a/4b must
    have changed by at least ``min_n`` people: "unchanged" would tell that the leaver was not in it."""
    changed = frozenset(forced)

    def remainder_ok(_total: Cell, hidden: Sequence[Cell]) -> bool:
        cells = frozenset(hidden)
        return not history.published_change_small(cells, min_n, strict=bool(cells & changed))

    while True:
        s = suppress(table, min_n, forced=forced | extra, fixed=fixed, remainder_ok=remainder_ok)
        sums = _remainders(s)
        earlier = {cells for known in history.sums for cells in known if not cells <= fixed}
        stale = [cells for cells in earlier if _known(s, sums, cells)
                 and history.published_change_small(cells, min_n)]
        if not stale:  # no sum readable before is readable again after a change of 1 to min_n − 1 people
            return s
        visible = [c for c in sorted(stale[0], key=lambda c: table.value(*c)) if c not in s.hidden and c not in fixed]
        if not visible:
            return s
        forced = forced | {visible[0]}


def suppress_periods(periods: Sequence[Period], min_n: int = DEFAULT_MIN_N, *,
                     overall: Sequence[Suppression] | None = None) -> list[Suppression]:
    """Suppress a series of periods (oldest first) so that no two of them can be differenced (rule 4).

    ``overall`` is the same series suppressed as one row (``ALL``): its decisions are copied onto the total row
    of every breakdown, so the figures all breakdowns share are hidden in all of them alike."""
    people = set().union(*(p.members for p in periods)) if periods else set()
    trajectories: dict[tuple[Cell | None, ...], int] = {}
    for person in people:
        path = tuple(p.members.get(person) for p in periods)
        trajectories[path] = trajectories.get(path, 0) + 1
    decided: list[Suppression] = []
    sums: list[set[frozenset[Cell]]] = []
    for t, period in enumerate(periods):
        table = period.table
        history = _History(decided, sums, [_moves(trajectories, i, t) for i in range(t)])
        forced = {cell for cell in table.all_cells() if _cell_changed(history, cell, min_n)}
        fixed: frozenset[Cell] = frozenset()
        extra: frozenset[Cell] = frozenset()
        if overall is not None:
            fixed = frozenset((TOTAL, c) for c in (*table.cols, TOTAL))
            forced = (forced - fixed) | {(TOTAL, c) for r, c in overall[t].primary if r is not TOTAL}
            extra = frozenset((TOTAL, c) for r, c in overall[t].hidden if r is not TOTAL)
        decided.append(_decide_period(table, history, min_n, _whole_lines(table, forced), fixed, extra))
        sums.append(_remainders(decided[-1]))
    return decided


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
