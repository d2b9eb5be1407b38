"""Suppression across published periods (rule 4 in ``assessments.suppression``, which re-exports
``Period`` and ``suppress_periods``): no two published dates can be differenced to single somebody out."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .suppression_table import DEFAULT_MIN_N, TOTAL, Cell, Suppression, Table, suppress


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
